"""Encoder embeddings of the shared data kept on disk between runs (evaluation baselines, precise heads).

Embedding the 120,000 training texts with USE takes minutes and with e5 hours; a re-run reads them back.
The cache lives under ``data/interim`` (never committed) and holds two plain arrays: nothing is unpickled.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..config import DATA_DIR
from ..files import atomic_path

#: Where encoder embeddings of the shared data are kept between runs (``data/`` is never committed).
EMBEDDING_CACHE = DATA_DIR / "interim" / "embeddings"


class CachedEncoder:
    """An encoder whose vectors are kept on disk (``<name>.npz``: text hashes and vectors)."""

    def __init__(self, name: str, embed: Callable[[list[str]], np.ndarray], cache_dir: Path = EMBEDDING_CACHE):
        self.name, self.embed, self.path = name, embed, cache_dir / f"{name}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path, allow_pickle=False) as z:
                self.vectors = dict(zip(z["keys"].tolist(), z["vectors"]))
        self.dirty = False

    @staticmethod
    def key(text: str) -> str:
        """Cache key of a text."""
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts`` in order, embedding only those not cached yet."""
        keys = [self.key(t) for t in texts]
        todo = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in self.vectors))
        if todo:
            for t, v in zip(todo, self.embed(todo)):
                self.vectors[self.key(t)] = np.asarray(v, dtype=np.float32)
            self.dirty = True
        return np.vstack([self.vectors[k] for k in keys])

    def save(self) -> None:
        """Write the cache (atomically) if it grew."""
        if not self.dirty:
            return
        keys = list(self.vectors)
        with atomic_path(self.path) as tmp, open(tmp, "wb") as fh:  # a file object: np.savez adds no suffix
            np.savez(fh, keys=np.asarray(keys), vectors=np.vstack([self.vectors[k] for k in keys]))
        self.dirty = False
