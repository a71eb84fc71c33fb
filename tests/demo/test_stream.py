
import pandas as pd
import pytest

from helpers.demo import generate


@pytest.fixture(scope="module")
def demo():
    return generate(n_comments=6000, seed=7)


def test_same_seed_same_stream(demo):
    export, truth, events = generate(n_comments=6000, seed=7)
    pd.testing.assert_frame_equal(export, demo[0])
    pd.testing.assert_frame_equal(truth, demo[1])
    assert events == demo[2]
    other, _, _ = generate(n_comments=6000, seed=8)
    assert not other["text"].equals(export["text"])


def test_sizes_and_defects_reconcile(demo):
    export, truth, events = demo
    assert len(truth) == events["n_comments"] == 6000
    assert len(export) == events["n_rows"] == 6000 + events["n_malformed_rows"] + events["n_duplicated_rows"]
    assert export["comment_id"].duplicated().sum() == events["n_duplicated_rows"]
    assert set(export.columns) == {"comment_id", "post_id", "parent_id", "author", "created_at", "text",
                                   "like_count", "reply_count", "platform"}


def test_bilingual_informal_stream(demo):
    _, truth, _ = demo
    export = demo[0].drop_duplicates("comment_id").set_index("comment_id").loc[truth["comment_id"]]
    share_fr = (truth["lang"] == "fr").mean()
    assert 0.5 < share_fr < 0.75
    fr_texts = export["text"][truth["lang"].to_numpy() == "fr"].astype(str)
    # Informal writing: many French comments lose their accents, some carry emoji.
    no_accents = ~fr_texts.str.contains("[éèàçêù]", regex=True)
    assert no_accents.mean() > 0.4
    assert export["text"].astype(str).str.contains("[\U0001F300-\U0001FAFF]", regex=True).mean() > 0.1


def _weekly(export, truth):
    frame = truth.merge(export.drop_duplicates("comment_id")[["comment_id", "created_at"]], on="comment_id")
    frame["week"] = pd.to_datetime(frame["created_at"], utc=True).dt.strftime("%G-W%V")
    return frame


def test_topic_waves_peak_where_the_ground_truth_says(demo):
    export, truth, events = demo
    weekly = _weekly(export, truth)
    share = pd.crosstab(weekly["week"], weekly["topic"], normalize="index")
    for wave in events["topic_waves"]:
        series = share[wave["topic"]]
        assert series.loc[:wave["emerges"]].iloc[:-1].sum() == 0 or wave["emerges"] == series.index[0]
        peak_week = series.idxmax()
        assert abs(_week_no(peak_week) - _week_no(wave["peaks"])) <= 3, (wave, peak_week)
        # Gone a week after it fades (late replies to the last post may spill over one week).
        after = series.loc[series.index > f"2020-W{_week_no(wave['fades']) + 1:02d}"]
        assert after.sum() == 0


def _week_no(label: str) -> int:
    return int(label.split("-W")[1])


def test_hostility_spikes_are_injected_on_their_posts(demo):
    export, truth, events = demo
    frame = _weekly(export, truth)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    baseline = frame["hostile"].mean()
    assert len(events["hostility_spikes"]) == 2
    for spike in events["hostility_spikes"]:
        window = frame[(frame["created_at"] >= spike["start"]) & (frame["created_at"] < spike["end"])]
        assert window["hostile"].mean() > 4 * baseline
        on_post = truth[truth["post_id"] == spike["post_id"]]
        assert on_post["hostile"].mean() > 0.4


def test_distress_period_and_question_waves(demo):
    export, truth, events = demo
    weekly = _weekly(export, truth).groupby("week")[["distress", "question"]].mean()
    peak = events["distress_period"]["peak"]
    assert weekly["distress"].idxmax() in {peak, f"2020-W{_week_no(peak) - 1}", f"2020-W{_week_no(peak) + 1}"}
    assert weekly["distress"].loc[peak] > 3 * weekly["distress"].iloc[-5:].mean()
    first_wave = events["question_waves"][0]
    assert weekly["question"].loc[first_wave["start"]] > weekly["question"].loc["2020-W25"]
