"""helpers.analysis.intent: questions that ask for an answer, apart from rhetorical ones (the shipped head)."""

import numpy as np
import pandas as pd

from helpers.analysis.intent import answer_probability, seeks_answer

ASKS = ["Is Roxas Blvd passable? #floodPH", "Does anyone know where the shelters are?",
        "Quelqu'un sait si la clinique est ouverte demain?", "Any update on the water advisory?",
        "Est-ce vrai? Qqun a validé l'info?", "Where can I get tested?", "Où puis-je me faire dépister?"]
RHETORICAL = ["Another explosion. What's happening with the world?", "Flood? What flood?!",
              "Why are we all donating to them instead?", "Comment peut-on commettre des actes pareils ?",
              "RT @news: Is the bridge safe? http://t.co/abc", "Seriously, is anyone surprised? lol"]


def test_requests_for_facts_status_or_help_seek_an_answer():
    assert seeks_answer(ASKS).all()


def test_disbelief_sarcasm_and_headlines_do_not():
    assert not seeks_answer(RHETORICAL).any()


def test_every_request_ranks_above_every_rhetorical_question():
    assert answer_probability(ASKS).min() > answer_probability(RHETORICAL).max()


def test_probabilities_are_deterministic_and_per_text():
    together = answer_probability(ASKS + RHETORICAL)
    np.testing.assert_array_equal(together, answer_probability(ASKS + RHETORICAL))
    np.testing.assert_allclose(together[:len(ASKS)], answer_probability(ASKS), rtol=1e-6)
    assert answer_probability([]).shape == (0,) and seeks_answer([]).shape == (0,)


def test_open_questions_put_the_ones_asking_for_something_first():
    from helpers.analysis.mood import open_questions

    scored = pd.DataFrame({
        "text": ["What is wrong with this world?", "What is wrong with this world?", "Where can I get tested?"],
        "is_question": True, "hostile": False, "lang": "en", "like_count": [50, 40, 0],
        "created_at": pd.to_datetime(["2020-04-01", "2020-04-02", "2020-04-03"]), "author_hash": ["a", "b", "c"]})
    top = open_questions(scored, n=2)
    assert top["text"].tolist() == ["Where can I get tested?", "What is wrong with this world?"]
    assert top["asked"].tolist() == [1, 2]  # asked twice, still after the one that asks for something
