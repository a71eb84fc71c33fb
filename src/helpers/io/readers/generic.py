"""Generic tabular exports: CSV, TSV, JSON Lines, JSON arrays of records, Parquet and Excel workbooks.

Columns are recognised by name (:data:`helpers.io.schema.ALIASES`) or by an explicit mapping;
columns that are not part of the schema are kept, as JSON, in ``extra``.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..schema import RAW_FIELDS, resolve_columns
from ._base import (
    CHUNK_SIZE,
    UNDECODED,
    RawChunk,
    Reader,
    ReaderError,
    Reject,
    TableChunk,
    detect_encoding,
    head_bytes,
    load_json_document,
    register,
)
from .excel import WORKBOOK_SUFFIXES, excel_tables

csv.field_size_limit(sys.maxsize)

_TABULAR_SUFFIXES = {".csv", ".tsv", ".tab", ".txt"}
_JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}


def _name(encoding: str) -> str:
    return "UTF-8" if encoding.startswith("utf-8") else encoding


def _sniff_delimiter(path: Path, sample: str) -> str:
    if path.suffix.lower() in {".tsv", ".tab"}:
        return "\t"
    lines = sample.splitlines()  # CR-only line ends too (Excel for Mac)
    header = lines[0] if lines else ""
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts.values())
    if best and list(counts.values()).count(best) == 1:
        # Column names hold no delimiter: the header says it, whatever stray delimiters the rows below hold.
        return max(counts, key=counts.get)
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


#: Delimiter used to read a file whose header names a single column: no character of a comment can
#: split it (a one-column export's comments hold unquoted commas).
_NO_DELIMITER = "\x1e"


def iter_csv(path: Path, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[list[str], list[list[str]], list[int], list[Reject]]]:
    """Yield ``(header, records, row_numbers, rejects)`` from a delimited file, chunk by chunk.

    The file is decoded in its detected encoding (:func:`detect_encoding`). A record with the wrong
    number of fields or with bytes that are not valid in that encoding is rejected with its row number;
    the file is never decoded with silent replacement. A file whose header names one column is read
    one record per line, whatever delimiters its comments contain.
    """
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, errors="surrogateescape", newline="") as fh:
        sample = fh.read(65536)
        fh.seek(0)
        delimiter = _sniff_delimiter(path, sample)
        try:
            header = next(csv.reader(fh, delimiter=delimiter))
        except StopIteration:
            raise ReaderError("empty file (no header)") from None
        except csv.Error as exc:
            raise ReaderError(f"unreadable CSV header: {exc}") from exc
        if len(header) == 1:
            delimiter = _NO_DELIMITER
        fh.seek(0)
        reader = csv.reader(fh, delimiter=delimiter)
        header = [h.strip() for h in next(reader)]
        n_fields = len(header)
        records: list[list[str]] = []
        rows: list[int] = []
        rejects: list[Reject] = []
        row = 0
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row += 1
                rejects.append(Reject(row, None, f"malformed CSV record: {exc}"))
                continue
            if not rec:  # blank line
                continue
            row += 1
            joined = "\x1f".join(rec)
            if not joined.isascii() and UNDECODED.search(joined):
                raw = joined.encode(encoding, "surrogateescape").decode(encoding, "replace").replace("\x1f", delimiter)
                rejects.append(Reject(row, None, f"bytes that are not valid {_name(encoding)} in record", raw[:2000]))
                continue
            if len(rec) != n_fields:
                rejects.append(
                    Reject(row, None, f"expected {n_fields} fields, found {len(rec)}", delimiter.join(rec)[:2000])
                )
                continue
            records.append(rec)
            rows.append(row)
            if len(records) + len(rejects) >= chunk_size:
                yield header, records, rows, rejects
                records, rows, rejects = [], [], []
        yield header, records, rows, rejects


def frame_to_chunk(frame: pd.DataFrame, rows: list[int], mapping: dict[str, str], rejects: list[Reject],
                   encoding: str | None = None) -> RawChunk:
    """Rename recognised columns to raw fields and pack the other columns into ``extra``."""
    if frame.columns.empty:  # nothing parsed in this chunk: only rejects to report
        return RawChunk(frame=pd.DataFrame(columns=[*RAW_FIELDS, "_row", "extra"], dtype=object), rejects=rejects,
                        encoding=encoding)
    found = resolve_columns(list(frame.columns), mapping)
    if "text" not in found:
        raise ReaderError(
            f"no text column found among {list(frame.columns)}; name it with --map text=COLUMN"
        )
    out = pd.DataFrame(index=frame.index)
    for name in RAW_FIELDS:
        out[name] = frame[found[name]] if name in found else None
    out["_row"] = rows
    extra_cols = [c for c in frame.columns if c not in set(found.values())]
    if extra_cols:
        extras = frame[extra_cols].astype(object).where(frame[extra_cols].notna(), None)
        out["extra"] = [json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in extras.to_dict("records")]
    else:
        out["extra"] = None
    return RawChunk(frame=out.reset_index(drop=True), rejects=rejects, encoding=encoding)


def delimited_tables(path: Path, chunk_size: int = CHUNK_SIZE) -> Iterator[TableChunk]:
    """A CSV/TSV file (delimiter sniffed among , ; tab |) as table chunks."""
    encoding = detect_encoding(path)
    for header, records, rows, rejects in iter_csv(path, chunk_size):
        yield TableChunk(pd.DataFrame(records, columns=header, dtype=object), rows, rejects, encoding)


def json_tables(path: Path) -> Iterator[TableChunk]:
    """JSON Lines (one object a line) or a JSON array of flat objects as table chunks."""
    encoding = detect_encoding(path)
    with open(path, "rb") as fh:
        first = fh.read(1024).lstrip().lstrip(b"\xef\xbb\xbf")
    if path.suffix.lower() == ".json" or first.startswith(b"["):
        doc = load_json_document(path)  # a whole document; JSON Lines in a .json file also parse here
        items = list(enumerate(doc if isinstance(doc, list) else [doc], start=1))
        rejects = [Reject(r, None, "record is not a JSON object", json.dumps(o)[:2000]) for r, o in items
                   if not isinstance(o, dict)]
        good = [(r, o) for r, o in items if isinstance(o, dict)]
        yield TableChunk(pd.DataFrame([o for _, o in good], dtype=object), [r for r, _ in good], rejects, encoding)
        return
    objects: list[dict] = []
    rows: list[int] = []
    rejects: list[Reject] = []
    with open(path, encoding=encoding, errors="surrogateescape") as fh:
        row = 0
        for line in fh:
            if not line.strip():
                continue
            row += 1
            if not line.isascii() and UNDECODED.search(line):
                rejects.append(Reject(row, None, f"bytes that are not valid {_name(encoding)} in record",
                                      line.encode(encoding, "surrogateescape").decode(encoding, "replace")[:2000]))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                rejects.append(Reject(row, None, f"invalid JSON: {exc.msg} at column {exc.colno}", line[:2000]))
                continue
            if not isinstance(obj, dict):
                rejects.append(Reject(row, None, "record is not a JSON object", line[:2000]))
                continue
            objects.append(obj)
            rows.append(row)
            if len(objects) + len(rejects) >= CHUNK_SIZE:
                yield TableChunk(pd.DataFrame(objects, dtype=object), rows, rejects, encoding)
                objects, rows, rejects = [], [], []
    if row == 0:
        raise ReaderError("empty file (no records)")
    yield TableChunk(pd.DataFrame(objects, dtype=object), rows, rejects, encoding)


def parquet_tables(path: Path, chunk_size: int = CHUNK_SIZE) -> Iterator[TableChunk]:
    """A Parquet file as table chunks, batch by batch."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a corrupt file
        raise ReaderError(f"not a readable Parquet file: {exc}") from exc
    start = 0
    for batch in pf.iter_batches(batch_size=chunk_size):
        frame = batch.to_pandas().astype(object)
        rows = list(range(start + 1, start + len(frame) + 1))
        start += len(frame)
        yield TableChunk(frame, rows, [], None)


def is_json(path: Path) -> bool:
    """Whether ``path`` is read as JSON (Lines or an array) by :func:`iter_tables`."""
    return path.suffix.lower() in _JSON_SUFFIXES and head_bytes(path, 4) != b"PAR1"


def iter_tables(path: Path, chunk_size: int = CHUNK_SIZE, sheet: str | None = None) -> Iterator[TableChunk]:
    """Any tabular file (CSV/TSV, JSON Lines, JSON array, Parquet, Excel), chosen by its extension or first bytes.

    CSV/TSV, Parquet and Excel come ``chunk_size`` records at a time; JSON Lines in chunks of ``CHUNK_SIZE``.
    ``sheet`` names a workbook's sheet (default: the first); on any other file it raises :class:`ReaderError`.
    """
    suffix = path.suffix.lower()
    if sheet is not None and suffix not in WORKBOOK_SUFFIXES:
        raise ReaderError(f"a sheet ({sheet!r}) was named, but {path.name} is not an Excel workbook")
    if suffix == ".parquet" or head_bytes(path, 4) == b"PAR1":
        yield from parquet_tables(path, chunk_size)
    elif suffix in WORKBOOK_SUFFIXES:
        yield from excel_tables(path, chunk_size, sheet)
    elif suffix in _JSON_SUFFIXES:
        yield from json_tables(path)
    else:
        yield from delimited_tables(path, chunk_size)


def read_table(path: Path) -> TableChunk:
    """A whole tabular file with its own columns, for ``vigie score`` and ``vigie topics --input``.

    The same decoding and parsing as ``vigie ingest``: records that cannot be read are in ``rejects``
    with their row and reason, never merged into another record or silently replaced.

    Raises
    ------
    ReaderError
        If the file cannot be read at all.

    """
    return merge_tables(list(iter_tables(path)))


def merge_tables(chunks: list[TableChunk]) -> TableChunk:
    """One table of the chunks of one file (their rows, rejects and encoding)."""
    frames = [c.frame for c in chunks if not c.frame.columns.empty]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return TableChunk(frame, [r for c in chunks for r in c.rows], [r for c in chunks for r in c.rejects],
                      chunks[0].encoding if chunks else None)


def _raw_chunks(tables: Iterator[TableChunk], mapping: dict[str, str]) -> Iterator[RawChunk]:
    for table in tables:
        yield frame_to_chunk(table.frame, table.rows, mapping, table.rejects, table.encoding)


def read_delimited(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read a CSV/TSV export (delimiter sniffed among , ; tab |)."""
    yield from _raw_chunks(delimited_tables(path), mapping)


def read_json_records(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read JSON Lines (one object a line) or a JSON array of flat objects."""
    yield from _raw_chunks(json_tables(path), mapping)


def read_parquet(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read a Parquet file batch by batch."""
    yield from _raw_chunks(parquet_tables(path), mapping)


def read_excel(path: Path, mapping: dict[str, str], sheet: str | None = None) -> Iterator[RawChunk]:
    """Read a sheet of an Excel workbook (default: the first; the header on its first non-empty row)."""
    yield from _raw_chunks(excel_tables(path, sheet=sheet), mapping)


def _read_generic(path: Path, mapping: dict[str, str], sheet: str | None = None) -> Iterator[RawChunk]:
    yield from _raw_chunks(iter_tables(path, sheet=sheet), mapping)


register(Reader(
    name="csv",
    platform="generic",
    description="CSV or TSV with canonical or common column names (delimiter sniffed)",
    sniff=lambda p, head: p.suffix.lower() in _TABULAR_SUFFIXES,
    read=read_delimited,
    priority=90,
))
register(Reader(
    name="jsonl",
    platform="generic",
    description="JSON Lines, or a JSON array, of flat comment objects",
    sniff=lambda p, head: p.suffix.lower() in _JSON_SUFFIXES,
    read=read_json_records,
    priority=90,
))
register(Reader(
    name="parquet",
    platform="generic",
    description="Parquet table with canonical or common column names",
    sniff=lambda p, head: p.suffix.lower() == ".parquet" or head[:4] == b"PAR1",
    read=read_parquet,
    priority=80,
))
register(Reader(
    name="xlsx",
    platform="generic",
    description="Excel workbook (.xlsx), first sheet or --sheet, header on its first non-empty row",
    sniff=lambda p, head: p.suffix.lower() in WORKBOOK_SUFFIXES,
    read=read_excel,
    priority=80,
    sheets=True,
))
register(Reader(
    name="generic",
    platform="generic",
    description="any of csv/tsv/jsonl/parquet/xlsx, chosen by file extension",
    sniff=lambda p, head: False,
    read=_read_generic,
    priority=99,
    sheets=True,
))
