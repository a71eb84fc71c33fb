"""Fitting topics: BERTopic over offline embeddings, seeded k-means, merged near-duplicates, summaries."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ...cleaning import normalise
from ...errors import TooFewComments
from ...models.embeddings import DEFAULT_BACKEND, get_backend
from ...text import bounded, redact
from .labels import TOKEN_PATTERN, _display, label_terms, surface_forms

log = logging.getLogger(__name__)


SOCIAL_STOPWORDS = {"rt", "httpurl", "http", "https", "amp", "user", "via", "lol", "svp", "pis", "pi", "ben", "ca",
                    "ya", "oui", "non", "ok", "merci", "thanks", "thank", "please", "hi", "hey", "allo", "bonjour",
                    "the", "just", "like", "get", "got", "one", "would", "also", "still", "even", "really", "c'est",
                    "j'ai", "it's", "i'm", "don't", "can't", "that's", "est", "faut", "fait", "encore", "aussi",
                    "serieux", "honnetement", "honestly", "seriously", "well", "bon", "saying", "juste"}


@lru_cache(maxsize=1)
def stop_words() -> list[str]:
    """French and English stop words from ``stopwordsiso``, accent-stripped too, plus social-media tokens."""
    import stopwordsiso

    words = set(stopwordsiso.stopwords(["fr", "en"])) | SOCIAL_STOPWORDS
    words |= {normalise(w) for w in words}
    # Also the pieces the tokenizer makes of them ("c'est" -> "est"), so the vectorizer sees one list.
    words |= {piece for w in list(words) for piece in re.findall(TOKEN_PATTERN, w)}
    return sorted(w for w in words if w)


def default_n_topics(n_documents: int) -> int:
    """Clusters to start from: about sqrt(n / 30), between 6 and 40 (merged further if too alike)."""
    return int(min(40, max(6, round(math.sqrt(max(n_documents, 1) / 30)))))


@dataclass
class TopicResult:
    """Per-document topics and per-topic summary of one fit."""

    documents: pd.DataFrame  # row order of the input: topic (local), topic_label
    topics: pd.DataFrame  # topic, label, size, share, words, weights, representative
    model: object  # the fitted BERTopic


def _vectorizer(n_documents: int, min_df: int | None = None):
    from sklearn.feature_extraction.text import CountVectorizer

    # BERTopic fits it on one document per topic: min_df=2 keeps words that two topics share.
    return CountVectorizer(preprocessor=normalise, stop_words=stop_words(), ngram_range=(1, 2),
                           token_pattern=TOKEN_PATTERN, min_df=min_df or (2 if n_documents >= 200 else 1))


#: Fewer distinct comment texts than this (a small page's week of "Merci pour l'information") make no
#: topics worth showing: the topic pages say so and the other pages render as usual.
MIN_DISTINCT_TEXTS = 20


#: Above this many documents the model is fitted on a seeded sample and the rest join their nearest topic.
MAX_FIT_DOCUMENTS = 50_000


#: Modules BERTopic imports eagerly for back-ends Vigie does not use (sentence-transformers pulls
#: transformers and torch: 5-8 s of start-up). Vigie's back-ends give BERTopic its embeddings.
_UNUSED_BY_BERTOPIC = ("sentence_transformers", "transformers", "torch")


def bertopic_classes() -> tuple[type, type, type]:
    """``BERTopic``, ``BaseDimensionalityReduction`` and ``ClassTfidfTransformer``, imported without torch.

    BERTopic guards those imports (``try: import torch except ImportError``), so marking the modules
    absent while it is imported leaves its torch-based back-ends unavailable and the rest working.
    The marks are removed afterwards: a later ``import torch`` in the same process works. Modules
    already imported (a researcher's kernel that loaded torch) are left alone.
    """
    import sys

    import scipy.stats  # noqa: F401  -- scipy and scikit-learn probe sys.modules["torch"] when imported
    import sklearn.base  # noqa: F401

    blocked = [name for name in _UNUSED_BY_BERTOPIC if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        from bertopic import BERTopic
        from bertopic.dimensionality import BaseDimensionalityReduction
        from bertopic.vectorizers import ClassTfidfTransformer
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return BERTopic, BaseDimensionalityReduction, ClassTfidfTransformer


def fit_topics(texts: list[str], embeddings: np.ndarray, n_topics: int | None = None, merge_similarity: float = 0.85,
               random_state: int = 0, max_fit_documents: int = MAX_FIT_DOCUMENTS) -> TopicResult:
    """Fit BERTopic on texts with precomputed embeddings.

    Parameters
    ----------
    texts, embeddings:
        Documents and their L2-normalised embeddings (same order).
    n_topics:
        Number of k-means clusters; default :func:`default_n_topics`.
    merge_similarity:
        Clusters whose centroids have at least this cosine similarity are merged afterwards.
    random_state:
        Seed of k-means and of the fitting sample (same seed, same topics).
    max_fit_documents:
        Fit on a seeded sample of this size when there are more documents (topic words come from the
        sample); every other document gets the topic whose centroid is nearest to its embedding.
    """
    BERTopic, BaseDimensionalityReduction, ClassTfidfTransformer = bertopic_classes()
    from sklearn.cluster import KMeans

    if len(texts) != len(embeddings):
        raise ValueError(f"{len(texts)} texts but {len(embeddings)} embeddings")
    texts = [bounded(t) for t in texts]
    if len(texts) < 10:
        raise TooFewComments(f"topic modelling needs at least 10 documents, got {len(texts)}", len(texts), 10)
    all_texts, all_embeddings = texts, np.asarray(embeddings, dtype=np.float32)
    k = n_topics or default_n_topics(len(texts))  # from the whole corpus, sample or not
    sample = None
    if len(texts) > max_fit_documents:
        sample = np.sort(np.random.default_rng(random_state).choice(len(texts), max_fit_documents, replace=False))
        texts, embeddings = [all_texts[i] for i in sample], all_embeddings[sample]
    k = min(k, len(texts) // 2)

    def build(min_df: int | None = None) -> BERTopic:
        return BERTopic(
            embedding_model=None,
            umap_model=BaseDimensionalityReduction(),
            hdbscan_model=KMeans(n_clusters=k, random_state=random_state, n_init=3),
            vectorizer_model=_vectorizer(len(texts), min_df),
            ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
            top_n_words=10,
            calculate_probabilities=False,
            language="multilingual",
        )

    model = build()
    try:
        topics, _ = model.fit_transform(texts, embeddings=np.asarray(embeddings, dtype=np.float32))
    except ValueError as exc:  # repetitive pages: no word is shared by two topics
        if "no terms remain" not in str(exc):
            raise
        model = build(min_df=1)
        topics, _ = model.fit_transform(texts, embeddings=np.asarray(embeddings, dtype=np.float32))
    merges = _similar_clusters(np.asarray(embeddings), np.asarray(topics), merge_similarity)
    if merges:
        model.merge_topics(texts, merges)
        topics = model.topics_
    topics = np.asarray(topics)
    if sample is not None:
        fitted, topics = topics, _nearest_topic(all_embeddings, np.asarray(embeddings), topics)
        topics[sample] = fitted
    return TopicResult(*_summaries(model, all_texts, topics), model)


def _centroids(vectors: np.ndarray, topics: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Topic ids and their L2-normalised mean vectors."""
    ids = np.unique(topics)
    centroids = np.vstack([vectors[topics == t].mean(axis=0) for t in ids]).astype(np.float32)
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    return ids, centroids / np.where(norms == 0, 1.0, norms)


def _nearest_topic(embeddings: np.ndarray, fitted_embeddings: np.ndarray, fitted_topics: np.ndarray,
                   batch_size: int = 100_000) -> np.ndarray:
    """Topic of every row: the fitted topic whose centroid is most similar (cosine)."""
    ids, centroids = _centroids(fitted_embeddings, fitted_topics)
    best = [np.argmax(embeddings[i:i + batch_size] @ centroids.T, axis=1) for i in range(0, len(embeddings), batch_size)]
    return ids[np.concatenate(best)] if best else np.zeros(0, dtype=int)


def _similar_clusters(embeddings: np.ndarray, topics: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of clusters whose centroids are nearly the same (single linkage above ``threshold``)."""
    ids, centroids = _centroids(embeddings, topics)
    sim = centroids @ centroids.T
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if sim[i, j] >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i, t in enumerate(ids):
        groups.setdefault(find(i), []).append(int(t))
    return [g for g in groups.values() if len(g) > 1]


def _summaries(model, texts: list[str], topics: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    sizes = pd.Series(topics).value_counts()
    for topic, size in sizes.items():
        words = [(w, float(s)) for w, s in (model.get_topic(int(topic)) or []) if w][:10]
        members = [texts[i] for i in np.flatnonzero(topics == topic)[:2000]]  # enough to pick a good example
        rep = _representative(members, [w for w, _ in words[:5]])
        terms = label_terms([w for w, _ in words])
        # Spelling read from the topic's own comments: "incompetent" stays English in an English topic.
        forms = surface_forms(members, {part for w in terms for part in w.split(" ")})
        top = [_display(w, forms) for w in terms]
        rows.append({"topic": int(topic), "label": " · ".join(top) if top else f"topic {topic}", "size": int(size),
                     "share": size / len(texts), "words": [w for w, _ in words],
                     "weights": [round(s, 5) for _, s in words], "representative": rep})
    summary = pd.DataFrame(rows).sort_values(["size", "topic"], ascending=[False, True]).reset_index(drop=True)
    labels = dict(zip(summary["topic"], summary["label"]))
    documents = pd.DataFrame({"topic": topics, "topic_label": [labels[t] for t in topics]})
    return documents, summary


def _representative(members: list[str], words: list[str], max_chars: int = 160) -> str:
    """A short member comment that uses the topic's top words (redacted)."""
    if not members:
        return ""
    def key(text: str) -> tuple:
        norm = normalise(text)
        return -sum(w in norm for w in words), abs(len(text) - 90), text

    return redact(min(members, key=key))[:max_chars]


# -- stable identities ----------------------------------------------------------------------------


def topics_of_table(frame: pd.DataFrame, text_column: str, time_column: str | None = None,
                    backend: str = DEFAULT_BACKEND, n_topics: int | None = None, random_state: int = 0,
                    source: str = "input") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics of a table's texts (`vigie topics --input`): its rows with topics, and a summary per topic.

    The rows gain ``topic_id`` and ``topic_label``; the summary has each topic's words and size, and its
    ``first`` and ``last`` times with ``time_column``.

    Raises
    ------
    InvalidInput
        Naming ``source`` and its columns when a named column is not there.
    TooFewComments
        When the table holds too few texts to model.

    """
    from ...errors import InvalidInput

    for column in [text_column] + ([time_column] if time_column else []):
        if column not in frame.columns:
            raise InvalidInput(f"{source}: no column '{column}' (columns: {', '.join(map(str, frame.columns))})")
    texts = frame[text_column].fillna("").astype(str).tolist()
    result = fit_topics(texts, get_backend(backend).embed(texts), n_topics=n_topics, random_state=random_state)
    frame = frame.reset_index(drop=True).assign(topic_id=result.documents["topic"].to_numpy(),
                                                topic_label=result.documents["topic_label"].to_numpy())
    summary = result.topics.copy()
    if time_column:
        times = pd.to_datetime(frame[time_column], utc=True, errors="coerce")
        span = frame.assign(_t=times).groupby("topic_id")["_t"].agg(["min", "max"])
        summary = summary.join(span, on="topic").rename(columns={"min": "first", "max": "last"})
    return frame, summary.assign(words=summary["words"].map(" ".join)).drop(columns="weights")


def save_model(model, path: Path) -> Path:
    """Save a BERTopic model with safetensors serialisation (no pickle), without an embedding model."""
    path.mkdir(parents=True, exist_ok=True)
    # BERTopic warns, in its own log format, that no embedding model is saved: by design here (offline back-ends).
    bertopic_log = logging.getLogger("BERTopic")
    level = bertopic_log.level
    bertopic_log.setLevel(logging.ERROR)
    try:
        model.save(str(path), serialization="safetensors", save_ctfidf=True, save_embedding_model=False)
    finally:
        bertopic_log.setLevel(level)
    return path
