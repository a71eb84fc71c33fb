"""helpers.models.vader: the same four numbers as vaderSentiment's polarity_scores, text for text."""

import numpy as np
import pytest

from helpers.models.features import vader_analyzer, vader_scores
from helpers.models.vader import Vader

# Each of VADER's rules at least once: boosters, capitals, "kind of", "no", negation one to three words
# back, "never so", "without doubt", "least", idioms, "but", punctuation, emoji and emoticons.
RULE_CASES = [
    "VADER is smart, handsome, and funny.", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all", "no problem, no worries", "I have no good or nice ideas", "this is never so good", "never this bad",
    "without doubt the best", "it was the least bad option", "at least the staff were kind", "very least helpful",
    "that movie was the bomb", "yeah right, great job", "this is the shit!!!!!", "what?? really??? great?!?!",
    "kiss of death for the plan", "it's sort of ok", "I don't hate it but I do not love it either", "😡😡 merde alors",
    "c'est pas bon du tout, mais merci quand même", "j'adore ❤️ vraiment super", "", "   ", "!!!", "bus stop nearby was great",
]


@pytest.fixture(scope="module")
def reference():
    analyzer = vader_analyzer()

    def polarity(texts):
        return np.array([[s["neg"], s["neu"], s["pos"], s["compound"]]
                         for s in map(analyzer.polarity_scores, texts)], dtype=np.float32)

    return polarity


def test_every_rule_gives_vaderSentiments_numbers(reference):
    np.testing.assert_array_equal(vader_scores(RULE_CASES), reference(RULE_CASES))
    vader = Vader(vader_analyzer())
    for text in RULE_CASES:
        assert vader.polarity_scores(text) == vader_analyzer().polarity_scores(text), text


def test_a_text_without_lexicon_words_is_neutral_and_an_empty_one_is_zero():
    assert vader_scores(["le bureau ouvre lundi", ""]).tolist() == [[0, 1, 0, 0], [0, 0, 0, 0]]


@pytest.mark.shared_data
def test_real_tweets_give_vaderSentiments_numbers_raw_and_normalised(shared_data, reference):
    from helpers.cleaning import normalise
    from helpers.io import datasets as ds

    raw = (ds.crisislex(root=shared_data)["text"].drop_duplicates().sample(3000, random_state=0).tolist()
           + ds.french_hate_superset(root=shared_data)["text"].drop_duplicates().sample(1000, random_state=0).tolist())
    for texts in (raw, [normalise(t) for t in raw]):
        np.testing.assert_array_equal(vader_scores(texts), reference(texts))
