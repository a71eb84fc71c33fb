"""Which CrisisLexT26 events and days stand out for hostility, distress and questions.

Ingests the 26 events into a temporary store, scores them with the shipped model, and reports per
event the hostile, distressed and question shares with Wilson bands, plus the days flagged as
hostility spikes by `helpers.analysis.timeseries.detect_spikes` (within each event's own timeline, since the
events are years apart). Writes docs/crisislex.md.

Usage: python benchmarks/crisislex_spikes.py   (needs ../shared/data)
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from _common import write_doc

from helpers.analysis.hostility import examples, find_spikes
from helpers.analysis.mood import with_flags
from helpers.analysis.quality import markdown_table
from helpers.analysis.timeseries import wilson_interval
from helpers.config import SHARED_DATA_DIR
from helpers.io.ingest import ingest_paths
from helpers.io.store import Store
from helpers.scoring.enrich import enrich_store


def main() -> None:
    paths = sorted((SHARED_DATA_DIR / "crisislex_t26").glob("*/*.csv"))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "crisis.duckdb") as st:
        report = ingest_paths(paths, st)
        enrich_store(st)
        everything = st.query("SELECT * FROM scored_comments")
    # Spanish, Italian, Portuguese, Tagalog... tweets carry no scores (the models cover French and English).
    scored = with_flags(everything[everything["hostility"].notna()].astype({"hostile": bool, "is_question": bool}))
    rows = []
    totals = everything.groupby("post_id").size()
    for event, group in scored.groupby("post_id"):
        row = {"event": event, "tweets": int(totals[event]), "scored (fr/en)": len(group)}
        for flag in ("hostile", "distressed", "is_question"):
            k = int(group[flag].sum())
            low, high = wilson_interval([k], [len(group)])
            row[flag] = f"{k / len(group):.1%} [{low[0]:.1%}, {high[0]:.1%}]"
        row["_hostile"] = group["hostile"].mean()
        rows.append(row)
    table = pd.DataFrame(rows).sort_values("_hostile", ascending=False).drop(columns="_hostile")
    spike_rows = []
    for event, group in scored.groupby("post_id"):
        for ep in find_spikes(group, "D").itertuples():
            window = group[(group["created_at"] >= ep.start) & (group["created_at"] < ep.end)]
            top = examples(window[window["hostile"]], 1, max_chars=140)
            spike_rows.append({"event": event, "day": ep.start.strftime("%Y-%m-%d"), "tweets": ep.n,
                               "hostile": ep.k, "share": f"{ep.k / ep.n:.1%}",
                               "example (redacted)": top["text"].iloc[0] if len(top) else ""})
    spikes = pd.DataFrame(spike_rows, columns=["event", "day", "tweets", "hostile", "share", "example (redacted)"])
    lines = ["# CrisisLexT26: events and days that stand out", "",
             "Written by `python benchmarks/crisislex_spikes.py`; do not edit by hand. Data: CrisisLexT26",
             "(Olteanu, Vieweg, Castillo, CSCW 2015), 26 crises of 2012-2013, scored by Vigie's shipped model.",
             f"Ingest: read {report.read} = loaded {report.loaded} + duplicates {report.duplicates} + quarantined "
             f"{report.quarantined}.", "",
             "Only French and English tweets are scored (the models cover these two languages); the shares",
             "are over the scored tweets.", "",
             "## Shares per event (95% Wilson interval), most hostile first", "", markdown_table(table), "",
             "## Days flagged as hostility spikes (daily bins, default sensitivity, within each event)", "",
             markdown_table(spikes) if len(spikes) else "_none_", "",
             "These are disaster tweets, mostly news and sympathy: hostility is rare, and a flagged day usually",
             "means anger at officials or at those held responsible, which the examples show.", ""]
    write_doc("crisislex.md", "\n".join(lines))


if __name__ == "__main__":
    main()
