"""helpers.io.datasets: the shared labelled sets load with their documented columns; splits are deterministic."""

import pandas as pd
import pytest

from helpers.errors import MissingFile
from helpers.io import datasets


def test_splits_are_deterministic_and_stratified():
    frame = pd.DataFrame({"text": [f"t{i}" for i in range(100)], "label": ["a"] * 80 + ["b"] * 20})
    train, val = datasets.split_frame(frame, 0.2, seed=3, stratify="label")
    again, _ = datasets.split_frame(frame, 0.2, seed=3, stratify="label")
    assert train.equals(again) and len(val) == 20 and (val["label"] == "b").sum() == 4
    assert set(train["text"]).isdisjoint(val["text"])


def test_a_missing_data_set_says_where_it_was_looked_for(tmp_path):
    with pytest.raises(MissingFile, match="VIGIE_SHARED_DATA"):
        datasets.dreaddit(root=tmp_path)


@pytest.mark.shared_data
def test_the_shared_sets_load_with_text_and_labels(shared_data):
    umsab = datasets.umsab("val", root=shared_data)
    assert {"text", "label", "lang"} <= set(umsab.columns) and set(umsab["lang"]) >= {"fr", "en"}
    assert set(umsab["label"]) == {"negative", "neutral", "positive"}
    xed = datasets.xed(root=shared_data)
    assert set(datasets.EMOTIONS) <= set(xed.columns) and set(xed["lang"]) == {"fr", "en"}
    superset = datasets.french_hate_superset(root=shared_data)
    assert len(superset) > 1000 and superset["text"].notna().all()


def test_civil_crisis_tweets_and_the_rest_split_crisislex_by_information_type(tmp_path):
    event = tmp_path / "crisislex_t26" / "2013_flood"
    event.mkdir(parents=True)
    pd.DataFrame({"Tweet ID": ["1", "2", "3"], " Tweet Text": ["stay safe", "lol what flood", "donate here"],
                  " Information Type": ["Caution and advice", "Other Useful Information", "Donations and volunteering"],
                  " Informativeness": ["Related and informative"] * 3}).to_csv(event / "2013_flood-tweets_labeled.csv",
                                                                                index=False)
    civil = datasets.crisis_tweets(civil=True, root=tmp_path)
    rest = datasets.crisis_tweets(civil=False, root=tmp_path)
    assert civil["text"].tolist() == ["stay safe", "donate here"] and rest["text"].tolist() == ["lol what flood"]
    assert civil.index.tolist() == [0, 1]
