"""Transfer and baseline figures: sources left out as whole collections, encoder cache, floors as printed."""

import numpy as np
import pandas as pd

from helpers.training import transfer
from helpers.training.embedding_cache import CachedEncoder
from helpers.training.transfer import Row, table


def test_a_transfer_leaves_out_every_part_of_the_collection():
    frame = pd.DataFrame({"text": list("abcde"), "y": [1, 0, 1, 0, 1],
                          "source": ["xed_fr", "xed_en", "goemotions", "tweeteval", "xed_fr"]})
    assert transfer._without(frame, "xed")["source"].tolist() == ["goemotions", "tweeteval"]
    assert transfer._without(frame, "goemotions")["text"].tolist() == ["a", "b", "d", "e"]
    assert transfer._without(frame, None) is frame


def test_cached_encoder_embeds_each_text_once_and_reads_back_without_pickle(tmp_path):
    calls = []

    def embed(texts):
        calls.append(list(texts))
        return np.array([[len(t), t.count("a")] for t in texts], dtype=np.float32)

    enc = CachedEncoder("toy", embed, tmp_path)
    first = enc(["banana", "kiwi", "banana"])
    assert calls == [["banana", "kiwi"]] and first.tolist() == [[6, 3], [4, 0], [6, 3]]
    enc.save()
    again = CachedEncoder("toy", embed, tmp_path)
    assert again(["kiwi", "apple"]).tolist() == [[4, 0], [5, 1]]
    assert calls[-1] == ["apple"]
    with np.load(tmp_path / "toy.npz", allow_pickle=False) as z:  # plain arrays: loads with pickling refused
        assert z["vectors"].shape == (2, 2)


def test_floors_are_read_as_printed_and_a_missed_floor_stands_out():
    rows = [Row("sentiment", "transfer", "macro-F1, FR", "UMSAB", 324, 0.6504, 0.6496, 0.61),
            Row("hostile", "validation", "F1, EN", "Davidson", 100, 0.70, 0.72, None),
            Row("emotions", "validation", "mean ROC-AUC, EN", "XED", 50, 0.76, 0.72, 0.765, 0.7641)]
    assert rows[0].floor_met and not rows[1].floor_met and rows[2].floor_met
    assert rows[0].precise_floor_met is None and rows[2].precise_floor_met is False
    text = table(rows)
    assert "| sentiment | transfer | macro-F1, FR | UMSAB | 324 | 0.650 | 0.650 | 0.610 |  | yes |  |" in text
    assert "| 0.700 | 0.720 |  |  | **no** |  |" in text
    assert text.rstrip().endswith("| 0.760 | 0.720 | 0.765 | 0.764 | yes | **no** |")


def test_every_transfer_case_names_a_source_its_head_learns_from(shared_data):
    from helpers.training.text_model import load_splits, training_sets

    splits = load_splits()
    sets = training_sets(splits)
    for case in transfer.cases(splits):
        if case.held_out is None:
            continue
        names = transfer._head_names(case.head)
        sources = set().union(*(set(sets[n]["source"]) for n in names))
        assert transfer.SOURCE_GROUPS.get(case.held_out, {case.held_out}) <= sources, case
        assert len(case.frame) and set(case.langs) <= set(case.frame["lang"])
