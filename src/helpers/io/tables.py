"""Tables in and out for `vigie score` and `vigie topics --input`: any export the readers know, any format out.

Reading goes through the same readers as `vigie ingest`; rows that cannot be read are kept beside the
output (``<output>.quarantine.csv``: row, field, reason, raw), never dropped silently. Writing is atomic,
in the format the output's extension names (CSV, TSV, JSON Lines, Parquet, an Excel workbook). `vigie score` streams: it
reads a CSV, TSV, Parquet or Excel file in chunks (:data:`~helpers.io.readers._base.CHUNK_SIZE` records) and
writes each chunk's rows as they are scored, so memory stays flat on a file of millions of rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pandas as pd

from ..errors import InvalidInput, MissingFile
from ..files import atomic_path
from .readers import ReaderError, TableChunk
from .readers._base import CHUNK_SIZE
from .readers.excel import EXCEL_DIGITS
from .readers.generic import is_json, iter_tables, merge_tables

#: Excel's limits: rows in a sheet (the header is one of them), characters in a cell (digits: ``EXCEL_DIGITS``).
EXCEL_ROWS = 1_048_576
EXCEL_CELL_CHARS = 32_767


class TableWriter:
    """Write a table chunk by chunk (format by extension); the file appears, whole, only when the writer closes.

    Every chunk must have the first chunk's columns (in any order). On an error inside the ``with`` block
    nothing is left at ``path``: an earlier file there stays as it was.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        self.columns: list[str] | None = None
        self.rows = 0
        self._atomic = atomic_path(self.path)
        self._tmp: Path | None = None
        self._handle = None
        self._parquet = None
        self._book = self._sheet = None

    def __enter__(self) -> TableWriter:
        self._tmp = self._atomic.__enter__()
        return self

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame``'s rows."""
        if self.columns is None:
            self.columns = [str(c) for c in frame.columns]
        elif set(map(str, frame.columns)) != set(self.columns):
            raise ValueError(f"{self.path}: a chunk has columns {list(frame.columns)}, the first had {self.columns}")
        frame = frame[self.columns]
        if self.suffix == ".parquet":
            self._write_parquet(frame)
        elif self.suffix == ".xlsx":
            self._write_excel(frame)
        elif self.suffix in {".jsonl", ".ndjson"}:
            if self._handle is None:
                self._handle = open(self._tmp, "w", encoding="utf-8")
            if len(frame):
                text = frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
                self._handle.write(text if text.endswith("\n") else text + "\n")
        else:
            self._write_delimited(frame)
        self.rows += len(frame)

    def _write_delimited(self, frame: pd.DataFrame) -> None:
        """CSV or TSV through Arrow's writer (a tenth of pandas' time on scored comments).

        Text is always quoted (an empty text, ``""``, stays apart from a missing one, an empty field), numbers are
        written as the shortest text that reads back the same float, booleans as ``true``/``false``.
        """
        import pyarrow.csv as pa_csv

        header = self._handle is None
        if header:
            self._handle = open(self._tmp, "wb")
        options = pa_csv.WriteOptions(include_header=header, delimiter="\t" if self.suffix in {".tsv", ".tab"} else ",")
        pa_csv.write_csv(_arrow_table(frame), self._handle, options)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            table = pa.Table.from_pandas(frame, preserve_index=False)
            # A column empty in the first chunk has no type yet: text is what a later chunk holds there.
            schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema])
            self._parquet = pq.ParquetWriter(self._tmp, schema.remove_metadata())
        self._parquet.write_table(pa.Table.from_pandas(frame, schema=self._parquet.schema, preserve_index=False))

    def _write_excel(self, frame: pd.DataFrame) -> None:
        """Append to one sheet, streamed (openpyxl's write-only mode).

        Every text stays text: a comment that starts with ``=`` is never a formula, and an id longer than Excel's 15
        digits is not rounded. Rows or cells beyond Excel's limits raise, naming the row and field.
        """
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if self._book is None:
            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("vigie")
            self._sheet.append(self.columns)
        if self.rows + len(frame) >= EXCEL_ROWS:
            raise InvalidInput(f"{self.path}: more than {EXCEL_ROWS - 1:,} rows do not fit in an Excel sheet; "
                               "write .csv or .parquet instead")

        def cell(value: object, row: int, column: str) -> object:
            if pd.api.types.is_scalar(value) and pd.isna(value):
                return None
            if pd.api.types.is_bool(value):
                return bool(value)
            if pd.api.types.is_integer(value) and abs(int(value)) < 10**EXCEL_DIGITS:
                return int(value)
            if pd.api.types.is_float(value):
                return float(value)
            text = value.isoformat() if hasattr(value, "isoformat") else str(value)
            if len(text) > EXCEL_CELL_CHARS:
                raise InvalidInput(f"{self.path}: row {row}, field '{column}': {len(text):,} characters, more than an "
                                   f"Excel cell holds ({EXCEL_CELL_CHARS:,}); write .csv or .parquet instead")
            written = WriteOnlyCell(self._sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))  # control characters
            written.data_type = "s"  # text, even "=..." (a formula) or a long id
            return written

        for i, values in enumerate(frame.itertuples(index=False, name=None)):
            self._sheet.append([cell(v, self.rows + i + 2, c) for v, c in zip(values, self.columns)])

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._book is not None:  # saved even after an error, which closes its streams; the file is then dropped
            self._book.save(self._tmp)
        elif error is None and self.suffix == ".xlsx":  # no chunk at all: an empty workbook
            from openpyxl import Workbook

            Workbook().save(self._tmp)
        elif self._handle is None and self._parquet is None and error is None:
            self._tmp.touch()  # no chunk at all: an empty file, not a missing one
        if self._handle is not None:
            self._handle.close()
        if self._parquet is not None:
            self._parquet.close()
        self._atomic.__exit__(kind, error, trace)


def _arrow_table(frame: pd.DataFrame):
    """``frame`` as an Arrow table; a column Arrow cannot type (values of mixed kinds) goes as text, as pandas writes it."""
    import pyarrow as pa

    columns = {}
    for name in frame.columns:
        try:
            columns[str(name)] = pa.array(frame[name], from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            columns[str(name)] = pa.array(frame[name].astype("string"), from_pandas=True)
    return pa.table(columns) if columns else pa.table({})


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` (format by extension) through a temporary file and a rename."""
    with TableWriter(path) as writer:
        writer.write(frame)
    return path


def _quarantine(path: Path, output: Path | None, rejects: list) -> None:
    """Write the unreadable rows of ``path`` beside ``output``, or remove a stale quarantine file."""
    if output is None:
        return
    quarantine_path = output.with_name(output.name + ".quarantine.csv")
    if rejects:
        write_table(pd.DataFrame([{"source_file": str(path), "row": r.row, "field": r.field, "reason": r.reason,
                                   "raw": r.raw} for r in rejects]), quarantine_path)
    elif quarantine_path.exists():  # a quarantine file from an earlier run of the same output is stale
        quarantine_path.unlink()


def read_input(path: Path, output: Path | None = None, sheet: str | None = None) -> TableChunk:
    """Every readable row of ``path``; with ``output``, the unreadable ones go to ``<output>.quarantine.csv``.

    ``sheet`` names the sheet of a workbook to read (default: the first).

    Raises
    ------
    MissingFile
        When ``path`` does not exist.
    ReaderError
        Naming the file, when it cannot be read at all.

    """
    return merge_tables(list(iter_input(path, output, sheet=sheet)))


def iter_input(path: Path, output: Path | None = None, chunk_size: int | None = None,
               sheet: str | None = None) -> Iterator[TableChunk]:
    """:func:`read_input` in chunks; the quarantine file is written after the last chunk.

    CSV, TSV, Parquet and Excel files come ``chunk_size`` records at a time (default :data:`CHUNK_SIZE`), JSON
    whole (its records may differ in their fields). Raises as :func:`read_input`.
    """
    if not path.is_file():
        raise MissingFile(f"{path}: no such file")
    chunks = iter_tables(path, chunk_size or CHUNK_SIZE, sheet)
    if is_json(path):
        chunks = _merged(chunks)
    rejects = []
    while True:
        try:
            chunk = next(chunks)
        except StopIteration:
            break
        except (ReaderError, OSError) as exc:
            raise ReaderError(f"{path}: cannot read ({exc})") from exc
        rejects += chunk.rejects
        yield chunk
    _quarantine(path, output, rejects)


def _merged(chunks: Iterator[TableChunk]) -> Iterator[TableChunk]:
    yield merge_tables(list(chunks))
