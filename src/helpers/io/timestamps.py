"""Timestamps as exports hold them: ISO 8601 with or without an offset, other date strings, Unix epochs.

Every parsed value is timezone-aware UTC; a naive one is read in the time zone the user names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Timestamps outside this window are treated as errors (epoch seconds read as ms, and the like).
EARLIEST = pd.Timestamp("2000-01-01", tz="UTC")
_OFFSET_RE = r"(?:Z|[+-]\d{2}:?\d{2})$"


def parse_timestamps(values: pd.Series, tz: str = "UTC") -> pd.Series:
    """Parse mixed timestamps to timezone-aware UTC; unparseable values become ``NaT``.

    Accepts datetimes, ISO 8601 strings with or without an offset (naive ones are read in ``tz``),
    other common date strings, and Unix epochs in seconds or milliseconds (numbers or digit strings).
    """
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    present = values.notna()
    if not present.any():
        return out
    vals = values[present]
    is_dt = vals.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "tzinfo"))
    if is_dt.any():
        dts = pd.to_datetime(vals[is_dt], utc=False)
        if getattr(dts.dt, "tz", None) is None:
            dts = dts.dt.tz_localize(tz)
        out[dts.index] = dts.dt.tz_convert("UTC")
    rest = vals[~is_dt]
    if rest.empty:
        return out
    strs = rest.astype(str).str.strip()
    numeric = pd.to_numeric(strs, errors="coerce")
    is_num = numeric.notna()
    if is_num.any():
        num = numeric[is_num]
        seconds = num.where(num.abs() < 1e11, num / 1000.0)
        out[num.index] = pd.to_datetime(seconds, unit="s", utc=True, errors="coerce")
    strs = strs[~is_num]
    if strs.empty:
        return out
    has_offset = strs.str.contains(_OFFSET_RE, regex=True)
    aware = pd.to_datetime(strs[has_offset], format="ISO8601", utc=True, errors="coerce")
    naive = pd.to_datetime(strs[~has_offset], format="ISO8601", errors="coerce")
    parsed = pd.concat([aware, _localise(naive, tz)]).reindex(strs.index)
    failed = parsed.isna()
    if failed.any():  # non-ISO strings ("Sat Mar 14 12:00:00 +0000 2020", "2020/03/14 12:00")
        retry = [_parse_one(v, tz) for v in strs[failed]]
        parsed[failed] = pd.to_datetime(pd.Series(retry, index=parsed.index[failed], dtype=object), utc=True)
    out[parsed.index] = parsed
    return out


def _localise(naive: pd.Series, tz: str) -> pd.Series:
    if naive.empty:
        return pd.Series(pd.NaT, index=naive.index, dtype="datetime64[ns, UTC]")
    return naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")


def _parse_one(value: str, tz: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(pd.to_datetime(value, format="mixed"))
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if ts is pd.NaT:
        return ts
    return ts.tz_localize(tz).tz_convert("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
