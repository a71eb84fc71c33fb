"""Text features shared by the mood and hostility models.

Everything here is stateless: hashed word and character n-grams (no vocabulary to ship) plus counts
from the bilingual lexicons in ``resources/lexicons.json`` and the VADER lexicons that registry
packages ship. Stateless features make scoring reproducible and let any process (or Dask worker)
score without loading a fitted vectoriser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..cleaning import normalise, strip_accents
from ..config import RESOURCES_DIR
from ..errors import MissingExtra
from . import hashing

# -- lexicons --------------------------------------------------------------------------------------

LEXICON_CATEGORIES: tuple[str, ...] = (
    "profanity", "insult", "threat", "group", "dehumanising", "slur", "negation", "counter", "organisation",
    "second_person", "distress",
)
#: Lexicons read only by the rules of :mod:`helpers.scoring.score`, not by the model, whose features stay as
#: trained: more threat forms (veiled, conditional, Quebec French), threat-like civil phrases ("watch out for
#: the ice"), self-harm and suicidal wording, and civil mentions of it ("suicide prevention line").
RULE_LEXICONS: tuple[str, ...] = ("threat_more", "threat_benign", "self_harm", "self_harm_benign")


def _entry_regex(entry: str, regex: bool) -> str:
    entry = strip_accents(entry.lower())
    if regex:
        return re.sub(r"\((?!\?)", "(?:", entry)  # non-capturing, so findall counts whole matches
    body = re.escape(entry.rstrip("*")) + (r"\w*" if entry.endswith("*") else "")
    return body


def _is_regex(category: str) -> bool:
    """Whether a category's entries are regular expressions (the threat lexicons) rather than words."""
    return category.startswith("threat")


@lru_cache(maxsize=1)
def load_lexicons() -> dict[str, dict[str, list[str]]]:
    """The bilingual lexicons shipped with Vigie (``resources/lexicons.json``)."""
    data = json.loads((RESOURCES_DIR / "lexicons.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@cache
def lexicon_pattern(category: str) -> re.Pattern[str]:
    """One compiled pattern for a lexicon category, French and English entries together.

    Longer entries are tried first. Literal entries are grouped under their first character: only one
    group can match at a given place, so the matches are those of one flat alternation, but ``re`` tries
    one group's entries at each character instead of every entry (several times faster).
    """
    entries = [e for lang in ("fr", "en") for e in load_lexicons()[category][lang]]
    if _is_regex(category):  # regular expressions: their first character is not known
        parts = sorted({_entry_regex(e, True) for e in entries}, key=lambda p: (-len(p), p))
        return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w])")
    groups: dict[str, dict[str, int]] = {}
    for entry in entries:
        body = _entry_regex(entry, False)
        first = strip_accents(entry.lower())[0]
        groups.setdefault(first, {})[body[len(re.escape(first)):]] = len(body)
    alternatives = [re.escape(first) + "(?:" + "|".join(sorted(rests, key=lambda r: (-rests[r], r))) + ")"
                    for first, rests in sorted(groups.items())]
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w])")


def _literal_entries(category: str) -> list[tuple[str, bool, int]]:
    """A literal category's entries as (text, wildcard, rank).

    The rank orders the entries sharing a first character as :func:`lexicon_pattern`'s alternation tries
    them (entries with other first characters never compete at one place).
    """
    ranked: dict[str, dict[str, tuple[str, bool]]] = {}
    for entry in [e for lang in ("fr", "en") for e in load_lexicons()[category][lang]]:
        body = _entry_regex(entry, False)
        text = strip_accents(entry.lower())
        ranked.setdefault(text[0], {})[body[len(re.escape(text[0])):]] = (text.rstrip("*"), text.endswith("*"))
    lengths = {(first, rest): len(re.escape(first)) + len(rest) for first, rests in ranked.items() for rest in rests}
    out = []
    for first, rests in ranked.items():
        order = sorted(rests, key=lambda r: (-lengths[first, r], r))
        out += [(*rests[rest], rank) for rank, rest in enumerate(order)]
    return out


@cache
def _tries(categories: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """The literal categories' entries as tries in flat arrays, for :func:`helpers.models.lexicon_jit.count_matches`."""
    children: list[dict[int, int]] = []
    literal, wild, roots = [], [], []

    def node() -> int:
        children.append({})
        literal.append(-1)
        wild.append(-1)
        return len(children) - 1

    for category in categories:
        roots.append(root := node())
        for text, wildcard, rank in _literal_entries(category):
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


def _compiled_counts(normalised: Sequence[str], categories: tuple[str, ...]) -> np.ndarray:
    """:func:`lexicon_counts` of literal categories by the compiled trie walk."""
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

    Where the compiled loops are loaded (:mod:`helpers.models.hashing`), literal categories are counted by
    a compiled trie walk (:mod:`helpers.models.lexicon_jit`) with the patterns' counts. Otherwise, and for
    the categories of regular expressions (threats), each pattern scans all texts joined by newlines once,
    instead of once per text. The patterns start and end on a non-word boundary and never match a newline,
    so a match lies inside one text and the counts are those of a scan of each text alone; a text touched
    by a match that would span two texts is scanned alone anyway.
    """
    n = len(normalised)
    out = np.zeros((n, len(categories)), dtype=np.float32)
    if not n:
        return out
    literal = [j for j, category in enumerate(categories) if not _is_regex(category)]
    if literal and hashing._kernels(n) is not None:
        out[:, literal] = _compiled_counts(normalised, tuple(categories[j] for j in literal))
        categories = [None if j in literal else category for j, category in enumerate(categories)]
        if len(literal) == len(categories):
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


#: Pairs of lexicon categories whose co-occurrence is a feature of its own.
INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("group", "dehumanising"), ("group", "insult"), ("group", "threat"), ("group", "slur"), ("group", "counter"),
    ("group", "negation"), ("second_person", "insult"), ("organisation", "insult"), ("second_person", "threat"),
)


# -- VADER -----------------------------------------------------------------------------------------

def _package_file(package: str, name: str) -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / name
    return path if path.exists() else None


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """Word valences from VADER (English, from ``vaderSentiment``) and VADER-fr (``resources/vader_fr``).

    Keys are accent-stripped and lower-cased so that informal French matches; where both lexicons
    have a word, the English valence is kept (the French list re-uses many English entries).
    """
    lexicon: dict[str, float] = {}
    # Copied from vadersentiment-fr 1.3.4 (MIT, resources/vader_fr/NOTICE.md): the package pulls GPL fuzzywuzzy.
    french = RESOURCES_DIR / "vader_fr" / "fr_lexicon.txt"
    for line in french.read_text(encoding="utf-8", errors="replace").splitlines():
        word, _, score = line.rpartition("->")
        if word:
            try:
                lexicon[strip_accents(word.strip().lower())] = float(score)
            except ValueError:
                continue
    english = _package_file("vaderSentiment", "vader_lexicon.txt")
    if english is None:
        raise MissingExtra("vaderSentiment is not installed: it ships the VADER lexicon Vigie needs (pip install -e .)")
    for line in english.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                lexicon[parts[0].strip().lower()] = float(parts[1])
            except ValueError:
                continue
    return lexicon


@lru_cache(maxsize=1)
def vader_analyzer():
    """VADER's rule-based analyser (negation, boosters, caps, punctuation) with the bilingual lexicon."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon = dict(vader_lexicon())
    return analyzer


def vader_scores(texts: Sequence[str]) -> np.ndarray:
    """VADER ``neg, neu, pos, compound`` for each text (accent-stripped so French matches), shape (n, 4).

    The numbers of ``vaderSentiment``'s ``polarity_scores``, computed by :class:`helpers.models.vader.Vader`.
    """
    return _vader().scores(texts)


@lru_cache(maxsize=1)
def _vader():
    from .vader import Vader

    return Vader(vader_analyzer())


def shape_cues(raw: Sequence[str]) -> np.ndarray:
    """Question mark, exclamation mark, share of capitals among letters, length (capped at 500) and emoji.

    Read from the code points of all texts at once (``str.isupper``/``isalpha`` asked once per distinct
    character) instead of a Python loop over every character.
    """
    n = len(raw)
    lengths = np.fromiter(map(len, raw), np.int64, n)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    cps = np.frombuffer("".join(raw).encode("utf-32-le", "surrogatepass"), np.uint32)
    present = np.flatnonzero(np.bincount(cps)) if len(cps) else np.zeros(0, np.int64)
    upper_table = np.zeros(int(present.max()) + 1 if len(present) else 1, bool)
    alpha_table = upper_table.copy()
    for code in present.tolist():
        upper_table[code] = chr(code).isupper()
        alpha_table[code] = chr(code).isalpha()
    upper, alpha = upper_table[cps], alpha_table[cps]

    def per_text(flags: np.ndarray) -> np.ndarray:
        total = np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])
        return total[ends] - total[starts]

    return np.column_stack([
        np.fromiter(("?" in r for r in raw), bool, n),
        np.fromiter(("!" in r for r in raw), bool, n),
        per_text(upper) / np.maximum(1, per_text(alpha)),
        np.minimum(lengths, 500) / 500,
        per_text(cps > 0x2600) > 0,
    ]).astype(np.float32).reshape(n, 5)


# -- the featurizer --------------------------------------------------------------------------------

class TextFeaturizer:
    """Hashed word 1-2-grams + character 2-5-grams + lexicon and VADER features (+ static sentence vector).

    Stateless (nothing is fitted), so the same object scores in any process. Parameters are stored
    unchanged, as in scikit-learn; ``config()`` returns them for the model file.

    Parameters
    ----------
    word_bits, char_bits:
        log2 of the number of hashed word and character features.
    dense_weight:
        Scale of the lexicon/VADER block relative to the l2-normalised n-gram blocks.
    static_weight:
        Scale of the L2-normalised vector of :mod:`helpers.models.static_embedder` (distilled from multilingual
        USE: meaning beyond exact words, shared by French and English); 0 leaves it out.
    static_model:
        Version of the static embedder the model was trained with; a model file refuses another.
    """

    def __init__(self, word_bits: int = 18, char_bits: int = 18, dense_weight: float = 0.5,
                 static_weight: float = 0.0, static_model: str | None = None) -> None:
        self.word_bits = word_bits
        self.char_bits = char_bits
        self.dense_weight = dense_weight
        self.static_weight = static_weight
        self.static_model = static_model

    def config(self) -> dict:
        """Parameters, to rebuild the same featurizer from a model file."""
        from . import static_embedder

        config = {"word_bits": self.word_bits, "char_bits": self.char_bits, "dense_weight": self.dense_weight}
        if self.static_weight:
            config |= {"static_weight": self.static_weight, "static_model": static_embedder.VERSION}
        return config

    @property
    def n_static(self) -> int:
        """Width of the static sentence-vector block (0 when left out)."""
        from . import static_embedder

        return static_embedder.DIMENSIONS if self.static_weight else 0

    @property
    def n_dense(self) -> int:
        """Number of dense (lexicon, VADER, shape, interaction) features."""
        return len(LEXICON_CATEGORIES) + 4 + 5 + len(INTERACTIONS)

    @property
    def n_features(self) -> int:
        """Total number of features."""
        return 2**self.word_bits + 2**self.char_bits + self.n_dense + self.n_static

    #: Word tokens of the n-gram block: runs of letters, digits and apostrophes, or one punctuation mark.
    WORD_TOKENS = re.compile(r"(?u)[\w']+|[^\w\s]")

    def dense(self, raw: Sequence[str], normalised: Sequence[str]) -> np.ndarray:
        """Lexicon counts (log-scaled), VADER scores and shape cues, shape (n, n_dense)."""
        lex = np.log1p(lexicon_counts(normalised))
        vader = vader_scores(normalised)
        shape = shape_cues(raw)
        idx = {name: i for i, name in enumerate(LEXICON_CATEGORIES)}
        # A linear model cannot learn "a group AND a dehumanising word" from the two counts alone.
        inter = np.column_stack([np.minimum(lex[:, idx[a]], lex[:, idx[b]]) for a, b in INTERACTIONS])
        return np.hstack([lex, vader, shape, inter]).astype(np.float32)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Feature matrix for raw texts, shape (n, n_features)."""
        raw = ["" if t is None else str(t) for t in texts]
        norm = [normalise(t) for t in raw]
        # The character n-grams are hashed once, for the n-gram block and the static embedder alike.
        chars = hashing.char_wb(norm, 2, 5)
        words = hashing.word_bigrams(norm, self.WORD_TOKENS)
        dense = self.dense(raw, norm) * self.dense_weight
        static = (self._static(norm, chars) * self.static_weight if self.static_weight
                  else np.zeros((len(raw), 0), np.float32))
        n_words, n_chars = 2**self.word_bits, 2**self.char_bits
        jit = hashing._kernels(len(raw))
        if jit is None:  # a few texts in a process without the compiled loops: scipy stacks the blocks
            blocks = [words.binary(n_words, l2=True), chars.binary(n_chars, l2=True), sp.csr_matrix(dense)]
            return sp.hstack(blocks + [sp.csr_matrix(static)] * bool(static.shape[1]), format="csr", dtype=np.float32)
        from .matrix_jit import assemble

        rows = assemble(*words.columns(n_words), *chars.columns(n_chars), n_words, dense, n_words + n_chars,
                        static, n_words + n_chars + self.n_dense)
        return sp.csr_matrix(rows[::-1], shape=(len(raw), self.n_features))

    def _static(self, norm: list[str], chars: hashing.Hashed) -> np.ndarray:
        from . import static_embedder

        if self.static_model not in (None, static_embedder.VERSION):
            raise ValueError(f"the text model was trained with static embedder {self.static_model}, but "
                             f"{static_embedder.VERSION} is installed: retrain it with `vigie train`")
        return static_embedder.embed_normalised(norm, chars)
