"""helpers.models.lexicons: the lexicons' entries as patterns and as the strings the compiled walk reads.

The counts themselves are checked against the per-text patterns in ``test_hashing.py`` and ``test_lexicon_jit.py``.
"""

from helpers.models import lexicons


def test_a_finite_pattern_is_written_out_in_the_order_re_tries_it():
    assert lexicons._expand("m'?as (?:te|vous) voir") == ["m'as te voir", "m'as vous voir", "mas te voir", "mas vous voir"]
    assert lexicons._expand("(?:kill|hang) (?:you|them)") == ["kill you", "kill them", "hang you", "hang them"]
    assert lexicons._expand(r"burn (?:your|the) \w+ down") is None  # not finite: the pattern keeps it
    assert lexicons._walkable("threat") and lexicons._walkable("insult")
    assert not lexicons._walkable("threat_more")  # one entry reads any word (\w+)


def test_every_category_of_the_model_and_the_rules_is_shipped_in_both_languages_and_no_other():
    shipped = lexicons.load_lexicons()
    for category in lexicons.LEXICON_CATEGORIES + lexicons.RULE_LEXICONS:
        assert shipped[category]["fr"] and shipped[category]["en"], category
    # A category neither the model nor the rules read would let a reader think its words count.
    assert set(shipped) == set(lexicons.LEXICON_CATEGORIES + lexicons.RULE_LEXICONS)


def test_a_words_rank_follows_the_patterns_alternation_longest_first():
    """Among entries with one first character, a longer entry is tried first, as the pattern's alternation does."""
    entries = lexicons._trie_entries("group")
    by_first: dict[str, list[tuple[int, str, bool]]] = {}
    for text, wildcard, rank in entries:
        by_first.setdefault(text[0], []).append((rank, text, wildcard))
    for group in by_first.values():
        ranks = sorted(group)
        assert [r for r, _, _ in ranks] == list(range(len(ranks)))  # ranks are a permutation within the group
        lengths = [len(text) + 3 * wildcard for _, text, wildcard in ranks]
        assert lengths[0] == max(lengths)


def test_a_wildcard_is_only_ever_an_entrys_last_character():
    """``*`` means "any ending": written inside an entry ("demandeur* d'asile") it is a literal star that no
    accent-stripped comment contains, so the entry silently never matches."""
    for category in lexicons.LEXICON_CATEGORIES + lexicons.RULE_LEXICONS:
        if lexicons._is_regex(category):
            continue
        for entry in lexicons._entries(category):
            assert "*" not in entry.rstrip("*"), (category, entry)


def test_asylum_seekers_are_a_group_in_french_in_every_form():
    from helpers.cleaning import normalise

    forms = ("demandeur d'asile", "demandeurs d’asile", "Demandeuse d'asile", "DEMANDEUSES D'ASILE", "demandeurs dasile",
             "demandeuses d asile")
    counts = lexicons.lexicon_counts([normalise(f"encore des {form} ici") for form in forms], ("group",))
    assert counts[:, 0].tolist() == [1] * len(forms)


def test_an_apostrophe_people_leave_out_or_type_as_a_space_still_matches():
    """Informal writing drops apostrophes ("jai peur", "cest raciste") or spaces them ("j ai peur"): each word entry
    and threat pattern with one matches those forms too, while negation keeps its entries as written (English
    "dont" would be French's "dont") and an elision before any word ("t'") is not split off."""
    from helpers.cleaning import normalise

    assert lexicons.informal_forms("j'ai peur") == ["j'ai peur", "jai peur", "j ai peur"]
    assert lexicons.informal_forms("t'") == ["t'"] and lexicons.informal_forms("idiot*") == ["idiot*"]
    cases = {"distress": ["j'ai peur", "jai peur", "j ai peur"], "counter": ["c'est raciste", "cest raciste"],
             "threat": ["qu'il creve", "quil creve", "qu il creve", "you'll pay", "youll pay"],
             "self_harm": ["lettre d'adieu", "lettre dadieu"]}
    for category, texts in cases.items():
        counts = lexicons.lexicon_counts([normalise(f"bon, {t}.") for t in texts], (category,))
        assert counts[:, 0].tolist() == [1] * len(texts), category
    assert "doesnt" not in lexicons._entries("negation")
    assert lexicons.lexicon_counts([normalise("il doesnt")], ("negation",))[0, 0] == 0

