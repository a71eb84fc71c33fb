"""helpers.i18n: every sentence in both languages, Quebec French typography, numbers as each reader writes them."""

import re

import pytest

from helpers.i18n import TEXTS, change, decimal, number, percent, plural, punctuation, quoted, t


def test_every_sentence_exists_in_french_and_english_with_the_same_blanks():
    for key, langs in TEXTS.items():
        assert set(langs) == {"fr", "en"}, key
        assert langs["fr"].strip() and langs["en"].strip(), key
        blanks = [sorted(re.findall(r"{(\w+)}", langs[lang])) for lang in ("fr", "en")]
        assert blanks[0] == blanks[1], key  # a value filled in one language is filled in the other


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr or en"):
        t("comments", "de")


def test_summary_counts_agree_in_number_and_changes_are_signed_in_the_reports_language():
    assert t(plural("volume_line", 1, "fr"), "fr", n=1, change="+0 %", n_prev=1).startswith("1 commentaire cette")
    assert t(plural("volume_line", 0, "fr"), "fr", n=0, change="n/a", n_prev=0).startswith("0 commentaire cette")
    assert t(plural("volume_line", 0, "en"), "en", n=0, change="n/a", n_prev=0).startswith("0 comments this")
    assert t(plural("volume_line", 2, "fr"), "fr", n=2, change="+0 %", n_prev=1).startswith("2 commentaires")
    assert change(0.25, "fr").replace("\u202f", " ").replace("\xa0", " ") == "+25 %" and change(-0.05, "en") == "−5%"


def test_scores_quotes_and_separators_follow_each_languages_typography():
    assert decimal(0.5, "fr") == "0,50" and decimal(0.5, "en") == "0.50" and decimal(0.876, "fr", 1) == "0,9"
    assert quoted(["tabarnak", "crisse", "tabarnak", "osti", "calisse"], "fr") == "« tabarnak », « crisse », « osti »"
    assert quoted(["idiot"], "en") == "“idiot”"
    assert punctuation("fr") == (" : ", " ; ") and punctuation("en") == (": ", "; ")
    assert number(1234.5, "en") == "1,234.5" and percent(0.5, "en", digits=0) == "50%"
