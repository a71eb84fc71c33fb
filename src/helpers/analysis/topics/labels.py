"""Topic labels a reader can take in: words shown with their accents, one word's variants named once."""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import lru_cache

from ...cleaning import repair_text, strip_accents

log = logging.getLogger(__name__)

#: A word: letters, inner apostrophes and hyphens (French elisions, compounds), no digits.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'-]+[^\W_]\b"


#: An accented spelling is shown when at least this share of a word's occurrences carry it: informal
#: French drops accents, it rarely adds wrong ones.
ACCENTED_SHARE = 0.1


def surface_forms(texts: list[str], words: set[str]) -> dict[str, str]:
    """How the comments write each accent-stripped word of ``words``, for labels people read.

    The accented spelling wins when it makes up :data:`ACCENTED_SHARE` of the word's occurrences,
    else the most frequent spelling; ties go to the alphabetically first, so labels are deterministic.
    Words never seen in ``texts`` map to themselves.
    """
    counts: dict[str, Counter] = {}
    pattern = re.compile(TOKEN_PATTERN)
    for text in texts:
        for token in pattern.findall(repair_text(text).replace("’", "'").lower()):
            key = strip_accents(token)
            if key in words:
                counts.setdefault(key, Counter())[token] += 1
    forms = {}
    for word, seen in counts.items():
        total = sum(seen.values())
        accented = [(n, f) for f, n in seen.items() if not f.isascii() and n >= ACCENTED_SHARE * total]
        forms[word] = min(accented or [(n, f) for f, n in seen.items()], key=lambda nf: (-nf[0], nf[1]))[1]
    return {w: forms.get(w, w) for w in words}


def _display(term: str, forms: dict[str, str]) -> str:
    """``term`` (one word or an n-gram of accent-stripped words) as the comments write it."""
    return " ".join(forms.get(w, w) for w in term.split(" "))


@lru_cache(maxsize=1)
def _stemmers():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("french"), SnowballStemmer("english")


def _stem_keys(term: str) -> list[set[tuple[str, str]]]:
    """For each word of ``term``: its French and English Snowball stems (two words match if either agrees)."""
    french, english = _stemmers()
    return [{("fr", french.stem(w)), ("en", english.stem(w))} for w in term.split(" ")]


def label_terms(words: list[str], n: int = 3) -> list[str]:
    """The first ``n`` topic words that each add something: no two variants of one word in a label.

    A term is skipped when it is a chosen term written together or apart, or a piece of one
    (``lac megantic`` and ``lac`` after ``lacmegantic``), or when every word of it has the stem (nltk's
    Snowball, French or English) of a word already chosen (``masques`` after ``masque``); a longer term
    replaces the pieces it contains (``lac megantic`` replaces ``lac``).
    """
    def glued(term: str) -> str:
        return term.replace(" ", "").replace("-", "")

    def part_of(short: str, long: str) -> bool:  # "lac" begins "lacmegantic": a compound's piece
        return long.startswith(short) or long.endswith(short)

    chosen: list[str] = []
    for term in words:
        joined = glued(term)
        if any(part_of(joined, glued(c)) for c in chosen):
            continue
        keys = _stem_keys(term)
        known = set().union(*(k for c in chosen for k in _stem_keys(c)))
        if all(k & known for k in keys):
            continue
        chosen = [c for c in chosen if not (all(k & set().union(*keys) for k in _stem_keys(c))
                                            or part_of(glued(c), joined))]
        chosen.append(term)
        if len(chosen) == n:
            break
    return chosen
