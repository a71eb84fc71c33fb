"""Ingestion: read exports, normalise them to the canonical schema, quarantine, upsert.

Exports are read with the registered readers; what cannot be used goes to quarantine.

Every call returns counts that reconcile: ``read = loaded + duplicates + quarantined``.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..cleaning import repair_text
from ..config import PROJ_ROOT
from ..errors import InvalidInput
from ..progress import rows
from ..text import OVERSIZED_CHARS, author_hash, detect_languages, normalise_lang, text_hash
from .readers import READERS, RawChunk, ReaderError, Reject, sniff_format
from .readers.excel import rounded_by_excel, rounded_id
from .schema import COMMENT_COLUMNS, QUARANTINE_COLUMNS, RAW_FIELDS
from .store import Store
from .timestamps import EARLIEST, parse_timestamps

log = logging.getLogger(__name__)


@dataclass
class FileReport:
    """Counts for one input file; ``error`` is set when the file could not be read at all."""

    source_file: str
    format: str | None = None
    read: int = 0
    loaded: int = 0
    duplicates: int = 0
    quarantined: int = 0
    error: str | None = None
    encoding: str | None = None
    repaired: int = 0
    oversized: int = 0
    #: Records whose post or parent id may have lost digits: kept, but their threads may merge.
    rounded_thread_ids: int = 0


@dataclass
class IngestReport:
    """Counts for one ingest run over several files."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def read(self) -> int:
        """Records read from every file."""
        return sum(f.read for f in self.files)

    @property
    def loaded(self) -> int:
        """New comments added to the store."""
        return sum(f.loaded for f in self.files)

    @property
    def duplicates(self) -> int:
        """Records already in the store or repeated in the input."""
        return sum(f.duplicates for f in self.files)

    @property
    def quarantined(self) -> int:
        """Records kept aside in the quarantine table."""
        return sum(f.quarantined for f in self.files)

    @property
    def oversized(self) -> int:
        """Usable rows whose text is longer than :data:`helpers.text.OVERSIZED_CHARS` (stored whole, flagged)."""
        return sum(f.oversized for f in self.files)

    @property
    def repaired(self) -> int:
        """Usable rows whose text had its encoding damage (mojibake) repaired."""
        return sum(f.repaired for f in self.files)

    @property
    def rounded_thread_ids(self) -> int:
        """Records whose post or parent id may have lost digits (kept; see :class:`FileReport`)."""
        return sum(f.rounded_thread_ids for f in self.files)

    @property
    def failed_files(self) -> list[FileReport]:
        """Files that could not be read at all."""
        return [f for f in self.files if f.error]

    def to_dict(self) -> dict:
        """The four counts plus per-file detail, as written by ``vigie ingest --json``."""
        return {
            "read": self.read,
            "loaded": self.loaded,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "repaired": self.repaired,
            "oversized": self.oversized,
            "rounded_thread_ids": self.rounded_thread_ids,
            "files": [asdict(f) for f in self.files],
        }


def display_path(path: Path) -> str:
    """Path as stored in ``source_file``: relative to the project root (stable across machines)."""
    return os.path.relpath(path.resolve(), PROJ_ROOT)


def _parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse non-negative integer counts; return (parsed Int64, bad mask) where bad = present but invalid."""
    present = values.notna() & (values.astype(str).str.strip() != "")
    numeric = pd.to_numeric(values.where(present), errors="coerce")
    bad = present & (numeric.isna() | (numeric < 0) | (numeric.fillna(0) % 1 != 0))
    return numeric.where(~bad).astype("Int64"), bad


def _is_blank(values: pd.Series) -> pd.Series:
    return values.isna() | (values.astype(str).str.strip() == "")


def normalise(chunk: RawChunk, source_file: str, platform: str, salt: str, tz: str = "UTC",
              now: pd.Timestamp | None = None, lang_accuracy: str = "fast") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Turn a raw chunk into canonical comments and quarantine rows.

    A record is quarantined, with the first failing field named, when its text is empty, its
    timestamp is missing, unparseable or implausible, a count is not a non-negative integer, or its id may have
    lost digits (:func:`~helpers.io.readers.excel.rounded_id`: two comments could share it).

    Returns
    -------
    (comments, quarantine)
        Frames with :data:`COMMENT_COLUMNS` and :data:`QUARANTINE_COLUMNS`.

    """
    now = now or pd.Timestamp.now(tz="UTC")
    raw = chunk.frame.reset_index(drop=True)
    n = len(raw)
    created = parse_timestamps(raw["created_at"], tz)
    likes, bad_likes = _parse_counts(raw["like_count"])
    replies, bad_replies = _parse_counts(raw["reply_count"])
    text = raw["text"].astype(object)
    checks = [
        ("text", _is_blank(text), "empty text"),
        ("created_at", _is_blank(raw["created_at"]), "missing timestamp"),
        ("created_at", created.isna() & ~_is_blank(raw["created_at"]), "unparseable timestamp"),
        ("created_at", created.notna() & ((created < EARLIEST) | (created > now + pd.Timedelta(days=2))),
         "implausible timestamp (before 2000 or in the future)"),
        ("like_count", bad_likes, "like_count is not a non-negative integer"),
        ("reply_count", bad_replies, "reply_count is not a non-negative integer"),
        ("comment_id", raw["comment_id"].map(lambda v: isinstance(v, str) and rounded_by_excel(v)),
         "comment id rounded by a spreadsheet (digits past the 15th lost; export the ids as text)"),
        ("comment_id", raw["comment_id"].map(lambda v: not isinstance(v, str) and rounded_id(v)),
         "comment id held as a float past 2**53 (its last digits may be lost; export the ids as text or integers)"),
    ]
    field_of = pd.Series([None] * n, dtype=object)
    reason_of = pd.Series([None] * n, dtype=object)
    for name, mask, reason in checks:
        mask = pd.Series(np.asarray(mask, dtype=bool))
        new = mask & field_of.isna()
        field_of[new] = name
        reason_of[new] = reason
    bad = field_of.notna().to_numpy()

    rejects = list(chunk.rejects)
    for i in np.flatnonzero(bad):
        record = {k: _jsonable(raw.at[i, k]) for k in RAW_FIELDS if k != "author"}
        value = raw.at[i, field_of[i]]
        rejects.append(Reject(int(raw.at[i, "_row"]), field_of[i], f"{reason_of[i]}: {_short(value)}",
                              json.dumps(record, ensure_ascii=False)))
    quarantine = quarantine_frame(rejects, source_file, now)

    good = raw[~bad].reset_index(drop=True)
    if good.empty:
        return pd.DataFrame(columns=list(COMMENT_COLUMNS)), quarantine
    out = pd.DataFrame(index=good.index)
    platforms = good["platform"].where(~_is_blank(good["platform"]), platform).astype(str).str.strip().str.lower()
    originals = good["text"].astype(str)
    texts = pd.Series(_per_distinct(originals, repair_text), index=originals.index, dtype=object)
    out["platform"] = platforms
    out["source_file"] = source_file
    out["post_id"] = _clean_ids(good["post_id"])
    out["parent_id"] = _clean_ids(good["parent_id"])
    out["created_at"] = created[~bad].reset_index(drop=True)
    authors = _clean_ids(good["author"])
    # One HMAC per distinct (platform, author) key: "\x1f" joins the two; no author, no hash. (Built row by
    # row: pandas' string concatenation dropped a missing author's placeholder, so every comment of an export
    # without authors shared one hash and looked like one prolific author.)
    keys = pd.Series([f"{p}\x1f{a}" if isinstance(a, str) else "" for p, a in zip(platforms, authors.astype(object))],
                     index=authors.index, dtype=object)
    out["author_hash"] = _per_distinct(keys, lambda key: author_hash(*key.split("\x1f", 1), salt) if key else None)
    out["text"] = texts
    out["text_hash"] = _per_distinct(texts, text_hash)  # reposts and copy-pasted comments: hash each text once
    ids = _clean_ids(good["comment_id"])
    missing = ids.isna()
    if missing.any():  # no id in the export: a content hash keeps re-ingestion idempotent
        keys = (platforms[missing] + "|" + out.loc[missing, "post_id"].fillna("") + "|"
                + authors[missing].fillna("") + "|" + out.loc[missing, "created_at"].astype(str) + "|"
                + texts[missing])
        ids[missing] = ["h:" + text_hash(k) for k in keys]
    out["comment_id"] = ids
    langs = good["lang"].map(normalise_lang)
    todo = langs.isna()
    if todo.any():
        langs[todo] = detect_languages(texts[todo].tolist(), accuracy=lang_accuracy)
    out["lang"] = langs
    out["like_count"] = likes[~bad].reset_index(drop=True)
    out["reply_count"] = replies[~bad].reset_index(drop=True)
    out["ingested_at"] = now
    out["extra"] = good["extra"]
    out["text_original"] = originals.where(originals != texts, None)
    out["oversized"] = texts.str.len() > OVERSIZED_CHARS
    return out[list(COMMENT_COLUMNS)], quarantine


def _per_distinct(values: pd.Series, func) -> list:
    """``func`` applied to each distinct value once, broadcast back (values repeat a lot in exports)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.asarray([func(u) for u in uniques], dtype=object)
    return results[codes].tolist()


def _clean_ids(values: pd.Series) -> pd.Series:
    """Ids as stripped strings, ``None`` when missing or blank; floats such as ``12.0`` (Excel) lose the ``.0``."""
    def clean(v: object) -> str | None:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        s = str(v).strip()
        return s or None

    missing = values.isna()
    if (missing | values.map(type).eq(str)).all():  # the common case (CSV read as text): vectorised
        stripped = values.astype(object).where(~missing, "").str.strip()
        return stripped.astype(object).where(stripped != "", None)
    return pd.Series([clean(v) for v in values], index=values.index, dtype=object)


def _jsonable(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _short(value: object, n: int = 60) -> str:
    text = "<missing>" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return repr(text if len(text) <= n else text[: n - 1] + "…")


def quarantine_frame(rejects: list[Reject], source_file: str, now: pd.Timestamp) -> pd.DataFrame:
    """Quarantine rows for ``rejects``; the id makes re-ingesting the same file idempotent."""
    rows = [{
        "quarantine_id": text_hash(f"{source_file}|{r.row}|{r.field}|{r.reason}"),
        "source_file": source_file,
        "row": r.row,
        "field": r.field,
        "reason": r.reason,
        "raw": r.raw,
        "quarantined_at": now,
    } for r in rejects]
    frame = pd.DataFrame(rows, columns=list(QUARANTINE_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    return frame


def ingest_paths(paths: list[str | os.PathLike[str]], store: Store, fmt: str = "auto",
                 mapping: dict[str, str] | None = None, platform: str | None = None, tz: str = "UTC",
                 progress: bool = False, lang_accuracy: str = "fast", sheet: str | None = None) -> IngestReport:
    """Ingest files into ``store``; a file that cannot be read is reported and the others still load.

    Parameters
    ----------
    paths:
        Export files; they are read, never modified.
    store:
        Open, writable :class:`~helpers.io.store.Store`.
    fmt:
        A reader name from :data:`helpers.io.readers.READERS`, or ``"auto"`` to sniff each file.
    mapping:
        Explicit ``{field: column}`` for tabular files whose columns are not recognised.
    platform:
        Platform recorded when the file does not say (default: the reader's own).
    tz:
        Time zone of naive timestamps.
    progress:
        Show a progress bar.
    lang_accuracy:
        ``"fast"`` (two-stage) or ``"high"`` language detection, see :func:`helpers.text.detect_languages`.
    sheet:
        The sheet of an Excel workbook to read (default: the first); a file read otherwise is not loaded.

    """
    if fmt != "auto" and fmt not in READERS:
        raise InvalidInput(f"unknown format '{fmt}'; choose auto or one of: {', '.join(sorted(READERS))}")
    mapping = mapping or {}
    salt = store.salt()
    run_id = uuid.uuid4().hex[:12]
    report = IngestReport()
    counter = rows("ingest", progress)
    for raw_path in paths:
        path = Path(raw_path)
        source = display_path(path)
        file_report = FileReport(source_file=source)
        report.files.append(file_report)
        started = pd.Timestamp.now(tz="UTC")
        try:
            if not path.is_file():
                raise ReaderError("no such file")
            name = sniff_format(path) if fmt == "auto" else fmt
            file_report.format = name
            reader = READERS[name]
            if sheet is not None and not reader.sheets:
                raise ReaderError(f"a sheet ({sheet!r}) was named, but this file is read as {name}, not as a workbook")
            options = {"sheet": sheet} if sheet is not None else {}
            with store.transaction():  # a file lands whole or not at all
                for chunk in reader.read(path, mapping, **options):
                    file_report.encoding = file_report.encoding or chunk.encoding
                    comments, quarantine = normalise(chunk, source, platform or reader.platform, salt, tz, started,
                                                     lang_accuracy)
                    loaded, dups = store.upsert_comments(comments)
                    file_report.repaired += int(comments["text_original"].notna().sum())
                    file_report.oversized += int(comments["oversized"].sum())
                    file_report.rounded_thread_ids += int(chunk.frame[["post_id", "parent_id"]].map(rounded_id)
                                                          .any(axis=1).sum())
                    store.add_quarantine(quarantine)
                    file_report.read += chunk.n_read
                    file_report.loaded += loaded
                    file_report.duplicates += dups
                    file_report.quarantined += len(quarantine)
                    counter.update(chunk.n_read)
        except (ReaderError, ValueError, OSError) as exc:
            file_report.read = file_report.loaded = file_report.duplicates = file_report.quarantined = 0
            file_report.repaired = file_report.oversized = file_report.rounded_thread_ids = 0
            file_report.error = str(exc) or type(exc).__name__
        store.log_file(run_id, file_report, started)
        if file_report.error:
            log.error("%s: not loaded (%s); the other files still load. Fix the file or pass --format/--map, then "
                      "ingest it again", source, file_report.error)
        else:
            log.info("%s: read %d = loaded %d + duplicates %d + quarantined %d (%s, %s; %d repaired, %d oversized)",
                     source, file_report.read, file_report.loaded, file_report.duplicates, file_report.quarantined,
                     file_report.format, file_report.encoding or "binary", file_report.repaired, file_report.oversized)
            if file_report.rounded_thread_ids:
                log.warning("%s: %d record(s) with a post or parent id that may have lost digits (a spreadsheet or "
                            "a float column rounded it): loaded, but different threads may merge. Export the ids as "
                            "text", source, file_report.rounded_thread_ids)
    counter.close()
    return report
