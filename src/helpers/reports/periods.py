"""Report periods: ISO weeks (``2020-W14``), months (``2020-04``), days or explicit ranges, in UTC."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import InvalidInput

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Period:
    """A half-open UTC interval ``[start, end)`` with a label."""

    label: str
    start: pd.Timestamp
    end: pd.Timestamp

    def previous(self) -> Period:
        """The period of the same kind just before this one (same length; previous month for months)."""
        if _MONTH.match(self.label):
            start = self.start - pd.DateOffset(months=1)
            return Period(start.strftime("%Y-%m"), start, self.start)
        if _WEEK.match(self.label):
            return parse_period((self.start - pd.Timedelta(days=7)).strftime("%G-W%V"))
        length = self.end - self.start
        start = self.start - length
        return Period(f"{start.date()}..{self.start.date()}", start, self.start)

    def next(self) -> Period:
        """The period of the same kind just after this one."""
        if _MONTH.match(self.label):
            end = self.end + pd.DateOffset(months=1)
            return Period(self.end.strftime("%Y-%m"), self.end, end)
        if _WEEK.match(self.label):
            return parse_period(self.end.strftime("%G-W%V"))
        length = self.end - self.start
        return Period(f"{self.end.date()}..{(self.end + length).date()}", self.end, self.end + length)


def period_kind(label: str) -> str:
    """``week``, ``month`` or ``period`` (a day or a range), from a period's label."""
    return "week" if _WEEK.match(label) else "month" if _MONTH.match(label) else "period"


def parse_period(text: str) -> Period:
    """Parse ``2020-W14`` (ISO week), ``2020-04`` (month), ``2020-04-01`` (day) or ``START..END``.

    Raises
    ------
    InvalidInput
        With the accepted forms, when ``text`` is none of them or names no real date (a ``ValueError``).
    """
    try:
        return _parse_period(text.strip())
    except InvalidInput:
        raise
    except ValueError as exc:  # pandas: a month 13, a 31 February
        raise InvalidInput(f"period '{text}' is not a real date ({exc})") from None


def _parse_period(text: str) -> Period:
    if m := _WEEK.match(text):
        year, week = int(m.group(1)), int(m.group(2))
        try:
            start = pd.Timestamp.fromisocalendar(year, week, 1).tz_localize("UTC")
        except ValueError as exc:
            raise InvalidInput(f"'{text}' is not a valid ISO week") from exc
        return Period(text, start, start + pd.Timedelta(days=7))
    if m := _MONTH.match(text):
        start = pd.Timestamp(year=int(m.group(1)), month=int(m.group(2)), day=1, tz="UTC")
        return Period(text, start, start + pd.DateOffset(months=1))
    if _DAY.match(text):
        start = pd.Timestamp(text, tz="UTC")
        return Period(text, start, start + pd.Timedelta(days=1))
    if ".." in text:
        a, b = text.split("..", 1)
        start, end = pd.Timestamp(a, tz="UTC"), pd.Timestamp(b, tz="UTC")
        if end <= start:
            raise InvalidInput(f"period '{text}' ends before it starts")
        return Period(text, start, end)
    raise InvalidInput(f"period '{text}' not understood; use 2020-W14, 2020-04, 2020-04-01 or 2020-04-01..2020-04-15")


def periods_between(first: str, last: str, every: str = "week") -> list[Period]:
    """Every week (or month) from the one containing ``first`` to the one containing ``last``."""
    def containing(day: str) -> Period:
        try:
            ts = pd.Timestamp(day)
        except ValueError:
            raise InvalidInput(f"'{day}' is not a date (YYYY-MM-DD)") from None
        return parse_period(ts.strftime("%G-W%V") if every == "week" else ts.strftime("%Y-%m"))

    if every not in {"week", "month"}:
        raise InvalidInput("--every must be week or month")
    current, stop = containing(first), containing(last)
    out = []
    while current.start <= stop.start:
        out.append(current)
        current = current.next()
    return out
