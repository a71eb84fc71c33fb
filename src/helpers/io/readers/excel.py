"""Excel workbooks (``.xlsx``, ``.xlsm``): one sheet (the first, or one named), a header row then one record a row.

Comments come to Vigie as workbooks too: export tools write them, and a CSV opened in Excel is often saved
back as one. Every cell is read as the text a person sees in it (:func:`cell_text`). Excel keeps 15
significant digits of a number, so an id stored as a number past them has lost its last digits: it reads as
Excel shows it (``3.53196816616062E+17``), which :func:`rounded_by_excel` recognises, so ``vigie ingest``
quarantines the row instead of merging different comments under one id.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ._base import CHUNK_SIZE, ReaderError, Reject, TableChunk

#: Suffixes read as Excel workbooks.
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: Suffixes this reader takes: the workbooks, and an old ``.xls``, which it refuses with the fix.
WORKBOOK_SUFFIXES = EXCEL_SUFFIXES | {".xls"}
#: Significant digits Excel keeps of a number: a longer id is kept only as text.
EXCEL_DIGITS = 15
#: From here on a float (float64) skips whole numbers, so an id held as one may have lost digits.
FLOAT_EXACT = 2**53
#: A number as Excel shows one it rounded (``3,53E+17``, ``3.53196816616062E+17``): its digits are gone.
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")


def rounded_by_excel(value: str) -> bool:
    """Whether an id reads as a number in scientific notation, as Excel writes one it kept 15 digits of."""
    return bool(_SCIENTIFIC.match(value.strip()))


def rounded_id(value: object) -> bool:
    """Whether an id may have lost digits.

    Either it is written as Excel writes a number it rounded (:func:`rounded_by_excel`), or it is held as a
    float at or past 2**53, where floats skip whole numbers (a Parquet or JSON id column with gaps is read
    as floats).
    """
    if isinstance(value, str):
        return rounded_by_excel(value)
    return isinstance(value, float) and math.isfinite(value) and abs(value) >= FLOAT_EXACT


def cell_text(value: object) -> str:
    """A cell as the text a person sees ('' when empty; whole numbers without a spurious ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**EXCEL_DIGITS else f"{float(value):.{EXCEL_DIGITS - 1}E}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXCEL_DIGITS:
            return str(int(value))
        # A long id stored as a number: Excel kept 15 digits, so show it as Excel does.
        return f"{value:.{EXCEL_DIGITS - 1}E}" if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def sheet_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(spreadsheet row number, cells as text)`` for each row of a sheet, the header (row 1) first.

    ``sheet`` names the sheet, in any case (default: the first); rows with no value are skipped; trailing empty
    cells are dropped.

    Raises
    ------
    ReaderError
        If the file is not a workbook openpyxl can read (an old ``.xls``, a damaged or encrypted file), or has no
        sheet named ``sheet`` (the message lists the sheets it has).

    """
    from openpyxl import load_workbook

    if path.suffix.lower() == ".xls":
        raise ReaderError("an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV in Excel, then read that")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises zipfile, KeyError, InvalidFileException...
        raise ReaderError(f"not a readable Excel workbook ({exc})") from exc
    try:
        chosen = book.worksheets[0]
        if sheet is not None:  # Excel's sheet names ignore case: it refuses two that differ only in case
            named = [name for name in book.sheetnames if name.casefold() == sheet.strip().casefold()]
            if not named:
                raise ReaderError(f"no sheet named {sheet!r}; the workbook's sheets are "
                                  f"{', '.join(map(repr, book.sheetnames))}")
            chosen = book[named[0]]
        for number, values in enumerate(chosen.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                yield number, cells
    finally:
        book.close()


def excel_tables(path: Path, chunk_size: int = CHUNK_SIZE, sheet: str | None = None) -> Iterator[TableChunk]:
    """A sheet of a workbook (default: the first) as table chunks of text cells, ``chunk_size`` records at a time.

    A record's number is its spreadsheet row less the header's (as a CSV record's), so a quarantined row is
    found in Excel at ``row + 1`` when the header is on row 1. A row with a value under no header is
    rejected with the cell's reference: no column could hold that value.
    """
    from openpyxl.utils import get_column_letter

    rows = sheet_rows(path, sheet)
    first = next(rows, None)
    if first is None:
        raise ReaderError(f"the workbook's {'first sheet' if sheet is None else f'sheet {sheet!r}'} is empty (no header)")
    top, header = first
    header = [h.strip() for h in header]
    records: list[list[str]] = []
    numbers: list[int] = []
    rejects: list[Reject] = []
    for number, cells in rows:
        record = number - top
        if len(cells) > len(header):
            where = f"{get_column_letter(len(header) + 1)}{number}"
            rejects.append(Reject(record, None, f"a value in cell {where}, beyond the header's {len(header)} columns",
                                  "\t".join(cells)[:2000]))
        else:
            records.append(cells + [""] * (len(header) - len(cells)))
            numbers.append(record)
        if len(records) + len(rejects) >= chunk_size:
            yield TableChunk(pd.DataFrame(records, columns=header, dtype=object), numbers, rejects, "xlsx")
            records, numbers, rejects = [], [], []
    yield TableChunk(pd.DataFrame(records, columns=header, dtype=object), numbers, rejects, "xlsx")

