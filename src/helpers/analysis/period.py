"""A period's scored comments and the weekly trends up to it: what every analysis and notebook starts from.

:func:`load_period` gives one tidy frame of scored comments (with topics) for ``[start, end)``;
:func:`weekly_trends` gives weekly aggregates computed by the store, so a report's cost depends on the
number of weeks, not on the size of the history.
"""

from __future__ import annotations

import pandas as pd

from ..errors import VigieError
from ..io.queries import scored_rows, topic_labels, weekly_scores, weekly_topic_counts
from ..io.store import Store
from .mood import with_flags


def _scored_tables(store: Store) -> set[str]:
    """The store's tables, once it has scores; else the error that says to run `vigie enrich`."""
    tables = store.tables()
    if "scored_comments" not in tables:
        raise VigieError("the store has no scores yet: run `vigie enrich` first")
    return tables


def load_period(store: Store, start=None, end=None) -> pd.DataFrame:
    """Scored comments created in ``[start, end)`` (all of them without bounds), with ``topic_id``/``topic_label``.

    Raises
    ------
    VigieError
        If the store has no scores yet (``vigie enrich`` makes the ``scored_comments`` view).

    """
    _scored_tables(store)
    frame = scored_rows(store, start, end)
    # Comments in languages the models do not cover carry no scores: they are counted in data quality,
    # not in the analyses.
    frame = frame[frame["hostility"].notna()].reset_index(drop=True)
    # An empty period keeps every column (flags included), so each chart and table can say "nothing here".
    return with_flags(frame.astype({"hostile": bool, "is_question": bool}))


def weekly_trends(store: Store, end) -> dict[str, pd.DataFrame]:
    """Weekly trends up to ``end`` from aggregates computed by the store, not from every comment.

    A report's cost then depends on the number of weeks, not on the size of the history. Returns
    ``emotions`` (as :func:`~helpers.analysis.mood.emotion_series`), ``distressed`` (as
    :func:`~helpers.analysis.timeseries.proportion_series` of the distressed flag), ``topics`` (as
    :func:`~helpers.analysis.topics.topic_shares`) and ``labels`` (topic id to label), each weekly, over
    the scored comments (``hostility`` not missing) that :func:`load_period` would return.
    """
    from ..io.schema import EMOTION_COLUMNS
    from .mood import DISTRESS_THRESHOLD
    from .timeseries import mean_table, proportion_table
    from .topics import topic_share_table

    _scored_tables(store)
    # The session time zone is UTC: weeks start on Monday 00:00 UTC, as period_start's do.
    weekly = weekly_scores(store, end, EMOTION_COLUMNS, DISTRESS_THRESHOLD)
    weekly["period"] = pd.to_datetime(weekly["period"], utc=True).dt.as_unit("ns")
    emotions = pd.concat([pd.DataFrame({"period": weekly["period"], "metric": c.removeprefix("emotion_"),
                                        "n": weekly["n"].astype(int), "mean": weekly[f"{c}__mean"].astype(float),
                                        "std": weekly[f"{c}__std"].astype(float)}) for c in EMOTION_COLUMNS],
                         ignore_index=True)
    out = {"emotions": mean_table(emotions.sort_values(["period", "metric"], ignore_index=True)),
           "distressed": proportion_table(weekly[["period", "n", "k"]].copy(), "W")}
    counts = weekly_topic_counts(store, end)
    if counts is not None:
        counts["period"] = pd.to_datetime(counts["period"], utc=True).dt.as_unit("ns")
    else:
        counts = pd.DataFrame({"period": pd.Series(dtype="datetime64[ns, UTC]"), "topic": [], "n": []})
    out["labels"] = topic_labels(store)
    out["topics"] = topic_share_table(counts.set_index(["period", "topic"])["n"])
    return out
