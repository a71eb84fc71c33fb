"""Topic modelling with BERTopic, made to fit periodic bilingual reports: one module per job.

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

from .fit import (
    MAX_FIT_DOCUMENTS,
    MIN_DISTINCT_TEXTS,
    TopicResult,
    bertopic_classes,
    default_n_topics,
    fit_topics,
    save_model,
    stop_words,
    topics_of_table,
)
from .labels import label_terms, surface_forms
from .registry import (
    CENTROID_BACKEND,
    REGISTRY_COLUMNS,
    assign_identities,
    assign_new_comments,
    load_registry,
    run_topics,
    topic_labels,
)
from .themes import THEME_LINKAGE, store_topic_themes, theme_summary, topic_themes
from .trends import recurring_topics, topic_changes, topic_drivers, topic_share_table, topic_shares

__all__ = ["CENTROID_BACKEND", "MAX_FIT_DOCUMENTS", "MIN_DISTINCT_TEXTS", "REGISTRY_COLUMNS", "THEME_LINKAGE",
           "TopicResult", "assign_identities", "assign_new_comments", "bertopic_classes", "default_n_topics",
           "fit_topics", "label_terms", "load_registry", "recurring_topics", "run_topics", "save_model", "stop_words",
           "store_topic_themes", "surface_forms", "theme_summary", "topic_changes", "topic_drivers", "topic_labels",
           "topic_share_table", "topic_shares", "topic_themes", "topics_of_table"]
