"""Topic modelling with BERTopic, made to fit periodic bilingual reports.

- Embeddings come from an offline back-end (:mod:`helpers.models.embeddings`, cached in the store).
- Clustering is seeded k-means on the embeddings, without UMAP or HDBSCAN: no numba compilation in
  every fresh process, no outliers (every comment gets a topic), and the same input gives the same
  topics. The number of topics is chosen from the corpus size, then near-duplicate topics are merged.
- Topic words come from BERTopic's class-based TF-IDF with French and English stop words
  (``stopwordsiso``, accent-stripped, plus social-media tokens). Words are matched without accents
  (``securite`` and ``sécurité`` are one word) and labels show each word as the comments most often
  write it with its accents, so a French reader sees ``sécurité``.
- Identities are kept across runs by a registry in the store: each run's topics are matched to known
  topics by the similarity of their word weights; matches keep their id and label, new topics get new
  ids, and merges and splits are recorded in ``topic_mapping``.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import TooFewComments
from ..io import queries
from ..models.embeddings import DEFAULT_BACKEND, combine, embed_cached, fast_parts, get_backend
from ..models.normalise import fix_mojibake, normalise, strip_accents
from ..progress import steps
from ..text import bounded, redact

log = logging.getLogger(__name__)

TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'-]+[^\W_]\b"
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


#: An accented spelling is shown when at least this share of a word's occurrences carry it: informal
#: French drops accents, it rarely adds wrong ones.
ACCENTED_SHARE = 0.1


def surface_forms(texts: list[str], words: set[str]) -> dict[str, str]:
    """How the comments write each accent-stripped word of ``words``, for labels people read.

    The accented spelling wins when it makes up :data:`ACCENTED_SHARE` of the word's occurrences,
    else the most frequent spelling; ties go to the alphabetically first, so labels are deterministic.
    Words never seen in ``texts`` map to themselves.
    """
    counts: dict[str, Counter] = {}
    pattern = re.compile(TOKEN_PATTERN)
    for text in texts:
        for token in pattern.findall(fix_mojibake(text).replace("’", "'").lower()):
            key = strip_accents(token)
            if key in words:
                counts.setdefault(key, Counter())[token] += 1
    forms = {}
    for word, seen in counts.items():
        total = sum(seen.values())
        accented = [(n, f) for f, n in seen.items() if not f.isascii() and n >= ACCENTED_SHARE * total]
        forms[word] = min(accented or [(n, f) for f, n in seen.items()], key=lambda nf: (-nf[0], nf[1]))[1]
    return {w: forms.get(w, w) for w in words}


def _display(term: str, forms: dict[str, str]) -> str:
    """``term`` (one word or an n-gram of accent-stripped words) as the comments write it."""
    return " ".join(forms.get(w, w) for w in term.split(" "))


@lru_cache(maxsize=1)
def _stemmers():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("french"), SnowballStemmer("english")


def _stem_keys(term: str) -> list[set[tuple[str, str]]]:
    """For each word of ``term``: its French and English Snowball stems (two words match if either agrees)."""
    french, english = _stemmers()
    return [{("fr", french.stem(w)), ("en", english.stem(w))} for w in term.split(" ")]


def label_terms(words: list[str], n: int = 3) -> list[str]:
    """The first ``n`` topic words that each add something: no two variants of one word in a label.

    A term is skipped when it is a chosen term written together or apart, or a piece of one
    (``lac megantic`` and ``lac`` after ``lacmegantic``), or when every word of it has the stem (nltk's
    Snowball, French or English) of a word already chosen (``masques`` after ``masque``); a longer term
    replaces the pieces it contains (``lac megantic`` replaces ``lac``).
    """
    def glued(term: str) -> str:
        return term.replace(" ", "").replace("-", "")

    def part_of(short: str, long: str) -> bool:  # "lac" begins "lacmegantic": a compound's piece
        return long.startswith(short) or long.endswith(short)

    chosen: list[str] = []
    for term in words:
        joined = glued(term)
        if any(part_of(joined, glued(c)) for c in chosen):
            continue
        keys = _stem_keys(term)
        known = set().union(*(k for c in chosen for k in _stem_keys(c)))
        if all(k & known for k in keys):
            continue
        chosen = [c for c in chosen if not (all(k & set().union(*keys) for k in _stem_keys(c))
                                            or part_of(glued(c), joined))]
        chosen.append(term)
        if len(chosen) == n:
            break
    return chosen


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

def _similarity(a: dict[str, float], b: dict[str, float]) -> float:
    keys = set(a) | set(b)
    va = np.array([a.get(k, 0.0) for k in keys])
    vb = np.array([b.get(k, 0.0) for k in keys])
    denom = np.linalg.norm(va) * np.linalg.norm(vb)
    return float(va @ vb / denom) if denom else 0.0


def assign_identities(summary: pd.DataFrame, registry: pd.DataFrame, run_id: str, min_similarity: float = 0.35,
                      ) -> tuple[dict[int, int], pd.DataFrame, pd.DataFrame]:
    """Match this run's topics to known topics by word-weight similarity.

    Returns ``(local -> stable id, updated registry, mapping rows)``. A known topic matched by several
    new topics is a split (the closest keeps the id); a new topic close to several known topics is a
    merge (it keeps the id of the closest). Unmatched topics get new ids.
    """
    registry = registry.copy()
    known = {int(r.topic_id): dict(zip(json.loads(r.words), json.loads(r.weights))) for r in registry.itertuples()}
    next_id = (max(known) + 1) if known else 0
    mapping_rows, local_to_stable = [], {}
    new_words = {int(r.topic): dict(zip(r.words, r.weights)) for r in summary.itertuples()}
    sims = {(t, k): _similarity(w, kw) for t, w in new_words.items() for k, kw in known.items()}
    claimed: dict[int, int] = {}
    for t in sorted(new_words, key=lambda t: -max([sims.get((t, k), 0) for k in known] or [0])):
        candidates = sorted(((sims[(t, k)], k) for k in known if sims[(t, k)] >= min_similarity), reverse=True)
        free = [(s, k) for s, k in candidates if k not in claimed]
        if free:
            s, k = free[0]
            claimed[k] = t
            local_to_stable[t] = k
            kind = "merge" if len(candidates) > 1 and candidates[1][0] >= min_similarity else "same"
            mapping_rows.append({"run_id": run_id, "topic_id": k, "relation": kind, "related_to": json.dumps(
                [c[1] for c in candidates[1:]] if kind == "merge" else []), "similarity": round(s, 3)})
        else:
            local_to_stable[t] = next_id
            relation, related = ("split", [candidates[0][1]]) if candidates else ("new", [])
            mapping_rows.append({"run_id": run_id, "topic_id": next_id, "relation": relation,
                                 "related_to": json.dumps(related),
                                 "similarity": round(candidates[0][0], 3) if candidates else None})
            next_id += 1
    for r in summary.itertuples():
        stable = local_to_stable[int(r.topic)]
        row = {"topic_id": stable, "words": json.dumps(r.words, ensure_ascii=False), "weights": json.dumps(r.weights),
               "last_run": run_id}
        if stable in known:
            idx = registry.index[registry["topic_id"] == stable][0]
            # Keep the label people already know; refresh the words so the topic can drift slowly.
            registry.loc[idx, ["words", "weights", "last_run"]] = [row["words"], row["weights"], run_id]
        else:
            registry = pd.concat([registry, pd.DataFrame([{**row, "label": r.label, "first_run": run_id}])],
                                 ignore_index=True)
    return local_to_stable, registry, pd.DataFrame(mapping_rows)


REGISTRY_COLUMNS = ["topic_id", "label", "words", "weights", "first_run", "last_run"]


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
    from ..errors import InvalidInput

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


def load_registry(store) -> pd.DataFrame:
    """Known topics of a store (empty on the first run)."""
    return queries.topic_registry(store, REGISTRY_COLUMNS)


def run_topics(store, start=None, end=None, backend: str = DEFAULT_BACKEND, n_topics: int | None = None,
               run_id: str | None = None, model_dir: Path | None = None, random_state: int = 0,
               progress: bool = False) -> dict:
    """Fit topics on the store's comments in ``[start, end)`` and record stable ids.

    Writes ``comment_topics`` (one topic per comment, latest run wins), updates ``topic_registry`` and
    appends to ``topic_mapping``. Saves the BERTopic model (safetensors) under ``model_dir`` if given.
    """
    comments = store.comments(start, end, columns=["platform", "comment_id", "text", "text_hash"])
    distinct = comments["text_hash"].nunique()
    if distinct < MIN_DISTINCT_TEXTS:
        raise TooFewComments(f"only {distinct} distinct comments ({len(comments)} in all): topics need at least "
                             f"{MIN_DISTINCT_TEXTS} distinct comments", found=int(distinct), needed=MIN_DISTINCT_TEXTS)
    run_id = run_id or f"{pd.Timestamp(start).date() if start else 'all'}_{pd.Timestamp(end).date() if end else 'all'}"
    hashes, texts = comments["text_hash"].tolist(), comments["text"].tolist()
    with steps("topics", 4, progress) as bar:
        bar.start(f"embedding {len(texts):,} comments")
        if backend == "fast":  # its semantic half is the centroid space: hash the n-grams once for both
            semantic, lexical = fast_parts(texts)
            embeddings = combine(semantic, lexical)
        else:
            embeddings = embed_cached(store, hashes, texts, backend)
            semantic = embed_cached(store, hashes, texts, CENTROID_BACKEND)
        bar.advance("clustering")
        result = fit_topics(texts, embeddings, n_topics=n_topics, random_state=random_state)
        bar.advance("matching known topics")
        log.info("topics: %d topics over %d comments (%d distinct); saving", result.topics.shape[0], len(comments),
                 distinct)
        # Registry, mapping, per-comment topics and centroids land together or not at all: a run killed
        # part-way leaves the previous run's topics whole.
        with store.transaction():
            ids, new_topics = _record_run(store, comments, result, run_id)
            bar.advance("saving")
            _save_centroids(store, semantic, ids)
            store.set_meta("topic_backend", get_backend(backend).version)  # the manifest reports what fitted the topics
        if model_dir is not None:
            save_model(result.model, Path(model_dir) / run_id)
        bar.advance()
    return {"run_id": run_id, "comments": len(comments), "topics": int(result.topics.shape[0]),
            "new_topics": new_topics}


def _record_run(store, comments: pd.DataFrame, result: TopicResult, run_id: str) -> tuple[np.ndarray, int]:
    """Match this run's topics to the registry; write registry, mapping and per-comment topics.

    Call it inside a transaction (:func:`run_topics` does), so a failure leaves the previous run whole.

    Returns the stable topic id of each comment and the number of new (or split-off) topics.
    """
    registry = load_registry(store)
    mapping, registry, mapping_rows = assign_identities(result.topics, registry, run_id)
    store.replace_topic_registry(registry[REGISTRY_COLUMNS])
    store.replace_topic_mapping(run_id, mapping_rows)
    assigned = comments[["platform", "comment_id"]].assign(
        topic_id=result.documents["topic"].map(mapping).to_numpy(), run_id=run_id)
    store.set_comment_topics(assigned)
    new = int(mapping_rows["relation"].isin(["new", "split"]).sum()) if len(mapping_rows) else 0
    return assigned["topic_id"].to_numpy(), new


#: Space in which later comments join known topics: bilingual and fast, so a weekly run costs seconds.
CENTROID_BACKEND = "static"


def _save_centroids(store, vectors: np.ndarray, topic_ids: np.ndarray) -> None:
    """Mean static bilingual vector of each topic, to place later comments without refitting."""
    ids, centroids = _centroids(vectors, topic_ids)
    rows = pd.DataFrame({"topic_id": ids.astype(int), "backend": CENTROID_BACKEND, "vector": list(centroids)})
    store.replace_topic_centroids(rows)


def assign_new_comments(store, run_id: str = "assigned") -> dict:
    """Give comments without a topic the known topic whose centroid is closest (cosine, static space).

    Fast between refits: only new comments are embedded. Returns counts;
    ``needs_refit`` is true when there is no fitted topic yet.
    """
    # Centroids saved in another space (an older Vigie) cannot place new comments: refit instead.
    centroids = queries.topic_centroids(store, CENTROID_BACKEND)
    if centroids.empty:
        return {"assigned": 0, "needs_refit": True}
    new = queries.comments_without_topic(store)
    if new.empty:
        return {"assigned": 0, "needs_refit": False}
    vectors = embed_cached(store, new["text_hash"].tolist(), new["text"].tolist(), CENTROID_BACKEND)
    matrix = np.vstack(centroids["vector"].map(lambda v: np.asarray(v, dtype=np.float32)).to_numpy())
    best = (vectors @ matrix.T).argmax(axis=1)
    assigned = new[["platform", "comment_id"]].assign(topic_id=centroids["topic_id"].to_numpy()[best], run_id=run_id)
    store.insert_ignore("comment_topics", assigned)
    return {"assigned": len(assigned), "needs_refit": False}


#: Linkage of the theme grouping. ``complete``: every two topics of a theme are at least ``min_similarity``
#: alike, so a theme is one kind of thing (floods, fires, the derailment). ``average`` chained unlike topics
#: through their neighbours: on CrisisLexT26 its first theme held 77% of the tweets (wildfires, earthquakes,
#: floods, typhoons together); ``benchmarks/bench_themes.py`` writes both against the events' crisis types
#: into ``docs/themes.md``.
THEME_LINKAGE = "complete"


def topic_themes(centroids: pd.DataFrame, labels: dict[int, str], sizes: dict[int, int],
                 min_similarity: float = 0.5, method: str = THEME_LINKAGE) -> pd.DataFrame:
    """Group topics into broader themes: the upper level of a topic hierarchy.

    Hierarchical clustering of the topics' centroids (cosine, :data:`THEME_LINKAGE`), cut where two groups
    are less than ``min_similarity`` alike (with complete linkage: where some pair of their topics is):
    unlike topics stay apart however many themes that makes. A theme is named after its two largest topics.

    Parameters
    ----------
    centroids:
        ``topic_id`` and ``vector`` (the store's ``topic_centroids``).
    labels, sizes:
        Label and number of comments of each topic id.
    min_similarity:
        Cosine similarity below which two groups of topics stay apart.
    method:
        ``complete`` (default) or ``average`` linkage (the grouping before ``complete``, kept for comparison).

    Returns
    -------
    One row per topic: ``theme`` (1 = largest), ``theme_label``, ``topic_id``, ``label``, ``n``.
    """
    from scipy.cluster.hierarchy import fcluster, linkage

    columns = ["theme", "theme_label", "topic_id", "label", "n"]
    if centroids.empty:
        return pd.DataFrame(columns=columns)
    ids = centroids["topic_id"].astype(int).to_numpy()
    vectors = np.vstack([np.asarray(v, dtype=np.float64) for v in centroids["vector"]])
    if len(ids) == 1:
        groups = np.array([1])
    else:
        groups = fcluster(linkage(vectors, method=method, metric="cosine"), t=1 - min_similarity,
                          criterion="distance")
    frame = pd.DataFrame({"group": groups, "topic_id": ids})
    frame["label"] = frame["topic_id"].map(labels).astype(object).fillna(frame["topic_id"].map(lambda i: f"topic {i}"))
    frame["n"] = frame["topic_id"].map(sizes).fillna(0).astype(int)
    frame = frame.sort_values(["group", "n", "topic_id"], ascending=[True, False, True])
    totals = frame.groupby("group")["n"].sum().sort_values(ascending=False, kind="stable")
    frame["theme"] = frame["group"].map({g: i + 1 for i, g in enumerate(totals.index)})
    names = frame.groupby("theme")["label"].agg(lambda s: " / ".join(s.head(2)))
    frame["theme_label"] = frame["theme"].map(names)
    return frame.sort_values(["theme", "n"], ascending=[True, False])[columns].reset_index(drop=True)


def theme_summary(themes: pd.DataFrame) -> pd.DataFrame:
    """One row per theme of :func:`topic_themes`: its name, its topics (largest first) and size."""
    if themes.empty:
        return pd.DataFrame(columns=["theme", "theme_label", "topics", "n"])
    return (themes.groupby(["theme", "theme_label"], sort=True)
            .agg(topics=("label", " / ".join), n=("n", "sum")).reset_index())


def store_topic_themes(store, min_similarity: float = 0.5) -> pd.DataFrame:
    """:func:`topic_themes` for the topics in the store (registry labels, comment counts); read-only safe."""
    if not {"topic_centroids", "topic_registry", "comment_topics"} <= store.tables():  # no topics fitted yet
        return topic_themes(pd.DataFrame(columns=["topic_id", "vector"]), {}, {}, min_similarity)
    # Only centroids of the current space compare with each other.
    centroids = queries.topic_centroids(store, CENTROID_BACKEND)
    labels = {int(k): v for k, v in queries.topic_labels(store).items()}
    return topic_themes(centroids, labels, queries.topic_sizes(store), min_similarity)


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


def topic_labels(store) -> pd.DataFrame:
    """``topic_id, topic_label`` of the registry."""
    return load_registry(store)[["topic_id", "label"]].rename(columns={"label": "topic_label"})


# -- topics over time -----------------------------------------------------------------------------

def topic_shares(frame: pd.DataFrame, freq: str = "W", topic_column: str = "topic_id") -> pd.DataFrame:
    """Comments per period and topic, and the topic's share of the period: ``period, topic, n, total, share``."""
    from .timeseries import period_start

    data = pd.DataFrame({"period": period_start(frame["created_at"], freq), "topic": frame[topic_column].to_numpy()})
    return topic_share_table(data.groupby(["period", "topic"]).size().rename("n"))


def topic_share_table(counts: pd.Series) -> pd.DataFrame:
    """Shares from comment counts indexed by ``(period, topic)`` (e.g. aggregated by the store)."""
    periods = counts.index.get_level_values(0).unique()
    topics = counts.index.get_level_values(1).unique()
    counts = counts.reindex(pd.MultiIndex.from_product([periods, topics], names=["period", "topic"]), fill_value=0)
    out = counts.reset_index()
    out["total"] = out.groupby("period")["n"].transform("sum")
    out["share"] = out["n"] / out["total"]
    return out


def topic_changes(frame: pd.DataFrame, current: tuple, previous: tuple, topic_column: str = "topic_id",
                  alpha: float = 0.01, min_comments: int = 10) -> pd.DataFrame:
    """Classify each topic between two periods with a two-proportion z-test on its share.

    ``status`` is ``emerging`` (rare or absent before, significantly up), ``growing`` (significantly up),
    ``fading`` (significantly down), ``stable`` or ``quiet`` (fewer than ``min_comments`` in both).
    Returns ``topic, n_previous, share_previous, n_current, share_current, change, p_value, status``.
    """
    from scipy import stats

    times = pd.to_datetime(frame["created_at"], utc=True)

    def window(bounds: tuple) -> pd.DataFrame:
        start, end = (pd.Timestamp(b) if pd.Timestamp(b).tzinfo else pd.Timestamp(b, tz="UTC") for b in bounds)
        return frame[(times >= start) & (times < end)]

    cur, prev = window(current), window(previous)
    n1, n2 = len(prev), len(cur)
    c1 = prev[topic_column].value_counts()
    c2 = cur[topic_column].value_counts()
    rows = []
    for topic in sorted(set(c1.index) | set(c2.index)):
        k1, k2 = int(c1.get(topic, 0)), int(c2.get(topic, 0))
        p1 = k1 / n1 if n1 else 0.0
        p2 = k2 / n2 if n2 else 0.0
        pooled = (k1 + k2) / (n1 + n2) if n1 + n2 else 0.0
        se = math.sqrt(pooled * (1 - pooled) * (1 / max(n1, 1) + 1 / max(n2, 1)))
        p_value = float(2 * stats.norm.sf(abs((p2 - p1) / se))) if se > 0 and n1 and n2 else 1.0
        if max(k1, k2) < min_comments:
            status = "quiet"
        elif n1 == 0:  # nothing before (start of the stream): whatever is discussed is new
            status = "emerging"
        elif p_value < alpha and p2 > p1:
            status = "emerging" if p1 < 0.01 else "growing"
        elif p_value < alpha and p2 < p1:
            status = "fading"
        else:
            status = "stable"
        rows.append({"topic": topic, "n_previous": k1, "share_previous": p1, "n_current": k2, "share_current": p2,
                     "change": p2 - p1, "p_value": p_value, "status": status})
    columns = ["topic", "n_previous", "share_previous", "n_current", "share_current", "change", "p_value", "status"]
    return pd.DataFrame(rows, columns=columns).sort_values("change", ascending=False).reset_index(drop=True)


def recurring_topics(shares: pd.DataFrame, min_share: float = 0.02, min_fraction: float = 0.6) -> list:
    """Topics present (share >= ``min_share``) in at least ``min_fraction`` of the periods."""
    present = shares.assign(on=shares["share"] >= min_share).groupby("topic")["on"].mean()
    return sorted(present[present >= min_fraction].index.tolist())


def topic_drivers(frame: pd.DataFrame, flags: tuple[str, ...] = ("hostile", "distressed"),
                  topic_column: str = "topic_id", alpha: float = 0.01, min_comments: int = 20) -> pd.DataFrame:
    """Topics where hostility or distress is over-represented (one-sided binomial test vs the overall rate).

    Returns ``topic, flag, n, k, rate, overall, ratio, p_value, driver``.
    """
    from scipy import stats

    rows = []
    for flag in flags:
        overall = float(frame[flag].mean())
        for topic, group in frame.groupby(topic_column):
            n, k = len(group), int(group[flag].sum())
            p_value = float(stats.binom.sf(k - 1, n, overall)) if n else 1.0
            rows.append({"topic": topic, "flag": flag, "n": n, "k": k, "rate": k / n if n else 0.0, "overall": overall,
                         "ratio": (k / n) / overall if n and overall else 0.0, "p_value": p_value,
                         "driver": bool(n >= min_comments and p_value < alpha and k / n > overall)})
    columns = ["topic", "flag", "n", "k", "rate", "overall", "ratio", "p_value", "driver"]
    frame = pd.DataFrame(rows, columns=columns).astype({"driver": bool})  # a boolean mask even when empty
    return frame.sort_values(["flag", "ratio"], ascending=[True, False]).reset_index(drop=True)
