"""Charts for the notebooks: each takes a tidy frame and returns a matplotlib Figure (never saves it).

Colours come from seaborn's colour-blind palette; every chart has a title, axis labels and units in
the report language.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..i18n import t

PALETTE = sns.color_palette("colorblind")
#: Fewest comments in a bin for its uncertainty band to be drawn: below, the band spans most of the axis and
#: hides the story (the line still shows the share).
MIN_BAND_N = 10
sns.set_theme(style="whitegrid", palette=PALETTE, font_scale=0.95)


def _figure(width: float = 9, height: float = 3.6) -> tuple[Figure, Axes]:
    # A Figure outside pyplot: nothing to close, no duplicate display in notebooks, works headless.
    fig = Figure(figsize=(width, height), layout="constrained", dpi=110)
    return fig, fig.add_subplot()


def _empty(ax: Axes, lang: str) -> None:
    """A chart with nothing to draw says so, in the report's language, instead of showing empty axes."""
    ax.text(0.5, 0.5, t("no_chart_data", lang), ha="center", va="center", transform=ax.transAxes, fontsize=11,
            color="0.35")
    ax.set_xticks([])
    ax.set_yticks([])


def short_label(label: object, width: int = 38) -> str:
    """A legend label cut at a word boundary (``…`` when cut); the full label stays in the page's tables."""
    short = textwrap.shorten(str(label), width=width, placeholder=" …")
    return short.replace(" · …", " …").replace(" / …", " …")  # no dangling separator before the ellipsis


def _band(part: pd.DataFrame, column: str) -> pd.Series:
    """``100 × column`` where the bin holds enough comments for its band to say something, else a gap."""
    values = 100 * part[column].astype(float)
    return values.where(part["n"] >= MIN_BAND_N) if "n" in part else values


def _dates(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def plot_volume(series: pd.DataFrame, lang: str = "fr") -> Figure:
    """Comments per period by language, from ``period, lang, comments`` rows."""
    fig, ax = _figure()
    if not series.empty:
        wide = series.pivot_table(index="period", columns="lang", values="comments", aggfunc="sum", fill_value=0)
        wide.index = pd.to_datetime(wide.index)
        for i, column in enumerate(wide.columns):
            ax.plot(wide.index, wide[column], label=column, color=PALETTE[i % len(PALETTE)], lw=1.8)
        ax.legend(title=t("language", lang), frameon=False)
        _dates(ax)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        _empty(ax, lang)
    ax.set(title=t("volume_title", lang), xlabel=t("date", lang), ylabel=t("comments", lang))
    return fig


def plot_rate(series: pd.DataFrame, title: str, lang: str = "fr", spikes: pd.DataFrame | None = None) -> Figure:
    """A share over time with its uncertainty band (``period, rate, low, high``); spike episodes shaded."""
    fig, ax = _figure()
    if not series.empty:
        x = pd.to_datetime(series["period"])
        ax.fill_between(x, _band(series, "low"), _band(series, "high"), color=PALETTE[0], alpha=0.2, lw=0)
        ax.plot(x, 100 * series["rate"], color=PALETTE[0], lw=1.5)
        for row in (spikes if spikes is not None else pd.DataFrame()).itertuples():
            ax.axvspan(row.start, row.end, color=PALETTE[3], alpha=0.25, lw=0)
        _dates(ax)
        ax.set_ylim(bottom=0)
    else:
        _empty(ax, lang)
    ax.set(title=title, xlabel=t("date", lang), ylabel=t("share_of_comments", lang))
    return fig


def plot_mood(series: pd.DataFrame, lang: str = "fr", freq: str = "D") -> Figure:
    """Shares of negative, distressed and question comments with bands, from :func:`helpers.analysis.mood.mood_series`.

    ``freq`` is the series' time scale, named in the title.
    """
    fig, ax = _figure()
    for i, metric in enumerate(["negative", "positive", "distressed", "is_question"]):
        part = series[series["metric"] == metric]
        if part.empty:
            continue
        x = pd.to_datetime(part["period"])
        ax.fill_between(x, _band(part, "low"), _band(part, "high"), color=PALETTE[i], alpha=0.15, lw=0)
        ax.plot(x, 100 * part["rate"], color=PALETTE[i], lw=1.6, label=t(metric, lang))
    if not series.empty:
        ax.legend(frameon=False, ncols=4)
        _dates(ax)
        ax.set_ylim(bottom=0)
    else:
        _empty(ax, lang)
    ax.set(title=t("mood_title", lang, scale=t(f"scale_{freq}", lang)), xlabel=t("date", lang),
           ylabel=t("share_of_comments", lang))
    return fig


def plot_emotions(series: pd.DataFrame, lang: str = "fr") -> Figure:
    """Mean emotion scores per period, from :func:`helpers.analysis.mood.emotion_series`."""
    fig, ax = _figure()
    for i, (metric, part) in enumerate(series.groupby("metric")):
        ax.plot(pd.to_datetime(part["period"]), part["mean"], lw=1.5, color=PALETTE[i % len(PALETTE)], label=metric)
    if not series.empty:
        ax.legend(frameon=False, ncols=4, fontsize="small")
        _dates(ax)
    else:
        _empty(ax, lang)
    ax.set(title=t("emotions_title", lang), xlabel=t("date", lang), ylabel=t("score", lang))
    return fig


def plot_bars(frame: pd.DataFrame, label: str, value: str, title: str, xlabel: str, percent: bool = False,
              lang: str = "fr") -> Figure:
    """Horizontal bars (largest first) for topics, targets, quarantine reasons...; counts on a whole-number axis."""
    frame = frame.sort_values(value, ascending=True).tail(15)
    fig, ax = _figure(9, max(2.2, 0.38 * len(frame) + 1))
    if frame.empty:
        _empty(ax, lang)
    else:
        values = frame[value] * (100 if percent else 1)
        ax.barh([short_label(x, 60) for x in frame[label]], values, color=PALETTE[0])
        if not percent:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of 1 to 3 are not read on a 0.5 grid
    ax.set(title=title, xlabel=xlabel, ylabel="")
    return fig


def plot_topic_trend(shares: pd.DataFrame, labels: dict, lang: str = "fr", top: int = 6) -> Figure:
    """Share of the ``top`` largest topics per period, from :func:`helpers.analysis.topics.topic_shares`."""
    fig, ax = _figure()
    # to_numeric: a week with no topic comes as an empty frame of object columns, which nlargest refuses.
    biggest = pd.to_numeric(shares.groupby("topic")["n"].sum()).nlargest(top).index
    for i, topic in enumerate(biggest):
        part = shares[shares["topic"] == topic]
        ax.plot(pd.to_datetime(part["period"]), 100 * part["share"], lw=1.6, color=PALETTE[i % len(PALETTE)],
                label=short_label(labels.get(topic, topic)))
    if not shares.empty:
        ax.legend(frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
        _dates(ax)
    else:
        _empty(ax, lang)
    ax.set(title=t("topic_trend_title", lang), xlabel=t("week", lang), ylabel=t("share_of_comments", lang))
    return fig
