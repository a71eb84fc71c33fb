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
