"""Calibration maps: their methods, their file, and refusing another model's maps."""

import json

import numpy as np
import pytest

from helpers.models.calibration import (
    DEFAULT_CALIBRATION,
    Calibration,
    Calibrator,
    expected_calibration_error,
    reliability,
)
from helpers.models.text_model import default_model
from helpers.scoring.score import scores_version


def test_each_method_maps_scores_monotonically_into_probabilities():
    raw = np.linspace(0, 1, 11)
    iso = Calibrator("isotonic", x=(0.0, 0.5, 1.0), y=(0.0, 0.2, 0.9))
    platt = Calibrator("platt", a=2.0, b=-1.0)
    assert iso(np.array([0.25, 0.75])).tolist() == pytest.approx([0.1, 0.55])
    assert platt(np.array([0.5])) == pytest.approx(1 / (1 + np.exp(1.0)))
    for c in (iso, platt, Calibrator()):
        out = c(raw)
        assert np.all(np.diff(out) >= 0) and out.min() >= 0 and out.max() <= 1
    assert np.array_equal(Calibrator()(raw), raw)
    with pytest.raises(ValueError, match="unknown calibration method"):
        Calibrator("magic")


def test_expected_calibration_error_on_a_known_case():
    # Ten comments at 0.8, six positive: a gap of 0.2 in the one bin used.
    assert expected_calibration_error(np.full(10, 0.8), np.array([1] * 6 + [0] * 4)) == pytest.approx(0.2)
    assert expected_calibration_error(np.array([0.05, 0.95]), np.array([0, 1])) == pytest.approx(0.05)
    assert reliability(np.full(4, 0.3), np.array([1, 0, 0, 0])) == [
        {"bin": "0.3–0.4", "n": 4, "predicted": pytest.approx(0.3), "observed": 0.25}]


def test_maps_round_trip_and_another_models_maps_are_refused(tmp_path):
    cal = Calibration("vigie-text-x@rules9", {"TOXICITY": {"fr": Calibrator("platt", a=1.5, b=0.2)}}, "cal-test")
    path = cal.save(tmp_path / "c.json")
    assert json.loads(path.read_text())["maps"]["TOXICITY"]["fr"]["method"] == "platt"
    again = Calibration.load(path, "vigie-text-x@rules9")
    assert again.get("TOXICITY", "fr") == cal.get("TOXICITY", "fr") and again.version == "cal-test"
    assert again.get("TOXICITY", "en").method == "raw" and again.get("NOPE", "fr").method == "raw"
    stale = Calibration.load(path, "vigie-text-y@rules9")
    assert stale.maps == {} and stale.apply("TOXICITY", "fr", np.array([0.3])) == pytest.approx([0.3])
    assert Calibration.load(tmp_path / "absent.json").maps == {}


def test_shipped_maps_belong_to_the_shipped_model():
    """`vigie calibrate` must be re-run when the model or its rules change (else the service serves raw scores)."""
    shipped = Calibration.load(DEFAULT_CALIBRATION)
    assert shipped.scores_version == scores_version(default_model())
    assert {"TOXICITY", "IDENTITY_ATTACK", "INSULT", "SEVERE_TOXICITY"} <= set(shipped.maps)
