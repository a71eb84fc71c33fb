"""helpers.analysis.topics.labels: stop words out, words as readers write them, no variant twice."""

import pytest

from helpers.analysis.topics import (
    fit_topics,
    stop_words,
    surface_forms,
)
from helpers.models.embeddings import get_backend


def test_labels_drop_french_and_english_stop_words(fitted):
    words = {w for ws in fitted.topics["words"] for w in ws}
    stops = set(stop_words())
    assert not words & {"le", "la", "les", "des", "est", "the", "and", "pour", "for", "c'est", "pas"}
    assert not words & stops
    assert all(isinstance(r, str) and r for r in fitted.topics["representative"])
    # French topic words survive (accents folded, so "dépistage" and "depistage" are one word).
    assert any(w in words for w in ["depistage", "confinement", "masque", "vaccination", "rentree"])
    # Labels are for people: French words keep their accents where the comments write them.
    labels = " ".join(fitted.topics["label"])
    assert any(w in labels for w in ["dépistage", "rentrée", "sécurité", "école", "réouverture"]), labels


def test_surface_forms_prefer_the_accented_spelling_people_use():
    texts = ["la securite d'abord", "Sécurité!", "securite", "securite", "securite", "l'ECOLE ferme",
             "Ã©cole fermÃ©e", "fermée", "ferme", "ferme"]
    forms = surface_forms(texts, {"securite", "ecole", "fermee", "ferme", "absent"})
    assert forms["securite"] == "sécurité"       # 1 in 5 carries accents: enough
    assert forms["ecole"] == "école"             # mojibake repaired before counting
    assert forms["fermee"] == "fermée" and forms["ferme"] == "ferme"
    assert forms["absent"] == "absent"
    # A stray accent in a mostly plain spelling does not win.
    assert surface_forms(["cafe"] * 19 + ["café"], {"cafe"})["cafe"] == "cafe"


@pytest.mark.parametrize("words, expected", [
    (["lacmegantic", "lac megantic", "lac", "tragedie"], ["lacmegantic", "tragedie"]),
    (["lac", "lac megantic", "lacmegantic", "tragedie", "train"], ["lac megantic", "tragedie", "train"]),
    (["masque", "masques", "bus", "obligatoire"], ["masque", "bus", "obligatoire"]),
    (["floods", "flooding", "alberta", "calgary"], ["floods", "alberta", "calgary"]),
])
def test_labels_do_not_repeat_one_words_variants(words, expected):
    from helpers.analysis.topics import label_terms

    assert label_terms(words) == expected


@pytest.mark.shared_data
@pytest.mark.slow
def test_crisislex_topic_labels_do_not_repeat_a_words_variants(shared_data):
    """Real tweets write one place many ways (#LacMégantic, Lac-Mégantic, lac megantic): labels name it once."""
    from helpers.io import datasets

    tweets = datasets.crisislex(shared_data)
    texts = tweets.loc[tweets["event"].isin(["2013_Lac_Megantic_train_crash", "2013_Alberta_floods"]), "text"].tolist()
    result = fit_topics(texts, get_backend("fast").embed(texts), random_state=0)
    for row in result.topics.itertuples():
        terms = row.label.split(" · ")
        glued = [label.lower().replace(" ", "").replace("-", "") for label in terms]
        assert len(set(glued)) == len(glued), row.label
        assert not any(a != b and (b.startswith(a) or b.endswith(a)) for a in glued for b in glued), row.label
    labels = " | ".join(result.topics["label"])
    assert "mégantic" in labels.lower()  # the place is named, with its accent
