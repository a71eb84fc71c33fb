"""The embedded DuckDB store: comments, quarantine, ingest log and run metadata.

One file (default ``data/vigie.duckdb``) that every command reads and writes; raw exports are never
modified. Tables are created on first use, so a new path is a new, empty store.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from .config import store_path
from .schema import COMMENT_COLUMNS, COMMENT_KEY, QUARANTINE_COLUMNS


def _ddl(name: str, columns: dict[str, str], key: tuple[str, ...]) -> str:
    cols = ",\n  ".join(f'"{c}" {t}' for c, t in columns.items())
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  {cols},\n  PRIMARY KEY ({', '.join(key)})\n)"


_SCHEMA = [
    _ddl("comments", COMMENT_COLUMNS, COMMENT_KEY),
    _ddl("quarantine", QUARANTINE_COLUMNS, ("quarantine_id",)),
    """CREATE TABLE IF NOT EXISTS ingest_log (
      run_id VARCHAR, source_file VARCHAR, format VARCHAR, started_at TIMESTAMPTZ,
      "read" BIGINT, loaded BIGINT, duplicates BIGINT, quarantined BIGINT, error VARCHAR)""",
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
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
        Open without write access (several readers may then share the file).

    """

    def __init__(self, path: str | os.PathLike[str] | None = None, read_only: bool = False) -> None:
        self.path = store_path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"store not found: {self.path} (run `vigie ingest` first)")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        # Timestamps come back in UTC whatever the machine's time zone.
        self.con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            for statement in _SCHEMA:
                self.con.execute(statement)

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

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

    def log_file(self, run_id: str, source_file: str, fmt: str | None, started_at: pd.Timestamp, read: int,
                 loaded: int, duplicates: int, quarantined: int, error: str | None) -> None:
        """Append one line to the ingest log."""
        self.con.execute(
            "INSERT INTO ingest_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, source_file, fmt, started_at.to_pydatetime(), read, loaded, duplicates, quarantined, error],
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

    # -- reads ----------------------------------------------------------------------------------
    def count(self, table: str) -> int:
        """Number of rows in a table."""
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the store and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

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
        self._ensure_scores()
        sql = """SELECT c.text_hash, any_value(c.text) AS text, any_value(c.lang) AS lang
                 FROM comments c ANTI JOIN scores s ON s.text_hash = c.text_hash AND s.model_version = ?
                 GROUP BY c.text_hash ORDER BY c.text_hash"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, [model_version])

    def count_unscored(self, model_version: str) -> int:
        """Distinct comment texts with no scores yet for ``model_version``."""
        self._ensure_scores()
        return int(self.query("""SELECT count(DISTINCT c.text_hash) FROM comments c
                                 ANTI JOIN scores s ON s.text_hash = c.text_hash AND s.model_version = ?""",
                              [model_version]).iloc[0, 0])

    def add_scores(self, frame: pd.DataFrame) -> int:
        """Store scores (one row per ``text_hash`` and ``model_version``); returns rows added."""
        self._ensure_scores()
        return self.insert_ignore("scores", frame)

    def create_scored_view(self, model_version: str) -> None:
        """(Re)create ``scored_comments``: every comment joined with its scores for ``model_version``.

        The version is kept in the meta table (``scored_view_version``) for report manifests.
        """
        self._ensure_scores()
        self.set_meta("scored_view_version", model_version)
        version = model_version.replace("'", "''")
        self.con.execute(f"""CREATE OR REPLACE VIEW scored_comments AS
            SELECT c.*, s.* EXCLUDE (text_hash, model_version, scored_at)
            FROM comments c JOIN scores s ON s.text_hash = c.text_hash AND s.model_version = '{version}'""")

    def _ensure_scores(self) -> None:
        from .scoring import SCORE_TYPES

        cols = ",\n  ".join(f'"{c}" {t}' for c, t in SCORE_TYPES.items())
        self.con.execute(f"""CREATE TABLE IF NOT EXISTS scores (
          text_hash VARCHAR NOT NULL, model_version VARCHAR NOT NULL, scored_at TIMESTAMPTZ,
          {cols},
          PRIMARY KEY (text_hash, model_version))""")

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
