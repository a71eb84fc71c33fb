"""helpers.analysis.mood: sentiment, distress and question shares with bands; emotions; open questions."""

import pandas as pd

from helpers.analysis.mood import MOOD_FLAGS, distress_periods, emotion_series, mood_series, open_questions, with_flags
from helpers.io.schema import EMOTION_COLUMNS


def _scored(days: int = 42, per_day: int = 30, distressed_days: range = range(14, 28)) -> pd.DataFrame:
    """Six weeks of comments; half of those of weeks 3 and 4 distressed; one question in ten, in three wordings."""
    rows = []
    for day in range(days):
        for i in range(per_day):
            rows.append({"created_at": pd.Timestamp("2020-04-06", tz="UTC") + pd.Timedelta(days=day, minutes=i),
                         "sentiment": ["negative", "neutral", "positive"][i % 3],
                         "distress": 0.9 if day in distressed_days and i < per_day // 2 else 0.1,
                         "is_question": i % 10 == 0, "hostile": i == 5, "lang": "fr", "like_count": i,
                         "author_hash": f"a{i}", "text": f"Où se faire vacciner à Laval? Appelez le 514-555-0{i:03d}"
                         if i % 10 == 0 else "ok",
                         **{c: 0.2 for c in EMOTION_COLUMNS}})
    return pd.DataFrame(rows)


def test_mood_shares_come_with_bands_for_every_flag():
    series = mood_series(_scored(), "W")
    assert set(series["metric"]) == set(MOOD_FLAGS)
    negative = series[series["metric"] == "negative"]
    assert (negative["rate"].round(3) == 0.333).all() and (negative["low"] < negative["rate"]).all()
    assert (negative["rate"] < negative["high"]).all() and negative["n"].sum() == 42 * 30


def test_the_distressed_week_stands_out():
    flagged = with_flags(_scored())
    assert flagged["distressed"].sum() == 14 * 15
    elevated = distress_periods(_scored(), "W")
    assert len(elevated) == 1 and elevated["bins"].iloc[0] == 2
    assert elevated["start"].iloc[0] == pd.Timestamp("2020-04-20", tz="UTC")


def test_emotions_are_named_without_their_column_prefix():
    series = emotion_series(_scored(), "W")
    assert set(series["metric"]) == {c.removeprefix("emotion_") for c in EMOTION_COLUMNS}
    assert (series["mean"].round(6) == 0.2).all()


def test_open_questions_are_grouped_redacted_and_never_hostile():
    questions = open_questions(_scored(), n=5)
    assert len(questions) == 3  # three wordings (i = 0, 10, 20), each asked on every day
    assert (questions["asked"] == 42).all()
    assert not questions["text"].str.contains("514-555").any()
    assert open_questions(_scored().assign(is_question=False)).empty
