"""helpers.io.readers.crisislex: CrisisLexT26/T6 files, time from the tweet id, the event from the folder."""

import json

import pandas as pd


def test_crisislex_snowflake_time_and_event(fixtures, read_all):
    frame, rejects = read_all("crisislex", fixtures / "crisislex_sample.csv")
    assert len(frame) == 2 and len(rejects) == 1 and rejects[0].field == "comment_id" and rejects[0].row == 3
    first = frame["created_at"].iloc[0]
    # Snowflake: milliseconds since the Twitter epoch in the bits above 22; the derailment was on 2013-07-06.
    expected_ms = (353400000000000000 >> 22) + 1288834974657
    assert pd.Timestamp(first) == pd.Timestamp(expected_ms, unit="ms", tz="UTC")
    assert pd.Timestamp(first).strftime("%Y-%m") == "2013-07"  # ids of that size are from July 2013
    assert frame["post_id"].iloc[0] == "crisislex_sample"
    assert json.loads(frame["extra"].iloc[0])["information_source"] == "Media"
    assert json.loads(frame["extra"].iloc[0])["event"] == "crisislex_sample"
