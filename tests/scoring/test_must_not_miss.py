"""Threat and self-harm signals on Vigie's own cases (``must_not_miss.py``).

Recall and false alarms per set are measured by ``benchmarks/must_not_miss.py`` into
``docs/must_not_miss.md``; these tests keep the written forms caught, civil comments left alone, and what
the learned heads add on wordings no pattern or head was written from.
"""

import pytest

from helpers.scoring.score import score_texts
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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_written_threat_forms_are_caught_and_civil_lookalikes_are_not(lang):
    threats = score_texts(THREATS[lang], n_jobs=1)["threat"].to_numpy(float)
    civil = score_texts(NOT_THREATS[lang] + LATER_NOT_THREATS[lang], n_jobs=1)["threat"].to_numpy(float)
    assert (threats >= 0.5).mean() >= 0.8
    assert (civil >= 0.5).mean() <= 0.1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_self_harm_is_its_own_column_and_civil_mentions_stay_at_zero(lang):
    harm = score_texts(SELF_HARM[lang], n_jobs=1)
    civil = score_texts(NOT_SELF_HARM[lang] + LATER_NOT_SELF_HARM[lang], n_jobs=1)
    values = harm["self_harm"].to_numpy(float)
    assert ((values >= 0) & (values <= 1)).all() and (values >= 0.5).mean() >= 0.8
    assert (civil["self_harm"].to_numpy(float) >= 0.5).mean() <= 0.1
    # Separate from general distress: exhaustion and loneliness are distress, not self-harm.
    tired = score_texts(["je suis épuisée, personne pour m'aider", "I'm burned out and nobody is helping"], n_jobs=1)
    assert (tired["self_harm"].to_numpy(float) < 0.5).all()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_new_wordings_are_caught_by_the_learned_heads(lang):
    # The later cases are in no training set (tests/training/test_signals.py): the patterns alone caught
    # threats 0.20 / 0.10 and self-harm 0.33 / 0.00 of them; the learned heads must keep what they add
    # (threats 0.6 / 0.4 and self-harm 0.83 / 0.83 today, docs/must_not_miss.md).
    threats = score_texts(LATER_THREATS[lang], n_jobs=1)["threat"].to_numpy(float)
    harm = score_texts(LATER_SELF_HARM[lang], n_jobs=1)["self_harm"].to_numpy(float)
    assert (threats >= 0.5).mean() >= 0.4
    assert (harm >= 0.5).mean() >= 0.8
