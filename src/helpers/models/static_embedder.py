"""A static bilingual sentence embedder distilled from multilingual USE, shipped as int8 safetensors.

Why: USE puts a French comment and its English twin together but runs at ~700 texts/s on two cores;
topic modelling of a large stream needs far more. Following the model2vec /
tokenlearn recipe, a linear map from hashed word (1-2) and character (3-5) n-grams is trained so that
it regresses USE vectors (reduced to their first 128 principal components) on the *training* splits of
the shared French and English corpora, plus a bilingual glossary of crisis vocabulary written for
Vigie. At run time embedding is one sparse matrix product.

:mod:`helpers.training.static_embedder` fits it; ``vigie train-embedder`` rebuilds the artifact: same
data, same seeds, same file (up to the last bits of USE's own floating-point sums, which the int8
quantisation absorbs).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..cleaning import normalise
from ..config import RESOURCES_DIR
from ..io.artifacts import read_safetensors
from . import hashing

VERSION = "vigie-static-1"
DEFAULT_PATH = RESOURCES_DIR / "models" / "vigie-static.safetensors"
BITS = 15          # 2**15 word and 2**15 character buckets
DIMENSIONS = 128   # principal components of USE kept as the target
SEED = 0


#: Word tokens: runs of letters, digits and apostrophes (punctuation carries no meaning to embed).
WORD_TOKENS = hashing.WORD_RUNS


def counts_of_normalised(norm: list[str], chars: hashing.Hashed | None = None) -> sp.csr_matrix:
    """Binary hashed word (1-2) and character (3-5) n-gram indicators of already-normalised texts.

    ``chars`` are the texts' character n-gram hashes if the caller has them (2-5-grams of the same texts).
    """
    low = [t.lower() for t in norm]
    if chars is None or low != norm:
        chars = hashing.char_wb(low, 3, 5)
    words = hashing.word_bigrams(low, WORD_TOKENS).binary(2**BITS)
    return sp.hstack([words, chars.binary(2**BITS, min_size=3)], format="csr").astype(np.float32)


def counts(texts: list[str]) -> sp.csr_matrix:
    """Binary hashed word and character n-gram indicators of texts (normalised here)."""
    return counts_of_normalised([normalise(t) if isinstance(t, str) else "" for t in texts])


def weighted(X: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Rows of ``X`` weighted by ``idf`` and L2-normalised (what the linear map reads)."""
    # As scikit-learn's normalize (float32 squares summed in double), without importing scikit-learn.
    W = sp.csr_matrix(X.multiply(idf[None, :]), dtype=np.float32)
    rows = np.repeat(np.arange(W.shape[0]), np.diff(W.indptr))
    norms = np.sqrt(np.bincount(rows, weights=W.data * W.data, minlength=W.shape[0]))
    W.data = (W.data / np.where(norms == 0, 1.0, norms)[rows]).astype(np.float32)
    return W


@lru_cache(maxsize=2)
def load(path: str | Path = DEFAULT_PATH) -> tuple[np.ndarray, np.ndarray]:
    """The shipped map (dequantised float32) and idf weights."""
    tensors, _ = read_safetensors(path, "vigie train-embedder")
    weights = tensors["weights"].astype(np.float32) * tensors["scale"][None, :]
    return weights, tensors["idf"].astype(np.float32)


def project(counts_matrix: sp.csr_matrix, path: str | Path = DEFAULT_PATH, batch_size: int = 50_000) -> np.ndarray:
    """L2-normalised embeddings of texts given their :func:`counts` (an empty text gives zeros)."""
    weights, idf = load(path)
    parts = [np.asarray(weighted(counts_matrix[i:i + batch_size], idf) @ weights)
             for i in range(0, counts_matrix.shape[0], batch_size)]
    return _unit(np.vstack(parts)) if parts else np.zeros((0, DIMENSIONS), np.float32)


def _unit(vectors: np.ndarray) -> np.ndarray:
    # scikit-learn's normalize, without importing scikit-learn (1.5 s of every worker's start-up).
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    return (vectors / np.where(norms == 0, 1, norms)[:, None]).astype(np.float32)


def embed_normalised(norm: list[str], chars: hashing.Hashed | None = None, path: str | Path = DEFAULT_PATH,
                     words: hashing.Hashed | None = None) -> np.ndarray:
    """``project(counts_of_normalised(norm, chars))`` read straight from the n-gram hashes: the same numbers.

    The compiled loop sums the map's rows of each text's n-grams without building the sparse matrices
    (stacking, weighting and multiplying them was a fifth of the fast tier's time on real text); a batch too
    small for the compiled loops takes the matrix path. ``tests/models/test_hashing.py`` checks both agree
    bit for bit on real texts. ``words``, the text model's word n-grams of the same texts
    (:data:`helpers.models.hashing.PUNCTUATED_WORDS`), spares reading the texts again for word runs.
    """
    jit = hashing.kernels(len(norm))
    if jit is None:
        return project(counts_of_normalised(norm, chars), path)
    low = [t.lower() for t in norm]
    same = low == norm
    if chars is None or not same:
        chars = hashing.char_wb(low, 3, 5)
    runs = hashing.word_runs(words) if words is not None and same else None
    if runs is None:
        runs = hashing.word_bigrams(low, WORD_TOKENS)
    weights, idf = load(path)
    vectors = jit._static_vectors(runs.doc_ptr, runs.hashes, chars.doc_ptr, chars.hashes, chars.sizes >= 3,
                                  2**BITS, idf, weights)
    return _unit(vectors)


def embed(texts: list[str], path: str | Path = DEFAULT_PATH) -> np.ndarray:
    """128-dimensional L2-normalised static embeddings."""
    return embed_normalised([normalise(t) if isinstance(t, str) else "" for t in texts], path=path)
