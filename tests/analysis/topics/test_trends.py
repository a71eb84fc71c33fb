"""helpers.analysis.topics.trends: shares per period and the topics that drive a flag."""

import numpy as np

from helpers.analysis.topics import (
    recurring_topics,
    topic_drivers,
    topic_shares,
)


def test_topic_shares_sum_to_one_per_period(fitted, demo):
    frame, _ = demo
    frame = frame.assign(topic_id=fitted.documents["topic"].to_numpy())
    shares = topic_shares(frame, "W")
    assert np.allclose(shares.groupby("period")["share"].sum(), 1)
    assert shares["n"].sum() == len(frame)
    assert isinstance(recurring_topics(shares), list)


def test_hostility_driver_is_the_spiking_topic(demo):
    frame, events = demo
    frame = frame.rename(columns={"topic": "truth_topic"}).assign(distressed=frame["distress"])
    drivers = topic_drivers(frame, flags=("hostile",), topic_column="truth_topic")
    flagged = set(drivers[drivers["driver"]]["topic"])
    assert {s["topic"] for s in events["hostility_spikes"]} <= flagged
