"""helpers.analysis.hostility: spikes found, what drives them, repeat authors by pseudonym, targets over time."""

import numpy as np
import pandas as pd

from helpers.analysis.hostility import (
    attribute_spikes,
    examples,
    find_spikes,
    repeat_hostile_authors,
    targets_over_time,
)

SPIKE_DAY = 9
TROLL = "9f3ac1" + "0" * 58  # an author hash as the store keeps it


def _scored() -> pd.DataFrame:
    """Two weeks of 60 comments a day, 3% hostile, and a day where post p-spike draws 40% hostile comments."""
    rng = np.random.default_rng(0)
    rows = []
    for day in range(14):
        for i in range(60):
            spike = day == SPIKE_DAY and i < 40
            hostile = bool(rng.random() < (0.4 if spike else 0.03))
            rows.append({"comment_id": f"{day}-{i}", "post_id": "p-spike" if spike else f"p{day}",
                         "created_at": pd.Timestamp("2020-04-06", tz="UTC") + pd.Timedelta(days=day, minutes=10 * i),
                         "author_hash": TROLL if spike and hostile and i % 2 == 0 else f"a{day}-{i}",
                         "hostile": hostile, "hostility": 0.9 if hostile else 0.1,
                         "hostility_target": "individual" if hostile else "none",
                         "insult": 0.8 if hostile else 0.0, "threat": 0.0, "identity_attack": 0.0, "profanity": 0.0,
                         "text": f"Leblanc est un idiot, écris-moi à troll{i}@mail.com" if hostile else "Merci"})
    return pd.DataFrame(rows)


def test_the_spike_day_is_found_and_a_quiet_day_is_not():
    episodes = find_spikes(_scored(), "D")
    assert len(episodes) == 1
    assert episodes["start"].iloc[0] == pd.Timestamp("2020-04-06", tz="UTC") + pd.Timedelta(days=SPIKE_DAY)


def test_a_spike_is_attributed_to_its_post_with_redacted_examples():
    scored = _scored()
    detail = attribute_spikes(scored, find_spikes(scored, "D"))[0]
    assert detail["posts"]["post_id"].iloc[0] == "p-spike"
    assert detail["targets"] == {"individual": 1.0} and detail["categories"]["insult"] == 1.0
    shown = " ".join(detail["examples"]["text"])
    assert "@mail.com" not in shown and "[email]" in shown
    assert TROLL not in set(detail["examples"]["author"])


def test_repeat_hostile_authors_are_counted_and_shown_by_pseudonym_only():
    authors = repeat_hostile_authors(_scored(), min_hostile=3)
    assert len(authors) == 1 and authors["hostile"].iloc[0] >= 3 and authors["posts"].iloc[0] == 1
    assert authors["author"].iloc[0] == "user-9f3ac1"  # a pseudonym, never the hash
    assert authors["share"].iloc[0] == 1.0


def test_examples_are_the_highest_scores_first_and_targets_are_counted_per_week():
    scored = _scored()
    top = examples(scored, n=2)
    assert len(top) == 2 and (top["score"] == 0.9).all()
    weekly = targets_over_time(scored, "W")
    assert weekly["hostile"].sum() == scored["hostile"].sum()
    assert set(weekly["hostility_target"]) == {"individual"}
