"""Fitting calibration: the map chosen by cross-validation fixes a miscalibrated score."""

import numpy as np
import pytest

from helpers.training.calibration import calibration_sets, cross_validated, fit_one


def test_a_miscalibrated_score_is_mapped_and_a_calibrated_one_left_alone():
    rng = np.random.default_rng(0)
    truth = rng.random(3000)
    labels = (rng.random(3000) < truth).astype(int)
    squashed = truth ** 3  # says 0.125 where 50% are positive
    calibrator, figures = fit_one(squashed, labels, "synthetic")
    assert figures["method"] in {"isotonic", "platt"} and figures["ece_cv"] < figures["ece_raw"] / 3
    assert figures["ece_cv"] < 0.05 and figures["rows"] == 3000
    assert calibrator(np.array([0.125]))[0] == pytest.approx(0.5, abs=0.08)
    # Cross-validated predictions come from maps that did not see the comment.
    assert cross_validated(squashed, labels, "raw").tolist() == squashed.tolist()


@pytest.mark.slow
@pytest.mark.shared_data
def test_calibration_sets_hold_validation_rows_only(shared_data):
    from helpers.training.text_model import load_splits

    splits = load_splits()
    sets = calibration_sets(splits)
    assert {(s.attribute, s.lang) for s in sets} >= {("TOXICITY", "fr"), ("TOXICITY", "en"), ("IDENTITY_ATTACK", "fr")}
    # The collections overlap (the superset holds MLMA's French tweets): no calibration text was trained on.
    training = set(splits.superset_train["text"]) | set(splits.mlma_train["text"]) | set(splits.davidson_train["text"])
    for s in sets:
        assert s.frame["label"].isin([0, 1]).all() and 0 < s.frame["label"].mean() < 1 and len(s.frame) > 200
        assert not set(s.frame["text"]) & training
        if s.attribute == "TOXICITY":  # civil comments temper the hate collections' prior
            assert "civil comments" in s.data and s.frame["label"].mean() < 0.6
