"""The figures a validation or transfer row reads (``vigie evaluate``): per head, each metric's name and function.

A function takes the rows measured (``label``, and one column per emotion for ``emotions``) and a model's
predictions by column, and returns the figure. :data:`METRICS` lists them per head, in the page's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score

from ..io import datasets as ds

#: The fast heads of the emotions column.
EMOTION_HEADS = [f"emotion_{e}" for e in ds.EMOTIONS]


def column_heads(columns: Iterable[str]) -> list[str]:
    """The fast heads of evaluation columns (``emotions`` is the eight emotion heads)."""
    return [h for c in columns for h in (EMOTION_HEADS if c == "emotions" else [c])]


Metric = Callable[[pd.DataFrame, dict], float]


def with_label(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``frame`` with its ``label`` read from ``column`` (a collection whose gold column has another name)."""
    return frame.assign(label=frame[column].to_numpy())


def macro_f1(frame: pd.DataFrame, pred: dict) -> float:
    """Sentiment macro-F1 over the classes present (a class never predicted nor labelled scores nothing)."""
    return float(f1_score(frame["label"], pred["sentiment"], average="macro", zero_division=0))


def mean_auc(frame: pd.DataFrame, pred: dict) -> float:
    """Mean ROC-AUC over the emotions both labelled with both classes and predicted (a head left out is skipped)."""
    aucs = [roc_auc_score(frame[e], pred[f"emotion_{e}"]) for e in ds.EMOTIONS
            if e in frame and f"emotion_{e}" in pred and frame[e].nunique() == 2]
    return float(np.mean(aucs))


def auc_of(column: str) -> Metric:
    """ROC-AUC of one probability column against ``label``."""
    return lambda frame, pred: float(roc_auc_score(frame["label"], pred[column]))


def f1_at_half(column: str) -> Metric:
    """F1 of flagging the rows whose ``column`` is at least 0.5 (a boolean column reads as 0 or 1)."""
    return lambda frame, pred: float(f1_score(frame["label"], np.asarray(pred[column]) >= 0.5, zero_division=0))


METRICS: dict[str, list[tuple[str, Metric]]] = {
    "sentiment": [("macro-F1", macro_f1)],
    "emotions": [("mean ROC-AUC", mean_auc)],
    "distress": [("ROC-AUC", auc_of("distress")), ("F1 at 0.5", f1_at_half("distress"))],
    "hostile": [("F1", f1_at_half("hostile"))],
    "identity_attack": [("F1 at 0.5", f1_at_half("identity_attack")), ("ROC-AUC", auc_of("identity_attack"))],
}
