"""Validation texts that another collection's training rows also hold, and what they do to the validation figures.

Collections overlap: the French hate superset holds MLMA's French tweets (written ``@USER`` where MLMA writes
``@user``). Each validation split is cut from its own collection, so some of its texts sit in another collection's
training rows, matched by :func:`helpers.training.text_model.overlap_key`. The transfer rows of ``vigie evaluate``
leave such texts out of training (:func:`helpers.training.text_model.leave_out`); the shipped models learnt from
them, so a validation figure reads a few texts they saw. This counts them per split and, for the two hate splits
where they are many, gives the figure on every row and on the rows no training set holds, for both tiers. It also
counts, per collection a transfer row holds out, the training texts of other sources that leaving it out removes:
matched exactly (how runs and refits matched before ``HOLD_OUT_RULE`` 2) and by key (today).

Usage: python benchmarks/overlap.py   (needs ../shared/data; a minute or two)
Writes docs/benchmarks/overlap.json and docs/overlap.md.
"""

from __future__ import annotations

import time

import numpy as np
from _common import machine, save, write_doc

from helpers.models import encoder as tier
from helpers.models.text_model import default_model
from helpers.scoring.score import score_texts
from helpers.training.encoder import TRANSFER_SOURCES, VALIDATION_SPLITS
from helpers.training.resampling import bootstrap_interval
from helpers.training.text_model import leave_out, load_splits, overlap_key, source_group, training_sets

#: The splits scored on both sides: (split, rows kept, label column, score column, metric's name).
SCORED = (("mlma_val", "fr", "hostile", "hostile", "hostile F1, FR"),
          ("superset_val", "fr", "label", "identity_attack", "identity_attack F1 at 0.5, FR"))


def held_keys(sets: dict) -> dict[str, set[str]]:
    """Each training source's texts as :func:`overlap_key` reads them (a text with no word matches none)."""
    out: dict[str, set[str]] = {}
    for frame in sets.values():
        for source, rows in frame.groupby("source"):
            out.setdefault(str(source), set()).update(overlap_key(t) for t in rows["text"].dropna())
    return {source: keys - {""} for source, keys in out.items()}


def removed_elsewhere(sets: dict, collection: str) -> dict[str, int]:
    """Distinct training texts of other sources that leaving ``collection`` out removes: exactly matched, and by key."""
    own = source_group(collection)
    held = {str(t) for f in sets.values() for t in f.loc[f["source"].isin(own), "text"].dropna()}
    others = {str(t) for f in sets.values() for t in f.loc[~f["source"].isin(own), "text"].dropna()}
    left = leave_out(sets, [collection])
    kept = {str(t) for f in left.values() for t in f["text"].dropna()}
    return {"exact": len(others & held), "by_key": len(others - kept)}


def f1_with_interval(y: np.ndarray, flagged: np.ndarray) -> dict:
    """F1 of ``flagged`` against ``y`` with its 95% bootstrap interval."""
    from sklearn.metrics import f1_score

    low, high = bootstrap_interval(lambda i: f1_score(y[i], flagged[i], zero_division=0), len(y))
    return {"f1": round(float(f1_score(y, flagged, zero_division=0)), 4), "low": round(low, 4), "high": round(high, 4)}


def main() -> None:
    start = time.perf_counter()
    splits = load_splits()
    keys = held_keys(training_sets(splits))
    every = set().union(*keys.values())
    counts = []
    for name in VALIDATION_SPLITS:
        split_keys = [overlap_key(t) for t in getattr(splits, name)["text"]]
        by_source = {s: sum(k in held for k in split_keys) for s, held in sorted(keys.items())}
        counts.append({"split": name, "rows": len(split_keys), "held": sum(k in every for k in split_keys),
                       "by_source": {s: n for s, n in by_source.items() if n}})
    sets = training_sets(splits)
    removed = {c: removed_elsewhere(sets, c) for c in TRANSFER_SOURCES}
    figures = []
    tiers = [("default", False)] + ([("precise", True)] if tier.available() else [])
    for name, lang, label, column, metric in SCORED:
        frame = getattr(splits, name)
        frame = frame[frame["lang"] == lang]
        y = frame[label].astype(int).to_numpy()
        clean = np.array([overlap_key(t) not in every for t in frame["text"]])
        for mode, precise in tiers:
            scores = score_texts(frame["text"].astype(str).tolist(), frame["lang"].tolist(), precise=precise)
            flagged = (scores[column] >= 0.5).to_numpy() if column != "hostile" else scores[column].to_numpy(bool)
            figures.append({"split": name, "metric": metric, "mode": mode,
                            "all": {"rows": len(y), **f1_with_interval(y, flagged)},
                            "unseen": {"rows": int(clean.sum()), **f1_with_interval(y[clean], flagged[clean])}})
    result = {"machine": machine(), "counts": counts, "removed_elsewhere": removed, "figures": figures,
              "models": {"text": default_model().version,
                         "tier": tier.default_tier().version if tier.available() else None},
              "seconds": round(time.perf_counter() - start)}
    save("overlap", result)
    write_doc("overlap.md", page(result))


def page(r: dict) -> str:
    """``docs/overlap.md`` from the result."""
    lines = ["# Validation texts other collections also hold", "",
             "Written by `benchmarks/overlap.py`; do not edit by hand.", "",
             "Texts are matched as `helpers.training.text_model.overlap_key` reads them (case, mentions, links and",
             "punctuation set aside). *Held* counts a split's rows whose text some training row holds, of any",
             "collection (its own collection's training split included: short replies such as \"thank you\").",
             "The transfer rows of `docs/evaluation.md` leave such texts out of training; the shipped models",
             "learnt from them.", "",
             "| validation split | rows | held | by training source |", "|---|---|---|---|"]
    for c in r["counts"]:
        sources = ", ".join(f"{s} {n}" for s, n in sorted(c["by_source"].items(), key=lambda kv: -kv[1]))
        lines.append(f"| {c['split']} | {c['rows']} | {c['held']} | {sources or '—'} |")
    lines += ["", "## What leaving a collection out removes elsewhere", "",
              "Distinct training texts of other sources that a transfer row without the collection leaves out",
              "(`helpers.training.text_model.leave_out`): matched exactly, as runs and refits did before",
              "`HOLD_OUT_RULE` 2, and by key, as they do now.", "",
              "| collection held out | exactly | by key |", "|---|---|---|"]
    lines += [f"| {c} | {n['exact']} | {n['by_key']} |" for c, n in r["removed_elsewhere"].items()]
    lines += ["", "## What the held rows do to the hate figures", "",
              "The same validation rows, all of them and only those no training row holds, with 95% bootstrap "
              "intervals.", "",
              "| figure | mode | all rows | F1 (95%) | rows no training row holds | F1 (95%) |", "|---|---|---|---|---|---|"]
    for f in r["figures"]:
        a, u = f["all"], f["unseen"]
        lines.append(f"| {f['metric']} | {f['mode']} | {a['rows']} | {a['f1']:.3f} ({a['low']:.3f}–{a['high']:.3f}) | "
                     f"{u['rows']} | {u['f1']:.3f} ({u['low']:.3f}–{u['high']:.3f}) |")
    lines += ["", f"Text model `{r['models']['text']}`, encoder tier `{r['models']['tier']}`. Run took {r['seconds']} s.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
