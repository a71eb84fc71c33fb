"""helpers.reports.periods: weeks, months, days and ranges in UTC; the previous and next period of each kind."""

import pandas as pd
import pytest

from helpers.errors import InvalidInput
from helpers.reports.periods import parse_period, period_kind, periods_between


def test_an_iso_week_starts_on_monday_and_lasts_seven_days():
    week = parse_period("2020-W16")
    assert week.start == pd.Timestamp("2020-04-13", tz="UTC") and week.end == pd.Timestamp("2020-04-20", tz="UTC")
    assert week.previous().label == "2020-W15" and week.next().label == "2020-W17"
    assert parse_period("2020-W53").next().label == "2021-W01"  # 2020 has 53 ISO weeks


def test_months_days_and_ranges():
    feb = parse_period("2020-02")
    assert (feb.end - feb.start).days == 29 and feb.previous().label == "2020-01" and feb.next().label == "2020-03"
    day = parse_period("2020-04-01")
    assert (day.end - day.start) == pd.Timedelta(days=1)
    span = parse_period(" 2020-04-01..2020-04-15 ")
    assert span.previous().label == "2020-03-18..2020-04-01" and span.next().label == "2020-04-15..2020-04-29"
    assert [period_kind(p) for p in ("2020-W16", "2020-04", "2020-04-01", "2020-04-01..2020-04-15")] == [
        "week", "month", "period", "period"]


@pytest.mark.parametrize("text, says", [
    ("2020-W54", "not a valid ISO week"), ("2020-13", "not a real date"), ("2020-02-30", "not a real date"),
    ("2020-04-15..2020-04-01", "ends before it starts"), ("last week", "use 2020-W14"),
])
def test_a_bad_period_says_what_is_accepted(text, says):
    with pytest.raises(InvalidInput, match=says):
        parse_period(text)


def test_periods_between_cover_every_week_or_month_once():
    weeks = periods_between("2020-04-01", "2020-04-30")
    assert [w.label for w in weeks] == ["2020-W14", "2020-W15", "2020-W16", "2020-W17", "2020-W18"]
    assert all(a.end == b.start for a, b in zip(weeks, weeks[1:]))
    assert [m.label for m in periods_between("2020-11-15", "2021-02-01", every="month")] == [
        "2020-11", "2020-12", "2021-01", "2021-02"]
    with pytest.raises(InvalidInput, match="week or month"):
        periods_between("2020-01-01", "2020-02-01", every="day")
