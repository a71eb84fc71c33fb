"""The demo's topic waves and one fit of them, shared by the topic tests (built once per test session)."""

import pandas as pd
import pytest

from helpers.analysis.topics import fit_topics
from helpers.demo import generate
from helpers.models.embeddings import DEFAULT_BACKEND, get_backend


@pytest.fixture(scope="session")
def demo():
    # The topic waves alone: the page team's cases (page replies, paraphrased questions) are tested with triage.
    export, truth, events = generate(n_comments=6000, seed=11, defects=False, triage=False)
    frame = export.merge(truth[["comment_id", "topic", "hostile", "distress"]], on="comment_id")
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame, events


@pytest.fixture(scope="session")
def fitted(demo):
    """The default back-end (fast: static bilingual embedder + hashed n-grams)."""
    frame, _ = demo
    texts = frame["text"].tolist()
    return fit_topics(texts, get_backend(DEFAULT_BACKEND).embed(texts), random_state=0)
