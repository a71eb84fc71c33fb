"""The bilingual lexicons (``resources/lexicons.json``) and how their matches are counted in comments.

Each category's entries (words, ``word*`` prefixes, and for threats regular expressions) are matched where a
word starts and ends. :func:`lexicon_counts` counts them with a compiled trie walk
(:mod:`helpers.models.lexicon_jit`) where the compiled loops are loaded, and with the patterns of
:func:`lexicon_pattern` otherwise; both give the same counts (``tests/models/test_hashing.py``).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np

from ..cleaning import strip_accents
from ..config import RESOURCES_DIR
from . import hashing

LEXICON_CATEGORIES: tuple[str, ...] = (
    "profanity", "insult", "threat", "group", "dehumanising", "slur", "negation", "counter", "organisation",
    "second_person", "distress",
)
#: Lexicons read only by the rules of :mod:`helpers.scoring.score`, not by the model, whose features stay as
#: trained: more threat forms (veiled, conditional, Quebec French), threat-like civil phrases ("watch out for
#: the ice"), self-harm and suicidal wording, and civil mentions of it ("suicide prevention line").
RULE_LEXICONS: tuple[str, ...] = ("threat_more", "threat_benign", "self_harm", "self_harm_benign")


#: Categories whose apostrophes stay as written. The others also match the forms people type without one
#: (:func:`informal_forms`); here those would be other words ("dont" is French, "wont" and "cant" English), and
#: every category's French and English entries are matched together.
APOSTROPHES_AS_WRITTEN = frozenset({"negation"})


def informal_forms(entry: str) -> list[str]:
    """A word entry with the forms typed without its apostrophes: ``j'ai peur``, ``jai peur``, ``j ai peur``.

    Social-media writing drops the apostrophe or leaves a space for it; an entry that ends in one (``t'``, an
    elision before any word) is kept as written.
    """
    if "'" not in entry or entry.rstrip("*").endswith("'"):
        return [entry]
    return [entry, entry.replace("'", ""), entry.replace("'", " ")]


def _entry_regex(entry: str, regex: bool, informal: bool = False) -> str:
    entry = strip_accents(entry.lower())
    if regex:
        entry = re.sub(r"\((?!\?)", "(?:", entry)  # non-capturing, so findall counts whole matches
        # An apostrophe not already optional may be typed as nothing or as a space (``qu'il``, ``quil``, ``qu il``).
        return re.sub(r"'(?!\?)", "(?:'| )?", entry) if informal else entry
    return re.escape(entry.rstrip("*")) + (r"\w*" if entry.endswith("*") else "")


def _is_regex(category: str) -> bool:
    """Whether a category's entries are regular expressions (the threat lexicons) rather than words."""
    return category.startswith("threat")


@lru_cache(maxsize=1)
def load_lexicons() -> dict[str, dict[str, list[str]]]:
    """The bilingual lexicons shipped with Vigie (``resources/lexicons.json``)."""
    data = json.loads((RESOURCES_DIR / "lexicons.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _entries(category: str) -> list[str]:
    """A category's entries, French then English; a word entry with its :func:`informal_forms` after it."""
    written = [e for lang in ("fr", "en") for e in load_lexicons()[category][lang]]
    if _is_regex(category) or category in APOSTROPHES_AS_WRITTEN:
        return written
    return [form for e in written for form in informal_forms(e)]


def _regex_parts(category: str) -> list[str]:
    """A regular-expression category's entries in the order its pattern tries them: longer first."""
    informal = category not in APOSTROPHES_AS_WRITTEN
    return sorted({_entry_regex(e, True, informal) for e in _entries(category)}, key=lambda p: (-len(p), p))


def _word_groups(category: str) -> dict[str, list[tuple[str, str, bool]]]:
    """A word category's entries by first character, each group in the order its pattern tries them (longer first).

    Each entry is (its pattern after the first character, its text, whether it is a ``word*`` prefix).
    """
    groups: dict[str, dict[str, tuple[str, bool, int]]] = {}
    for entry in _entries(category):
        text, body = strip_accents(entry.lower()), _entry_regex(entry, False)
        groups.setdefault(text[0], {})[body[len(re.escape(text[0])):]] = (text.rstrip("*"), text.endswith("*"), len(body))
    return {first: [(rest, text, wildcard) for rest, (text, wildcard, _) in
                    sorted(rests.items(), key=lambda item: (-item[1][2], item[0]))]
            for first, rests in groups.items()}


@cache
def lexicon_pattern(category: str) -> re.Pattern[str]:
    """One compiled pattern for a lexicon category, French and English entries together.

    Longer entries are tried first. Literal entries are grouped under their first character: only one
    group can match at a given place, so the matches are those of one flat alternation, but ``re`` tries
    one group's entries at each character instead of every entry (several times faster).
    """
    if _is_regex(category):  # regular expressions: their first character is not known
        return re.compile(r"(?<![\w'])(?:" + "|".join(_regex_parts(category)) + r")(?![\w])")
    alternatives = [re.escape(first) + "(?:" + "|".join(rest for rest, _, _ in group) + ")"
                    for first, group in sorted(_word_groups(category).items())]
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w])")


def _expand(regex: str) -> list[str] | None:
    """Every string a finite regular expression matches, in the order ``re`` tries them; ``None`` if not finite.

    Alternatives in their order, an optional part first with then without (greedy), a sequence's first part
    varying slowest: the order of ``re``'s backtracking, so the first string that fits at a place is the
    match ``re`` would find there.
    """
    from re import _constants as c
    from re import _parser

    def strings(items) -> list[str] | None:
        parts = []
        for op, arg in items:
            if op is c.LITERAL:
                options = [chr(arg)]
            elif op is c.IN and all(kind is c.LITERAL for kind, _ in arg):  # a set of characters ("'| " becomes one)
                options = [chr(code) for _, code in arg]
            elif op is c.SUBPATTERN:
                options = strings(arg[3])
            elif op is c.BRANCH:
                branches = [strings(branch) for branch in arg[1]]
                options = None if any(b is None for b in branches) else [x for b in branches for x in b]
            elif op is c.MAX_REPEAT and arg[:2] == (0, 1):
                inner = strings(arg[2])
                options = None if inner is None else inner + [""]
            else:  # \w+, classes, other repeats: not expanded
                return None
            if options is None:
                return None
            parts.append(options)
        return ["".join(p) for p in itertools.product(*parts)]

    return strings(_parser.parse(regex))


def _trie_entries(category: str) -> list[tuple[str, bool, int]] | None:
    r"""A category's entries as (text, wildcard, rank), for the compiled trie walk; ``None`` if it cannot take them.

    For words, the rank orders the entries sharing a first character as :func:`lexicon_pattern`'s alternation
    tries them (entries with other first characters never compete at one place). Regular expressions (the
    threat lexicons) are written out as every string they match, ranked in the order ``re`` tries them; a
    category with an entry that is not finite (``\w+``) stays with ``re``.
    """
    if _is_regex(category):
        expanded = [_expand(part) for part in _regex_parts(category)]
        if any(strings is None for strings in expanded):
            return None
        return [(text, False, rank) for rank, text in enumerate(x for strings in expanded for x in strings)]
    return [(text, wildcard, rank) for group in _word_groups(category).values()
            for rank, (_, text, wildcard) in enumerate(group)]


@cache
def _tries(categories: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """The walkable categories' entries as tries in flat arrays, for :func:`helpers.models.lexicon_jit.count_matches`."""
    children: list[dict[int, int]] = []
    literal, wild, roots = [], [], []

    def node() -> int:
        children.append({})
        literal.append(-1)
        wild.append(-1)
        return len(children) - 1

    for category in categories:
        roots.append(root := node())
        for text, wildcard, rank in _trie_entries(category):
            at = root
            for char in text:
                if ord(char) not in children[at]:
                    children[at][ord(char)] = node()
                at = children[at][ord(char)]
            ranks = wild if wildcard else literal
            ranks[at] = rank if ranks[at] < 0 else min(ranks[at], rank)
    child_start = np.zeros(len(children), np.int64)
    child_count = np.array([len(c) for c in children], np.int64)
    child_start[1:] = np.cumsum(child_count)[:-1]
    child_char = np.array([char for c in children for char in c], np.int64)
    child_node = np.array([n for c in children for n in c.values()], np.int64)
    return (np.array(roots, np.int64), child_start, child_count, child_char, child_node,
            np.array(literal, np.int64), np.array(wild, np.int64))


@cache
def _walkable(category: str) -> bool:
    """Whether the compiled trie walk counts this category (words, and threat patterns that are finite)."""
    return _trie_entries(category) is not None


def _compiled_counts(normalised: Sequence[str], categories: tuple[str, ...]) -> np.ndarray:
    """:func:`lexicon_counts` of the categories the compiled trie walk takes (:func:`_walkable`)."""
    from .lexicon_jit import count_matches

    n = len(normalised)
    lengths = np.fromiter(map(len, normalised), np.int64, n)
    ends = np.cumsum(lengths)
    cps = np.frombuffer("".join(normalised).encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
    present = np.flatnonzero(np.bincount(cps)) if len(cps) else np.zeros(0, np.int64)
    is_word = np.zeros(int(present.max()) + 1 if len(present) else 1, np.bool_)
    for code in present.tolist():  # what re's \w is: alphanumeric or underscore
        is_word[code] = chr(code).isalnum() or code == 95
    return count_matches(cps, ends - lengths, ends, is_word, *_tries(categories))


def lexicon_counts(normalised: Sequence[str], categories: Sequence[str] = LEXICON_CATEGORIES) -> np.ndarray:
    """Matches of each category (default :data:`LEXICON_CATEGORIES`) in already-normalised texts, shape (n, k).

    Where the compiled loops are loaded (:mod:`helpers.models.hashing`), the word lexicons and the finite
    threat patterns are counted by a compiled trie walk (:mod:`helpers.models.lexicon_jit`) with the patterns'
    counts. Otherwise, and for a category with a pattern that is not finite, each pattern scans all texts
    joined by newlines once, instead of once per text. The patterns start and end on a non-word boundary and
    never match a newline, so a match lies inside one text and the counts are those of a scan of each text
    alone; a text touched by a match that would span two texts is scanned alone anyway.
    """
    n = len(normalised)
    out = np.zeros((n, len(categories)), dtype=np.float32)
    if not n:
        return out
    # A few texts in a process without the compiled loops (a first comment) take the patterns, and do not
    # build the tries.
    walked = [j for j, category in enumerate(categories) if _walkable(category)] if hashing.kernels(n) else []
    if walked:
        out[:, walked] = _compiled_counts(normalised, tuple(categories[j] for j in walked))
        categories = [None if j in walked else category for j, category in enumerate(categories)]
        if len(walked) == len(categories):
            return out
    lengths = np.fromiter(map(len, normalised), np.int64, n)
    starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    joined = "\n".join(normalised)
    for j, category in enumerate(categories):
        if category is None:
            continue
        pattern = lexicon_pattern(category)
        spans = np.array([m.span() for m in pattern.finditer(joined)], dtype=np.int64).reshape(-1, 2)
        first = np.searchsorted(starts, spans[:, 0], side="right") - 1
        last = np.searchsorted(starts, np.maximum(spans[:, 1] - 1, spans[:, 0]), side="right") - 1
        inside = first == last
        out[:, j] = np.bincount(first[inside], minlength=n)
        for i in np.unique(np.concatenate([first[~inside], last[~inside]])):
            out[i, j] = len(pattern.findall(normalised[i]))
    return out
