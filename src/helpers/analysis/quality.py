"""Data-quality summaries of a store: what came in, from where, in which language, and what was set aside.

Each function returns a tidy frame; :func:`summary` bundles them and :func:`write_markdown` renders
them for people.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..io.queries import quality_frames
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
    frames = quality_frames(store)
    return QualitySummary(**frames)


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
