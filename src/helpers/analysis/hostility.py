"""Hostility analysis on scored comments: spikes, what drives them, and repeat hostile authors.

Input is a tidy frame of scored comments (:func:`helpers.analysis.period.load_period`, or the output of
``vigie score``). Every comment shown is redacted and every author pseudonymised.
"""

from __future__ import annotations

import pandas as pd

from ..text import pseudonym, redact
from .timeseries import detect_spikes, spike_episodes

CATEGORIES: tuple[str, ...] = ("insult", "threat", "identity_attack", "profanity")


def find_spikes(scored: pd.DataFrame, freq: str = "D", sensitivity: str | float = "medium") -> pd.DataFrame:
    """Hostility spike episodes: ``episode, start, end, bins, n, k, peak_rate`` (see :mod:`helpers.analysis.timeseries`)."""
    return spike_episodes(detect_spikes(scored, "hostile", freq, sensitivity), freq)


def examples(frame: pd.DataFrame, n: int = 3, score: str = "hostility", max_chars: int = 280) -> pd.DataFrame:
    """The ``n`` highest-scoring comments, redacted, with pseudonymous authors: ``created_at, author, text, score``."""
    top = frame.sort_values([score, "created_at"], ascending=[False, True]).head(n)
    texts = [redact(t)[:max_chars] for t in top["text"]]
    authors = [pseudonym(a) for a in top.get("author_hash", pd.Series([None] * len(top)))]
    return pd.DataFrame({"created_at": top["created_at"].to_numpy(), "author": authors, "text": texts,
                         "score": top[score].round(2).to_numpy()})


def attribute_spikes(scored: pd.DataFrame, episodes: pd.DataFrame, n_examples: int = 3) -> list[dict]:
    """What drives each spike episode.

    For each episode: the posts and (when a ``topic_label`` column exists) topics with the most
    hostile comments, the share of each target and category among hostile comments, and a few
    representative comments (redacted, pseudonymised).
    """
    out = []
    times = pd.to_datetime(scored["created_at"], utc=True)
    for ep in episodes.itertuples():
        window = scored[(times >= ep.start) & (times < ep.end)]
        hostile = window[window["hostile"]]
        posts = (hostile.groupby("post_id", dropna=False).size().rename("hostile").to_frame()
                 .join(window.groupby("post_id", dropna=False).size().rename("comments"))
                 .assign(share=lambda f: f["hostile"] / f["comments"])
                 .sort_values("hostile", ascending=False).head(3).reset_index())
        detail = {
            "episode": int(ep.episode), "start": ep.start, "end": ep.end, "comments": int(len(window)),
            "hostile": int(len(hostile)), "posts": posts,
            "targets": hostile["hostility_target"].value_counts(normalize=True).round(3).to_dict(),
            "categories": {c: float((hostile[c] >= 0.5).mean()) if len(hostile) else 0.0 for c in CATEGORIES},
            "examples": examples(hostile, n_examples),
        }
        if "topic_label" in window.columns:
            detail["topics"] = (hostile.groupby("topic_label").size().sort_values(ascending=False).head(3)
                                .rename("hostile").reset_index())
        out.append(detail)
    return out


def repeat_hostile_authors(scored: pd.DataFrame, min_hostile: int = 3) -> pd.DataFrame:
    """Authors with at least ``min_hostile`` hostile comments, by pseudonym only.

    Returns ``author, hostile, comments, share, first, last, posts`` sorted by hostile comments.
    """
    frame = scored[scored["author_hash"].notna()]
    grouped = frame.groupby("author_hash").agg(
        hostile=("hostile", "sum"), comments=("hostile", "size"), first=("created_at", "min"),
        last=("created_at", "max"))
    posts = frame[frame["hostile"]].groupby("author_hash")["post_id"].nunique().rename("posts")
    grouped = grouped.join(posts).fillna({"posts": 0})
    grouped = grouped[grouped["hostile"] >= min_hostile].sort_values(["hostile", "comments"], ascending=False)
    grouped["share"] = (grouped["hostile"] / grouped["comments"]).round(3)
    grouped.index = [pseudonym(a) for a in grouped.index]
    grouped.index.name = "author"
    return grouped.reset_index()[["author", "hostile", "comments", "share", "first", "last", "posts"]].astype(
        {"hostile": int, "posts": int})


def targets_over_time(scored: pd.DataFrame, freq: str = "W") -> pd.DataFrame:
    """Hostile comments per period and target: ``period, hostility_target, hostile``."""
    from .timeseries import period_start

    hostile = scored[scored["hostile"]]
    frame = pd.DataFrame({"period": period_start(hostile["created_at"], freq),
                          "hostility_target": hostile["hostility_target"].to_numpy()})
    return frame.groupby(["period", "hostility_target"]).size().rename("hostile").reset_index()
