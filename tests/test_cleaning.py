"""helpers.cleaning: encoding damage undone, one canonical form for informal French and English, detector input."""

import pytest

from helpers.cleaning import clean_for_language, normalise, repair_text, strip_accents


@pytest.mark.parametrize("damaged, repaired", [
    ("Ã§a va mal", "ça va mal"),  # UTF-8 read as Latin-1
    ("câ€™est la faute du ministÃ¨re", "c’est la faute du ministère"),  # read as Windows-1252
])
def test_encoding_damage_is_repaired(damaged, repaired):
    assert repair_text(damaged) == repaired


@pytest.mark.parametrize("text", ["déjà vu à l'été…", "Ça coûte 5 €", "plain ascii", "naïve café — ok", "😡😡 fâché"])
def test_text_without_damage_is_left_as_written(text):
    assert repair_text(text) == text


def test_accents_are_dropped_so_informal_spellings_match():
    assert strip_accents("Été à Montréal, ça coûte cher") == "Ete a Montreal, ca coute cher"
    assert strip_accents("ascii only") == "ascii only"


@pytest.mark.parametrize("raw, expected", [
    ("NOOOOON c'est ÉCŒURANT", "noon c'est ecœurant"),  # runs squashed, lower case, no accents
    ("t'es un 1d10t", "t'es un idiot"),  # leetspeak undone
    ("f u c k this", "fuck this"),  # spaced-out letters joined
    ("@Marie_QC voir https://quebec.ca/covid", " @user  voir  httpurl "),
    ("c’est l`fun", "c'est l'fun"),  # typographic apostrophes
    ("Ã§a va mal", "ca va mal"),  # repaired before anything else
])
def test_normalise_gives_one_form_for_many_spellings(raw, expected):
    assert normalise(raw) == expected


def test_language_detection_reads_words_not_links_mentions_or_retweet_markers():
    cleaned = clean_for_language("RT @SanteQC: #vaccin disponible https://t.co/x &amp; www.quebec.ca")
    assert "@" not in cleaned and "http" not in cleaned and "#" not in cleaned and "RT" not in cleaned
    assert "vaccin disponible" in cleaned


def _normalise_as_before(text: str) -> str:
    """normalise as written before its substring pre-checks and unrolled patterns: the reference it must equal."""
    import re

    from helpers import cleaning

    text = cleaning.repair_text(text).replace("’", "'").replace("`", "'")
    text = cleaning._URL.sub(" httpurl ", text)
    text = cleaning._USER.sub(" @user ", text)
    text = strip_accents(text.lower())
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = cleaning._LEET_TOKEN.sub(lambda m: m.group(0).translate(cleaning._LEET), text)
    return re.sub(r"\b(?:[a-z][ .\-_]){2,}[a-z]\b", lambda m: re.sub(r"[ .\-_]", "", m.group(0)), text)


# re matches ı (dotless i) to i and ſ (long s) to s without regard to case, though neither lowers to them;
# K (Kelvin) and İ lower to k and i(+dot). Each must take the same path as the pattern alone.
CASE_EDGES = ["see LINK", "see lınk now", "lİnk", "LIN\u212a", "HTTPS://X.CO/a", "httpſ://x.co", "WWW.Quebec.CA",
              "Www.x.ca et @Marie", "RT @a: b", "rT bonjour", "ʀᴛ x", "a&amp;b", "#vaccin", "sans rien", "",
              "aaaa  b.b.b", "f-u-c-k", "cooool!!!!", "😡😡😡", "l i n k", "5 u c k 3 r"]


@pytest.mark.parametrize("text", CASE_EDGES)
def test_normalise_equals_its_reference_where_case_folding_differs(text):
    assert normalise.__wrapped__(text) == _normalise_as_before(text)
    from helpers.cleaning import _LANG_NOISE_RE

    assert clean_for_language(text) == _LANG_NOISE_RE.sub(" ", text)


def test_normalise_and_detector_input_equal_their_reference_on_real_texts(shared_data):
    from helpers.cleaning import _LANG_NOISE_RE
    from helpers.io import datasets

    texts = list(dict.fromkeys(datasets.crisislex()["text"].dropna().astype(str).tolist()
                               + datasets.french_hate_superset()["text"].dropna().astype(str).tolist()))
    assert len(texts) > 30_000
    assert [normalise.__wrapped__(t) for t in texts] == [_normalise_as_before(t) for t in texts]
    assert [clean_for_language(t) for t in texts] == [_LANG_NOISE_RE.sub(" ", t) for t in texts]
