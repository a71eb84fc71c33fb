"""The reader contract and registry.

A reader turns one export file into :class:`RawChunk` objects: a frame of raw canonical fields
(see :data:`helpers.schema.RAW_FIELDS`) with the 1-based record number in ``_row``, plus the
records it could not parse at all. Normalisation, hashing and storage happen in
:mod:`helpers.ingest`, the same for every reader.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..schema import RAW_FIELDS

#: Records per chunk: bounds memory on large exports.
CHUNK_SIZE = 200_000


class ReaderError(Exception):
    """A whole file cannot be read (not JSON, no text column, ...). The message names the problem."""


@dataclass(frozen=True)
class Reject:
    """One input record that cannot be used, with where and why."""

    row: int | None
    field: str | None
    reason: str
    raw: str | None = None


@dataclass
class RawChunk:
    """Raw records of one file, before normalisation."""

    frame: pd.DataFrame
    rejects: list[Reject] = field(default_factory=list)

    @property
    def n_read(self) -> int:
        """Records read in this chunk, usable or not."""
        return len(self.frame) + len(self.rejects)


@dataclass(frozen=True)
class Reader:
    """A registered input format.

    ``sniff(path, head)`` says whether a file looks like this format from its name and first bytes;
    ``read(path, mapping)`` yields chunks. ``priority`` orders sniffing: specific formats first.
    """

    name: str
    platform: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    read: Callable[[Path, dict[str, str]], Iterator[RawChunk]]
    priority: int = 50


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader to the registry (``--format NAME``)."""
    READERS[reader.name] = reader
    return reader


def head_bytes(path: Path, n: int = 65536) -> bytes:
    """First ``n`` bytes of a file (for sniffing)."""
    with open(path, "rb") as fh:
        return fh.read(n)


def sniff_format(path: Path) -> str:
    """Name of the first registered reader, by priority, that recognises ``path``.

    Raises
    ------
    ReaderError
        If no reader recognises the file.

    """
    head = head_bytes(path)
    for reader in sorted(READERS.values(), key=lambda r: (r.priority, r.name)):
        try:
            if reader.sniff(path, head):
                return reader.name
        except Exception:  # noqa: BLE001 - a sniffer that chokes simply does not claim the file
            continue
    raise ReaderError("format not recognised; pass --format (one of: " + ", ".join(sorted(READERS)) + ")")


def records_to_chunk(records: list[dict[str, Any]], rejects: list[Reject]) -> RawChunk:
    """Build a chunk from dicts holding raw fields, ``_row`` and an optional ``extra`` dict."""
    columns = [*RAW_FIELDS, "_row", "extra"]
    # Column by column with dtype=object keeps None as None (from_records would turn it into NaN).
    frame = pd.DataFrame({c: pd.Series([r.get(c) for r in records], dtype=object) for c in columns})
    frame["extra"] = pd.Series([json.dumps(e, ensure_ascii=False, sort_keys=True, default=str) if e else None
                                for e in frame["extra"]], dtype=object)
    return RawChunk(frame=frame, rejects=rejects)


def load_json_document(path: Path) -> Any:
    """Parse a whole JSON document, or a JSON Lines file as a list of its values.

    Raises
    ------
    ReaderError
        If the file is neither valid JSON nor valid JSON Lines.

    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as whole_error:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            return [json.loads(ln) for ln in lines]
        except json.JSONDecodeError:
            raise ReaderError(
                f"not valid JSON: {whole_error.msg} at line {whole_error.lineno} column {whole_error.colno}"
            ) from whole_error


def first_json_value(head: bytes) -> Any:
    """Best-effort parse of the first JSON value in a file head (a full document or the first line)."""
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if not text or text[0] not in "[{":
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        first_line = text.split("\n", 1)[0]
        try:
            return json.loads(first_line)
        except json.JSONDecodeError:
            return text  # truncated document: sniffers fall back to substring checks
