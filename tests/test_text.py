import pytest

from helpers.text import author_hash, detect_languages, normalise_lang, pseudonym, redact, text_hash
from page_texts import FRENCH_PAGE, SHORT_FRENCH


@pytest.mark.parametrize("raw, expected", [
    ("écrivez-moi à jean.tremblay@gmail.com svp", "écrivez-moi à [email] svp"),
    ("appelez au 514-555-0199 ou (418) 555 1234", "appelez au [phone] ou [phone]"),
    ("mon NAS est 123-456-789", "mon NAS est [number]"),
    ("merci @SantePub_QC pour l'info", "merci @[user] pour l'info"),
    ("voir https://example.com/profile?id=123 ici", "voir [url] ici"),
    ("rien à cacher", "rien à cacher"),
])
def test_redact(raw, expected):
    assert redact(raw) == expected


def test_redact_keeps_plain_numbers_and_dates():
    assert redact("2 doses, 15 mars 2020, 1000 cas") == "2 doses, 15 mars 2020, 1000 cas"


def test_author_hash_is_salted_and_stable():
    a = author_hash("facebook", "Marie", "salt1")
    assert a == author_hash("facebook", "marie ", "salt1")
    assert a != author_hash("facebook", "Marie", "salt2")
    assert a != author_hash("twitter", "Marie", "salt1")
    assert "marie" not in a.lower()
    assert pseudonym(a).startswith("user-") and pseudonym(None) == "anonymous"


def test_text_hash_is_stable_and_content_sensitive():
    assert text_hash("abc") == text_hash("abc")
    assert text_hash("abc") != text_hash("abd")
    assert len(text_hash("abc")) == 16


@pytest.mark.parametrize("accuracy", ["fast", "high"])
def test_detect_languages_quebec_french_and_english(accuracy):
    texts = [
        "chu pu capable de ce confinement la, c'est assez",  # joual, no accents
        "ta yeule gang de caves, vous savez pas ce que vous faites",
        "est-ce que quelqu'un sait ou se faire tester a montreal?",
        "Where can I get tested this weekend?",
        "thanks to all the nurses, you are amazing",
    ]
    assert detect_languages(texts, accuracy=accuracy) == ["fr", "fr", "fr", "en", "en"]


@pytest.mark.parametrize("accuracy", ["fast", "high"])
def test_detect_languages_says_undetermined_rather_than_guessing(accuracy):
    assert detect_languages(["😂😂😂", "ok", "https://t.co/abc @someone"], accuracy=accuracy) == ["und"] * 3


@pytest.mark.parametrize("accuracy", ["fast", "high"])
def test_detect_languages_labels_other_languages_honestly(accuracy):
    texts = ["La situación en la ciudad es muy grave, hay muchos heridos", "mi dispiace, la situazione è grave"]
    assert detect_languages(texts, accuracy=accuracy) == ["es", "it"]


def test_fast_detection_sends_unsure_texts_to_the_accurate_mode(monkeypatch):
    import helpers.text as text_module

    real, calls = text_module._detector, []

    def spy(low_accuracy=False):
        calls.append(low_accuracy)
        return real(low_accuracy)

    monkeypatch.setattr(text_module, "_detector", spy)
    texts = ["bonjour tout le monde, merci pour les infos", "hello everyone, thanks for the update"]
    assert detect_languages(texts) == ["fr", "en"]
    assert calls == [True]  # confident answers never reach the slow detector
    calls.clear()
    monkeypatch.setattr(text_module, "FAST_CONFIDENCE", 1.01)  # nobody is that sure
    assert detect_languages(texts) == ["fr", "en"]
    assert calls == [True, False]
    with pytest.raises(ValueError, match="accuracy"):
        detect_languages(["x"], accuracy="medium")


@pytest.mark.parametrize("raw, expected", [("fr-CA", "fr"), ("EN", "en"), ("und", None), (None, None), ("??", None)])
def test_normalise_lang(raw, expected):
    assert normalise_lang(raw) == expected


def test_detect_languages_reads_short_comments_in_the_language_of_their_page():
    langs = detect_languages(FRENCH_PAGE + SHORT_FRENCH)
    assert langs[:len(FRENCH_PAGE)] == ["fr"] * len(FRENCH_PAGE)
    assert set(langs[len(FRENCH_PAGE):]) <= {"fr", "en", "und"}, langs
    assert "fr" in langs[len(FRENCH_PAGE):]


def test_detect_languages_page_prior_needs_a_page_and_leaves_other_pages_alone():
    # Alone (too few texts to say what the page is), a short comment keeps lingua's reading.
    alone = detect_languages(SHORT_FRENCH)
    assert alone == detect_languages(SHORT_FRENCH, page_prior=False)
    assert set(alone) - {"fr", "en", "und"}
    # On a Spanish page a Spanish comment stays Spanish.
    spanish = [f"la situación en la ciudad número {i} es muy grave, hay muchos heridos y pocos médicos"
               for i in range(25)] + ["gracias a los bomberos por su trabajo"]
    assert detect_languages(spanish) == ["es"] * len(spanish)
