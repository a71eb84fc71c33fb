"""Hashed word and character n-grams, compiled: the same matrices as scikit-learn's ``HashingVectorizer``.

Why: scikit-learn builds every n-gram as a Python string before hashing it, which was half of the
scoring time on real comments (``docs/performance.md``). Here Python only splits the texts (``re`` and
``str.split``, in C); the n-grams are formed and hashed (MurmurHash3, seed 0, of their UTF-8 bytes, as
scikit-learn does) by :mod:`numba`-compiled loops over code points (:mod:`helpers.models.hashing_jit`),
or, for a batch of a few texts, by MurmurHash3 vectorised in numpy over the n-gram strings, which spares a
short process numba's import and cache. Each text's character n-grams are hashed once and read by both the
text model (2-5-grams) and the static embedder (3-5-grams).

``tests/models/test_hashing.py`` checks that the matrices equal scikit-learn's on real and awkward
texts, so the shipped models score exactly as they did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import scipy.sparse as sp

#: scikit-learn's whitespace squashing before ``char_wb`` splitting.
_WHITE_SPACES = re.compile(r"\s\s+")
#: Until the compiled loops are loaded, batches of at most this many texts are hashed with numpy: a process
#: that scores a few comments (a first `vigie score` of a few rows, a notebook's first call) does not import
#: numba nor load its cache, about a third of its start-up (``docs/performance.md``). The hashes are the
#: same. Once loaded (a larger batch, or :func:`warm`), the compiled loops hash every batch: they are faster
#: per text, which a service scoring one comment at a time wants.
SMALL_BATCH = 16
_compiled = None


def _flatten(pieces: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points of all pieces, each piece's offsets into them, and each text's pointer into the pieces."""
    flat = list(chain.from_iterable(pieces))
    ptr = np.zeros(len(pieces) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, pieces), np.int64, len(pieces)), out=ptr[1:])
    offsets = np.zeros(len(flat) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, flat), np.int64, len(flat)), out=offsets[1:])
    cps = np.frombuffer("".join(flat).encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
    return cps, offsets, ptr


@dataclass
class Hashed:
    """Hashes of a batch of texts, before they are reduced to a number of columns."""

    doc_ptr: np.ndarray
    hashes: np.ndarray
    sizes: np.ndarray | None = None
    #: Word n-grams hashed by the compiled loops: the tokens they were formed from (code points, each token's
    #: offsets, each text's pointer) and the pattern that found them, for :func:`word_runs`.
    tokens: tuple[np.ndarray, np.ndarray, np.ndarray, str] | None = None

    def columns(self, n_features: int, min_size: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """CSR ``indptr, indices`` of the distinct columns of each text's n-grams of at least ``min_size`` characters."""
        keep = np.ones(len(self.hashes), bool) if self.sizes is None else self.sizes >= min_size
        jit = kernels(len(self.doc_ptr) - 1)
        rows = _small_binary_rows if jit is None else jit._binary_rows
        return rows(self.doc_ptr, self.hashes, keep, n_features)

    def binary(self, n_features: int, min_size: int = 0, l2: bool = False) -> sp.csr_matrix:
        """0/1 matrix of the n-grams of at least ``min_size`` characters; rows L2-normalised if ``l2``."""
        indptr, indices = self.columns(n_features, min_size)
        nnz = np.diff(indptr)
        if l2:
            data = np.repeat(1.0 / np.sqrt(np.maximum(nnz, 1)), nnz)
        else:
            data = np.ones(len(indices))
        return sp.csr_matrix((data, indices, indptr), shape=(len(nnz), n_features))


def char_wb(texts: Sequence[str], min_n: int, max_n: int) -> Hashed:
    """Hashes of the ``char_wb`` n-grams (``min_n`` to ``max_n`` characters) of texts, as scikit-learn forms them."""
    words = [_WHITE_SPACES.sub(" ", t).split() for t in texts]
    jit = kernels(len(texts))
    if jit is None:
        return _small_char_wb(words, min_n, max_n)
    cps, offsets, ptr = _flatten(words)
    doc_ptr, hashes, sizes = jit._char_wb(cps, offsets, ptr, min_n, max_n)
    return Hashed(doc_ptr, hashes, sizes)


def word_bigrams(texts: Sequence[str], token_pattern: re.Pattern[str]) -> Hashed:
    """Hashes of the word unigrams and bigrams of texts, tokens found by ``token_pattern``."""
    tokens = [token_pattern.findall(t) for t in texts]
    jit = kernels(len(texts))
    if jit is None:
        grams, ptr = [], [0]
        for toks in tokens:  # unigrams, then bigrams, as the compiled loop orders them
            grams += toks
            grams += [f"{a} {b}" for a, b in zip(toks, toks[1:])]
            ptr.append(len(grams))
        return Hashed(np.array(ptr, np.int64), murmur3_many(grams))
    cps, offsets, ptr = _flatten(tokens)
    doc_ptr, hashes = jit._word_ngrams(cps, offsets, ptr)
    return Hashed(doc_ptr, hashes, tokens=(cps, offsets, ptr, token_pattern.pattern))


#: Runs of letters, digits and apostrophes, or one punctuation mark: the text model's word tokens.
PUNCTUATED_WORDS = re.compile(r"(?u)[\w']+|[^\w\s]")
#: The same runs without the punctuation marks: the static embedder's word tokens.
WORD_RUNS = re.compile(r"(?u)[\w']+")


def word_runs(punctuated: Hashed) -> Hashed | None:
    """``word_bigrams(texts, WORD_RUNS)`` from ``word_bigrams(texts, PUNCTUATED_WORDS)``, without reading the texts again.

    The runs are the same in both; the punctuated tokens add single marks that are neither word characters
    nor apostrophes, which are dropped here before the compiled loop forms the n-grams. ``None`` where
    ``punctuated`` kept no tokens (another pattern, or hashed without the compiled loops).
    """
    if punctuated.tokens is None or punctuated.tokens[3] != PUNCTUATED_WORDS.pattern:
        return None
    cps, offsets, ptr, _ = punctuated.tokens
    lengths = np.diff(offsets)
    first = cps[offsets[:-1]]  # a token holds at least one character
    codes = np.unique(first)
    # What re's \w is (alphanumeric or underscore), or the apostrophe
    runs = codes[[chr(c).isalnum() or c in (95, 39) for c in codes.tolist()]]
    keep = np.isin(first, runs)
    kept_offsets = np.zeros(int(keep.sum()) + 1, np.int64)
    np.cumsum(lengths[keep], out=kept_offsets[1:])
    kept_ptr = np.concatenate([[0], np.cumsum(keep)])[ptr]
    doc_ptr, hashes = kernels(len(ptr) - 1)._word_ngrams(cps[np.repeat(keep, lengths)], kept_offsets, kept_ptr)
    return Hashed(doc_ptr, hashes)


def warm() -> None:
    """Load the compiled loops now (numba and its on-disk cache): a long-running scorer's start-up."""
    global _compiled
    if _compiled is None:
        from . import hashing_jit

        _compiled = hashing_jit
        char_wb(["warm up"], 2, 5).binary(2**4)
        word_bigrams(["warm up"], re.compile(r"\w+"))


def kernels(n_texts: int):
    """The compiled loops for a batch of ``n_texts``, or None where numpy does the work (see :data:`SMALL_BATCH`).

    The other compiled steps of the fast tier (lexicons, static embedder, VADER) ask this too, so a first
    comment in a fresh process loads nothing compiled.
    """
    if _compiled is None and n_texts <= SMALL_BATCH:
        return None
    warm()
    return _compiled


# --- small batches: numpy, no compilation -------------------------------------------------------------------


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def murmur3_many(strings: list[str]) -> np.ndarray:
    """MurmurHash3 x86 32-bit (seed 0) of each string's UTF-8 bytes, signed, as int64: every string at once."""
    data = [g.encode("utf-8", "surrogatepass") for g in strings]
    n = len(data)
    lengths = np.fromiter(map(len, data), np.int64, n)
    width = 4 * max(1, -(-int(lengths.max(initial=0)) // 4))
    # Each string zero-padded to whole 4-byte words: the tail's bytes then read as the reference's tail k.
    words = np.frombuffer(b"".join([d.ljust(width, b"\0") for d in data]), "<u4").reshape(n, width // 4)
    c1, c2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
    k = _rotl(words * c1, 15) * c2
    h = np.zeros(n, np.uint32)
    blocks = lengths // 4
    for b in range(int(blocks.max(initial=0))):
        h = np.where(blocks > b, _rotl(h ^ k[:, b], 13) * np.uint32(5) + np.uint32(0xE6546B64), h)
    tail = k[np.arange(n), np.minimum(blocks, k.shape[1] - 1)]
    h = np.where((lengths & 3) > 0, h ^ tail, h)
    h ^= lengths.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h.view(np.int32).astype(np.int64)


def _small_char_wb(words: list[list[str]], min_n: int, max_n: int) -> Hashed:
    """:func:`char_wb` for a few texts (their words already split), in Python and numpy."""
    grams: list[str] = []
    sizes: list[int] = []
    ptr = [0]
    for text_words in words:
        for word in text_words:
            padded = f" {word} "
            length = len(padded)
            for n in range(min_n, max_n + 1):
                if length <= n:  # a word shorter than n: one n-gram, the whole padded word
                    grams.append(padded)
                    sizes.append(length)
                    break
                grams += [padded[s:s + n] for s in range(length - n + 1)]
                sizes += [n] * (length - n + 1)
        ptr.append(len(grams))
    return Hashed(np.array(ptr, np.int64), murmur3_many(grams), np.array(sizes, np.int8))


def _small_binary_rows(doc_ptr: np.ndarray, hashes: np.ndarray, keep: np.ndarray, n_features: int
                       ) -> tuple[np.ndarray, np.ndarray]:
    """The compiled ``_binary_rows`` for a few texts: sorted distinct columns per text."""
    columns = np.abs(hashes) % n_features
    rows = [np.unique(columns[a:b][keep[a:b]]) for a, b in zip(doc_ptr[:-1], doc_ptr[1:])]
    indptr = np.zeros(len(rows) + 1, np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    return indptr, (np.concatenate(rows) if rows else np.zeros(0)).astype(np.int32)
