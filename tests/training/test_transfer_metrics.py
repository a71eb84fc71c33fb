"""helpers.training.transfer_metrics: the figures a row of `vigie evaluate` reads."""

import numpy as np
import pandas as pd
import pytest

from helpers.training import transfer_metrics
from helpers.training.transfer_metrics import METRICS, auc_of, f1_at_half, macro_f1, mean_auc, with_label


def test_mean_auc_skips_emotions_with_one_class_and_heads_left_out():
    frame = pd.DataFrame({"anger": [1, 0, 1, 0], "joy": [0, 0, 0, 0], "fear": [1, 1, 0, 0]})
    pred = {"emotion_anger": np.array([0.9, 0.1, 0.8, 0.2]),   # ranks perfectly: 1.0
            "emotion_joy": np.array([0.5, 0.4, 0.3, 0.2]),     # no positive labelled: not a figure
            "emotion_trust": np.array([0.1, 0.2, 0.3, 0.4])}   # not annotated here
    assert mean_auc(frame, pred) == pytest.approx(1.0)         # fear has no prediction (its head was left out)
    pred["emotion_fear"] = np.array([0.1, 0.2, 0.8, 0.9])       # ranks backwards: 0.0
    assert mean_auc(frame, pred) == pytest.approx(0.5)


def test_f1_at_half_flags_from_half_up_and_reads_booleans():
    frame = pd.DataFrame({"label": [1, 1, 0, 0]})
    assert f1_at_half("hostile")(frame, {"hostile": np.array([0.5, 0.49, 0.2, 0.7])}) == pytest.approx(0.5)
    assert f1_at_half("hostile")(frame, {"hostile": np.array([True, True, False, False])}) == pytest.approx(1.0)
    assert f1_at_half("hostile")(frame, {"hostile": np.zeros(4)}) == 0.0  # nothing flagged: 0, no warning


def test_ranking_and_macro_f1_read_their_own_columns():
    frame = pd.DataFrame({"label": [1, 0, 1, 0]})
    pred = {"distress": np.array([0.6, 0.4, 0.3, 0.1]), "identity_attack": np.array([0.1, 0.9, 0.2, 0.8])}
    assert auc_of("distress")(frame, pred) == pytest.approx(0.75)
    assert auc_of("identity_attack")(frame, pred) == pytest.approx(0.0)
    sentiment = pd.DataFrame({"label": ["positive", "negative", "neutral", "neutral"]})
    assert macro_f1(sentiment, {"sentiment": np.array(["positive", "negative", "neutral", "positive"])}) == \
        pytest.approx((2 / 3 + 1 + 2 / 3) / 3)


def test_every_figure_reads_columns_that_scored_comments_give():
    from helpers.scoring.score import SCORE_COLUMNS
    from helpers.training import transfer

    n = 6
    scored = pd.DataFrame({c: np.linspace(0.1, 0.9, n) for c in SCORE_COLUMNS})
    scored["sentiment"] = ["positive", "negative", "neutral"] * 2
    scored["hostile"] = [True, False] * 3
    pred = transfer._as_predictions(scored)
    frame = pd.DataFrame({"label": [1, 0] * 3, **{e: [1, 0] * 3 for e in ("anger", "fear")}})
    sentiment = frame.assign(label=["positive", "negative", "neutral"] * 2)
    for head, metrics in METRICS.items():
        for name, fn in metrics:
            value = fn(sentiment if head == "sentiment" else frame, pred)
            assert 0.0 <= value <= 1.0, (head, name)


def test_the_emotions_column_is_its_eight_heads():
    heads = transfer_metrics.column_heads(["emotions", "hostile"])
    assert heads == [*transfer_metrics.EMOTION_HEADS, "hostile"] and len(heads) == 9
    assert all(h.startswith("emotion_") for h in transfer_metrics.EMOTION_HEADS)


def test_with_label_reads_the_gold_column_by_position_and_leaves_the_frame_alone():
    frame = pd.DataFrame({"offensive": [1, 0, 1]}, index=[7, 3, 5])  # a filtered split keeps its index
    out = with_label(frame, "offensive")
    assert out["label"].tolist() == [1, 0, 1] and "label" not in frame
    assert f1_at_half("hostile")(out, {"hostile": np.array([0.9, 0.1, 0.2])}) == pytest.approx(2 / 3)
