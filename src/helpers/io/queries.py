"""The store's read queries beside its schema: what the analyses, reports and triage read, in one place.

Every statement of this module reads tables defined in :mod:`helpers.io.store`, so a change of schema
finds its readers here. Writers are :class:`~helpers.io.store.Store` methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .store import Store


def quality_frames(store: Store) -> dict[str, pd.DataFrame]:
    """The data-quality summary's frames: ``totals, by_source, by_language, by_week, quarantine, files``."""
    return {
        "totals": store.query("""
            SELECT (SELECT count(*) FROM comments) AS comments,
                   (SELECT count(*) FROM quarantine) AS quarantined,
                   (SELECT count(DISTINCT post_id) FROM comments) AS posts,
                   (SELECT count(DISTINCT author_hash) FROM comments) AS authors,
                   (SELECT min(created_at) FROM comments) AS first_comment,
                   (SELECT max(created_at) FROM comments) AS last_comment"""),
        "by_source": store.query("""
            SELECT source_file, platform, count(*) AS comments, count(DISTINCT post_id) AS posts,
                   min(created_at) AS first_comment, max(created_at) AS last_comment
            FROM comments GROUP BY ALL ORDER BY source_file, platform"""),
        "by_language": store.query("""
            SELECT lang, count(*) AS comments, count(*) / sum(count(*)) OVER () AS share
            FROM comments GROUP BY lang ORDER BY comments DESC, lang"""),
        "by_week": store.query("""
            SELECT strftime(created_at AT TIME ZONE 'UTC', '%G-W%V') AS week, lang, count(*) AS comments
            FROM comments GROUP BY ALL ORDER BY week, lang"""),
        "quarantine": store.query("""
            SELECT source_file, field, regexp_replace(reason, ':.*$', '') AS reason, count(*) AS rows
            FROM quarantine GROUP BY ALL ORDER BY rows DESC, source_file, field"""),
        "files": store.query("""
            SELECT source_file, format, max(started_at) AS last_ingested, arg_max("read", started_at) AS "read",
                   arg_max(loaded, started_at) AS loaded, arg_max(duplicates, started_at) AS duplicates,
                   arg_max(quarantined, started_at) AS quarantined, arg_max(encoding, started_at) AS encoding,
                   arg_max(repaired, started_at) AS repaired, arg_max(oversized, started_at) AS oversized,
                   arg_max(error, started_at) AS error
            FROM ingest_log GROUP BY source_file, format ORDER BY source_file"""),
    }


def _has_topics(store: Store) -> bool:
    # Stores written before the topic tables were part of the schema have none.
    return {"comment_topics", "topic_registry"} <= store.tables()


def scored_rows(store: Store, start=None, end=None) -> pd.DataFrame:
    """Rows of ``scored_comments`` created in ``[start, end)``, with ``topic_id`` and ``topic_label`` when topics exist."""
    where, params = [], []
    for bound, op in ((start, ">="), (end, "<")):
        if bound is not None:
            where.append(f"s.created_at {op} ?")
            params.append(pd.Timestamp(bound).to_pydatetime())
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    if _has_topics(store):
        sql = f"""SELECT s.*, ct.topic_id, r.label AS topic_label FROM scored_comments s
                  LEFT JOIN comment_topics ct USING (platform, comment_id)
                  LEFT JOIN topic_registry r USING (topic_id)
                  {clause} ORDER BY s.created_at, s.comment_id"""
    else:
        sql = f"SELECT * FROM scored_comments s {clause} ORDER BY s.created_at, s.comment_id"
    return store.query(sql, params)


def weekly_scores(store: Store, end, emotion_columns: Sequence[str], distress_threshold: float) -> pd.DataFrame:
    """Per week (Monday 00:00 UTC) before ``end``: scored comments, distressed ones and emotion moments.

    Columns ``period, n, k`` and, for each emotion column, ``<column>__mean`` and ``<column>__std``.
    """
    moments = ", ".join(f"avg({c}) AS {c}__mean, stddev_samp({c}) AS {c}__std" for c in emotion_columns)
    return store.query(f"""SELECT date_trunc('week', created_at) AS period, count(*) AS n,
                                  count(*) FILTER (WHERE distress >= {float(distress_threshold)}) AS k, {moments}
                           FROM scored_comments WHERE created_at < ? AND hostility IS NOT NULL
                           GROUP BY 1 ORDER BY 1""", [pd.Timestamp(end).to_pydatetime()])


def weekly_topic_counts(store: Store, end) -> pd.DataFrame | None:
    """Scored comments per week and topic before ``end`` (``period, topic, n``); ``None`` without topic tables."""
    if not _has_topics(store):
        return None
    return store.query("""SELECT date_trunc('week', s.created_at) AS period, ct.topic_id AS topic, count(*) AS n
                          FROM scored_comments s JOIN comment_topics ct USING (platform, comment_id)
                          WHERE s.created_at < ? AND s.hostility IS NOT NULL AND ct.topic_id IS NOT NULL
                          GROUP BY 1, 2 ORDER BY 1, 2""", [pd.Timestamp(end).to_pydatetime()])


def topic_labels(store: Store) -> dict[int, str]:
    """Label of each known topic id (empty without topic tables)."""
    if "topic_registry" not in store.tables():
        return {}
    registry = store.query("SELECT topic_id, label FROM topic_registry")
    return dict(zip(registry["topic_id"], registry["label"]))


def topic_count(store: Store) -> int:
    """Topics in the registry."""
    return int(store.query("SELECT count(*) FROM topic_registry").iloc[0, 0])


def comments_between(store: Store, start, end) -> int:
    """Comments created in ``[start, end)``."""
    return int(store.query("SELECT count(*) FROM comments WHERE created_at >= ? AND created_at < ?",
                           [pd.Timestamp(start).to_pydatetime(), pd.Timestamp(end).to_pydatetime()]).iloc[0, 0])


def replied_to(store: Store, author_hashes: Iterable[str]) -> set[str]:
    """Ids of the comments that the authors with these hashes replied to."""
    hashes = sorted(author_hashes)
    if not hashes:
        return set()
    found = store.query("SELECT DISTINCT parent_id FROM comments WHERE parent_id IS NOT NULL AND author_hash IN "
                        f"({', '.join('?' for _ in hashes)})", hashes)
    return set(found["parent_id"].astype(str))


def platforms(store: Store) -> list[str]:
    """The platforms the store's comments come from."""
    return store.query("SELECT DISTINCT platform FROM comments")["platform"].tolist()


def feedback_counts(store: Store) -> pd.DataFrame:
    """Per triage category: rows the team judged and how many were right (``category, judged, correct``)."""
    if "triage_feedback" not in store.tables():
        return pd.DataFrame(columns=["category", "judged", "correct"])
    return store.query("""SELECT category, count(*) AS judged, count(*) FILTER (WHERE correct) AS correct
                          FROM triage_feedback GROUP BY category""")


def topic_registry(store: Store, columns: Sequence[str]) -> pd.DataFrame:
    """The known topics, by id (empty on the first run)."""
    return store.query(f"SELECT {', '.join(columns)} FROM topic_registry ORDER BY topic_id")


def topic_centroids(store: Store, backend: str) -> pd.DataFrame:
    """``topic_id, vector`` of the centroids saved in ``backend``'s space."""
    return store.query("SELECT topic_id, vector FROM topic_centroids WHERE backend = ? ORDER BY topic_id", [backend])


def comments_without_topic(store: Store) -> pd.DataFrame:
    """``platform, comment_id, text, text_hash`` of the comments no topic holds yet."""
    return store.query("""SELECT c.platform, c.comment_id, c.text, c.text_hash FROM comments c
                          ANTI JOIN comment_topics t USING (platform, comment_id) ORDER BY c.platform, c.comment_id""")


def topic_sizes(store: Store) -> dict[int, int]:
    """Comments held by each topic."""
    counts = store.query("SELECT topic_id, count(*) AS n FROM comment_topics GROUP BY topic_id")
    return dict(zip(counts["topic_id"].astype(int), counts["n"]))
