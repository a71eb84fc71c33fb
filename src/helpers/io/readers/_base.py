"""The reader contract and registry.

A reader turns one export file into :class:`RawChunk` objects: a frame of raw canonical fields
(see :data:`helpers.io.schema.RAW_FIELDS`) with the 1-based record number in ``_row``, plus the
records it could not parse at all. Normalisation, hashing and storage happen in
:mod:`helpers.io.ingest`, the same for every reader.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import VigieError
from ..schema import RAW_FIELDS

#: Records per chunk: bounds memory on large exports.
CHUNK_SIZE = 200_000


class ReaderError(VigieError):
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
    encoding: str | None = None

    @property
    def n_read(self) -> int:
        """Records read in this chunk, usable or not."""
        return len(self.frame) + len(self.rejects)


@dataclass
class TableChunk:
    """Records of a tabular file with the file's own columns, before any mapping to the schema.

    ``frame`` holds the records that parsed (strings for delimited files), ``rows`` their 1-based
    record numbers, ``rejects`` the records that could not be read, with the reason.
    """

    frame: pd.DataFrame
    rows: list[int]
    rejects: list[Reject] = field(default_factory=list)
    encoding: str | None = None


@dataclass(frozen=True)
class Reader:
    """A registered input format.

    ``sniff(path, head)`` says whether a file looks like this format from its name and first bytes;
    ``read(path, mapping)`` yields chunks (``read(path, mapping, sheet=NAME)`` too where ``sheets``: a
    workbook's sheet). ``priority`` orders sniffing: specific formats first.
    """

    name: str
    platform: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    read: Callable[..., Iterator[RawChunk]]
    priority: int = 50
    sheets: bool = False


READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add a reader to the registry (``--format NAME``)."""
    READERS[reader.name] = reader
    return reader


#: Encodings a French or English export that is not UTF-8 comes in: Excel on Windows (cp1252), ISO
#: Latin-9, Excel on an old Mac, DOS. ``charset-normalizer`` chooses among these only: free, it reads a
#: short French sample as Polish (cp1250) or valid UTF-8 mojibake as Japanese.
LEGACY_ENCODINGS: tuple[str, ...] = ("cp1252", "iso8859_15", "mac_roman", "cp850")
UNDECODED = re.compile("[\udc80-\udcff]")


def detect_encoding(path: Path) -> str:
    """The text encoding of a file: ``utf-8`` (``utf-8-sig`` with a byte-order mark) or a legacy one.

    A file that is valid UTF-8 everywhere, or mostly (more non-ASCII characters decode as UTF-8 than
    bytes fail to; the failing records are then quarantined), is UTF-8. Otherwise the encoding is
    chosen by ``charset-normalizer`` among :data:`LEGACY_ENCODINGS` from the parts that are not UTF-8
    (``cp1252`` if it cannot tell).
    """
    stat = path.stat()
    return _detect_encoding(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _detect_encoding(path: str, size: int, mtime_ns: int) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    bad = valid = 0
    sample = bytearray()
    with open(path, "rb") as fh:
        bom = fh.read(3) == codecs.BOM_UTF8
        fh.seek(0)
        while True:
            block = fh.read(1 << 20)
            text = decoder.decode(block, final=not block)
            if not text.isascii():
                n_bad = len(UNDECODED.findall(text))
                bad += n_bad
                valid += len(text) - len(text.encode("ascii", "ignore")) - n_bad
                if n_bad and len(sample) < 1 << 18:
                    sample += block[: 1 << 18]
            if not block:
                break
    if bad == 0 or valid >= bad:
        return "utf-8-sig" if bom else "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(bytes(sample), cp_isolation=list(LEGACY_ENCODINGS)).best()
    return best.encoding if best is not None else "cp1252"


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
    encoding = detect_encoding(path)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReaderError(f"not {encoding} text ({exc.reason} at byte {exc.start})") from exc
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
