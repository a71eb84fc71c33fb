"""helpers.demo.script: the crisis calendar holds together."""

import json

from helpers.config import RESOURCES_DIR
from helpers.demo import N_WEEKS, WAVES, TopicWave
from helpers.demo.script import (
    BACKGROUND,
    DISTRESS_WEEKS,
    QUESTION_WAVES,
    weekly_distress_rate,
    weekly_question_rate,
    weekly_topic_weights,
)


def test_waves_are_within_the_stream():
    for wave in WAVES:
        assert 0 <= wave.start <= wave.peak <= wave.end <= N_WEEKS


def test_a_wave_rises_to_its_peak_and_falls_to_nothing():
    wave = TopicWave("t", "t", "t", start=2, peak=4, end=8)
    weights = [wave.weight(w) for w in range(10)]
    assert weights[:2] == [0.0, 0.0] and weights[4] == 1.0 and weights[9] == 0.0
    assert weights[2] < weights[3] < weights[4] and weights[5] > weights[6] > weights[7]


def test_distress_peaks_in_its_weeks_and_questions_in_their_waves():
    start, peak, end = DISTRESS_WEEKS
    rates = [weekly_distress_rate(w) for w in range(N_WEEKS)]
    assert max(rates) == weekly_distress_rate(peak) and rates[0] == rates[end + 1] < rates[peak]
    topic, first, last = QUESTION_WAVES[0]
    assert weekly_question_rate(first, topic) > weekly_question_rate(last + 1, topic)
    assert BACKGROUND.key in weekly_topic_weights(0) and all(v >= 0 for v in weekly_topic_weights(12).values())


def test_every_phrase_table_says_what_it_is_for():
    tables = json.loads((RESOURCES_DIR / "demo_phrases.json").read_text(encoding="utf-8"))
    for name, table in tables.items():
        assert table["about"].strip() and table["values"], name
