"""The embedded DuckDB store: comments, quarantine, ingest log and run metadata.

One file (default ``data/vigie.duckdb``) that every command reads and writes; raw exports are never
modified. Tables are created on first use, so a new path is a new, empty store.

Readers and writers never block each other. DuckDB lets one process write a file, and a process that
only reads it still takes a lock that stops every writer. So a writer, when it closes, publishes a
copy of the store (``vigie.snapshot.duckdb``, replaced atomically); read-only opens (notebooks,
``vigie quality``, ``vigie export``, a researcher's kernel) read that copy, never the live file. Writers
queue: one waits up to :data:`helpers.config.LOCK_TIMEOUT` seconds for another, then stops with one
line naming the process that holds the store.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..config import snapshot_path, store_path
from ..errors import MissingFile
from ..files import atomic_path
from .connection import connect
from .schema import COMMENT_COLUMNS, COMMENT_KEY, QUARANTINE_COLUMNS, SCORE_TYPES

log = logging.getLogger(__name__)


def _ddl(name: str, columns: dict[str, str], key: tuple[str, ...]) -> str:
    cols = ",\n  ".join(f'"{c}" {t}' for c, t in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  {cols},\n  PRIMARY KEY ({', '.join(key)})\n)"


_SCHEMA = [
    _ddl("comments", COMMENT_COLUMNS, COMMENT_KEY),
    _ddl("quarantine", QUARANTINE_COLUMNS, ("quarantine_id",)),
    """CREATE TABLE IF NOT EXISTS ingest_log (
      run_id VARCHAR, source_file VARCHAR, format VARCHAR, started_at TIMESTAMPTZ,
      "read" BIGINT, loaded BIGINT, duplicates BIGINT, quarantined BIGINT, error VARCHAR,
      encoding VARCHAR, repaired BIGINT, oversized BIGINT)""",
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    # Per-text scores, one row per text hash and model version (helpers.scoring).
    "CREATE TABLE IF NOT EXISTS scores (\n  text_hash VARCHAR NOT NULL, model_version VARCHAR NOT NULL, "
    "scored_at TIMESTAMPTZ,\n  "
    + ",\n  ".join(f'"{c}" {t}' for c, t in SCORE_TYPES.items()) + ",\n  PRIMARY KEY (text_hash, model_version))",
    # Cached sentence embeddings of the slower topic back-ends (helpers.models.embeddings).
    """CREATE TABLE IF NOT EXISTS embeddings (
      text_hash VARCHAR, backend VARCHAR, vector FLOAT[], PRIMARY KEY (text_hash, backend))""",
    # Topics with ids stable across runs (helpers.analysis.topics).
    """CREATE TABLE IF NOT EXISTS topic_registry (topic_id INTEGER PRIMARY KEY, label VARCHAR,
      words VARCHAR, weights VARCHAR, first_run VARCHAR, last_run VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS topic_mapping (run_id VARCHAR, topic_id INTEGER, relation VARCHAR,
      related_to VARCHAR, similarity DOUBLE)""",
    """CREATE TABLE IF NOT EXISTS comment_topics (platform VARCHAR, comment_id VARCHAR,
      topic_id INTEGER, run_id VARCHAR, PRIMARY KEY (platform, comment_id))""",
    """CREATE TABLE IF NOT EXISTS topic_centroids (topic_id INTEGER PRIMARY KEY, backend VARCHAR, vector FLOAT[])""",
    # The page team's verdicts on triage rows (helpers.analysis.triage, `vigie feedback`).
    """CREATE TABLE IF NOT EXISTS triage_feedback (comment_id VARCHAR, category VARCHAR, correct BOOLEAN,
      period VARCHAR, source_file VARCHAR, recorded_at TIMESTAMPTZ, PRIMARY KEY (comment_id, category))""",
    # Scores suggested by the clients of `vigie serve` (comments:suggestscore): a text hash, never the text.
    """CREATE TABLE IF NOT EXISTS score_suggestions (text_hash VARCHAR, attribute VARCHAR, "value" DOUBLE,
      lang VARCHAR, recorded_at TIMESTAMPTZ, PRIMARY KEY (text_hash, attribute, recorded_at))""",
    # Stores made by an earlier Vigie gain the columns added since (a no-op on new stores).
    *(f'ALTER TABLE comments ADD COLUMN IF NOT EXISTS "{c}" {t}' for c, t in COMMENT_COLUMNS.items()
      if c in {"text_original", "oversized"}),
    'ALTER TABLE scores ADD COLUMN IF NOT EXISTS "self_harm" FLOAT',
    *(f"ALTER TABLE ingest_log ADD COLUMN IF NOT EXISTS {c} {t}"
      for c, t in (("encoding", "VARCHAR"), ("repaired", "BIGINT"), ("oversized", "BIGINT"))),
]


def as_utc(value: str | pd.Timestamp) -> pd.Timestamp:
    """A timestamp in UTC; a naive one is taken as UTC already."""
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


class Store:
    """A Vigie store backed by one DuckDB file.

    Parameters
    ----------
    path:
        Database file; ``None`` uses ``$VIGIE_STORE`` or ``data/vigie.duckdb``.
    read_only:
        Read the store's last published snapshot (:func:`helpers.config.snapshot_path`), or the store
        itself when no snapshot exists yet. A reader never stops a writer.
    lock_timeout:
        Seconds to wait for another process to release the store (default
        :data:`helpers.config.LOCK_TIMEOUT`).

    """

    def __init__(self, path: str | os.PathLike[str] | None = None, read_only: bool = False,
                 lock_timeout: float | None = None) -> None:
        self.path = store_path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise MissingFile(f"store not found: {self.path} (run `vigie ingest` first)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        snapshot = snapshot_path(self.path)
        #: The file this store reads: the snapshot for a reader, the live store for a writer.
        self.source = snapshot if read_only and snapshot.exists() else self.path
        self.con = connect(self.source, read_only=read_only, timeout=lock_timeout)
        self._closed = False
        # Timestamps come back in UTC whatever the machine's time zone.
        self.con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            for statement in _SCHEMA:
                self.con.execute(statement)

    def close(self) -> None:
        """Publish the snapshot readers open (writers only), then close the connection."""
        if self._closed:
            return
        try:
            if not self.read_only:
                self.publish()
        finally:
            self.con.close()
            self._closed = True

    def publish(self) -> Path:
        """Replace the read-only snapshot with a copy of the store as it is now; return its path.

        The copy is taken after a checkpoint while this writer holds the store's lock (nothing else can
        write), written beside the snapshot and renamed over it: a reader sees the old copy or the new
        one, never half of one. A reader that has the old copy open keeps reading it until it reopens.
        """
        target = snapshot_path(self.path)
        self.con.execute("CHECKPOINT")
        if target.exists() and target.stat().st_mtime_ns > self.path.stat().st_mtime_ns:
            return target  # nothing written since the last copy (a run with nothing new): no need to copy again
        with atomic_path(target) as tmp:
            shutil.copyfile(self.path, tmp)
        return target

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- metadata -------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        """Value stored under ``key`` in the meta table, or ``None``."""
        rows = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (replacing any previous value)."""
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def salt(self) -> str:
        """Secret salt for author hashes: ``$VIGIE_SALT`` if set, else one generated once per store.

        A per-store random salt means pseudonyms cannot be reversed by hashing known handles, and
        stay stable for every run on the same store.
        """
        env = os.environ.get("VIGIE_SALT")
        if env:
            return env
        salt = self.get_meta("author_salt")
        if salt is None:
            salt = secrets.token_hex(16)
            self.set_meta("author_salt", salt)
        return salt

    # -- writes ---------------------------------------------------------------------------------
    def upsert_comments(self, frame: pd.DataFrame) -> tuple[int, int]:
        """Insert comments whose ``(platform, comment_id)`` is new; return ``(loaded, duplicates)``.

        Rows already in the store, or repeated within ``frame``, count as duplicates and change nothing.
        """
        if frame.empty:
            return 0, 0
        frame = frame[list(COMMENT_COLUMNS)]
        unique = frame.drop_duplicates(subset=list(COMMENT_KEY), keep="first")
        loaded = self.insert_ignore("comments", unique)
        return loaded, len(frame) - loaded

    def add_quarantine(self, frame: pd.DataFrame) -> None:
        """Record unusable input rows; the same row, field and reason is kept once."""
        self.insert_ignore("quarantine", frame[list(QUARANTINE_COLUMNS)])

    def log_file(self, run_id: str, report, started_at: pd.Timestamp) -> None:
        """Append one line to the ingest log for ``report`` (a :class:`helpers.io.ingest.FileReport`)."""
        self.con.execute(
            """INSERT INTO ingest_log (run_id, source_file, format, started_at, "read", loaded, duplicates, quarantined,
                                       error, encoding, repaired, oversized) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [run_id, report.source_file, report.format, started_at.to_pydatetime(), report.read, report.loaded,
             report.duplicates, report.quarantined, report.error, report.encoding, report.repaired, report.oversized],
        )

    def insert_ignore(self, table: str, frame: pd.DataFrame) -> int:
        """Insert the rows of ``frame`` (matched by column name) whose key is new; return rows added."""
        if frame.empty:
            return 0
        before = self.count(table)
        self.con.register("_frame", frame)
        try:
            self.con.execute(f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM _frame")
        finally:
            self.con.unregister("_frame")
        return self.count(table) - before

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit everything inside the block, or nothing."""
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def replace_triage_feedback(self, frame: pd.DataFrame) -> int:
        """Record the team's verdicts; a newer verdict on the same comment and category replaces the older."""
        if frame.empty:
            return 0
        self.con.register("_feedback", frame)
        try:
            self.con.execute("""INSERT OR REPLACE INTO triage_feedback
                                SELECT comment_id, category, correct, period, source_file, recorded_at FROM _feedback""")
        finally:
            self.con.unregister("_feedback")
        return len(frame)

    def cached_embeddings(self, text_hashes: list[str], backend: str) -> list[tuple[str, list[float]]]:
        """``(text_hash, vector)`` of the texts already embedded by ``backend``."""
        self.con.register("_wanted", pd.DataFrame({"text_hash": text_hashes}))
        try:
            return self.con.execute("SELECT e.text_hash, e.vector FROM embeddings e JOIN _wanted w USING (text_hash) "
                                    "WHERE e.backend = ?", [backend]).fetchall()
        finally:
            self.con.unregister("_wanted")

    def add_embeddings(self, frame: pd.DataFrame) -> int:
        """Cache vectors (``text_hash, backend, vector``); a text already cached for the back-end is kept."""
        return self.insert_ignore("embeddings", frame)

    def replace_topic_registry(self, registry: pd.DataFrame) -> None:
        """The known topics become ``registry`` (``topic_id, label, words, weights, first_run, last_run``)."""
        self.con.execute("DELETE FROM topic_registry")
        self.insert_ignore("topic_registry", registry)

    def replace_topic_mapping(self, run_id: str, rows: pd.DataFrame) -> None:
        """The mapping of run ``run_id``'s topics to known ones becomes ``rows``."""
        self.con.execute("DELETE FROM topic_mapping WHERE run_id = ?", [run_id])
        if not rows.empty:
            self.con.register("_map", rows)
            try:
                self.con.execute("INSERT INTO topic_mapping SELECT run_id, topic_id, relation, related_to, similarity "
                                 "FROM _map")
            finally:
                self.con.unregister("_map")

    def set_comment_topics(self, frame: pd.DataFrame) -> None:
        """Each comment's topic (``platform, comment_id, topic_id, run_id``); the latest run wins."""
        self.con.register("_ct", frame)
        try:
            self.con.execute("INSERT OR REPLACE INTO comment_topics SELECT platform, comment_id, topic_id, run_id FROM _ct")
        finally:
            self.con.unregister("_ct")

    def replace_topic_centroids(self, frame: pd.DataFrame) -> None:
        """The topics' centroids become ``frame`` (``topic_id, backend, vector``)."""
        self.con.execute("DELETE FROM topic_centroids")
        self.insert_ignore("topic_centroids", frame)

    def add_score_suggestions(self, frame: pd.DataFrame) -> int:
        """Keep scores suggested by a service's clients (``text_hash, attribute, value, lang, recorded_at``)."""
        return self.insert_ignore("score_suggestions", frame)

    # -- reads ----------------------------------------------------------------------------------
    def count(self, table: str) -> int:
        """Number of rows in a table."""
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def tables(self) -> set[str]:
        """Names of the store's tables and views (older stores lack the ones added since)."""
        return set(self.query("SELECT table_name FROM information_schema.tables")["table_name"])

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the store and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

    def comment_ids(self) -> set[str]:
        """Every comment id in the store, as text (to match ids coming back from a spreadsheet)."""
        return set(self.query("SELECT DISTINCT comment_id FROM comments")["comment_id"].astype(str))

    def comments(self, start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None,
                 columns: list[str] | None = None) -> pd.DataFrame:
        """Comments created in ``[start, end)`` (UTC), oldest first."""
        cols = ", ".join(f'"{c}"' for c in (columns or list(COMMENT_COLUMNS)))
        where, params = [], []
        if start is not None:
            where.append("created_at >= ?")
            params.append(as_utc(start).to_pydatetime())
        if end is not None:
            where.append("created_at < ?")
            params.append(as_utc(end).to_pydatetime())
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self.query(f"SELECT {cols} FROM comments {clause} ORDER BY created_at, platform, comment_id", params)

    # -- scores -------------------------------------------------------------------------------
    def unscored(self, model_version: str, limit: int | None = None) -> pd.DataFrame:
        """Distinct texts (``text_hash, text, lang``) with no scores yet for ``model_version``."""
        sql = """SELECT c.text_hash, any_value(c.text) AS text, any_value(c.lang) AS lang
                 FROM comments c ANTI JOIN scores s ON s.text_hash = c.text_hash AND s.model_version = ?
                 GROUP BY c.text_hash ORDER BY c.text_hash"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, [model_version])

    def count_unscored(self, model_version: str) -> int:
        """Distinct comment texts with no scores yet for ``model_version``."""
        return int(self.query("""SELECT count(DISTINCT c.text_hash) FROM comments c
                                 ANTI JOIN scores s ON s.text_hash = c.text_hash AND s.model_version = ?""",
                              [model_version]).iloc[0, 0])

    def add_scores(self, frame: pd.DataFrame) -> int:
        """Store scores (one row per ``text_hash`` and ``model_version``); returns rows added."""
        return self.insert_ignore("scores", frame)

    def create_scored_view(self, model_version: str) -> None:
        """(Re)create ``scored_comments``: every comment joined with its scores for ``model_version``.

        The version is kept in the meta table (``scored_view_version``) for report manifests.
        """
        self.set_meta("scored_view_version", model_version)
        version = model_version.replace("'", "''")
        self.con.execute(f"""CREATE OR REPLACE VIEW scored_comments AS
            SELECT c.*, s.* EXCLUDE (text_hash, model_version, scored_at)
            FROM comments c JOIN scores s ON s.text_hash = c.text_hash AND s.model_version = '{version}'""")

    def quarantine(self) -> pd.DataFrame:
        """All quarantined rows, by file and row."""
        return self.query("SELECT * FROM quarantine ORDER BY source_file, row, field")

    def export_parquet(self, directory: str | os.PathLike[str]) -> list[Path]:
        """Write each table to ``directory/<table>.parquet`` and return the paths."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for table in ("comments", "quarantine", "ingest_log"):
            path = out / f"{table}.parquet"
            self.con.execute(f"COPY {table} TO '{path.as_posix()}' (FORMAT parquet)")
            paths.append(path)
        return paths
