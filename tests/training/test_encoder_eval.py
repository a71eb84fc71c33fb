"""helpers.training.encoder_eval: the encoder tier's rows beside the fast tier."""

import numpy as np

from helpers.training.encoder_eval import _Scorer, gain, write_report


def _row(fast, encoder, both, lower=False):
    return {"section": "S", "metric": "m", "data": "d", "n": 10, "fast": fast, "encoder": encoder, "both": both,
            "lower_is_better": lower}


def test_the_best_mode_of_a_row_ties_go_to_the_cheaper_fast_tier():
    assert gain(_row(0.70, 0.72, 0.71)) == "encoder"
    assert gain(_row(0.7204, 0.7196, 0.70)) == "fast"  # equal as printed
    assert gain(_row(0.05, 0.01, 0.03, lower=True)) == "encoder"  # a false-alarm rate: lower wins


class _Tier:
    version = "t-1"
    metadata = {"settings": {"layers": 6, "frozen": 4, "epochs": 3}, "trained_on": {"a": 5, "b": 7}, "chosen_epoch": 2,
                "inner_texts": 3, "epochs": [{"epoch": 1, "inner_mean": 0.5, "inner": {"sentiment": 0.5}},
                                             {"epoch": 2, "inner_mean": 0.6, "inner": {"sentiment": 0.6}}]}

    def predict(self, texts):
        n = len(texts)
        return {"sentiment": np.tile([0.1, 0.2, 0.7], (n, 1)), "hostile": np.linspace(0, 1, n)}


def test_columns_read_alike_in_every_mode(monkeypatch):
    import pandas as pd

    fast = pd.DataFrame({"sentiment": ["negative", "neutral", "positive"], "hostile": [True, False, True]})
    monkeypatch.setattr("helpers.training.encoder_eval.score_texts", lambda texts, langs, precise=False: fast)
    s = _Scorer(["a", "b", "c"], ["fr"] * 3, _Tier())
    assert s.column("sentiment", "encoder").tolist() == ["positive"] * 3  # the argmax class, as a label
    assert s.column("hostile", "encoder").tolist() == [False, True, True]  # its head at 0.5
    assert s.column("hostile", "fast").tolist() == [True, False, True]
    row = s.row("Hostility", "rate", "d", lambda col: np.mean(col("hostile")), 3, lower_is_better=True)
    assert (row["fast"], row["both"]) == (2 / 3, 2 / 3) and row["encoder"] == 2 / 3


def test_the_report_names_the_tier_and_lists_each_epoch(tmp_path):
    path = write_report([_row(0.70, 0.72, 0.71)], _Tier(), 12.0, tmp_path / "encoder_tier.md")
    text = path.read_text(encoding="utf-8")
    assert "Tier `t-1`" in text and "on 12 training texts" in text and "epoch 2 of 3" in text
    assert "| S | m | d | 10 | 0.700 | 0.720 | 0.710 | encoder |" in text
    assert "| 2 | 0.600 | 0.600 |" in text
