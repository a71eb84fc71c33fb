"""Text features shared by the mood and hostility models.

Everything here is stateless: hashed word and character n-grams (no vocabulary to ship) plus counts
from the bilingual lexicons in ``resources/lexicons.json`` and the VADER lexicons that registry
packages ship. Stateless features make scoring reproducible and let any process (or Dask worker)
score without loading a fitted vectoriser.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..cleaning import normalise, strip_accents
from ..config import RESOURCES_DIR
from ..errors import MissingExtra
from . import hashing
from .lexicons import LEXICON_CATEGORIES, lexicon_counts

# -- lexicon features -----------------------------------------------------------------------------

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
    WORD_TOKENS = hashing.PUNCTUATED_WORDS

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
        static = (self._static(norm, chars, words) * self.static_weight if self.static_weight
                  else np.zeros((len(raw), 0), np.float32))
        n_words, n_chars = 2**self.word_bits, 2**self.char_bits
        jit = hashing.kernels(len(raw))
        if jit is None:  # a few texts in a process without the compiled loops: scipy stacks the blocks
            blocks = [words.binary(n_words, l2=True), chars.binary(n_chars, l2=True), sp.csr_matrix(dense)]
            if static.shape[1]:
                blocks.append(sp.csr_matrix(static))
            return sp.hstack(blocks, format="csr", dtype=np.float32)
        from .matrix_jit import assemble

        rows = assemble(*words.columns(n_words), *chars.columns(n_chars), n_words, dense, n_words + n_chars,
                        static, n_words + n_chars + self.n_dense)
        return sp.csr_matrix(rows[::-1], shape=(len(raw), self.n_features))

    def _static(self, norm: list[str], chars: hashing.Hashed, words: hashing.Hashed) -> np.ndarray:
        from . import static_embedder

        if self.static_model not in (None, static_embedder.VERSION):
            raise ValueError(f"the text model was trained with static embedder {self.static_model}, but "
                             f"{static_embedder.VERSION} is installed: retrain it with `vigie train`")
        return static_embedder.embed_normalised(norm, chars, words=words)
