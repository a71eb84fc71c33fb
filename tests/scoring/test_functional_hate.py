"""identity_attack on Vigie's own functional cases (``functional_cases.py``), through ``score_texts``.

The floors below sit a little under what the shipped model reaches (``docs/evaluation.md``), which is
itself under the issue's targets (0.75 French, 0.77 English): these tests catch a model or lexicon
change that loses ground, in either direction (missed hate or flagged counter-speech).
"""

import pandas as pd
import pytest

from functional_cases import cases
from helpers.models.text_model import DEFAULT_MODEL
from helpers.scoring.score import score_texts

pytestmark = pytest.mark.skipif(not DEFAULT_MODEL.exists(), reason="shipped model missing: run `vigie train`")

#: language -> (overall accuracy, share of hateful cases caught, share of non-hateful cases left alone)
FLOORS = {"fr": (0.68, 0.55, 0.75), "en": (0.74, 0.60, 0.80)}


@pytest.fixture(scope="module")
def judged() -> pd.DataFrame:
    frame = cases()
    scores = score_texts(frame["text"].tolist(), frame["lang"].tolist())
    frame["flagged"] = (scores["identity_attack"] >= 0.5).to_numpy()
    frame["correct"] = frame["flagged"] == frame["identity_attack"].astype(bool)
    return frame


def test_cases_cover_both_languages_and_every_kind():
    frame = cases()
    for lang in ("fr", "en"):
        kinds = set(frame.loc[frame["lang"] == lang, "category"])
        assert {"hate_direct", "hate_spelling", "negated", "counter_quote", "neutral", "abuse_individual"} <= kinds


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_accuracy_floor(judged, lang):
    sub = judged[judged["lang"] == lang]
    accuracy, caught, left = FLOORS[lang]
    hateful = sub["identity_attack"] == 1
    assert sub["correct"].mean() >= accuracy
    assert sub.loc[hateful, "flagged"].mean() >= caught
    assert (~sub.loc[~hateful, "flagged"]).mean() >= left


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_naming_a_group_is_not_hate(judged, lang):
    # The failure of models trained on hate corpora alone: neutral and positive mentions flagged.
    sub = judged[(judged["lang"] == lang) & judged["category"].isin(["neutral", "positive"])]
    assert sub["correct"].mean() >= 0.8


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_spelling_tricks_do_not_hide_hate(judged, lang):
    sub = judged[(judged["lang"] == lang) & (judged["category"] == "hate_spelling")]
    assert sub["flagged"].mean() >= 0.7


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_counter_speech_is_not_hate_and_hate_is_still_caught(judged, lang):
    # Quoting or reporting hate to condemn it, or refusing a generalisation: at most 10% flagged (issue 20),
    # while the hate of the same suite stays caught.
    sub = judged[judged["lang"] == lang]
    counter = sub[sub["category"].str.startswith("counter")]
    assert len(counter) >= 20 and counter["flagged"].mean() <= 0.10
    assert sub.loc[sub["category"].str.startswith("hate"), "flagged"].mean() >= 0.6


def test_counter_speech_needs_a_report_and_a_condemnation_or_a_refused_generalisation():
    from helpers.cleaning import normalise
    from helpers.scoring.score import is_counter_speech

    texts = ["Quelqu'un a écrit que les immigrants sont des parasites, c'est écoeurant",
             "someone said muslims are vermin and I reported it",
             "not every bombing is done by a Muslim",
             "pas d'amalgame svp",
             "ils ont dit que les immigrants volent nos jobs et ils ont raison",  # a report that endorses
             "c'est une honte, ces gens-là"]  # a condemnation of people, nothing reported
    assert is_counter_speech([normalise(t) for t in texts]).tolist() == [True, True, True, True, False, False]
