"""Fit the head that tells questions asking for an answer from rhetorical ones (``vigie train-questions``).

The labels are ``resources/questions.csv``: real questions (``is_question`` true) from CrisisLexT26 and
UMSAB's French tweets (and, for the train rows, French questions from XED's film subtitles and the French hate
superset's tweets), each labelled by hand *seeking* (asks for facts, a status, help or a way to act that
a page could give, including a newsroom's or an agency's call for reports) or *rhetorical* (disbelief,
sarcasm, complaint, headline, advert, a request to follow or retweet). Rows are keyed by
:func:`question_key`; the texts stay in ``../shared/data``. Three sets:

- *dev*: labelled first; the rules of :mod:`helpers.models.intent` were written from them.
- *test*: labelled after the rules were written, never read while writing them.
- *train*: drawn after both and labelled the same way: 522 questions, a seeded random draw of the
  CrisisLexT26 and UMSAB questions in neither set (almost all of UMSAB's French ones already are), and 215
  French questions drawn the same way from XED's subtitles (dialogue: more questions that really ask) and
  from the superset's tweets (mostly rhetorical), so that French wording has its own weight. Only these
  train the head; *dev* and *test* measure it (``benchmarks/questions.py``).

Which feature blocks the head reads and its regularisation are chosen by stratified folds inside the train
rows (mean average precision out of fold), and so is the threshold (the out-of-fold F1's best).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..config import RESOURCES_DIR
from ..errors import InvalidInput
from ..models.intent import QuestionHead, block_features

LABELS = RESOURCES_DIR / "questions.csv"
VERSION = "vigie-questions-1"
#: Feature blocks tried (:data:`helpers.models.intent.BLOCKS`): a sentence vector (USE, the static one or both),
#: alone or with the rules, the form of the post or both.
CANDIDATES: tuple[tuple[str, ...], ...] = tuple(
    (*meaning, *extra) for meaning in (("static",), ("use",), ("use", "static"))
    for extra in ((), ("form",), ("rules",), ("rules", "form")))
#: Inverse regularisation strengths tried.
STRENGTHS = (0.1, 0.3, 1.0, 3.0, 10.0)
FOLDS = 5
SEED = 0


def question_key(text: str) -> str:
    """The row key of a text: the first 16 hex digits of the SHA-256 of the text, whitespace collapsed."""
    return hashlib.sha256(" ".join(str(text).split()).encode()).hexdigest()[:16]


def labelled_questions() -> pd.DataFrame:
    """Every labelled row (``key, lang, set, label``) with its ``text``, read back from ``../shared/data``."""
    from ..io import datasets as ds

    rows = pd.read_csv(LABELS, dtype=str)
    xed = ds.xed()
    pool = pd.concat([ds.crisislex()["text"], ds.umsab("train")["text"], ds.umsab("val")["text"],
                      xed.loc[xed["lang"].eq("fr"), "text"], ds.french_hate_superset()["text"]]).dropna().astype(str)
    texts = {question_key(t): t for t in pool}
    missing = sorted(set(rows["key"]) - set(texts))
    if missing:
        raise InvalidInput(f"{LABELS}: {len(missing)} labelled keys are not in ../shared/data (first: {missing[0]})")
    return rows.assign(text=rows["key"].map(texts))


def _out_of_fold(X: np.ndarray, y: np.ndarray, strength: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    return cross_val_predict(LogisticRegression(C=strength, max_iter=5000), X, y, cv=folds, method="predict_proba")[:, 1]


def best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability threshold with the best F1 on ``(y, p)``: midway between two adjacent scores."""
    from sklearn.metrics import precision_recall_curve

    precision, recall, cuts = precision_recall_curve(y, p)
    f1 = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
    i = int(np.argmax(f1))
    below = p[p < cuts[i]]
    return float((cuts[i] + below.max()) / 2) if len(below) else float(cuts[i])


def fit_head(rows: pd.DataFrame, log: Callable[[str], None] = print) -> QuestionHead:
    """Choose blocks, strength and threshold by folds inside ``rows`` (``text``, ``label``), then fit on all of them.

    The head's metadata keeps every candidate's out-of-fold average precision, and the chosen one's figures per
    language out of fold (``docs/questions.md`` shows them).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score

    y = rows["label"].eq("seeking").to_numpy()
    if y.sum() < FOLDS or (~y).sum() < FOLDS:
        raise InvalidInput(f"{LABELS}: the train rows need at least {FOLDS} questions of each label "
                           f"({int(y.sum())} seeking, {int((~y).sum())} rhetorical)")
    texts = rows["text"].tolist()
    part = block_features(texts, sorted({b for blocks in CANDIDATES for b in blocks}))
    table, best = [], None
    for blocks in CANDIDATES:
        X = np.hstack([part[b] for b in blocks])
        for strength in STRENGTHS:
            p = _out_of_fold(X, y, strength)
            ap = float(average_precision_score(y, p))
            table.append({"blocks": "+".join(blocks), "C": strength, "average_precision": round(ap, 4)})
            if best is None or ap > best[0] + 1e-12:
                best = (ap, blocks, strength, p)
    ap, blocks, strength, p = best
    threshold = best_threshold(y, p)
    log(f"questions head: {'+'.join(blocks)}, C={strength}; out-of-fold average precision {ap:.3f}, threshold {threshold:.3f}")
    out_of_fold = {}
    for lang in sorted(rows["lang"].unique()):
        m = rows["lang"].eq(lang).to_numpy()
        kept = p[m] >= threshold
        hits = int((kept & y[m]).sum())
        out_of_fold[lang] = {"questions": int(m.sum()), "seeking": int(y[m].sum()), "kept": int(kept.sum()),
                             "precision": round(hits / kept.sum(), 3) if kept.any() else None,
                             "recall": round(hits / y[m].sum(), 3) if y[m].any() else None,
                             "average_precision": round(float(average_precision_score(y[m], p[m])), 3) if y[m].any() else None}
    X = np.hstack([part[b] for b in blocks])
    model = LogisticRegression(C=strength, max_iter=5000).fit(X, y)
    metadata = {"version": VERSION, "C": strength, "folds": FOLDS, "candidates": table,
                "out_of_fold_average_precision": round(ap, 4), "out_of_fold": out_of_fold,
                "trained_on": {"questions": int(len(y)), "seeking": int(y.sum()),
                               **{f"lang_{k}": int(v) for k, v in rows["lang"].value_counts().sort_index().items()}}}
    return QuestionHead(model.coef_[0].astype(np.float32), float(model.intercept_[0]), threshold, tuple(blocks), metadata)


def train_head(log: Callable[[str], None] = print) -> QuestionHead:
    """The head fitted on the *train* rows of :data:`LABELS` (needs ``../shared/data``)."""
    rows = labelled_questions()
    return fit_head(rows[rows["set"].eq("train")].reset_index(drop=True), log=log)
