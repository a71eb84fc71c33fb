"""The encoder tier's calibration: temperature for sentiment, Platt scaling per binary head, fitted on the inner fold.

Heads read at 0.5 (:data:`BALANCED`) are scaled class-balanced, as the fast tier's heads are trained: 0.5 then sits
where the classes meet, not at the share of positives of the collections the inner fold mixes, which moves on a
collection with another share (``docs/encoder_calibration.md``). ``vigie train-encoder`` calibrates each run it
writes; ``vigie train-encoder --recalibrate`` (:func:`helpers.training.encoder.recalibrate`) fits a written tier again
by today's rule and keeps its weights.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import numpy as np
import pandas as pd

from ..models import encoder as tier

#: Binary heads whose Platt scaling weighs both classes equally: chosen by leaving one source out at a time on
#: the inner fold, among the heads read at 0.5 (``benchmarks/encoder_calibration.py``).
BALANCED: tuple[str, ...] = ("distress", "hostile", "identity_attack")


def platt(z: np.ndarray, y: np.ndarray, balanced: bool = False) -> dict[str, float]:
    """Platt scaling ``sigmoid(a * z + b)`` fitted by log-loss on logits ``z`` and 0/1 labels ``y``.

    ``balanced`` weighs both classes equally, as the fast tier's heads are trained: 0.5 then sits where the two
    classes would meet at equal shares, not at the share of positives in the rows fitted.
    """
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, class_weight="balanced" if balanced else None)
    lr.fit(np.asarray(z, dtype=float).reshape(-1, 1), np.asarray(y).astype(int))
    return {"a": round(float(lr.coef_[0, 0]), 5), "b": round(float(lr.intercept_[0]), 5)}


def fit_calibration(raw: dict[str, np.ndarray], rows: pd.DataFrame, balanced: Collection[str] = ()) -> dict:
    """Temperature for sentiment and Platt scaling per binary head, on the inner fold (log-loss minimised).

    Heads named in ``balanced`` are fitted with both classes weighed equally (:func:`platt`).
    """
    from scipy.optimize import minimize_scalar

    y = rows["sentiment"].to_numpy()
    known = ~np.isnan(y)
    z, labels = raw["sentiment"][known].astype(float), y[known].astype(int)

    def nll(t: float) -> float:
        a = z / t
        a = a - a.max(1, keepdims=True)
        return float(-(a[np.arange(len(a)), labels] - np.log(np.exp(a).sum(1))).mean())

    out: dict = {}
    if len(labels):
        out["sentiment"] = {"temperature": round(float(minimize_scalar(nll, bounds=(0.25, 4), method="bounded").x), 4)}
    for c in (name for name in raw if name != "sentiment" and name in rows):
        y = rows[c].to_numpy()
        known = ~np.isnan(y)
        if known.sum() < 20 or len(np.unique(y[known])) < 2:
            continue
        out[c] = platt(raw[c][known], y[known], balanced=c in balanced)
    return out


def calibration_of(path: Path, inner_rows: pd.DataFrame) -> dict:
    """The tier file's calibration, fitted on what scoring runs (the int8 model) over the inner fold's texts."""
    model = tier.EncoderTier.load(path).model
    raw = tier.raw_logits(model, tier.tokenize(inner_rows["text"].tolist()))
    return {"calibration": fit_calibration(raw, inner_rows, BALANCED), "balanced": list(BALANCED)}

