"""The researcher's workbench: filter, search, read a word in context, find what a period says anew, compare.

Every function takes the tidy frame of scored comments that :func:`helpers.analysis.period.load_period`
returns and gives back a tidy frame; text in the results is redacted (e-mails, phones, handles, URLs).
Tokens come from nltk's tweet tokenizer and nltk's concordance index, which need no downloaded data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..cleaning import strip_accents
from ..errors import InvalidInput
from ..text import redact
from .topics import stop_words

#: Flags a selection can require, with the score column and threshold behind each.
FLAGS: dict[str, tuple[str, float]] = {"hostile": ("hostility", 0.5), "distressed": ("distress", 0.5),
                                       "threat": ("threat", 0.5), "identity_attack": ("identity_attack", 0.5)}


@lru_cache(maxsize=1)
def _tokenizer():
    from nltk.tokenize import TweetTokenizer

    # Handles dropped (people's names), letter runs shortened ("nooooon" -> "nooon"), case folded.
    return TweetTokenizer(preserve_case=False, strip_handles=True, reduce_len=True)


def tokens(text: str) -> list[str]:
    """Words of a comment as nltk's tweet tokenizer cuts them (emoji and hashtags kept whole)."""
    return _tokenizer().tokenize(text or "")


def select(frame: pd.DataFrame, lang: str | None = None, topic: str | None = None,
           flags: tuple[str, ...] = (), min_scores: dict[str, float] | None = None) -> pd.DataFrame:
    """Comments of one language and topic label (substring), carrying every flag and score threshold given."""
    mask = pd.Series(True, index=frame.index)
    if lang:
        mask &= frame["lang"] == lang
    if topic:
        mask &= frame.get("topic_label", pd.Series("", index=frame.index)).fillna("").str.contains(topic, case=False,
                                                                                                  regex=False)
    for flag in flags:
        if flag not in FLAGS:
            raise InvalidInput(f"unknown flag {flag!r}; choose among {', '.join(FLAGS)}")
        column, threshold = FLAGS[flag]
        mask &= frame[column] >= threshold
    for column, threshold in (min_scores or {}).items():
        mask &= frame[column] >= threshold
    return frame[mask].reset_index(drop=True)


def search(frame: pd.DataFrame, query: str, regex: bool = False) -> pd.DataFrame:
    """Comments matching ``query``, returned as ``comment_id, created_at, lang, text`` (redacted).

    Words are matched without case or accents ("securite" finds "sécurité"); ``regex=True`` takes a
    regular expression instead.
    """
    texts = frame["text"].fillna("")
    if regex:
        hits = texts.str.contains(query, case=False, regex=True)
    else:
        folded = texts.map(lambda t: strip_accents(t.lower()))
        hits = folded.str.contains(re.escape(strip_accents(query.lower())), regex=True)
    return _shown(frame[hits.to_numpy()])


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    keep = [c for c in ("comment_id", "created_at", "lang", "topic_label", "text") if c in frame]
    return frame[keep].assign(text=frame["text"].map(redact)).reset_index(drop=True)


def concordance(frame: pd.DataFrame, word: str, width: int = 8, lines: int = 50) -> pd.DataFrame:
    """Keyword in context (nltk's concordance index over the period's tokens), one row per occurrence.

    Returns ``comment_id, left, word, right``: ``width`` tokens either side, within the comment.
    """
    from nltk.text import ConcordanceIndex

    rows = []
    target = strip_accents(word.lower())
    for comment_id, text in zip(frame["comment_id"], frame["text"].fillna("")):
        words = tokens(redact(text))
        index = ConcordanceIndex(words, key=lambda w: strip_accents(w))
        for offset in index.offsets(target):
            rows.append({"comment_id": comment_id, "left": " ".join(words[max(0, offset - width):offset]),
                         "word": words[offset], "right": " ".join(words[offset + 1:offset + 1 + width])})
            if len(rows) >= lines:
                return pd.DataFrame(rows)
    return pd.DataFrame(rows, columns=["comment_id", "left", "word", "right"])


def _bigrams(frame: pd.DataFrame) -> pd.Series:
    stop = set(stop_words())
    counts: dict[tuple[str, str], int] = {}
    for text in frame["text"].fillna(""):
        words = [strip_accents(w) for w in tokens(redact(text)) if re.search(r"\w", w)]
        for pair in set(zip(words, words[1:])):  # once per comment: a phrase many people use, not one who repeats it
            if pair[0] not in stop or pair[1] not in stop:
                counts[pair] = counts.get(pair, 0) + 1
    return pd.Series(counts, dtype="int64")


def emerging_phrases(current: pd.DataFrame, previous: pd.DataFrame, min_count: int = 3,
                     fdr: float = 0.05) -> pd.DataFrame:
    """Two-word phrases used by significantly more comments this period than the previous one.

    Candidates are nltk-tokenised bigrams (not both stop words) in at least ``min_count`` comments of the
    current period; each gets a one-sided Fisher exact test of its share of comments, current against
    previous, and the Benjamini-Hochberg procedure keeps the false discovery rate at ``fdr``. Returns
    ``phrase, n_current, share_current, n_previous, share_previous, p_value, q_value, emerging``.
    """
    from scipy.stats import fisher_exact

    columns = ["phrase", "n_current", "share_current", "n_previous", "share_previous", "p_value", "q_value", "emerging"]
    now, before = _bigrams(current), _bigrams(previous)
    now = now[now >= min_count]
    if now.empty:
        return pd.DataFrame(columns=columns)
    n1, n0 = max(len(current), 1), max(len(previous), 1)
    rows = []
    for pair, k1 in now.items():
        k0 = int(before.get(pair, 0))
        p = fisher_exact([[k1, n1 - k1], [k0, n0 - k0]], alternative="greater").pvalue
        rows.append({"phrase": " ".join(pair), "n_current": int(k1), "share_current": k1 / n1, "n_previous": k0,
                     "share_previous": k0 / n0, "p_value": float(p)})
    table = pd.DataFrame(rows)
    table["q_value"] = benjamini_hochberg(table["p_value"].to_numpy())
    table["emerging"] = table["q_value"] <= fdr
    return table.sort_values(["emerging", "q_value", "n_current"], ascending=[False, True, False]).reset_index(drop=True)[columns]


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), in the input order."""
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * p.size / np.arange(1, p.size + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(p)
    out[order] = np.clip(adjusted, 0, 1)
    return out


def compare(first: pd.DataFrame, second: pd.DataFrame, names: tuple[str, str] = ("A", "B")) -> pd.DataFrame:
    """Two periods or events side by side: volume and the share of each flag, with the difference."""
    def profile(frame: pd.DataFrame) -> dict[str, float]:
        n = len(frame)
        shares = {flag: float(frame[flag].mean()) if n and flag in frame else float("nan")
                  for flag in ("hostile", "negative", "positive", "distressed", "is_question")}
        return {"comments": float(n), **shares}

    a, b = profile(first), profile(second)
    return pd.DataFrame({"measure": list(a), names[0]: list(a.values()), names[1]: list(b.values()),
                         "difference": [b[k] - a[k] for k in a]})


def export_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a result table to CSV (UTF-8 with a byte-order mark, so a spreadsheet shows the accents)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path
