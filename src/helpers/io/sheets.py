"""Sheets people fill in by hand and give back: coding sheets (``vigie agreement``) and triage queues (``vigie feedback``).

Vigie writes them as UTF-8 CSV with a byte-order mark, which Excel opens with its accents. Excel does not
save them back that way: French Excel on Windows writes "CSV (séparateur : point-virgule)", Windows-1252
with semicolons and CRLF, or keeps its own ``.xlsx``; it also turns long numeric ids into ``3,53E+17``
and drops leading zeros. :func:`read_sheet` reads every such file through the readers ``vigie ingest``
uses; :func:`damaged_ids` finds the ids a spreadsheet changed, so codes and verdicts are never matched
to the wrong comment, or silently to none; :func:`parse_yes_no` reads values as people type them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import MissingFile, VigieError
from .readers import ReaderError
from .readers.excel import EXCEL_DIGITS, EXCEL_SUFFIXES, rounded_by_excel, sheet_rows
from .tables import read_input

#: Values read as yes / no, after trimming and lower-casing (``x`` marks a box; empty means not filled).
YES = frozenset({"1", "yes", "y", "oui", "o", "true", "vrai", "v", "x", "ok", "correct"})
NO = frozenset({"0", "no", "n", "non", "false", "faux", "f", "wrong", "incorrect", "erreur"})
YES_NO_HINT = "1/0, oui/non, yes/no, vrai/faux or x"
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


def _read_excel(path: Path) -> Sheet:
    try:
        rows = list(sheet_rows(path))
    except ReaderError as exc:
        raise VigieError(f"{path}: {exc}") from exc
    if not rows:
        raise VigieError(f"{path}: the workbook's first sheet is empty (no header)")
    header = [clean(h) for h in rows[0][1]]
    while header and header[-1] == "":
        header.pop()
    records, numbers = [], []
    for number, row in rows[1:]:
        row = (row + [""] * len(header))[: len(header)]  # a note beside the sheet's columns is not a code
        if any(clean(v) for v in row):
            records.append(row)
            numbers.append(number)
    return Sheet(path, pd.DataFrame(records, columns=header, dtype=object), numbers, "xlsx")


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
        if rounded_by_excel(value):
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
