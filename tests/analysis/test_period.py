"""A period's scored comments: the one frame every analysis and notebook starts from."""

import pandas as pd
import pytest

from helpers.analysis.period import load_period
from helpers.errors import VigieError
from helpers.io.store import Store


def test_a_store_without_scores_says_to_enrich_and_an_empty_period_keeps_its_columns(tmp_path, fixtures):
    from helpers.io.ingest import ingest_paths
    from helpers.scoring.enrich import enrich_store

    path = tmp_path / "s.duckdb"
    with Store(path) as st:
        ingest_paths([fixtures / "generic.tsv"], st)
        with pytest.raises(VigieError, match="vigie enrich"):
            load_period(st)
        enrich_store(st)
        everything = load_period(st)
        nothing = load_period(st, "1990-01-01", "1990-01-02")
    assert len(everything) > 0 and everything["created_at"].is_monotonic_increasing
    assert nothing.empty and list(nothing.columns) == list(everything.columns)
    assert everything["hostile"].dtype == bool and {"negative", "distressed"} <= set(everything.columns)
    last = everything["created_at"].iloc[-1]
    with Store(path, read_only=True) as st:  # [start, end): the start is in, the end is out
        window = load_period(st, last, last + pd.Timedelta("1s"))
        before = load_period(st, None, last)
    assert len(window) >= 1 and (window["created_at"] == last).all()
    assert len(before) + len(window) == len(everything)
