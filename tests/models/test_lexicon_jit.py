"""The compiled trie walk counts lexicon matches exactly as the lexicon patterns do.

The counts on real comments are checked against the patterns in ``test_hashing.py``; here the places where a
walk could part from a regular expression's scan: which entry wins at a place, where scanning resumes.
"""

import numpy as np
import pytest

from helpers.models import hashing, lexicons


def _by_pattern(texts: list[str], category: str) -> list[int]:
    return [len(lexicons.lexicon_pattern(category).findall(t)) for t in texts]


@pytest.mark.parametrize("category", [c for c in lexicons.LEXICON_CATEGORIES + lexicons.RULE_LEXICONS
                                      if lexicons._walkable(c)])
def test_every_entry_alone_and_in_company_counts_as_its_pattern(category):
    """Each entry written out (a wildcard entry with a suffix), alone, glued to a word, repeated, after an apostrophe."""
    texts = []
    for text, wildcard, _ in lexicons._trie_entries(category):
        word = text + ("s" if wildcard else "")
        texts += [word, f"oui {word}, {word}!", f"x{word}", f"{word}x", f"l'{word}", f"{word} {word}{word}", f"_{word}"]
    texts += ["", "a", "é", "\U0001F600 ok", "x" * 50]
    hashing.warm()
    compiled = lexicons.lexicon_counts(texts, (category,))[:, 0]
    assert compiled.tolist() == _by_pattern(texts, category)
    assert compiled.sum() > 0  # the entries do occur: the check is not vacuous


def test_the_alternations_order_decides_between_entries_and_where_the_scan_resumes():
    """At one place the pattern takes its first alternative that fits; the next match starts after it."""
    hashing.warm()
    category = "group"
    texts = ["demandeurs d'asile", "demandeur* d'asile", "les immigrants illegaux", "immigres immigrés", "musulmans"]
    assert lexicons.lexicon_counts(texts * 5, (category,))[:, 0].tolist() == _by_pattern(texts * 5, category)


def test_counts_are_a_float32_matrix_one_row_per_text():
    hashing.warm()
    counts = lexicons.lexicon_counts(["idiot idiot", "merci"] * 10, ("insult", "counter"))
    assert counts.dtype == np.float32 and counts.shape == (20, 2)
    assert counts[0, 0] == 2 and counts[1, 0] == 0

