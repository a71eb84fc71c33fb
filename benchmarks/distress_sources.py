"""Would real distress writing beyond Dreaddit help the distress head? Its figures with Empathic reactions as a source.

The distress head learns Dreaddit (Reddit posts from stress-prone communities), Vigie's own templates and everyday
negatives. Without Dreaddit (its transfer row in ``docs/evaluation.md``) only the templates are left to say what
distress is, and that row is the weakest of the page. Empathic reactions (Buechel et al., EMNLP 2018; CC BY 4.0) is
real distress writing of another genre: essays written after reading a news story, rated by their writers for
personal distress (``distress_bin``), as comments under an agency's post react to its news. Today it is only a
transfer check (a Spearman row).

Each row fits the fast distress head (the shipped features, C and class balance: ``fit_head``) on a set of sources
and reads it on Dreaddit's validation split, and on Empathic reactions by 5-fold cross-validation (a fold's other
essays are the only Empathic rows trained on; a set without Empathic learns none). Figures read the head's own
probability, before calibration: ROC-AUC, and F1 at 0.5. Nothing here is tuned on these figures; it measures one
candidate source, for a choice made by transfer, not by the validation split alone.

Usage: python benchmarks/distress_sources.py   (needs ../shared/data; a few minutes on 2 cores)
Writes docs/benchmarks/distress_sources.json and docs/distress_sources.md.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from _common import machine, save, write_doc
from scipy import stats
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold

from helpers.io import datasets as ds
from helpers.models.text_model import default_model
from helpers.training.resampling import bootstrap_interval
from helpers.training.text_model import SEED, SOURCE_WEIGHTS, feature_lookup, fit_head, load_splits, training_sets, weighted

FOLDS = 5


def main() -> None:
    start = time.perf_counter()
    splits = load_splits()
    shipped = training_sets(splits)["distress"]
    essays = ds.empathic_reactions().dropna(subset=["text"]).reset_index(drop=True)
    essay_rows = pd.DataFrame({"text": essays["text"].astype(str), "y": essays["label"].to_numpy(), "source": "empathic"})
    val = splits.dreaddit_val
    lookup = feature_lookup(default_model().featurizer, [shipped["text"], essay_rows["text"], val["text"]])

    def fit(frame: pd.DataFrame):
        frame, w = weighted(frame, SOURCE_WEIGHTS.get("distress"))
        return fit_head(lookup(frame["text"]), frame["y"].to_numpy(), "distress", w)

    def proba(model, texts: pd.Series) -> np.ndarray:
        return model.predict_proba(lookup(texts))[:, list(model.classes_).index(1)]

    without = shipped[shipped["source"] != "dreaddit"]
    sets = {"shipped sources (Dreaddit, templates, everyday)": (shipped, False),
            "shipped sources + Empathic reactions": (shipped, True),
            "without Dreaddit (templates, everyday)": (without, False),
            "without Dreaddit + Empathic reactions": (without, True)}
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(essay_rows, essay_rows["y"]))
    y_val, y_essay = val["label"].to_numpy(), essay_rows["y"].to_numpy()
    rows = []
    for name, (base, with_essays) in sets.items():
        t0 = time.perf_counter()
        p_val = proba(fit(pd.concat([base, essay_rows]) if with_essays else base), val["text"])
        p_essay = np.zeros(len(essay_rows))
        plain = None if with_essays else fit(base)
        for train, test in folds:
            model = fit(pd.concat([base, essay_rows.iloc[train]])) if with_essays else plain
            p_essay[test] = proba(model, essay_rows["text"].iloc[test])
        auc_interval = bootstrap_interval(lambda r, p=p_val: roc_auc_score(y_val[r], p[r]), len(val))
        rows.append({"sources": name, "dreaddit_auc": roc_auc_score(y_val, p_val), "dreaddit_auc_interval": auc_interval,
                     "dreaddit_f1": f1_score(y_val, p_val >= 0.5), "empathic_auc": roc_auc_score(y_essay, p_essay),
                     "empathic_f1": f1_score(y_essay, p_essay >= 0.5),
                     "empathic_spearman": stats.spearmanr(p_essay, essays["distress"]).statistic})
        print(f"{name}: {time.perf_counter() - t0:.0f} s", flush=True)
    result = {"machine": machine(), "folds": FOLDS, "dreaddit_val": len(val), "essays": len(essay_rows),
              "essays_positive": float(y_essay.mean()), "rows": rows, "seconds": round(time.perf_counter() - start)}
    save("distress_sources", result)
    write_doc("distress_sources.md", page(result))


def page(result: dict) -> str:
    lines = ["# Distress: Empathic reactions as a training source", "",
             "Written by `python benchmarks/distress_sources.py`; do not edit by hand. The fast distress head (shipped",
             "features, C and class balance) fitted on each set of sources, read on Dreaddit's validation split "
             f"({result['dreaddit_val']} posts) and on Empathic reactions' {result['essays']:,} essays "
             f"({result['essays_positive']:.0%} distressed) by {result['folds']}-fold cross-validation (a fold's other",
             "essays are the only ones trained on). Probabilities are the head's own, before calibration. "
             f"Run took {result['seconds']} s on {result['machine']['cores']} cores.", "",
             "| sources | Dreaddit ROC-AUC | 95% interval | Dreaddit F1 at 0.5 | Empathic ROC-AUC | Empathic F1 at 0.5 | "
             "Spearman ρ with self-rated distress |", "|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        lo, hi = r["dreaddit_auc_interval"]
        lines.append(f"| {r['sources']} | {r['dreaddit_auc']:.3f} | {lo:.3f}–{hi:.3f} | {r['dreaddit_f1']:.3f} | "
                     f"{r['empathic_auc']:.3f} | {r['empathic_f1']:.3f} | {r['empathic_spearman']:.3f} |")
    lines += ["", "*Without Dreaddit* is the transfer setting of `docs/evaluation.md`'s distress rows: what the head",
              "knows of distress from other sources. The Empathic columns of a set without Empathic reactions are a",
              "transfer figure too; with it, an in-genre cross-validated one."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
