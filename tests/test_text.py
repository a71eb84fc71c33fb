import pytest

from helpers.text import DETECTED_LANGUAGES, author_hash, detect_languages, normalise_lang, pseudonym, redact, text_hash
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

    def spy(languages=text_module.DETECTED_LANGUAGES):
        calls.append(languages)
        return real(languages)

    monkeypatch.setattr(text_module, "_detector", spy)
    texts = ["Merci beaucoup pour toutes ces informations sur la vaccination",
             "Thank you so much for all this information about the vaccine"]
    assert detect_languages(texts, page_prior=False) == ["fr", "en"]
    assert calls == []  # fastText's confident answers never reach lingua
    monkeypatch.setattr(text_module, "FAST_CONFIDENCE", 1.01)  # nobody is that sure
    assert detect_languages(texts, page_prior=False) == ["fr", "en"]
    assert calls == [text_module.DETECTED_LANGUAGES]
    with pytest.raises(ValueError, match="accuracy"):
        detect_languages(["x"], accuracy="medium")


def test_fasttexts_threshold_is_the_one_the_language_benchmark_chose():
    # benchmarks/bench_language.py chooses it on training splits and writes its choice beside the figures
    # docs/performance.md quotes; a threshold changed by hand would leave that page describing another detector.
    import json
    from pathlib import Path

    import helpers.text as text_module

    result = json.loads((Path(__file__).parents[1] / "docs" / "benchmarks" / "language.json").read_text())
    assert result["chosen_fast_confidence"] == result["fast_confidence"] == text_module.FAST_CONFIDENCE


def test_fast_detection_leaves_languages_vigie_does_not_tell_apart_to_lingua():
    # fastText knows 176 languages; lingua, restricted to Vigie's, answers for the rest (here: undetermined
    # or one of Vigie's, never a language outside DETECTED_LANGUAGES).
    texts = ["Это очень серьёзная ситуация в городе", "Dies ist eine sehr ernste Lage in der Stadt"]
    langs = detect_languages(texts, page_prior=False)
    assert langs[1] == "de"
    assert set(langs) <= {*DETECTED_LANGUAGES, "und"}


def test_apply_page_prior_is_what_detect_languages_applies():
    from helpers.text import apply_page_prior

    texts = FRENCH_PAGE + SHORT_FRENCH
    without = detect_languages(texts, page_prior=False)
    assert apply_page_prior(without, texts) == detect_languages(texts)
    # Weights count repeated texts: one French text repeated makes a page; alone it does not.
    one = [FRENCH_PAGE[0], SHORT_FRENCH[0]]
    first = detect_languages(one, page_prior=False)
    assert apply_page_prior(first, one) == first
    repeated = [FRENCH_PAGE[0]] * len(FRENCH_PAGE) + [SHORT_FRENCH[0]]
    assert apply_page_prior(first, one, [len(FRENCH_PAGE), 1]) == detect_languages(repeated)[-2:]


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


def test_lingua_in_one_thread_gives_the_answers_of_its_parallel_calls():
    """Worker processes keep lingua to their own thread: the same languages, the same page re-readings."""
    from helpers.text import page_rereadings

    texts = ["La situación en la ciudad es muy grave", "mi dispiace, la situazione è grave", "ok ok", "lol 😂",
             "tabarnak c'est fou", "what a day", "Dies ist eine sehr ernste Lage", "salamat po sa inyo", "vamo la"]
    alone = detect_languages(texts, page_prior=False, parallel=False)
    assert alone == detect_languages(texts, page_prior=False)
    assert {"es", "it", "de"} <= set(alone)
    again = page_rereadings(texts, alone, parallel=False)
    assert again.tolist() == page_rereadings(texts, alone).tolist()
    assert set(again[[lang not in ("fr", "en", "und") for lang in alone]]) - {None}  # some are asked again


def test_lingua_answers_are_read_from_its_confidence_values_as_it_decides_them(shared_data):
    """One lingua call a text gives both its answer and the page prior's confidence: the answer detect_language_of gives."""
    from helpers.cleaning import clean_for_language
    from helpers.io import datasets
    from helpers.text import _decided, _detector

    texts = datasets.crisislex(shared_data)["text"].sample(1500, random_state=2).tolist()
    texts += datasets.french_hate_superset(shared_data)["text"].sample(1500, random_state=2).tolist()
    cleaned = [clean_for_language(t) for t in texts] + ["", "ok", "lol 😂", "123", "ça", "!!!", "le la", "the of"]
    detector = _detector()
    decided = [_decided(detector.compute_language_confidence_values(t)) for t in cleaned]
    assert decided == [detector.detect_language_of(t) for t in cleaned]
    assert None in decided and len(set(decided)) > 3  # both kinds of answer occur


def test_languages_and_rereadings_give_what_the_two_steps_give_apart():
    from helpers.text import languages_and_rereadings, page_rereadings

    texts = ["La situación en la ciudad es muy grave", "mi dispiace, la situazione è grave", "ok ok", "vamo la",
             "tabarnak c'est fou", "what a day", "salamat po sa inyo", "merci beaucoup", "vamo la"]
    langs, again = languages_and_rereadings(texts, parallel=False)
    assert langs == detect_languages(texts, page_prior=False)
    assert again.tolist() == page_rereadings(texts, langs).tolist()
    assert again[3] == again[8]  # a repeated text gets one answer
