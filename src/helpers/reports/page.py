"""Data and narrative for the notebooks and the stakeholder report.

:func:`load_period` gives the notebooks one tidy frame of scored comments (with topics) for a period;
:func:`executive_summary` and :func:`html_table` build the plain-language parts of the report. Every
piece of user text that ends up in HTML goes through :func:`html.escape` here, after redaction.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis.hostility import attribute_spikes, find_spikes
from ..analysis.mood import mood_changes, open_questions
from ..analysis.period import load_period, weekly_trends  # noqa: F401  (the notebooks' loading cells read them here)
from ..analysis.timeseries import bin_length, choose_freq
from ..analysis.topics import topic_changes
from ..errors import InvalidInput, MissingFile
from ..i18n import TEXTS, change, number, percent, plural, t
from .periods import Period, period_kind


def topics_note(current: pd.DataFrame, lang: str = "fr") -> str:
    """A sentence saying why a period has no topics (too few different comments); empty when it has some."""
    if len(current) and "topic_label" in current and current["topic_label"].notna().any():
        return ""
    if current.empty:
        return f'<p class="caption">{html.escape(t("no_data", lang))}</p>'
    n = current["text_hash"].nunique() if "text_hash" in current else len(current)
    return f'<p class="caption">{html.escape(t("no_topics", lang, n=n))}</p>'


def heading(key: str, lang: str = "fr", level: int = 2) -> str:
    """A translated section heading as HTML."""
    return f"<h{level}>{html.escape(t(key, lang))}</h{level}>"


def caption(key: str, lang: str = "fr") -> str:
    """What a reader should take from the next chart or table, in the report language."""
    return f'<p class="caption">{html.escape(t(key, lang))}</p>'


def topics_table(current: pd.DataFrame, lang: str = "fr", n: int = 10) -> str:
    """The period's largest topics with their share and hostile/distress shares, as an HTML table."""
    if "topic_label" not in current or current["topic_label"].isna().all():
        return ""
    table = (current.groupby("topic_label").agg(size=("comment_id", "size"), hostile=("hostile", "mean"),
                                                distress=("distressed", "mean"))
             .sort_values("size", ascending=False).head(n).reset_index())
    table["share"] = table["size"] / len(current)
    return html_table(table, {"topic_label": t("label", lang), "size": t("size", lang), "share": "%",
                              "hostile": t("hostile_rate", lang), "distress": t("distress_rate", lang)}, lang=lang)


def check_parameters(store: str, start: str, end: str, previous_start: str, previous_end: str, lang: str,
                     sensitivity: str) -> tuple[Period, Path]:
    """Validate notebook parameters and fail fast with a clear message (papermill only warns).

    Returns the period and the store path; a relative store path is taken from the project root,
    whatever folder JupyterLab or papermill runs the notebook from.
    """
    from ..analysis.timeseries import SENSITIVITY
    from ..config import PROJ_ROOT

    if lang not in {"fr", "en"}:
        raise InvalidInput(f"lang must be 'fr' or 'en', not {lang!r}")
    if sensitivity not in SENSITIVITY:
        raise InvalidInput(f"sensitivity must be one of {sorted(SENSITIVITY)}, not {sensitivity!r}")
    path = Path(store) if Path(store).is_absolute() else PROJ_ROOT / store
    if not path.exists():
        raise MissingFile(f"store not found: {path} (run `make demo` or `vigie ingest` first)")
    bounds = [pd.Timestamp(x) for x in (start, end, previous_start, previous_end)]
    if any(b.tzinfo is None for b in bounds):
        raise InvalidInput("start/end must carry a time zone (e.g. 2020-04-06T00:00:00+00:00)")
    if not (bounds[2] < bounds[3] <= bounds[0] < bounds[1]):
        raise InvalidInput("expected previous_start < previous_end <= start < end")
    return Period(f"{bounds[0].date()}..{bounds[1].date()}", bounds[0], bounds[1]), path


def combine(*frames: pd.DataFrame) -> pd.DataFrame:
    """Concatenate period frames (previous then current), skipping empty ones."""
    parts = [f for f in frames if len(f)]
    return pd.concat(parts, ignore_index=True) if parts else frames[-1]


def html_table(frame: pd.DataFrame, columns: dict[str, str] | None = None, max_rows: int = 15,
               lang: str | None = None, empty: str | None = None) -> str:
    """An HTML table with every cell escaped (user text stays text); ``columns`` renames headers.

    With ``lang``, numbers follow the report language (``12,5 %``, ``1 234,5`` in French) and a column
    whose header is ``%`` (or ends with ``(%)``) shows its shares as percentages. A table with no row is
    never a header alone: it is the sentence ``empty`` (by default, that there is nothing to report).
    """
    if frame.empty:
        message = empty if empty is not None else t("nothing_this_period", lang or "en")
        return f'<p class="empty">{html.escape(message)}</p>'
    frame = frame.head(max_rows)
    if columns:
        frame = frame[list(columns)].rename(columns=columns)
    shares = {c for c in frame.columns if str(c).strip() == "%" or str(c).endswith("(%)")}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v, lang, c in shares))}</td>"
                                    for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f'<table class="vigie"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value: object, lang: str | None = None, share: bool = False) -> str:
    if isinstance(value, (float, np.floating)) and pd.isna(value):
        return ""
    if isinstance(value, (float, np.floating)) and round(float(value), 2) == 0:
        value = 0.0  # never "-0"
    if lang and share and isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return percent(float(value), lang)
    if isinstance(value, (float, np.floating)):
        return number(float(value), lang) if lang else f"{value:.2f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


def _change_word(row: pd.Series | None, lang: str) -> str:
    if row is None or not row["significant"]:
        return t("no_clear_change", lang)
    return t("significant_up", lang) if row["change"] > 0 else t("significant_down", lang)


def executive_summary(current: pd.DataFrame, previous: pd.DataFrame, period: Period, lang: str = "fr",
                      sensitivity: str = "medium", previous_bounds: tuple | None = None) -> str:
    """Plain-language key points of the period as escaped HTML: volume, spikes, topics, mood, questions.

    ``previous_bounds`` is the comparison period ``(start, end)``; by default the one just before.
    """
    previous_bounds = previous_bounds or (period.start - (period.end - period.start), period.start)
    current_bounds = (period.start, period.end)
    items: list[str] = []
    n, n_prev = len(current), len(previous)
    if n == 0:
        return f"<h2>{html.escape(t('summary_heading', lang))}</h2><p>{html.escape(t('no_data', lang))}</p>"
    moved = change((n - n_prev) / n_prev, lang) if n_prev else "n/a"
    items.append(t(plural("volume_line", n, lang), lang, n=number(n, lang), change=moved, n_prev=number(n_prev, lang)))
    both = pd.concat([previous, current], ignore_index=True)
    episodes = find_spikes(both, time_scale(both, previous_bounds[0], period.end), sensitivity)
    episodes = episodes[episodes["end"] > period.start] if not episodes.empty else episodes
    if episodes.empty:
        items.append(t("no_spike", lang))
    for detail in attribute_spikes(both, episodes):
        post = detail["posts"]["post_id"].iloc[0] if len(detail["posts"]) else "?"
        targets = {k: v for k, v in detail["targets"].items() if k != "none"} or detail["targets"]
        target = max(targets, key=targets.get) if targets else "none"
        items.append(t("spike_line", lang, start=detail["start"].strftime("%Y-%m-%d %H:%M"),
                       end=detail["end"].strftime("%Y-%m-%d %H:%M"), k=detail["hostile"], n=detail["comments"],
                       rate=percent(detail["hostile"] / max(detail["comments"], 1), lang), post=post,
                       target=t(target, lang)))
    if "topic_id" in both and both["topic_id"].notna().any():
        changes = topic_changes(both, current_bounds, previous_bounds)
        labels = both.dropna(subset=["topic_id"]).drop_duplicates("topic_id").set_index("topic_id")["topic_label"]
        up = [labels.get(x, str(x)) for x in changes[changes["status"].isin(["emerging", "growing"])]["topic"].head(4)]
        down = [labels.get(x, str(x)) for x in changes[changes["status"] == "fading"]["topic"].tail(4)]
        if up:
            items.append(t("emerging_line", lang, topics=", ".join(up)))
        if down:
            items.append(t("fading_line", lang, topics=", ".join(down)))
        if not up and not down:
            items.append(t("no_topic_change", lang))
    moods = mood_changes(both, current_bounds, previous_bounds)
    moods = moods.set_index("metric")
    items.append(t("mood_line", lang, neg=percent(current["negative"].mean(), lang),
                   neg_change=_change_word(moods.loc["negative"], lang),
                   dis=percent(current["distressed"].mean(), lang),
                   dis_change=_change_word(moods.loc["distressed"], lang)))
    items.append(t("questions_line", lang, q=int(current["is_question"].sum())))
    lis = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return f"<h2>{html.escape(t('summary_heading', lang))}</h2><ul>{lis}</ul>"


def time_scale(frame: pd.DataFrame, start, end) -> str:
    """The time scale of a page's charts and spike detection, from its volume (see ``choose_freq``)."""
    times = frame["created_at"] if "created_at" in frame else pd.Series([], dtype="datetime64[ns, UTC]")
    return choose_freq(times, start, end)


def time_scale_note(frame: pd.DataFrame, start, end, lang: str = "fr") -> str:
    """A caption naming the chosen time scale and why (escaped HTML)."""
    freq = time_scale(frame, start, end)
    bins = max((pd.Timestamp(end) - pd.Timestamp(start)) / bin_length(freq), 1)
    text = t("time_scale_note", lang, scale=t(f"scale_{freq}", lang), per=number(round(len(frame) / bins), lang))
    return f'<p class="caption scale">{html.escape(text)}</p>'


def no_spike_sentence(series: pd.DataFrame, start, end, freq: str, lang: str = "fr") -> str:
    """What the hostile share did in ``[start, end)`` when no spike was found, at the chart's time scale.

    ``series`` is the chart's :func:`~helpers.analysis.timeseries.proportion_series` of the hostile flag.
    """
    if len(series):
        periods = pd.to_datetime(series["period"], utc=True)
        series = series[(periods >= pd.Timestamp(start)) & (periods < pd.Timestamp(end)) & (series["n"] > 0)]
    if series.empty:
        return t("no_spike", lang)
    return t("no_spike_range", lang, low=percent(float(series["rate"].min()), lang, digits=0),
             high=percent(float(series["rate"].max()), lang, digits=0), scale=t(f"scale_{freq}", lang))


def period_words(period: str, lang: str = "fr") -> tuple[str, str]:
    """``(previous, this)`` in words for a period label: "previous week" / "this week", months, or periods."""
    kind = period_kind(period)
    return t(f"previous_{kind}", lang), t(f"this_{kind}", lang)


def questions_table(current: pd.DataFrame, lang: str = "fr", n: int = 10) -> str:
    """The most asked open questions (redacted, pseudonymised) as an escaped HTML table."""
    qs = open_questions(current, n)
    return html_table(qs, {"asked": t("asked", lang), "likes": t("likes", lang), "author": t("author", lang),
                           "text": t("text", lang)}, lang=lang, empty=t("no_questions", lang))


_TRIAGE_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "refer": (("author", "author"), ("reason", "reason"), ("text", "text")),
    "threat": (("author", "author"), ("post_id", "post"), ("reason", "reason"), ("text", "text")),
    "identity_hate": (("author", "author"), ("post_id", "post"), ("reason", "reason"), ("text", "text")),
    "question": (("count", "asked"), ("answered", "answered"), ("text", "text"), ("examples", "other_wordings")),
    "repeat_author": (("author", "author"), ("count", "comments"), ("text", "text")),
}


def triage_section(queue: pd.DataFrame, category: str, lang: str = "fr", max_rows: int = 15) -> str:
    """One category of the triage queue (:func:`helpers.analysis.triage.build_triage`) as a titled HTML table."""
    rows = queue[queue["category"] == category].copy()
    out = heading(category, lang, 3)
    if f"cap_{category}" in TEXTS:
        out += caption(f"cap_{category}", lang)
    if rows.empty:
        return out + f'<p class="caption">{html.escape(t("nothing_to_handle", lang))}</p>'
    if "answered" in rows:
        yes, no = ("oui", "non") if lang == "fr" else ("yes", "no")
        rows["answered"] = rows["answered"].map(lambda a: yes if a in (True, "True") else no)
    mapping = {column: t(key, lang) for column, key in _TRIAGE_COLUMNS[category]}
    return out + html_table(rows, mapping, max_rows=max_rows, lang=lang)


def referral_table(resources: list[dict], lang: str = "fr") -> str:
    """The configured referral resources (name, contact, note) as an HTML table."""
    frame = pd.DataFrame(resources, columns=["name", "contact", "note"]).fillna("")
    return html_table(frame, {"name": t("resource", lang), "contact": t("contact", lang), "note": t("note", lang)})


def columns(*keys: str, lang: str = "fr", **renames: str) -> dict[str, str]:
    """Header translations for :func:`html_table`: ``columns("start", "end", n="comments")``."""
    out = {k: t(k, lang) for k in keys}
    out.update({column: t(key, lang) for column, key in renames.items()})
    return out


def top_posts(current: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Most commented posts with their hostile and distress shares."""
    return (current.groupby("post_id", dropna=False)
            .agg(comments=("comment_id", "size"), hostile=("hostile", "mean"), distress=("distressed", "mean"),
                 negative=("negative", "mean"))
            .sort_values("comments", ascending=False).head(n).reset_index())
