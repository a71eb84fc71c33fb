"""helpers.analysis.topics.fit: every comment gets a topic, the same seed the same topics, the waves found."""

import numpy as np
import pandas as pd

from helpers.analysis.topics import (
    fit_topics,
    topic_changes,
)
from helpers.models.embeddings import DEFAULT_BACKEND, get_backend


def test_every_comment_gets_a_topic_and_counts_add_up(fitted, demo):
    frame, _ = demo
    assert fitted.documents["topic"].notna().all()  # no outliers
    assert fitted.topics["size"].sum() == len(frame)
    assert abs(fitted.topics["share"].sum() - 1) < 1e-9
    assert 6 <= len(fitted.topics) <= 40


def test_same_seed_same_topics(fitted, demo):
    frame, _ = demo
    texts = frame["text"].tolist()
    again = fit_topics(texts, get_backend(DEFAULT_BACKEND).embed(texts), random_state=0)
    assert (again.documents["topic"].to_numpy() == fitted.documents["topic"].to_numpy()).all()
    assert again.topics["label"].tolist() == fitted.topics["label"].tolist()


def test_topics_follow_the_injected_waves(fitted, demo):
    frame, events = demo
    frame = frame.assign(topic_id=fitted.documents["topic"].to_numpy())
    # Each model topic is named after the ground-truth topic most of its comments belong to.
    majority = frame.groupby("topic_id")["topic"].agg(lambda s: s.value_counts().index[0])
    frame["found"] = frame["topic_id"].map(majority)
    hits = 0
    for wave in events["topic_waves"]:
        emerges = pd.Timestamp.fromisocalendar(2020, int(wave["emerges"][-2:]), 1).tz_localize("UTC")
        fades = pd.Timestamp.fromisocalendar(2020, int(wave["fades"][-2:]), 1).tz_localize("UTC")
        week = pd.Timedelta(days=7)
        up = topic_changes(frame, (emerges + week, emerges + 3 * week), (emerges - 2 * week, emerges), "found")
        down = topic_changes(frame, (fades + week, fades + 3 * week), (fades - 2 * week, fades), "found")
        status_up = up.set_index("topic")["status"].get(wave["topic"])
        status_down = down.set_index("topic")["status"].get(wave["topic"])
        hits += status_up in {"emerging", "growing"}
        hits += status_down == "fading" or wave["fades"] >= "2020-W34"  # the stream ends before some fade
    assert hits >= 2 * len(events["topic_waves"]) - 2


def test_default_backend_puts_french_and_english_twins_in_the_same_topic(demo):
    from helpers.demo import TOPIC_OPINION

    fr = [x for v in TOPIC_OPINION.values() for x in v["fr"]]
    en = [x for v in TOPIC_OPINION.values() for x in v["en"]]
    texts = demo[0]["text"].tolist() + fr + en
    topics = fit_topics(texts, get_backend(DEFAULT_BACKEND).embed(texts), random_state=0).documents["topic"].to_numpy()
    together = np.mean(topics[-2 * len(fr):-len(fr)] == topics[-len(fr):])
    assert together >= 0.8, f"only {together:.0%} of French/English twins share a topic"


def test_large_corpora_are_fitted_on_a_sample_and_the_rest_join_the_nearest_topic(demo, fitted):
    from sklearn.metrics import normalized_mutual_info_score as nmi

    texts = demo[0]["text"].tolist()
    vectors = get_backend(DEFAULT_BACKEND).embed(texts)
    sampled = fit_topics(texts, vectors, random_state=0, max_fit_documents=2000)
    assert len(sampled.documents) == len(texts) and sampled.documents["topic"].notna().all()
    assert sampled.topics["size"].sum() == len(texts)
    assert abs(sampled.documents["topic"].nunique() - fitted.documents["topic"].nunique()) <= 2  # k from the whole corpus
    # A third of the corpus recovers the demo's true topics about as well as the full fit.
    truth = demo[0]["topic"]
    assert nmi(truth, sampled.documents["topic"]) >= 0.85 * nmi(truth, fitted.documents["topic"])
