"""Tables in and out for `vigie score` and `vigie topics --input`: any export the readers know, any format out.

Reading goes through the same readers as `vigie ingest`; rows that cannot be read are kept beside the
output (``<output>.quarantine.csv``: row, field, reason, raw), never dropped silently. Writing is atomic,
in the format the output's extension names (CSV, TSV, JSON Lines, Parquet).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import MissingFile
from ..files import atomic_path
from .readers import ReaderError, TableChunk, read_table


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` (format by extension) through a temporary file and a rename."""
    suffix = path.suffix.lower()
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        elif suffix in {".jsonl", ".ndjson"}:
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False, date_format="iso")
        else:
            frame.to_csv(tmp, index=False, sep="\t" if suffix in {".tsv", ".tab"} else ",")
    return path


def read_input(path: Path, output: Path | None = None) -> TableChunk:
    """Every readable row of ``path``; with ``output``, the unreadable ones go to ``<output>.quarantine.csv``.

    Raises
    ------
    MissingFile
        When ``path`` does not exist.
    ReaderError
        Naming the file, when it cannot be read at all.

    """
    if not path.is_file():
        raise MissingFile(f"{path}: no such file")
    try:
        table = read_table(path)
    except (ReaderError, OSError) as exc:
        raise ReaderError(f"{path}: cannot read ({exc})") from exc
    if output is not None:
        quarantine_path = output.with_name(output.name + ".quarantine.csv")
        if table.rejects:
            write_table(pd.DataFrame([{"source_file": str(path), "row": r.row, "field": r.field, "reason": r.reason,
                                       "raw": r.raw} for r in table.rejects]), quarantine_path)
        elif quarantine_path.exists():  # a quarantine file from an earlier run of the same output is stale
            quarantine_path.unlink()
    return table
