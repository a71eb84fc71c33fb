"""Time series shared by the three analyses: binning, uncertainty bands, spikes and changes.

All functions take a tidy frame of comments (one row each, a tz-aware ``created_at``) and return tidy
frames, so the notebooks only plot them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import InvalidInput

FREQ_ALIASES = {"hour": "h", "hourly": "h", "h": "h", "6h": "6h", "6 hours": "6h", "day": "D", "daily": "D", "D": "D",
                "week": "W-MON", "weekly": "W-MON", "W": "W-MON"}
#: Time scales a chart of shares may use, finest first (:func:`choose_freq`).
TIME_SCALES: tuple[str, ...] = ("h", "6h", "D")
#: Comments a bin must hold on average for its share to say something: with fewer, a share is a few
#: comments' worth and its 95% band spans most of the axis (one hostile comment in five is "20%").
MIN_PER_BIN = 20
#: Named sensitivities for spike detection: (p-value threshold, minimum flagged count factor).
SENSITIVITY = {"low": 1e-6, "medium": 1e-4, "high": 1e-2}


def _freq(freq: str) -> str:
    try:
        return FREQ_ALIASES[freq]
    except KeyError:
        raise InvalidInput(f"unknown frequency '{freq}'; use one of {sorted(FREQ_ALIASES)}") from None


def period_start(times: pd.Series, freq: str) -> pd.Series:
    """Start of the bin (hour, day or ISO week starting Monday) that each timestamp falls in, in UTC."""
    f = _freq(freq)
    times = pd.to_datetime(times, utc=True).dt.as_unit("ns")  # one resolution, so bins align with date_range
    if f == "W-MON":
        days = times.dt.floor("D")
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    return times.dt.floor(f)


def bin_length(freq: str) -> pd.Timedelta:
    """The length of one bin of ``freq`` (an hour, six hours, a day, a week)."""
    return {"h": pd.Timedelta(hours=1), "6h": pd.Timedelta(hours=6), "D": pd.Timedelta(days=1),
            "W-MON": pd.Timedelta(days=7)}[_freq(freq)]


def choose_freq(times: pd.Series, start, end, min_per_bin: int = MIN_PER_BIN) -> str:
    """The finest of :data:`TIME_SCALES` whose bins over ``[start, end)`` hold ``min_per_bin`` comments on average.

    A busy page's week is read hour by hour; a quiet page's by six hours or by day, so a chart shows the
    week's story rather than the noise of bins of one or two comments. Spikes are detected on the same
    scale: the finest the volume supports. ``D`` when even days are thin.
    """
    span = pd.Timestamp(end) - pd.Timestamp(start)
    n = len(times)
    for freq in TIME_SCALES:
        if n / max(span / bin_length(freq), 1.0) >= min_per_bin:
            return freq
    return TIME_SCALES[-1]


def wilson_interval(k: np.ndarray, n: np.ndarray, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for proportions ``k / n`` (well behaved for small ``n`` and ``k = 0``)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(n > 0, k / n, np.nan)
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def proportion_series(frame: pd.DataFrame, flag: str, freq: str = "D", by: str | Sequence[str] | None = None,
                      time_column: str = "created_at", complete: bool = True) -> pd.DataFrame:
    """Share of comments with ``flag`` true per time bin: ``period, [by], n, k, rate, low, high``.

    Empty bins between the first and last comment are kept (``n = 0``) when ``complete`` is true, so a
    quiet night is visible as quiet rather than missing.
    """
    by = [by] if isinstance(by, str) else list(by or [])
    data = pd.DataFrame({"period": period_start(frame[time_column], freq), "k": frame[flag].astype(float)})
    for b in by:
        data[b] = frame[b].to_numpy()
    grouped = data.groupby([*by, "period"], observed=True)["k"].agg(["size", "sum"]).rename(
        columns={"size": "n", "sum": "k"}).reset_index()
    return proportion_table(grouped, freq, by, complete)


def proportion_table(grouped: pd.DataFrame, freq: str = "D", by: Sequence[str] = (), complete: bool = True) -> pd.DataFrame:
    """Rates and Wilson bands from counts per bin (``[by], period, n, k``), e.g. aggregated by the store."""
    by = list(by)
    if complete and not grouped.empty:
        full = pd.date_range(grouped["period"].min(), grouped["period"].max(), freq=bin_length(freq)).as_unit("ns")
        if by:
            index = pd.MultiIndex.from_product([grouped[b].unique() for b in by] + [full], names=[*by, "period"])
        else:
            index = pd.Index(full, name="period")
        grouped = grouped.set_index([*by, "period"]).reindex(index, fill_value=0).reset_index()
    grouped["n"] = grouped["n"].astype(int)
    grouped["rate"] = np.where(grouped["n"] > 0, grouped["k"] / grouped["n"].clip(lower=1), np.nan)
    grouped["low"], grouped["high"] = wilson_interval(grouped["k"], grouped["n"])
    return grouped


def mean_series(frame: pd.DataFrame, columns: Sequence[str], freq: str = "D", by: str | None = None,
                time_column: str = "created_at") -> pd.DataFrame:
    """Mean of score columns per bin with a 95% normal band: ``period, [by], metric, n, mean, low, high``."""
    data = frame[list(columns)].astype(float).copy()
    data["period"] = period_start(frame[time_column], freq)
    keys = ["period"] + ([by] if by else [])
    if by:
        data[by] = frame[by].to_numpy()
    long = data.melt(id_vars=keys, value_vars=list(columns), var_name="metric")
    agg = long.groupby([*keys, "metric"], observed=True)["value"].agg(["size", "mean", "std"]).reset_index()
    return mean_table(agg.rename(columns={"size": "n"}))


def mean_table(agg: pd.DataFrame) -> pd.DataFrame:
    """95% normal bands from ``n, mean, std`` per bin and metric (e.g. aggregated by the store); drops ``std``."""
    se = agg["std"].astype(float).fillna(0) / np.sqrt(agg["n"])
    agg = agg.assign(low=(agg["mean"] - 1.96 * se).clip(lower=0), high=agg["mean"] + 1.96 * se)
    return agg.drop(columns="std")


def detect_spikes(frame: pd.DataFrame, flag: str = "hostile", freq: str = "D", sensitivity: str | float = "medium",
                  baseline_days: int = 14, min_count: int | None = None, min_ratio: float = 2.0,
                  time_column: str = "created_at") -> pd.DataFrame:
    """Bins where flagged comments surge above an adaptive baseline.

    A bin is a spike when all three hold:

    - its flagged share is significantly above the baseline share of the trailing ``baseline_days``
      (one-sided binomial test, p below the sensitivity), so a busy day is not a spike by volume alone;
    - its flagged count is at least ``min_ratio`` times what the baseline share predicts and at least
      ``min_ratio`` times the trailing median count, so a rate blip on a quiet night is not a spike;
    - it has at least ``min_count`` flagged comments (default 5 per hour, 10 per 6 hours, 15 per day, 30
      per week).

    The trailing window spans whole weeks of history, which absorbs the weekly rhythm; the baseline
    share gets a weak prior from the whole series so early bins are not judged on nothing.

    Returns
    -------
    DataFrame
        One row per flagged bin: ``period, n, k, rate, baseline_rate, expected, ratio, p_value``.
    """
    alpha = SENSITIVITY[sensitivity] if isinstance(sensitivity, str) else float(sensitivity)
    f = _freq(freq)
    if min_count is None:
        min_count = {"h": 5, "6h": 10, "D": 15, "W-MON": 30}[f]
    series = proportion_series(frame, flag, freq, time_column=time_column).set_index("period")
    bins_per_day = {"h": 24, "6h": 4, "D": 1, "W-MON": 1 / 7}[f]
    window = max(2, int(round(baseline_days * bins_per_day)))
    gap = 1
    k = series["k"].astype(float)
    n = series["n"].astype(float)
    k_hist = k.shift(gap).rolling(window, min_periods=1).sum()
    n_hist = n.shift(gap).rolling(window, min_periods=1).sum()
    k_median = k.shift(gap).rolling(window, min_periods=1).median().fillna(0)
    overall = k.sum() / max(n.sum(), 1)
    prior = 50.0  # pseudo-comments at the overall share
    baseline = ((k_hist.fillna(0) + prior * overall) / (n_hist.fillna(0) + prior)).clip(1e-6, 1 - 1e-6)
    expected = baseline * n
    p_value = pd.Series(stats.binom.sf(k - 1, n.astype(int), baseline), index=series.index)
    ratio = k / expected.clip(lower=1e-9)
    is_spike = ((p_value < alpha) & (k >= min_count) & (ratio >= min_ratio)
                & (k >= min_ratio * k_median))
    out = pd.DataFrame({"n": n.astype(int), "k": k.astype(int), "rate": series["rate"], "baseline_rate": baseline,
                        "expected": expected, "ratio": ratio, "p_value": p_value})[is_spike]
    return out.reset_index()


def spike_episodes(spikes: pd.DataFrame, freq: str = "D", max_gap: int | None = None) -> pd.DataFrame:
    """Merge spike bins into episodes: ``episode, start, end, bins, n, k, peak_rate``.

    Bins at most ``max_gap`` bins apart belong to one episode (default: 12 hours for hourly bins, so a
    night's lull does not split one outburst in two; adjacent bins otherwise).
    """
    if spikes.empty:
        return pd.DataFrame(columns=["episode", "start", "end", "bins", "n", "k", "peak_rate"])
    step = bin_length(freq)
    if max_gap is None:
        max_gap = {"h": 12, "6h": 2}.get(_freq(freq), 1)
    periods = spikes["period"].sort_values().reset_index(drop=True)
    episode = (periods.diff() > max_gap * step).cumsum()
    s = spikes.sort_values("period").reset_index(drop=True).assign(episode=episode.to_numpy())
    out = s.groupby("episode").agg(start=("period", "min"), last=("period", "max"), bins=("period", "size"),
                                   n=("n", "sum"), k=("k", "sum"), peak_rate=("rate", "max")).reset_index()
    out["end"] = out["last"] + step
    return out.drop(columns="last")[["episode", "start", "end", "bins", "n", "k", "peak_rate"]]


def compare_periods(frame: pd.DataFrame, flags: Sequence[str], current: tuple, previous: tuple,
                    time_column: str = "created_at", alpha: float = 0.05) -> pd.DataFrame:
    """Shares of each flag in two periods with a two-proportion z-test.

    ``current`` and ``previous`` are ``(start, end)`` pairs (end excluded). Returns
    ``metric, n_previous, rate_previous, n_current, rate_current, change, p_value, significant``.
    """
    times = pd.to_datetime(frame[time_column], utc=True)

    def window(bounds: tuple) -> pd.DataFrame:
        start, end = (pd.Timestamp(b, tz="UTC") if pd.Timestamp(b).tzinfo is None else pd.Timestamp(b) for b in bounds)
        return frame[(times >= start) & (times < end)]

    cur, prev = window(current), window(previous)
    rows = []
    for flag in flags:
        k1, n1 = float(prev[flag].astype(float).sum()), len(prev)
        k2, n2 = float(cur[flag].astype(float).sum()), len(cur)
        p1 = k1 / n1 if n1 else np.nan
        p2 = k2 / n2 if n2 else np.nan
        pooled = (k1 + k2) / (n1 + n2) if n1 + n2 else np.nan
        se = np.sqrt(pooled * (1 - pooled) * (1 / max(n1, 1) + 1 / max(n2, 1))) if n1 and n2 else np.nan
        z = (p2 - p1) / se if se and se > 0 else 0.0
        p_value = float(2 * stats.norm.sf(abs(z))) if n1 and n2 else np.nan
        rows.append({"metric": flag, "n_previous": n1, "rate_previous": p1, "n_current": n2, "rate_current": p2,
                     "change": p2 - p1, "p_value": p_value,
                     "significant": bool(n1 and n2 and p_value < alpha)})
    return pd.DataFrame(rows)


def elevated_periods(series: pd.DataFrame, baseline: float | None = None, min_bins: int = 2) -> pd.DataFrame:
    """Runs of consecutive bins whose whole uncertainty band sits above ``baseline``.

    ``series`` is the output of :func:`proportion_series`; ``baseline`` defaults to the median rate.
    Returns ``start, end, bins, peak, peak_rate`` for runs of at least ``min_bins`` bins.
    """
    s = series.sort_values("period").reset_index(drop=True)
    base = float(np.nanmedian(s["rate"])) if baseline is None else baseline
    above = (s["low"] > base).to_numpy()
    runs, start = [], None
    for i, flag in enumerate([*above, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= min_bins:
                part = s.iloc[start:i]
                peak = part["rate"].idxmax()
                runs.append({"start": part["period"].iloc[0], "end": part["period"].iloc[-1], "bins": i - start,
                             "peak": s.loc[peak, "period"], "peak_rate": s.loc[peak, "rate"]})
            start = None
    return pd.DataFrame(runs, columns=["start", "end", "bins", "peak", "peak_rate"])
