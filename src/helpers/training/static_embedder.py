"""Fit the static bilingual embedder (:mod:`helpers.models.static_embedder`) by distilling multilingual USE.

A linear map from hashed word and character n-grams regresses USE vectors (their first principal
components) on the training splits of the shared corpora plus a bilingual glossary of crisis words.
``vigie train-embedder`` runs :func:`train`; same data, same seeds, same file.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..config import RESOURCES_DIR
from ..io.artifacts import quantise_int8, write_safetensors
from ..models.static_embedder import BITS, DEFAULT_PATH, DIMENSIONS, SEED, VERSION, counts, load, weighted
from .text_model import load_splits

GLOSSARY_PATH = RESOURCES_DIR / "glossary.json"
#: Each glossary row is seen this many times per epoch: a few hundred terms among 60,000 texts.
GLOSSARY_REPEATS = 10


def training_texts() -> list[str]:
    """Distinct French and English texts from the training splits only (validation stays unseen)."""
    import pandas as pd


    s = load_splits()
    parts = [s.xed_train.text, s.superset_train.text, s.mlma_train.text, s.umsab_train.text,
             s.goemotions_train.text.sample(min(15_000, len(s.goemotions_train)), random_state=SEED),
             s.davidson_train.text.sample(min(5_000, len(s.davidson_train)), random_state=SEED),
             s.dreaddit_train.text]
    texts = pd.concat(parts, ignore_index=True).dropna().astype(str)
    return sorted(set(texts[texts.str.strip() != ""]))


def glossary() -> list[tuple[str, str]]:
    """French/English pairs of public-service crisis vocabulary (``resources/glossary.json``).

    The shared corpora are tweets, subtitles and Reddit from before 2020: words such as "dépistage",
    "PCU" or "boil-water advisory" are rare or absent in them. The glossary, written for Vigie, teaches
    the embedder where the teacher puts these terms, and that a term and its translation go together.
    """
    data = json.loads(GLOSSARY_PATH.read_text(encoding="utf-8"))
    return [(fr, en) for key, pairs in data.items() if not key.startswith("_") for fr, en in pairs]


def fit(texts: list[str], targets: np.ndarray, epochs: int = 10, batch_size: int = 512, lr: float = 3e-3,
        l2: float = 1e-6, held_out: int = 4000, n_eligible: int | None = None,
        progress: bool = False) -> dict[str, np.ndarray]:
    """Fit the linear map by minibatch Adam on squared error, keeping the epoch best on held-out texts.

    ``targets`` are the teacher's sentence vectors (one row per text); held-out texts are drawn from
    the first ``n_eligible`` rows (default all), so repeated glossary rows put after them never are.
    Returns float32 arrays ``weights`` (n-gram buckets x 128) and ``idf``, and ``held_out_cosine``.
    """
    from sklearn.decomposition import PCA
    from sklearn.feature_extraction.text import TfidfTransformer

    raw = counts(texts)
    idf = TfidfTransformer(sublinear_tf=True).fit(raw).idf_.astype(np.float32)
    X = weighted(raw, idf)
    pca = PCA(DIMENSIONS, random_state=SEED).fit(targets)
    Z = pca.transform(targets).astype(np.float32) / np.float32(np.sqrt(pca.explained_variance_[0]))
    rng = np.random.default_rng(SEED)
    eligible = X.shape[0] if n_eligible is None else n_eligible
    order = rng.permutation(eligible)
    val = order[:held_out]
    train = np.concatenate([order[held_out:], np.arange(eligible, X.shape[0])])
    W = np.zeros((X.shape[1], DIMENSIONS), np.float32)
    m, v = np.zeros_like(W), np.zeros_like(W)
    step, best, best_W = 0, -1.0, W
    for epoch in range(epochs):
        start = time.perf_counter()
        rng.shuffle(train)
        for s in range(0, len(train), batch_size):
            rows = train[s:s + batch_size]
            Xb = X[rows]
            grad = (Xb.T @ (Xb @ W - Z[rows])) / len(rows) + l2 * W
            step += 1
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad * grad
            W -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        pred = X[val] @ W
        cosine = float(np.mean(np.sum(pred * Z[val], 1) / (np.linalg.norm(pred, axis=1)
                                                             * np.linalg.norm(Z[val], axis=1) + 1e-9)))
        if progress:
            print(f"epoch {epoch}: held-out cosine {cosine:.4f} ({time.perf_counter() - start:.0f} s)")
        if cosine > best:  # early stopping: the map starts to memorise after a few epochs
            best, best_W = cosine, W.copy()
    return {"weights": best_W, "idf": idf, "held_out_cosine": np.float32(best)}


def train(out: str | Path = DEFAULT_PATH, progress: bool = True) -> dict:
    """Build the embedder from the shared training splits and write it as safetensors."""
    from ..models.embeddings import embed_use

    texts = training_texts()
    pairs = glossary()
    if progress:
        print(f"{len(texts):,} training texts and {len(pairs)} glossary pairs; embedding them with USE (teacher)…")
    targets = embed_use(texts)
    fr, en = [p[0] for p in pairs], [p[1] for p in pairs]
    u_fr, u_en = embed_use(fr), embed_use(en)
    # Each term regresses its own vector and its translation's: the pair ends up close together.
    extra_texts = (fr + en + fr + en) * GLOSSARY_REPEATS
    extra_targets = np.vstack([u_fr, u_en, u_en, u_fr] * GLOSSARY_REPEATS)
    fitted = fit(texts + extra_texts, np.vstack([targets, extra_targets]), n_eligible=len(texts), progress=progress)
    q, scale = quantise_int8(fitted["weights"])
    write_safetensors(out, {"weights": q, "scale": scale, "idf": fitted["idf"].astype(np.float16)},
                      {"version": VERSION, "bits": str(BITS), "dimensions": str(DIMENSIONS),
                       "texts": str(len(texts)), "glossary_pairs": str(len(pairs)),
                       "held_out_cosine": f"{float(fitted['held_out_cosine']):.4f}"})
    load.cache_clear()
    return {"path": str(out), "texts": len(texts), "held_out_cosine": round(float(fitted["held_out_cosine"]), 4)}
