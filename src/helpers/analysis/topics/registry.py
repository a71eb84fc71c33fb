"""Topic identities kept across runs: the registry in the store, new comments placed in known topics."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import TooFewComments
from ...io import queries
from ...models.embeddings import DEFAULT_BACKEND, combine, embed_cached, fast_parts, get_backend
from ...progress import steps
from .fit import MIN_DISTINCT_TEXTS, TopicResult, _centroids, fit_topics, save_model

log = logging.getLogger(__name__)


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


def topic_labels(store) -> pd.DataFrame:
    """``topic_id, topic_label`` of the registry."""
    return load_registry(store)[["topic_id", "label"]].rename(columns={"label": "topic_label"})


# -- topics over time -----------------------------------------------------------------------------
