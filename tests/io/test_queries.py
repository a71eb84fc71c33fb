"""The store's read queries, on a small store written for the tests."""

import pandas as pd

from helpers.io import queries
from helpers.io.store import Store


def test_counts_sizes_and_feedback_of_a_small_store(tmp_path, fixtures):
    from helpers.io.ingest import ingest_paths

    with Store(tmp_path / "s.duckdb") as st:
        ingest_paths([fixtures / "generic.tsv"], st)
        total = st.count("comments")
        times = st.query("SELECT min(created_at) AS a, max(created_at) AS b FROM comments").iloc[0]
        assert queries.comments_between(st, times["a"], times["b"] + pd.Timedelta("1s")) == total
        assert queries.comments_between(st, times["b"] + pd.Timedelta("1s"), times["b"] + pd.Timedelta("2s")) == 0
        assert queries.platforms(st) and queries.topic_sizes(st) == {} and queries.topic_labels(st) == {}
        frames = queries.quality_frames(st)
        assert int(frames["totals"]["comments"].iloc[0]) == total and set(frames) == {
            "totals", "by_source", "by_language", "by_week", "quarantine", "files"}
        assert queries.feedback_counts(st).empty
        st.replace_triage_feedback(pd.DataFrame({"comment_id": ["a", "b", "a"], "category": ["refer", "refer", "question"],
                                                 "correct": [True, False, True], "period": "2020-W16",
                                                 "source_file": "t.csv", "recorded_at": pd.Timestamp.now(tz="UTC")}))
        counts = queries.feedback_counts(st).set_index("category")
        assert counts.loc["refer", "judged"] == 2 and counts.loc["refer", "correct"] == 1
        assert queries.comments_without_topic(st).shape[0] == total
