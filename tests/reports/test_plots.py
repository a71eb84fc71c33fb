"""helpers.reports.plots: tidy frames in, figures out, in the report's language; nothing to draw is said in words."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from helpers.reports.plots import (
    MIN_BAND_N,
    plot_bars,
    plot_emotions,
    plot_mood,
    plot_rate,
    plot_topic_trend,
    plot_volume,
    short_label,
)

DAYS = pd.date_range("2020-04-13", periods=4, freq="D").astype(str)


def test_legends_are_cut_at_a_word_and_counts_sit_on_whole_numbers():
    assert short_label("colorado springs · wildfire · colorado flooding") == "colorado springs · wildfire …"
    assert short_label("masques · écoles") == "masques · écoles"
    fig = plot_bars(pd.DataFrame({"target": ["a", "b"], "n": [1, 3]}), "target", "n", "title", "comments")
    ticks = fig.axes[0].get_xticks()
    assert np.allclose(ticks, np.round(ticks))  # counts of 1 to 3: no 0.5 grid


@pytest.mark.parametrize("lang, words", [("fr", "Commentaires par jour"), ("en", "Comments per day")])
def test_volume_has_one_line_per_language_and_titles_in_the_reports_language(lang, words):
    series = pd.DataFrame({"period": list(DAYS) * 2, "lang": ["fr"] * 4 + ["en"] * 4, "comments": [5, 8, 2, 0, 1, 1, 3, 2]})
    fig = plot_volume(series, lang)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2 and ax.get_title().startswith(words)
    assert sorted(text.get_text() for text in ax.get_legend().get_texts()) == ["en", "fr"]


def test_a_band_is_drawn_only_where_the_bin_holds_enough_comments():
    series = pd.DataFrame({"period": DAYS, "n": [MIN_BAND_N, MIN_BAND_N - 1, 50, 50], "rate": [0.1, 0.5, 0.2, 0.3],
                           "low": [0.05, 0.1, 0.15, 0.25], "high": [0.2, 0.9, 0.25, 0.35]})
    spikes = pd.DataFrame({"start": [pd.Timestamp(DAYS[2])], "end": [pd.Timestamp(DAYS[3])]})
    ax = plot_rate(series, "Hostilité", "fr", spikes=spikes).axes[0]
    assert np.allclose(ax.get_lines()[0].get_ydata(), [10, 50, 20, 30])  # the share, in percent
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.max() < 90  # the thin bin's 10-90 % band is left out, not drawn across the chart
    assert len(ax.patches) == 1  # the spike episode is shaded


def test_every_chart_with_nothing_to_draw_says_so(tmp_path):
    no_rate = pd.DataFrame(columns=["period", "n", "rate", "low", "high"])
    figures = [plot_volume(pd.DataFrame(columns=["period", "lang", "comments"]), "en"), plot_rate(no_rate, "t", "en"),
               plot_mood(pd.DataFrame(columns=["period", "metric", "n", "rate", "low", "high"]), "en"),
               plot_emotions(pd.DataFrame(columns=["period", "metric", "mean"]), "en"),
               plot_bars(pd.DataFrame(columns=["topic", "n"]), "topic", "n", "t", "x", lang="en"),
               plot_topic_trend(pd.DataFrame(columns=["period", "topic", "n", "share"]), {}, "en")]
    for fig in figures:
        assert "No comments to show" in fig.axes[0].texts[0].get_text()
        fig.savefig(tmp_path / "chart.png")  # and it still renders


def test_mood_and_topic_trend_label_their_lines_in_words():
    mood = pd.DataFrame({"period": list(DAYS[:2]) * 2, "metric": ["negative"] * 2 + ["distressed"] * 2, "n": 20,
                         "rate": [0.2, 0.3, 0.05, 0.1], "low": 0.0, "high": 0.5})
    legend = [x.get_text() for x in plot_mood(mood, "fr", "D").axes[0].get_legend().get_texts()]
    assert legend == ["négatifs", "détresse"]
    shares = pd.DataFrame({"period": list(DAYS[:2]) * 3, "topic": [0, 0, 1, 1, 2, 2], "n": [5, 6, 9, 9, 1, 1],
                           "share": [0.3, 0.4, 0.6, 0.5, 0.1, 0.1]})
    ax = plot_topic_trend(shares, {0: "masques", 1: "vaccination · rendez-vous"}, "fr", top=2).axes[0]
    assert [x.get_text() for x in ax.get_legend().get_texts()] == ["vaccination · rendez-vous", "masques"]
