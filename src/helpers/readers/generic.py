"""Generic tabular exports: CSV, TSV, JSON Lines, JSON arrays of records and Parquet.

Columns are recognised by name (:data:`helpers.schema.ALIASES`) or by an explicit mapping;
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
from ._base import CHUNK_SIZE, RawChunk, Reader, ReaderError, Reject, load_json_document, register

csv.field_size_limit(sys.maxsize)

_TABULAR_SUFFIXES = {".csv", ".tsv", ".tab", ".txt"}
_JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}


def _sniff_delimiter(path: Path, sample: str) -> str:
    if path.suffix.lower() in {".tsv", ".tab"}:
        return "\t"
    head = "\n".join(sample.split("\n")[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def iter_csv(path: Path, chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[list[str], list[list[str]], list[int], list[Reject]]]:
    """Yield ``(header, records, row_numbers, rejects)`` from a delimited file, chunk by chunk.

    A record with the wrong number of fields or with bytes that are not UTF-8 is rejected with its
    row number; the file is never decoded with silent replacement.
    """
    with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        sample = fh.read(65536)
        fh.seek(0)
        delimiter = _sniff_delimiter(path, sample)
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise ReaderError("empty file (no header)") from None
        except csv.Error as exc:
            raise ReaderError(f"unreadable CSV header: {exc}") from exc
        header = [h.strip() for h in header]
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
            try:
                joined.encode("utf-8")
            except UnicodeEncodeError:
                raw = joined.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\x1f", delimiter)
                rejects.append(Reject(row, None, "invalid UTF-8 bytes in record", raw[:2000]))
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


def frame_to_chunk(frame: pd.DataFrame, rows: list[int], mapping: dict[str, str], rejects: list[Reject]) -> RawChunk:
    """Rename recognised columns to raw fields and pack the other columns into ``extra``."""
    if frame.columns.empty:  # nothing parsed in this chunk: only rejects to report
        return RawChunk(frame=pd.DataFrame(columns=[*RAW_FIELDS, "_row", "extra"], dtype=object), rejects=rejects)
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
    return RawChunk(frame=out.reset_index(drop=True), rejects=rejects)


def read_delimited(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read a CSV/TSV export (delimiter sniffed among , ; tab |)."""
    for header, records, rows, rejects in iter_csv(path):
        frame = pd.DataFrame(records, columns=header, dtype=object)
        yield frame_to_chunk(frame, rows, mapping, rejects)


def read_json_records(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read JSON Lines (one object a line) or a JSON array of flat objects."""
    with open(path, "rb") as fh:
        first = fh.read(1024).lstrip().lstrip(b"\xef\xbb\xbf")
    if path.suffix.lower() == ".json" or first.startswith(b"["):
        doc = load_json_document(path)  # a whole document; JSON Lines in a .json file also parse here
        items = list(enumerate(doc if isinstance(doc, list) else [doc], start=1))
        rejects = [Reject(r, None, "record is not a JSON object", json.dumps(o)[:2000]) for r, o in items
                   if not isinstance(o, dict)]
        good = [(r, o) for r, o in items if isinstance(o, dict)]
        frame = pd.DataFrame([o for _, o in good], dtype=object)
        yield frame_to_chunk(frame, [r for r, _ in good], mapping, rejects)
        return
    objects: list[dict] = []
    rows: list[int] = []
    rejects: list[Reject] = []
    with open(path, encoding="utf-8-sig", errors="surrogateescape") as fh:
        row = 0
        for line in fh:
            if not line.strip():
                continue
            row += 1
            try:
                line.encode("utf-8")
                obj = json.loads(line)
            except UnicodeEncodeError:
                rejects.append(Reject(row, None, "invalid UTF-8 bytes in record",
                                      line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")[:2000]))
                continue
            except json.JSONDecodeError as exc:
                rejects.append(Reject(row, None, f"invalid JSON: {exc.msg} at column {exc.colno}", line[:2000]))
                continue
            if not isinstance(obj, dict):
                rejects.append(Reject(row, None, "record is not a JSON object", line[:2000]))
                continue
            objects.append(obj)
            rows.append(row)
            if len(objects) + len(rejects) >= CHUNK_SIZE:
                yield frame_to_chunk(pd.DataFrame(objects, dtype=object), rows, mapping, rejects)
                objects, rows, rejects = [], [], []
    if row == 0:
        raise ReaderError("empty file (no records)")
    yield frame_to_chunk(pd.DataFrame(objects, dtype=object), rows, mapping, rejects)


def read_parquet(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    """Read a Parquet file batch by batch."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several types for a corrupt file
        raise ReaderError(f"not a readable Parquet file: {exc}") from exc
    start = 0
    for batch in pf.iter_batches(batch_size=CHUNK_SIZE):
        frame = batch.to_pandas().astype(object)
        rows = list(range(start + 1, start + len(frame) + 1))
        start += len(frame)
        yield frame_to_chunk(frame, rows, mapping, [])


def _read_generic(path: Path, mapping: dict[str, str]) -> Iterator[RawChunk]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield from read_parquet(path, mapping)
    elif suffix in _JSON_SUFFIXES:
        yield from read_json_records(path, mapping)
    else:
        yield from read_delimited(path, mapping)


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
    name="generic",
    platform="generic",
    description="any of csv/tsv/jsonl/parquet, chosen by file extension",
    sniff=lambda p, head: False,
    read=_read_generic,
    priority=99,
))
