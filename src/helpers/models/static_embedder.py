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

from ..config import RESOURCES_DIR
from ..io.artifacts import read_safetensors
from .normalise import normalise

VERSION = "vigie-static-1"
DEFAULT_PATH = RESOURCES_DIR / "models" / "vigie-static.safetensors"
BITS = 15          # 2**15 word and 2**15 character buckets
DIMENSIONS = 128   # principal components of USE kept as the target
SEED = 0


def _vectorisers():
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(n_features=2**BITS, ngram_range=(1, 2), alternate_sign=False, binary=True,
                              norm=None, token_pattern=r"(?u)[\w']+")
    chars = HashingVectorizer(n_features=2**BITS, analyzer="char_wb", ngram_range=(3, 5),
                              alternate_sign=False, binary=True, norm=None)
    return words, chars


def counts(texts: list[str]) -> sp.csr_matrix:
    """Binary hashed word and character n-gram indicators of normalised texts."""
    words, chars = _vectorisers()
    norm = [normalise(t) if isinstance(t, str) else "" for t in texts]  # NaN survives astype(str) in pandas 3
    return sp.hstack([words.transform(norm), chars.transform(norm)], format="csr").astype(np.float32)


def weighted(X: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Rows of ``X`` weighted by ``idf`` and L2-normalised (what the linear map reads)."""
    from sklearn.preprocessing import normalize

    return normalize(sp.csr_matrix(X.multiply(idf[None, :])), copy=False).astype(np.float32)


@lru_cache(maxsize=2)
def load(path: str | Path = DEFAULT_PATH) -> tuple[np.ndarray, np.ndarray]:
    """The shipped map (dequantised float32) and idf weights."""
    tensors, _ = read_safetensors(path, "vigie train-embedder")
    weights = tensors["weights"].astype(np.float32) * tensors["scale"][None, :]
    return weights, tensors["idf"].astype(np.float32)


def project(counts_matrix: sp.csr_matrix, path: str | Path = DEFAULT_PATH, batch_size: int = 50_000) -> np.ndarray:
    """L2-normalised embeddings of texts given their :func:`counts` (an empty text gives zeros)."""
    from sklearn.preprocessing import normalize

    weights, idf = load(path)
    parts = [np.asarray(weighted(counts_matrix[i:i + batch_size], idf) @ weights)
             for i in range(0, counts_matrix.shape[0], batch_size)]
    return normalize(np.vstack(parts)).astype(np.float32) if parts else np.zeros((0, DIMENSIONS), np.float32)


def embed(texts: list[str], path: str | Path = DEFAULT_PATH) -> np.ndarray:
    """128-dimensional L2-normalised static embeddings."""
    return project(counts(list(texts)), path)
