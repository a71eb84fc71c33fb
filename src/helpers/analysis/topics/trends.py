"""Topic shares over time, what changed between two periods, and where hostility or distress gather."""

from __future__ import annotations

import logging
import math

import pandas as pd

log = logging.getLogger(__name__)


def topic_shares(frame: pd.DataFrame, freq: str = "W", topic_column: str = "topic_id") -> pd.DataFrame:
    """Comments per period and topic, and the topic's share of the period: ``period, topic, n, total, share``."""
    from ..timeseries import period_start

    data = pd.DataFrame({"period": period_start(frame["created_at"], freq), "topic": frame[topic_column].to_numpy()})
    return topic_share_table(data.groupby(["period", "topic"]).size().rename("n"))


def topic_share_table(counts: pd.Series) -> pd.DataFrame:
    """Shares from comment counts indexed by ``(period, topic)`` (e.g. aggregated by the store)."""
    periods = counts.index.get_level_values(0).unique()
    topics = counts.index.get_level_values(1).unique()
    counts = counts.reindex(pd.MultiIndex.from_product([periods, topics], names=["period", "topic"]), fill_value=0)
    out = counts.reset_index()
    out["total"] = out.groupby("period")["n"].transform("sum")
    out["share"] = out["n"] / out["total"]
    return out


def topic_changes(frame: pd.DataFrame, current: tuple, previous: tuple, topic_column: str = "topic_id",
                  alpha: float = 0.01, min_comments: int = 10) -> pd.DataFrame:
    """Classify each topic between two periods with a two-proportion z-test on its share.

    ``status`` is ``emerging`` (rare or absent before, significantly up), ``growing`` (significantly up),
    ``fading`` (significantly down), ``stable`` or ``quiet`` (fewer than ``min_comments`` in both).
    Returns ``topic, n_previous, share_previous, n_current, share_current, change, p_value, status``.
    """
    from scipy import stats

    times = pd.to_datetime(frame["created_at"], utc=True)

    def window(bounds: tuple) -> pd.DataFrame:
        start, end = (pd.Timestamp(b) if pd.Timestamp(b).tzinfo else pd.Timestamp(b, tz="UTC") for b in bounds)
        return frame[(times >= start) & (times < end)]

    cur, prev = window(current), window(previous)
    n1, n2 = len(prev), len(cur)
    c1 = prev[topic_column].value_counts()
    c2 = cur[topic_column].value_counts()
    rows = []
    for topic in sorted(set(c1.index) | set(c2.index)):
        k1, k2 = int(c1.get(topic, 0)), int(c2.get(topic, 0))
        p1 = k1 / n1 if n1 else 0.0
        p2 = k2 / n2 if n2 else 0.0
        pooled = (k1 + k2) / (n1 + n2) if n1 + n2 else 0.0
        se = math.sqrt(pooled * (1 - pooled) * (1 / max(n1, 1) + 1 / max(n2, 1)))
        p_value = float(2 * stats.norm.sf(abs((p2 - p1) / se))) if se > 0 and n1 and n2 else 1.0
        if max(k1, k2) < min_comments:
            status = "quiet"
        elif n1 == 0:  # nothing before (start of the stream): whatever is discussed is new
            status = "emerging"
        elif p_value < alpha and p2 > p1:
            status = "emerging" if p1 < 0.01 else "growing"
        elif p_value < alpha and p2 < p1:
            status = "fading"
        else:
            status = "stable"
        rows.append({"topic": topic, "n_previous": k1, "share_previous": p1, "n_current": k2, "share_current": p2,
                     "change": p2 - p1, "p_value": p_value, "status": status})
    columns = ["topic", "n_previous", "share_previous", "n_current", "share_current", "change", "p_value", "status"]
    return pd.DataFrame(rows, columns=columns).sort_values("change", ascending=False).reset_index(drop=True)


def recurring_topics(shares: pd.DataFrame, min_share: float = 0.02, min_fraction: float = 0.6) -> list:
    """Topics present (share >= ``min_share``) in at least ``min_fraction`` of the periods."""
    present = shares.assign(on=shares["share"] >= min_share).groupby("topic")["on"].mean()
    return sorted(present[present >= min_fraction].index.tolist())


def topic_drivers(frame: pd.DataFrame, flags: tuple[str, ...] = ("hostile", "distressed"),
                  topic_column: str = "topic_id", alpha: float = 0.01, min_comments: int = 20) -> pd.DataFrame:
    """Topics where hostility or distress is over-represented (one-sided binomial test vs the overall rate).

    Returns ``topic, flag, n, k, rate, overall, ratio, p_value, driver``.
    """
    from scipy import stats

    rows = []
    for flag in flags:
        overall = float(frame[flag].mean())
        for topic, group in frame.groupby(topic_column):
            n, k = len(group), int(group[flag].sum())
            p_value = float(stats.binom.sf(k - 1, n, overall)) if n else 1.0
            rows.append({"topic": topic, "flag": flag, "n": n, "k": k, "rate": k / n if n else 0.0, "overall": overall,
                         "ratio": (k / n) / overall if n and overall else 0.0, "p_value": p_value,
                         "driver": bool(n >= min_comments and p_value < alpha and k / n > overall)})
    columns = ["topic", "flag", "n", "k", "rate", "overall", "ratio", "p_value", "driver"]
    frame = pd.DataFrame(rows, columns=columns).astype({"driver": bool})  # a boolean mask even when empty
    return frame.sort_values(["flag", "ratio"], ascending=[True, False]).reset_index(drop=True)
