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
