"""Sheets people fill in by hand and give back: coding sheets (``vigie agreement``) and triage queues (``vigie feedback``).

Vigie writes them as UTF-8 CSV with a byte-order mark, which Excel opens with its accents. Excel does not
save them back that way: French Excel on Windows writes "CSV (séparateur : point-virgule)", Windows-1252
with semicolons and CRLF, or keeps its own ``.xlsx``; it also turns long numeric ids into ``3,53E+17``
and drops leading zeros. :func:`read_sheet` reads every such file through the readers ``vigie ingest``
uses; :func:`damaged_ids` finds the ids a spreadsheet changed, so codes and verdicts are never matched
to the wrong comment, or silently to none; :func:`parse_yes_no` reads values as people type them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import MissingFile, VigieError
from .tables import EXCEL_DIGITS, read_input

#: Suffixes read as Excel workbooks (first sheet).
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: Values read as yes / no, after trimming and lower-casing (``x`` marks a box; empty means not filled).
YES = frozenset({"1", "yes", "y", "oui", "o", "true", "vrai", "v", "x", "ok", "correct"})
NO = frozenset({"0", "no", "n", "non", "false", "faux", "f", "wrong", "incorrect", "erreur"})
YES_NO_HINT = "1/0, oui/non, yes/no, vrai/faux or x"
#: An id Excel showed in scientific notation (``3,53E+17``, ``3.53196816616062E+17``): its digits are gone.
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")
_SPACES = " \t\r\n\u00a0\u202f\u2007"  # Excel and French keyboards leave non-breaking spaces too


@dataclass
class Sheet:
    """A hand-filled sheet: every cell as text, and the spreadsheet row number of each record (header is row 1)."""

    path: Path
    frame: pd.DataFrame
    rows: list[int]
    encoding: str | None


def clean(value: object) -> str:
    """A cell as a trimmed string ('' for an empty cell)."""
    return "" if value is None else str(value).strip(_SPACES)


def _cell_text(value: object) -> str:
    """An Excel cell as the text a person sees (numbers without a spurious ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**EXCEL_DIGITS else f"{float(value):.{EXCEL_DIGITS - 1}E}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXCEL_DIGITS:
            return str(int(value))
        # A long id stored as a number: Excel kept 15 digits, so show it as Excel does (damaged_ids names it).
        return f"{value:.{EXCEL_DIGITS - 1}E}" if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_excel(path: Path) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises zipfile, KeyError, InvalidFileException...
        raise VigieError(f"{path}: not a readable Excel workbook ({exc})") from exc
    try:
        cells = [[_cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    if not cells:
        raise VigieError(f"{path}: the workbook's first sheet is empty (no header)")
    header = [clean(h) for h in cells[0]]
    while header and header[-1] == "":
        header.pop()
    records, rows = [], []
    for number, row in enumerate(cells[1:], start=2):
        row = (row + [""] * len(header))[: len(header)]
        if any(clean(v) for v in row):
            records.append(row)
            rows.append(number)
    return Sheet(path, pd.DataFrame(records, columns=header, dtype=object), rows, "xlsx")


def read_sheet(path: str | Path, required: Iterable[str] = ()) -> Sheet:
    """Read a sheet saved by a spreadsheet: CSV in any encoding, delimiter and line ending, or ``.xlsx``.

    Raises
    ------
    VigieError
        Naming the file (and the rows) when it is missing, cannot be read, has records that cannot be
        read (a verdict or a code would be lost), or lacks a ``required`` column.

    """
    path = Path(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        if not path.is_file():
            raise MissingFile(f"{path}: no such file")
        sheet = _read_excel(path)
    else:
        table = read_input(path)
        if table.rejects:
            where = ", ".join(str(r.row + 1) for r in table.rejects[:10] if r.row is not None)
            raise VigieError(f"{path}: {len(table.rejects)} row(s) cannot be read ({table.rejects[0].reason}; "
                             f"spreadsheet rows {where}): save the sheet again as CSV or .xlsx")
        frame = table.frame.astype(object).where(table.frame.notna(), "")
        sheet = Sheet(path, frame, [r + 1 for r in table.rows], table.encoding)
    sheet.frame.columns = [clean(c) for c in sheet.frame.columns]
    missing = [c for c in required if c not in sheet.frame.columns]
    if missing:
        raise VigieError(f"{path}: missing column(s) {', '.join(missing)} (columns: "
                         f"{', '.join(map(str, sheet.frame.columns))})")
    sheet.frame = sheet.frame.map(clean).reset_index(drop=True)
    return sheet


def parse_yes_no(value: object) -> bool | None:
    """``True``/``False`` for a yes/no value typed any way people type it; ``None`` for an empty cell.

    Raises
    ------
    ValueError
        For anything else.

    """
    text = clean(value).lower()
    if text in {"", "nan"}:
        return None
    if text.endswith(".0") and text[:-2] in {"0", "1"}:  # a number cell read back as 1.0
        text = text[:-2]
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{clean(value)!r} is not {YES_NO_HINT}")


def _strip_zeros(value: str) -> str:
    return value.lstrip("0") or "0"


def damaged_ids(ids: Iterable[str], known: Iterable[str] | None = None) -> list[tuple[int, str, str]]:
    """The ids a spreadsheet changed: ``(position, id, what happened)``.

    Scientific notation is always damage. With the ``known`` ids (the store's), an id that matches none
    is damaged when it equals a known id less its leading zeros, or shares the first 15 digits of a
    longer numeric one (what Excel keeps of a number).
    """
    known_set = set(map(str, known)) if known is not None else set()
    no_zeros = {_strip_zeros(k): k for k in known_set if k[:1] == "0" and k.isdigit()}
    prefixes = {k[:EXCEL_DIGITS]: k for k in known_set if k.isdigit() and len(k) > EXCEL_DIGITS}
    out = []
    for i, value in enumerate(map(str, ids)):
        if _SCIENTIFIC.match(value):
            out.append((i, value, "written in scientific notation"))
        elif known_set and value not in known_set and value.isdigit():
            if value in no_zeros:
                out.append((i, value, f"leading zeros dropped (the comment is {no_zeros[value]})"))
            elif len(value) > EXCEL_DIGITS and value[:EXCEL_DIGITS] in prefixes:
                out.append((i, value, f"digits past the {EXCEL_DIGITS}th lost (the comment is "
                                      f"{prefixes[value[:EXCEL_DIGITS]]})"))
    return out


def check_ids(sheet: Sheet, column: str = "comment_id", known: Iterable[str] | None = None) -> None:
    """Stop with one line naming the file and rows when a spreadsheet changed ids (see :func:`damaged_ids`).

    Raises
    ------
    VigieError
        With the fix: format the column as text, and take the ids from the sheet Vigie wrote.

    """
    damage = damaged_ids(sheet.frame[column], known)
    if not damage:
        return
    rows = ", ".join(str(sheet.rows[i]) for i, _, _ in damage[:12]) + (", ..." if len(damage) > 12 else "")
    kinds = "; ".join(sorted({why.split(" (")[0] for _, _, why in damage}))
    example = f"{damage[0][1]!r}: {damage[0][2]}"
    raise VigieError(f"{sheet.path}: {len(damage)} {column} value(s) changed by a spreadsheet ({kinds}) on rows "
                     f"{rows}, e.g. {example}. They would match the wrong comment or none: format the {column} "
                     "column as text before saving (in Excel: Data > From Text/CSV, column type Text), or copy the "
                     "ids back from the sheet Vigie wrote")


def unmatched_rows(sheet: Sheet, known: Iterable[str], column: str = "comment_id") -> list[int]:
    """Spreadsheet rows whose id matches no known id (after :func:`check_ids`: typed by hand, or another store's)."""
    known_set = set(map(str, known))
    return [row for row, value in zip(sheet.rows, sheet.frame[column]) if value not in known_set]
