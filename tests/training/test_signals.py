"""Learned must-not-miss signals: threshold chosen inside the training data, written cases kept apart from the checks."""

import numpy as np
import pytest

from helpers.models.text_model import DEFAULT_MODEL, default_model
from helpers.training.signals import SIGNALS, choose_threshold, head_name, training_frame
from must_not_miss import (
    LATER_NOT_SELF_HARM,
    LATER_NOT_THREATS,
    LATER_SELF_HARM,
    LATER_THREATS,
    NOT_SELF_HARM,
    NOT_THREATS,
    SELF_HARM,
    THREATS,
)


def test_threshold_is_the_lowest_that_keeps_lookalike_false_alarms_in_bounds():
    proba = np.array([0.9, 0.8, 0.3, 0.7, 0.6, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    lookalike = np.array([False, False, False] + [True] * 11)
    threshold, recall, false = choose_threshold(proba, y, lookalike, max_false_alarms=0.1)
    # 0.61 lets one look-alike of eleven through (0.09); 0.60 would let two (0.18).
    assert threshold == pytest.approx(0.61) and recall == pytest.approx(2 / 3) and false == pytest.approx(1 / 11)
    assert choose_threshold(proba, y, lookalike, max_false_alarms=0.0)[0] == pytest.approx(0.71)


@pytest.mark.parametrize("signal", SIGNALS)
def test_training_cases_are_not_the_checks(signal):
    # The checks in tests/must_not_miss.py measure what the heads learnt: none of them may be trained on.
    checks = {t.lower() for sets in (THREATS, NOT_THREATS, LATER_THREATS, LATER_NOT_THREATS, SELF_HARM,
                                     NOT_SELF_HARM, LATER_SELF_HARM, LATER_NOT_SELF_HARM)
              for texts in sets.values() for t in texts}
    frame = training_frame(signal)
    assert not checks & set(frame["text"].str.lower())
    assert frame["y"].sum() >= 50 and frame["lookalike"].sum() >= 40
    assert not (frame["lookalike"] & frame["y"].eq(1)).any()


@pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")
@pytest.mark.parametrize("signal", SIGNALS)
def test_shipped_signal_heads_carry_their_cross_validated_threshold(signal):
    model = default_model()
    chosen = model.metadata["signals"][signal]
    assert head_name(signal) in model.heads and 0.05 <= chosen["threshold"] < 0.99
    assert chosen["cv_false_alarms"] <= 0.1
