import numpy as np
import pandas as pd
import pytest

from helpers.analysis.timeseries import (
    compare_periods,
    detect_spikes,
    elevated_periods,
    mean_series,
    period_start,
    proportion_series,
    spike_episodes,
    wilson_interval,
)
from helpers.demo import generate
from helpers.errors import InvalidInput


@pytest.fixture(scope="module")
def demo_truth():
    export, truth, events = generate(n_comments=20_000, seed=42)
    frame = truth.merge(export.drop_duplicates("comment_id")[["comment_id", "created_at"]], on="comment_id")
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame, events


def _week(label: str) -> pd.Timestamp:
    return pd.Timestamp.fromisocalendar(int(label[:4]), int(label.split("W")[1]), 1).tz_localize("UTC")


def test_period_start_weeks_start_on_monday():
    times = pd.Series(pd.to_datetime(["2020-04-01T12:00Z", "2020-04-05T23:59Z", "2020-04-06T00:00Z"]))
    weeks = period_start(times, "W")
    assert weeks.tolist()[0] == weeks.tolist()[1] == pd.Timestamp("2020-03-30", tz="UTC")
    assert weeks.iloc[2] == pd.Timestamp("2020-04-06", tz="UTC")
    with pytest.raises(InvalidInput, match="unknown frequency 'fortnight'"):  # a notebook parameter: one clear line
        period_start(times, "fortnight")


def test_wilson_interval_properties():
    low, high = wilson_interval(np.array([0, 3, 50]), np.array([3, 3, 100]))
    assert low[0] == 0 and high[0] > 0.3  # three comments, none flagged: still very uncertain
    assert high[1] == pytest.approx(1) and low[1] < 0.5
    assert low[2] < 0.5 < high[2] and high[2] - low[2] < 0.2


def test_proportion_series_keeps_empty_bins_and_counts_sum(demo_truth):
    frame, _ = demo_truth
    series = proportion_series(frame, "hostile", "h")
    assert series["n"].sum() == len(frame)
    assert (series["n"] == 0).any()  # quiet hours are kept, not dropped
    assert series["period"].is_monotonic_increasing
    by_lang = proportion_series(frame, "question", "W", by="lang")
    assert by_lang["n"].sum() == len(frame)
    assert set(by_lang["lang"]) == {"fr", "en"}


@pytest.mark.parametrize("freq", ["D", "h"])
def test_every_injected_hostility_spike_is_found_and_nothing_else(demo_truth, freq):
    frame, events = demo_truth
    episodes = spike_episodes(detect_spikes(frame, "hostile", freq), freq)
    injected = [(pd.Timestamp(s["start"]), pd.Timestamp(s["end"])) for s in events["hostility_spikes"]]
    assert len(episodes) == len(injected)
    for (start, end), (_, row) in zip(sorted(injected), episodes.sort_values("start").iterrows()):
        assert row["start"] <= end and row["end"] >= start  # overlaps its injected window
        assert row["start"] >= start - pd.Timedelta(days=1)


def test_no_alarm_from_a_few_comments_on_a_quiet_night():
    times = pd.date_range("2020-01-01", periods=24 * 28, freq="h", tz="UTC")
    rng = np.random.default_rng(0)
    rows = [(t, bool(rng.random() < 0.03)) for t in times for _ in range(10)]
    quiet = pd.Timestamp("2020-01-20T03:00Z")
    rows += [(quiet, True)] * 3  # three hostile comments at 3 am: a rate blip, not a spike
    frame = pd.DataFrame(rows, columns=["created_at", "hostile"])
    assert detect_spikes(frame, "hostile", "h").empty
    burst = pd.Timestamp("2020-01-22T15:00Z")
    frame = pd.concat([frame, pd.DataFrame({"created_at": [burst] * 30, "hostile": [True] * 30})])
    spikes = detect_spikes(frame, "hostile", "h")
    assert spikes["period"].tolist() == [burst]


def test_sensitivity_is_monotonic(demo_truth):
    frame, _ = demo_truth
    counts = [len(detect_spikes(frame, "hostile", "h", sensitivity=s)) for s in ("low", "medium", "high")]
    assert counts == sorted(counts)


def test_distress_period_is_found(demo_truth):
    frame, events = demo_truth
    runs = elevated_periods(proportion_series(frame, "distress", "W"))
    assert len(runs) == 1
    run = runs.iloc[0]
    period = events["distress_period"]
    assert _week(period["start"]) <= run["peak"] <= _week(period["end"])
    assert abs((run["peak"] - _week(period["peak"])).days) <= 7


def test_question_waves_are_found(demo_truth):
    frame, events = demo_truth
    runs = elevated_periods(proportion_series(frame, "question", "W"))
    assert len(runs) == len(events["question_waves"])
    for (_, run), wave in zip(runs.iterrows(), events["question_waves"]):
        assert _week(wave["start"]) - pd.Timedelta(days=7) <= run["start"] <= _week(wave["end"])


def test_compare_periods_flags_the_distress_rise(demo_truth):
    frame, _ = demo_truth
    table = compare_periods(frame, ["distress", "hostile"], current=("2020-04-20", "2020-04-27"),
                            previous=("2020-03-23", "2020-03-30")).set_index("metric")
    assert table.loc["distress", "significant"] and table.loc["distress", "change"] > 0
    assert table.loc["distress", "n_current"] > 0


def test_mean_series_bands_contain_the_mean():
    frame = pd.DataFrame({"created_at": pd.date_range("2020-01-01", periods=100, freq="6h", tz="UTC"),
                          "emotion_fear": np.linspace(0, 1, 100)})
    series = mean_series(frame, ["emotion_fear"], "D")
    assert (series["low"] <= series["mean"]).all() and (series["mean"] <= series["high"]).all()
    assert series["n"].sum() == 100
