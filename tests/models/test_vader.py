"""helpers.models.vader: the same four numbers as vaderSentiment's polarity_scores, text for text."""

import numpy as np
import pytest

from helpers.models.features import vader_analyzer, vader_scores
from helpers.models.vader import Vader
from vader_cases import RULE_CASES


def test_every_rule_gives_vaderSentiments_numbers(vader_reference):
    np.testing.assert_array_equal(vader_scores(RULE_CASES), vader_reference(RULE_CASES))
    vader = Vader(vader_analyzer())
    for text in RULE_CASES:
        assert vader.polarity_scores(text) == vader_analyzer().polarity_scores(text), text


def test_a_text_without_lexicon_words_is_neutral_and_an_empty_one_is_zero():
    assert vader_scores(["le bureau ouvre lundi", ""]).tolist() == [[0, 1, 0, 0], [0, 0, 0, 0]]


@pytest.mark.shared_data
def test_real_tweets_give_vaderSentiments_numbers_raw_and_normalised(shared_data, vader_reference):
    from helpers.cleaning import normalise
    from helpers.io import datasets as ds

    raw = (ds.crisislex(root=shared_data)["text"].drop_duplicates().sample(3000, random_state=0).tolist()
           + ds.french_hate_superset(root=shared_data)["text"].drop_duplicates().sample(1000, random_state=0).tolist())
    scorer = Vader(vader_analyzer())
    for texts in (raw, [normalise(t) for t in raw]):
        expected = vader_reference(texts)
        np.testing.assert_array_equal(vader_scores(texts), expected)  # a batch: compiled
        np.testing.assert_array_equal(np.array([scorer.score(t) for t in texts], np.float32), expected)  # one by one
