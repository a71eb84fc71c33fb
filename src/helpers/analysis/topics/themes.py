"""Themes: topics grouped into the kinds of thing a reader would name (floods, fires, the derailment)."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ...io import queries
from .registry import CENTROID_BACKEND

log = logging.getLogger(__name__)


#: Linkage of the theme grouping. ``complete``: every two topics of a theme are at least ``min_similarity``
#: alike, so a theme is one kind of thing (floods, fires, the derailment). ``average`` chained unlike topics
#: through their neighbours: on CrisisLexT26 its first theme held 77% of the tweets (wildfires, earthquakes,
#: floods, typhoons together); ``benchmarks/bench_themes.py`` writes both against the events' crisis types
#: into ``docs/themes.md``.
THEME_LINKAGE = "complete"


def topic_themes(centroids: pd.DataFrame, labels: dict[int, str], sizes: dict[int, int],
                 min_similarity: float = 0.5, method: str = THEME_LINKAGE) -> pd.DataFrame:
    """Group topics into broader themes: the upper level of a topic hierarchy.

    Hierarchical clustering of the topics' centroids (cosine, :data:`THEME_LINKAGE`), cut where two groups
    are less than ``min_similarity`` alike (with complete linkage: where some pair of their topics is):
    unlike topics stay apart however many themes that makes. A theme is named after its two largest topics.

    Parameters
    ----------
    centroids:
        ``topic_id`` and ``vector`` (the store's ``topic_centroids``).
    labels, sizes:
        Label and number of comments of each topic id.
    min_similarity:
        Cosine similarity below which two groups of topics stay apart.
    method:
        ``complete`` (default) or ``average`` linkage (the grouping before ``complete``, kept for comparison).

    Returns
    -------
    One row per topic: ``theme`` (1 = largest), ``theme_label``, ``topic_id``, ``label``, ``n``.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    columns = ["theme", "theme_label", "topic_id", "label", "n"]
    if centroids.empty:
        return pd.DataFrame(columns=columns)
    ids = centroids["topic_id"].astype(int).to_numpy()
    vectors = np.vstack([np.asarray(v, dtype=np.float64) for v in centroids["vector"]])
    if len(ids) == 1:
        groups = np.array([1])
    else:
        groups = fcluster(linkage(vectors, method=method, metric="cosine"), t=1 - min_similarity,
                          criterion="distance")
    frame = pd.DataFrame({"group": groups, "topic_id": ids})
    frame["label"] = frame["topic_id"].map(labels).astype(object).fillna(frame["topic_id"].map(lambda i: f"topic {i}"))
    frame["n"] = frame["topic_id"].map(sizes).fillna(0).astype(int)
    frame = frame.sort_values(["group", "n", "topic_id"], ascending=[True, False, True])
    totals = frame.groupby("group")["n"].sum().sort_values(ascending=False, kind="stable")
    frame["theme"] = frame["group"].map({g: i + 1 for i, g in enumerate(totals.index)})
    names = frame.groupby("theme")["label"].agg(lambda s: " / ".join(s.head(2)))
    frame["theme_label"] = frame["theme"].map(names)
    return frame.sort_values(["theme", "n"], ascending=[True, False])[columns].reset_index(drop=True)


def theme_summary(themes: pd.DataFrame) -> pd.DataFrame:
    """One row per theme of :func:`topic_themes`: its name, its topics (largest first) and size."""
    if themes.empty:
        return pd.DataFrame(columns=["theme", "theme_label", "topics", "n"])
    return (themes.groupby(["theme", "theme_label"], sort=True)
            .agg(topics=("label", " / ".join), n=("n", "sum")).reset_index())


def store_topic_themes(store, min_similarity: float = 0.5) -> pd.DataFrame:
    """:func:`topic_themes` for the topics in the store (registry labels, comment counts); read-only safe."""
    if not {"topic_centroids", "topic_registry", "comment_topics"} <= store.tables():  # no topics fitted yet
        return topic_themes(pd.DataFrame(columns=["topic_id", "vector"]), {}, {}, min_similarity)
    # Only centroids of the current space compare with each other.
    centroids = queries.topic_centroids(store, CENTROID_BACKEND)
    labels = {int(k): v for k, v in queries.topic_labels(store).items()}
    return topic_themes(centroids, labels, queries.topic_sizes(store), min_similarity)
