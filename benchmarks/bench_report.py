"""One report (six notebooks, one period, one language): one shared kernel against a kernel per notebook.

A seeded demo store (`--n` comments, enriched, topics fitted) is built once; then `run_report` renders
the same period `--runs` times each way, alternating. The pages are compared, cell ids aside (papermill
draws them at random): the shared kernel must change nothing a reader sees.

Usage: python benchmarks/bench_report.py [--n 3000] [--runs 3]
Writes docs/benchmarks/report.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine, save

from helpers.analysis.topics import run_topics
from helpers.demo import write_demo
from helpers.io.ingest import ingest_paths
from helpers.io.store import Store
from helpers.reports.periods import parse_period
from helpers.reports.runner import NOTEBOOKS, ReportOptions, run_report
from helpers.scoring.enrich import enrich_store


def _pages(folder: Path) -> dict[str, str]:
    return {p.name: re.sub(r"cell-id=[0-9a-f-]+", "", p.read_text(encoding="utf-8")) for p in folder.glob("*.html")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    work = Path(tempfile.mkdtemp(prefix="vigie-bench-report-"))
    paths = write_demo(work / "raw", n_comments=args.n, seed=42)
    store = work / "store.duckdb"
    with Store(store) as st:
        ingest_paths([paths["comments"]], st)
        enrich_store(st)
        run_topics(st)
    period = parse_period("2020-W16")
    seconds: dict[str, list[float]] = {"shared": [], "per notebook": []}
    pages = {}
    for _ in range(args.runs):
        for name, shared in (("shared", True), ("per notebook", False)):
            out = work / name.replace(" ", "_")
            start = time.perf_counter()
            run = run_report(period, "fr", ReportOptions(store=store, out=out, shared_kernel=shared))
            seconds[name].append(time.perf_counter() - start)
            assert run.ok, [n.error for n in run.notebooks if n.error]
            pages[name] = _pages(run.out_dir)
    result = {"machine": machine(), "comments": args.n, "notebooks": len(NOTEBOOKS), "runs": args.runs,
              "median_s": {k: round(statistics.median(v), 1) for k, v in seconds.items()},
              "same_pages": pages["shared"] == pages["per notebook"]}
    result["speedup"] = round(result["median_s"]["per notebook"] / result["median_s"]["shared"], 2)
    print(result)
    save("report", result)


if __name__ == "__main__":
    main()
