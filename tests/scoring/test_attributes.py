"""Perspective's attributes read from Vigie's columns."""

import numpy as np
import pandas as pd
import pytest

from helpers.scoring.attributes import ATTRIBUTES, raw_scores, severe_toxicity
from helpers.scoring.score import score_texts

PERSPECTIVE = {"TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT"}


def test_perspectives_six_and_vigies_own_under_names_that_cannot_collide():
    assert {a for a, v in ATTRIBUTES.items() if v.perspective} == PERSPECTIVE
    assert all(a.startswith("VIGIE_") for a, v in ATTRIBUTES.items() if not v.perspective)
    assert {"VIGIE_DISTRESS", "VIGIE_SELF_HARM", "VIGIE_NEGATIVE", "VIGIE_ANGER", "VIGIE_TRUST"} <= set(ATTRIBUTES)


def test_severe_toxicity_needs_hostility_and_an_attack():
    frame = pd.DataFrame({"hostility": [0.9, 0.9, 0.9, 0.1], "identity_attack": [0.8, 0.0, 0.0, 0.9],
                          "threat": [0.0, 0.0, 0.0, 0.0], "insult": [0.0, 0.9, 0.9, 0.0],
                          "profanity": [0.0, 0.0, 0.8, 0.0]})
    # Hate: high; an insult without profanity: none; insult with profanity: high; no hostility: low.
    assert severe_toxicity(frame).tolist() == pytest.approx([0.72, 0.0, 0.72, 0.09])


def test_raw_scores_of_real_scores_are_probabilities():
    scored = score_texts(["Gang de caves, vous êtes des incompétents", "Thanks, stay safe"], ["fr", "en"], n_jobs=1)
    raw = raw_scores(scored)
    assert set(raw) == set(ATTRIBUTES)
    assert all(np.all((v >= 0) & (v <= 1)) for v in raw.values())
    assert raw["TOXICITY"][0] > raw["TOXICITY"][1] and raw["VIGIE_NEGATIVE"][0] > raw["VIGIE_NEGATIVE"][1]
