"""Learned must-not-miss signals: threats and self-harm, two small heads of the text model.

The lexicon rules of :mod:`helpers.scoring.score` catch the wordings they were written for and few others
(``docs/must_not_miss.md``). These heads read the text model's own features (word and character n-grams
and the bilingual static sentence vector), so they cost nothing at scoring time. They learn from written
threats and self-harm statements beside civil look-alikes (:func:`helpers.training.templates.signal_cases`)
and from ordinary comments that are neither.

The decision threshold is chosen by 5-fold cross-validation inside that training data: the lowest
out-of-fold probability that keeps false alarms on the written look-alikes at or under
:data:`MAX_FALSE_ALARMS`. The head's intercept is then shifted so that this threshold reads 0.5, the
cut every report and the triage queue use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from .templates import distress_cases, everyday_comment_cases, false_friend_cases, incivility_cases, signal_cases

SIGNALS = ("threat", "self_harm")
#: Inverse regularisation: a few hundred short sentences, little to over-fit on a sparse linear model.
SIGNAL_C = 16.0
#: Out-of-fold false-alarm rate allowed on the written look-alikes when choosing the threshold.
MAX_FALSE_ALARMS = 0.1
#: Ordinary comments added as negatives of both signals.
ORDINARY_NEGATIVES = 900
#: Real everyday texts (tweets, subtitles, Reddit comments without anger or disgust) added as negatives.
EVERYDAY_NEGATIVES = 3000
SEED = 0


def head_name(signal: str) -> str:
    """Name of a signal's head in the text model (``threat_signal``, ``self_harm_signal``)."""
    return f"{signal}_signal"


def training_frame(signal: str, everyday: pd.Series | None = None) -> pd.DataFrame:
    """``text, y, lookalike`` rows: the signal's written cases, its look-alikes and ordinary comments.

    ``everyday`` adds real everyday texts as negatives (``vigie train`` passes
    :data:`EVERYDAY_NEGATIVES` tweets and lines of the shared data): a page is mostly ordinary comments,
    and without them news of a shooting or "stay safe everyone" read as threats or self-harm on
    CrisisLexT26's civil tweets (the hostile false-alarm rate of ``docs/evaluation.md`` watches this).
    """
    written = signal_cases()
    written = written[written["signal"] == signal]
    distress = distress_cases()
    # "Dark thoughts" may be suicidal ideation: neither a positive nor a safe negative.
    distress = distress[~distress["text"].str.contains("idées noires|dark thoughts", case=False)]
    ordinary = pd.concat([everyday_comment_cases(), incivility_cases(), false_friend_cases(), distress],
                         ignore_index=True)[["text"]].drop_duplicates("text")
    ordinary = ordinary.sample(n=min(ORDINARY_NEGATIVES, len(ordinary)), random_state=SEED)
    if everyday is not None:
        ordinary = pd.concat([ordinary, pd.DataFrame({"text": everyday.astype(str).to_numpy()})], ignore_index=True)
    return pd.concat([written[["text", "y"]].assign(lookalike=written["y"].eq(0).to_numpy()),
                      ordinary.assign(y=0, lookalike=False)], ignore_index=True)


def choose_threshold(proba: np.ndarray, y: np.ndarray, lookalike: np.ndarray,
                     max_false_alarms: float = MAX_FALSE_ALARMS) -> tuple[float, float, float]:
    """The lowest threshold whose false-alarm rate on look-alikes is at most ``max_false_alarms``.

    Returns ``(threshold, recall, false alarms)`` on the given (out-of-fold) probabilities.
    """
    for t in np.round(np.arange(0.05, 0.99, 0.01), 2):
        false = float((proba[lookalike] >= t).mean())
        if false <= max_false_alarms:
            return float(t), float((proba[y == 1] >= t).mean()), false
    return 0.99, float((proba[y == 1] >= 0.99).mean()), float((proba[lookalike] >= 0.99).mean())


def fit_signal(X, frame: pd.DataFrame) -> tuple[LogisticRegression, dict]:
    """Fit one signal's logistic regression and shift its intercept to the cross-validated threshold.

    Returns the model and what the choice rests on (threshold, out-of-fold recall and false alarms).
    """
    y, lookalike = frame["y"].to_numpy(), frame["lookalike"].to_numpy()
    model = LogisticRegression(C=SIGNAL_C, solver="liblinear", class_weight="balanced", random_state=SEED,
                               max_iter=5000)
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    oof = cross_val_predict(model, X, y, cv=folds, method="predict_proba")[:, 1]
    threshold, recall, false = choose_threshold(oof, y, lookalike)
    model.fit(X, y)
    model.intercept_ = model.intercept_ - np.log(threshold / (1 - threshold))
    return model, {"threshold": threshold, "cv_recall": round(recall, 3), "cv_false_alarms": round(false, 3),
                   "rows": int(len(frame)), "C": SIGNAL_C}
