"""The weekly job as Python calls: score what is new, place or refit topics, render the reports.

``vigie report`` is a thin shell over :func:`run`; a researcher or a scheduler can call the same steps
from Python. Each step logs its counts. An analysis that has too little material (a small page's
quiet week) is skipped with the reason, recorded in the manifests and the index; the other pages are
still written.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import config
from .errors import TooFewComments
from .io.queries import comments_between, topic_count
from .reports.periods import Period

log = logging.getLogger(__name__)


@dataclass
class Refresh:
    """What :func:`refresh` did to the store: scores, topics, timings and what it skipped (and why)."""

    enriched: dict
    topics: dict
    topic_backend: str
    timings: dict[str, float] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    #: What was skipped, as (i18n key, values), so each report says why in its own language.
    skipped_reasons: dict[str, tuple[str, dict]] = field(default_factory=dict)

    def skipped_in(self, lang: str) -> dict[str, str]:
        """:attr:`skipped` in the report language ``lang`` where a translation exists."""
        from .i18n import t

        return {**self.skipped, **{what: t(key, lang, **values) for what, (key, values) in self.skipped_reasons.items()}}


def refresh(store: Path | str, backend: str = "fast", refit_topics: bool = False, precise: bool | None = None,
            progress: bool = False) -> Refresh:
    """Score the store's new comments and give every comment a topic (refitting only when needed).

    ``precise`` None picks the tier (:func:`helpers.scoring.enrich.default_precise`): the encoder tier
    when it is shipped and the texts to score are a weekly run's, else the fast tier.

    Topics are fitted when none exist yet or ``refit_topics`` is set; otherwise new comments join the
    nearest known topic, so ids and labels stay put between reports.
    """
    from .analysis.topics import assign_new_comments, run_topics
    from .io.store import Store
    from .scoring.enrich import default_precise, enrich_store

    timings: dict[str, float] = {}
    skipped: dict[str, str] = {}
    reasons: dict[str, tuple[str, dict]] = {}
    with Store(store) as st:
        started = time.perf_counter()
        if precise is None:
            precise = default_precise(st, log=log.info)
        enriched = enrich_store(st, progress=progress, precise=precise, log=log.info)
        timings["enrich_s"] = round(time.perf_counter() - started, 2)
        log.info("enrich: %d new texts scored in %.1f s with %s", enriched["scored"], timings["enrich_s"],
                 enriched["model_version"])
        started = time.perf_counter()
        assigned = {"needs_refit": True} if refit_topics else assign_new_comments(st)
        try:
            if assigned["needs_refit"]:
                topic_run = run_topics(st, backend=backend, run_id="report", model_dir=config.DATA_DIR / "topics",
                                       progress=progress)
                topic_run["refit"] = True
            else:
                topic_run = {"topics": topic_count(st),
                             "assigned": assigned["assigned"], "refit": False}
                log.info("topics: %d new comments joined the %d known topics", assigned["assigned"], topic_run["topics"])
        except TooFewComments as exc:
            skipped["topics"] = str(exc)
            if exc.found is not None:
                reasons["topics"] = ("topics_skipped", {"found": exc.found, "needed": exc.needed})
            topic_run = {"topics": 0, "refit": False}
            log.warning("topics skipped: %s; the other pages are still written", exc)
        timings["topics_s"] = round(time.perf_counter() - started, 2)
        topic_backend = st.get_meta("topic_backend") or "none"
    return Refresh(enriched, topic_run, topic_backend, timings, skipped, reasons)


def period_count(store: Path | str, period: Period) -> int:
    """Comments created in ``period`` (read from the store's published snapshot)."""
    from .io.store import Store

    with Store(store, read_only=True) as st:
        return comments_between(st, period.start, period.end)


def run(store: Path | str, periods: list[Period], langs: list[str], out: Path | None = None,
        sensitivity: str = "medium", backend: str = "fast", refit_topics: bool = False, precise: bool | None = None,
        progress: bool = False) -> list:
    """Refresh the store, then render the reports of every period in every language.

    Returns the :class:`helpers.reports.runner.ReportRun` of each report, in order.
    """
    from .reports.runner import ReportOptions, Upstream, run_report

    done = refresh(store, backend, refit_topics, precise, progress)
    options = ReportOptions(store=store, out=out, sensitivity=sensitivity, progress=progress)
    runs = []
    for period in periods:
        n = period_count(store, period)
        for lang in langs:
            log.info("report %s %s: %d comments in the period; running the notebooks", period.label, lang, n)
            upstream = Upstream(counts={"comments": n, "scored_new": done.enriched["scored"],
                                        "topics": done.topics["topics"], "topics_refit": done.topics["refit"]},
                                timings=done.timings, topic_backend=done.topic_backend,
                                scores_version=done.enriched["model_version"], tier=done.enriched["tier"],
                                skipped=done.skipped_in(lang))
            runs.append(run_report(period, lang, options, upstream))
    return runs
