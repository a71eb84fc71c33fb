"""Linear text models over :class:`~helpers.models.features.TextFeaturizer` features, in a safe file format.

A :class:`TextModel` holds several heads (sentiment, emotions, distress, hostility...). It is saved
as one ``.safetensors`` file: int8-quantised weights with a per-column scale, biases, and JSON
metadata (featurizer parameters, head names and classes, thresholds, training provenance). Nothing
is ever unpickled.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..config import RESOURCES_DIR
from ..io.artifacts import quantise_int8, read_safetensors, write_safetensors
from .features import TextFeaturizer

DEFAULT_MODEL = RESOURCES_DIR / "models" / "vigie-text.safetensors"


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``(n, k)`` logits (shifted by each row's maximum, so large logits do not overflow)."""
    expd = np.exp(logits - logits.max(axis=1, keepdims=True))
    return expd / expd.sum(axis=1, keepdims=True)


@dataclass
class Head:
    """One output: ``classes`` are the columns of ``coef``; a binary head has one column (the positive class)."""

    name: str
    classes: list[str]
    coef: np.ndarray  # (n_features, n_columns) float32
    intercept: np.ndarray  # (n_columns,)
    threshold: float = 0.5

    @property
    def binary(self) -> bool:
        """True for a one-column (sigmoid) head."""
        return self.coef.shape[1] == 1


@dataclass
class TextModel:
    """Several linear heads sharing one stateless featurizer."""

    featurizer: TextFeaturizer
    heads: dict[str, Head] = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    _stacks: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    #: From this many rows on, :meth:`predict_proba` reads X once for every head.
    STACK_ROWS = 64

    @property
    def version(self) -> str:
        """Model version string (stored in the file; part of every score cache key)."""
        return str(self.metadata.get("version", "unversioned"))

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Feature matrix of raw texts."""
        return self.featurizer.transform(texts)

    def predict_proba(self, X: sp.csr_matrix, names: Sequence[str] | None = None) -> dict[str, np.ndarray]:
        """Probabilities per head: shape (n,) for binary heads, (n, n_classes) for the others."""
        names = list(names or self.heads)
        # Many rows: one pass over X for every head. Each output column sums the same float32 products in the
        # same order as a product per head, so the numbers are the same, and X is read once instead of once per
        # head. A few rows (a first comment) are not worth building the side-by-side coefficients for.
        if X.shape[0] >= self.STACK_ROWS:
            stacked = np.asarray(X @ self._stacked(names))
            widths = np.cumsum([0] + [self.heads[name].coef.shape[1] for name in names])
            products = {name: stacked[:, a:b] for name, a, b in zip(names, widths[:-1], widths[1:])}
        else:
            products = {name: np.asarray(X @ self.heads[name].coef) for name in names}
        out = {}
        for name in names:
            head = self.heads[name]
            logits = products[name] + head.intercept
            out[name] = 1.0 / (1.0 + np.exp(-logits[:, 0])) if head.binary else softmax(logits)
        return out

    def _stacked(self, names: list[str]) -> np.ndarray:
        """The heads' coefficients side by side (kept while the heads are the same arrays)."""
        key = tuple((name, id(self.heads[name].coef)) for name in names)
        if self._stacks.get("key") != key:
            arrays = [self.heads[name].coef for name in names]  # held, so their ids stay theirs
            self._stacks.update(key=key, arrays=arrays, coef=np.hstack(arrays))
        return self._stacks["coef"]

    def save(self, path: str | Path) -> Path:
        """Write the model as safetensors (int8 weights + scales); returns the path."""
        tensors: dict[str, np.ndarray] = {}
        heads_meta = []
        for name, head in self.heads.items():
            tensors[f"{name}.coef_q"], tensors[f"{name}.scale"] = quantise_int8(head.coef)
            tensors[f"{name}.intercept"] = head.intercept.astype(np.float32)
            heads_meta.append({"name": name, "classes": head.classes, "threshold": head.threshold})
        meta = {"featurizer": self.featurizer.config(), "heads": heads_meta, **self.metadata}
        return write_safetensors(path, tensors, {"vigie": json.dumps(meta, ensure_ascii=False, sort_keys=True)})

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> TextModel:
        """Read a model written by :meth:`save`."""
        tensors, metadata = read_safetensors(path, "vigie train")
        meta = json.loads(metadata["vigie"])
        featurizer = TextFeaturizer(**meta.pop("featurizer"))
        heads = {}
        for h in meta.pop("heads"):
            name = h["name"]
            coef = tensors[f"{name}.coef_q"].astype(np.float32) * tensors[f"{name}.scale"]
            heads[name] = Head(name, h["classes"], coef, tensors[f"{name}.intercept"], h["threshold"])
        return cls(featurizer, heads, meta)


_CACHE: dict[Path, TextModel] = {}


def default_model(path: str | Path | None = None) -> TextModel:
    """The shipped model (loaded once per process)."""
    path = Path(path) if path else DEFAULT_MODEL
    if path not in _CACHE:
        _CACHE[path] = TextModel.load(path)
    return _CACHE[path]
