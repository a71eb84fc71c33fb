import pandas as pd

from helpers.io.timestamps import parse_timestamps


def test_parse_timestamps_mixed_inputs():
    values = pd.Series([
        "2020-03-14T12:00:00Z",
        "2020-03-14T08:00:00-04:00",
        "2020-03-14 08:00:00",  # naive: read in the given time zone
        1584187200,  # epoch seconds
        "1584187200000",  # epoch milliseconds as text
        "Sat Mar 14 12:00:00 +0000 2020",  # Twitter v1 style
        "pas une date",
        None,
    ])
    parsed = parse_timestamps(values, tz="America/Toronto")
    noon = pd.Timestamp("2020-03-14T12:00:00Z")
    assert (parsed.iloc[:6] == noon).all()
    assert parsed.iloc[6:].isna().all()
    assert str(parsed.dt.tz) == "UTC"
