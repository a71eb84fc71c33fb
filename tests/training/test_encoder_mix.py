"""helpers.training.encoder_mix: each column's encoder share, chosen on the inner fold."""

import numpy as np
import pandas as pd

from helpers.training.encoder_mix import choose_mix, inner_figure

RNG = np.random.default_rng(0)
N = 400
LABELS = (RNG.random(N) < 0.4).astype(float)
NOISE = RNG.random(N)


def test_the_share_follows_the_head_that_ranks_the_inner_fold():
    rows = pd.DataFrame({"distress": LABELS, "hostile": LABELS, "emotion_joy": LABELS})
    good, bad = 0.2 + 0.6 * LABELS + 0.1 * NOISE, NOISE
    fast = {"distress": bad, "hostile": good, "emotion_joy": good}
    encoder = {"distress": good, "hostile": bad, "emotion_joy": good}
    weights, figures = choose_mix(fast, encoder, rows)
    # The good head alone separates the labels; so does a mix mostly of it (equals: the share nearest 0.5 is kept),
    # and it beats the average in every resample.
    assert weights["distress"] == 0.75 and weights["hostile"] == 0.25
    assert figures["distress"]["0.75"] == figures["distress"]["1.0"] == 1.0 > figures["distress"]["0.5"]
    assert figures["distress"]["beats 0.5"] == 1.0
    assert weights["emotion_joy"] == 0.5  # the same head twice: every share ties, the average stays
    assert set(figures["hostile"]) == {"0.0", "0.25", "0.5", "0.75", "1.0", "beats 0.5"}


def test_a_gain_inside_the_folds_noise_keeps_the_average():
    rows = pd.DataFrame({"distress": LABELS})
    base = LABELS + 1.2 * NOISE
    fast, encoder = {"distress": base}, {"distress": base + 0.3 * RNG.random(N)}  # a little worse, by chance
    weights, figures = choose_mix(fast, encoder, rows)
    tried = {k: v for k, v in figures["distress"].items() if k != "beats 0.5"}
    assert max(tried.values()) > tried["0.5"]  # some share scores higher on the fold...
    assert figures["distress"]["beats 0.5"] < 0.95 and weights["distress"] == 0.5  # ...but not beyond its noise
    weights, _ = choose_mix(fast, encoder, rows, confidence=0.0)
    assert weights["distress"] == float(max(tried, key=tried.get))


def test_sentiment_is_judged_by_macro_f1_and_unlabelled_rows_are_skipped():
    y = RNG.integers(0, 3, N).astype(float)
    y[:50] = np.nan
    right = np.eye(3)[np.nan_to_num(y).astype(int)]
    wrong = np.roll(right, 1, axis=1)
    assert inner_figure("sentiment", right, y) == 1.0 and inner_figure("sentiment", wrong, y) == 0.0
    weights, _ = choose_mix({"sentiment": wrong}, {"sentiment": 0.9 * right + 0.1 * wrong},
                            pd.DataFrame({"sentiment": y}))
    assert weights["sentiment"] >= 0.75


def test_a_column_its_labels_cannot_rank_gets_no_share():
    rows = pd.DataFrame({"distress": np.r_[np.ones(10), np.full(N - 10, np.nan)]})
    weights, figures = choose_mix({"distress": NOISE}, {"distress": NOISE}, rows)
    assert weights == {} and figures == {}


def test_per_source_figures_read_each_collection_apart():
    from helpers.training.encoder_mix import per_source_figures

    # Two collections; the encoder head only tells them apart (a constant per source), the fast head ranks within.
    sources = np.r_[np.full(N // 2, "a"), np.full(N - N // 2, "b")]
    labels = np.r_[np.zeros(N // 4), np.ones(N // 4), np.zeros(N // 4), np.ones(N - 3 * (N // 4))]
    rank = 0.1 * labels + 0.05 * NOISE
    rows = pd.DataFrame({"distress": labels, "source": sources})
    encoder = {"distress": np.where(sources == "a", 0.0, 1.0)}
    figures = per_source_figures({"distress": rank}, encoder, rows)
    assert figures["distress"]["0.0"] == 1.0 and figures["distress"]["best"] == 0.5  # every share ranks within each
    assert figures["distress"]["1.0"] == 0.5  # the encoder alone: constant within each collection
