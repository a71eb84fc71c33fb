"""helpers.demo.writing: informal writing is seeded, keeps the words, and reads as Quebec social media."""

import numpy as np

from helpers.demo.writing import contract, informal

SENTENCE = "Je suis tannée, il y a trop de monde à le centre de dépistage"


def test_the_same_generator_state_writes_the_same_comment():
    once = [informal(SENTENCE, "fr", "neg", np.random.default_rng(s)) for s in range(30)]
    again = [informal(SENTENCE, "fr", "neg", np.random.default_rng(s)) for s in range(30)]
    assert once == again


def test_french_comments_lose_accents_and_gain_joual_in_some_draws_only():
    drafts = [informal(SENTENCE, "fr", "neg", np.random.default_rng(s)) for s in range(200)]
    assert any("tannee" in d for d in drafts) and any("tannée" in d for d in drafts)
    assert any("y'a trop" in d for d in drafts) and any("il y a trop" in d for d in drafts)
    assert any(d[0].islower() for d in drafts) and any(d[0].isupper() for d in drafts)


def test_articles_contract_as_french_writes_them():
    assert contract(SENTENCE) == "Je suis tannée, il y a trop de monde au centre de dépistage"
