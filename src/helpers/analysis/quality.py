"""Data-quality summaries of a store: what came in, from where, in which language, and what was set aside.

Each function returns a tidy frame; :func:`summary` bundles them and :func:`write_markdown` renders
them for people.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..io.store import Store


@dataclass
class QualitySummary:
    """Tidy frames describing a store."""

    totals: pd.DataFrame
    by_source: pd.DataFrame
    by_language: pd.DataFrame
    by_week: pd.DataFrame
    quarantine: pd.DataFrame
    files: pd.DataFrame


def summary(store: Store) -> QualitySummary:
    """Compute the data-quality frames of a store (all in DuckDB, nothing loaded row by row)."""
    totals = store.query("""
        SELECT (SELECT count(*) FROM comments) AS comments,
               (SELECT count(*) FROM quarantine) AS quarantined,
               (SELECT count(DISTINCT post_id) FROM comments) AS posts,
               (SELECT count(DISTINCT author_hash) FROM comments) AS authors,
               (SELECT min(created_at) FROM comments) AS first_comment,
               (SELECT max(created_at) FROM comments) AS last_comment""")
    by_source = store.query("""
        SELECT source_file, platform, count(*) AS comments, count(DISTINCT post_id) AS posts,
               min(created_at) AS first_comment, max(created_at) AS last_comment
        FROM comments GROUP BY ALL ORDER BY source_file, platform""")
    by_language = store.query("""
        SELECT lang, count(*) AS comments, count(*) / sum(count(*)) OVER () AS share
        FROM comments GROUP BY lang ORDER BY comments DESC, lang""")
    by_week = store.query("""
        SELECT strftime(created_at AT TIME ZONE 'UTC', '%G-W%V') AS week, lang, count(*) AS comments
        FROM comments GROUP BY ALL ORDER BY week, lang""")
    quarantine = store.query("""
        SELECT source_file, field, regexp_replace(reason, ':.*$', '') AS reason, count(*) AS rows
        FROM quarantine GROUP BY ALL ORDER BY rows DESC, source_file, field""")
    files = store.query("""
        SELECT source_file, format, max(started_at) AS last_ingested, arg_max("read", started_at) AS "read",
               arg_max(loaded, started_at) AS loaded, arg_max(duplicates, started_at) AS duplicates,
               arg_max(quarantined, started_at) AS quarantined, arg_max(encoding, started_at) AS encoding,
               arg_max(repaired, started_at) AS repaired, arg_max(oversized, started_at) AS oversized,
               arg_max(error, started_at) AS error
        FROM ingest_log GROUP BY source_file, format ORDER BY source_file""")
    return QualitySummary(totals, by_source, by_language, by_week, quarantine, files)


def markdown_table(frame: pd.DataFrame) -> str:
    """A Markdown table of ``frame`` (``share`` columns as percentages, pipes escaped)."""
    if frame.empty:
        return "_none_\n"
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:.1%}" if isinstance(v, float) and c == "share" else str(v) for c, v in zip(cols, row)]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def write_markdown(result: QualitySummary, path: str | os.PathLike[str]) -> Path:
    """Write the summary as Markdown, atomically (a temporary file renamed into place)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    weekly = result.by_week.pivot_table(index="week", columns="lang", values="comments", fill_value=0, aggfunc="sum")
    weekly = weekly.reset_index() if not weekly.empty else pd.DataFrame()
    body = "\n".join([
        "# Vigie data-quality summary\n",
        "## Totals\n", markdown_table(result.totals),
        "## Sources\n", markdown_table(result.by_source),
        "## Languages\n", markdown_table(result.by_language),
        "## Comments per ISO week and language\n", markdown_table(weekly),
        "## Quarantine (rows set aside, by reason)\n", markdown_table(result.quarantine),
        "## Files (last ingest of each)\n", markdown_table(result.files),
    ])
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(path)
    return path
