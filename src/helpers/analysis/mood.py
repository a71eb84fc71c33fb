"""Audience mood over time from scored comments: sentiment shares, emotions, distress and questions.

Tidy frames in, tidy frames out; the notebooks plot them. Every share comes with a Wilson band and
every mean with a normal band, so a day with five comments does not look like a crisis.
"""

from __future__ import annotations

import pandas as pd

from ..io.schema import EMOTION_COLUMNS
from ..text import pseudonym, redact
from .intent import seeks_answer
from .timeseries import compare_periods, elevated_periods, mean_series, proportion_series

MOOD_FLAGS: tuple[str, ...] = ("negative", "positive", "distressed", "is_question")
DISTRESS_THRESHOLD = 0.5


def with_flags(scored: pd.DataFrame) -> pd.DataFrame:
    """Add boolean ``negative``, ``positive`` and ``distressed`` columns (distress >= 0.5)."""
    return scored.assign(negative=scored["sentiment"] == "negative", positive=scored["sentiment"] == "positive",
                         distressed=scored["distress"] >= DISTRESS_THRESHOLD)


def mood_series(scored: pd.DataFrame, freq: str = "W", by: str | None = None) -> pd.DataFrame:
    """Shares of negative, positive, distressed and question comments per period, with bands.

    Returns ``period, [by], metric, n, k, rate, low, high``.
    """
    frame = with_flags(scored)
    parts = [proportion_series(frame, flag, freq, by=by).assign(metric=flag) for flag in MOOD_FLAGS]
    return pd.concat(parts, ignore_index=True)


def emotion_series(scored: pd.DataFrame, freq: str = "W", by: str | None = None) -> pd.DataFrame:
    """Mean of each emotion per period with a 95% band: ``period, [by], metric, n, mean, low, high``."""
    out = mean_series(scored, list(EMOTION_COLUMNS), freq, by=by)
    out["metric"] = out["metric"].str.removeprefix("emotion_")
    return out


def mood_changes(scored: pd.DataFrame, current: tuple, previous: tuple) -> pd.DataFrame:
    """Period-over-period change of each mood share with a two-proportion test."""
    return compare_periods(with_flags(scored), [*MOOD_FLAGS, "hostile"], current, previous)


def distress_periods(scored: pd.DataFrame, freq: str = "W") -> pd.DataFrame:
    """Runs of periods whose distress share is clearly above its usual level."""
    return elevated_periods(proportion_series(with_flags(scored), "distressed", freq))


def open_questions(scored: pd.DataFrame, n: int = 10, max_chars: int = 240) -> pd.DataFrame:
    """Questions worth an answer: non-hostile questions, redacted and pseudonymised.

    Near-identical questions are shown once, with how many times they were asked. Those that ask for
    something (:func:`helpers.analysis.intent.seeks_answer`) come first, then the most asked and liked:
    on real crisis tweets most questions are rhetorical (``docs/questions.md``).
    """
    questions = scored[scored["is_question"] & ~scored["hostile"]].copy()
    if questions.empty:
        return pd.DataFrame(columns=["asked", "likes", "lang", "author", "text"])
    questions["key"] = questions["text"].str.lower().str.replace(r"[^\w]+", " ", regex=True).str.strip()
    likes = questions["like_count"].fillna(0) if "like_count" in questions else 0
    questions["likes"] = likes
    grouped = questions.sort_values(["likes", "created_at"], ascending=[False, True]).groupby("key", sort=False)
    top = grouped.head(1).copy()
    top["asked"] = top["key"].map(grouped.size())
    top["seeking"] = seeks_answer(top["text"].tolist())
    top = top.sort_values(["seeking", "asked", "likes"], ascending=False, kind="stable").head(n)
    return pd.DataFrame({"asked": top["asked"].to_numpy(), "likes": top["likes"].astype(int).to_numpy(),
                         "lang": top["lang"].to_numpy(),
                         "author": [pseudonym(a) for a in top.get("author_hash", [None] * len(top))],
                         "text": [redact(t)[:max_chars] for t in top["text"]]})
