"""End-to-end pipeline: ingest, enrich, topics, report, then an incremental week.

``--texts real`` (the default) keeps the demo stream's posts, dates, authors and threads but gives each
comment a real text: the distinct texts of the shared corpora (CrisisLexT26, the hate and sentiment
sets), drawn in a seeded shuffled cycle, so a stream longer than the pool repeats texts as a real page
does. ``--texts demo`` keeps the demo's templated texts.

Each step runs as its own `vigie` process (as cron would run it); wall time and peak memory (the
process and its children, polled every 0.1 s) are recorded. The incremental case adds 20,000 new
comments to the store and runs the whole weekly job again.

Usage: python benchmarks/bench_pipeline.py [--sizes 100000 1000000]
Writes docs/benchmarks/pipeline.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
from _common import RESULTS, machine, save, write_csv

VIGIE = [sys.executable, "-m", "helpers.cli"]


def run(args: list[str], cwd: Path, json_line: bool = False) -> dict:
    """Run one command, polling its resident memory (with children); return seconds and peak GB.

    With ``json_line``, also what the command printed as JSON on its last line (under ``"printed"``).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = parent.memory_info().rss + sum(c.memory_info().rss for c in parent.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {err.strip().splitlines()[-1] if err else proc.returncode}")
    result = {"seconds": round(time.perf_counter() - start, 1), "peak_gb": round(peak / 2**30, 2)}
    if json_line:
        result["printed"] = json.loads(out.strip().splitlines()[-1])
    return result


def new_week(source: Path, target: Path, n: int, texts: list[str] | None = None) -> None:
    """A week of new comments: the last week's, re-keyed and moved one week later (with ``texts``, new texts)."""
    frame = pd.read_csv(source, dtype=str)
    frame = frame.dropna(subset=["created_at"]).tail(n).copy()
    if texts is not None:
        frame["text"] = texts[: len(frame)]
    frame["comment_id"] = "w+1_" + frame["comment_id"]
    frame["created_at"] = (pd.to_datetime(frame["created_at"], utc=True, errors="coerce")
                           + pd.Timedelta(days=7)).dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    write_csv(frame, target)


def real_stream(path: Path, held_out: int = 20_000) -> tuple[int, list[str]]:
    """Replace the demo texts of ``path`` by real ones, in place.

    Returns the number of distinct texts and ``held_out`` real texts kept out of the stream, so the
    weekly run scores texts the store has never seen.
    """
    from bench_scoring import real_texts

    pool, _ = real_texts()
    new, pool = pool[:held_out], pool[held_out:]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    order = np.random.default_rng(1).permutation(len(frame)) % len(pool)
    frame["text"] = [pool[i] for i in order]
    write_csv(frame, path)
    return int(frame["text"].nunique()), new


def pipeline(n: int, work: Path, texts: str = "real") -> dict:
    raw = work / "raw"
    store = work / "store.duckdb"
    gen = run([*VIGIE, "demo-data", "--out", str(raw), "--n", str(n), "--no-defects"], work)
    distinct, new_texts = real_stream(raw / "comments.csv") if texts == "real" else (None, None)
    steps = {}
    steps["ingest"] = run([*VIGIE, "ingest", str(raw / "comments.csv"), "--store", str(store), "--json"], work)
    steps["enrich"] = run([*VIGIE, "enrich", "--store", str(store), "--json"], work)
    steps["topics"] = run([*VIGIE, "topics", "--store", str(store)], work)
    steps["report"] = run([*VIGIE, "report", "--store", str(store), "--period", "2020-W33", "--out",
                           str(work / "reports")], work)
    first = sum(s["seconds"] for s in steps.values())
    new_week(raw / "comments.csv", raw / "week.csv", 20_000, new_texts)
    inc = {}
    inc["ingest"] = run([*VIGIE, "ingest", str(raw / "week.csv"), "--store", str(store), "--json"], work)
    inc["report"] = run([*VIGIE, "report", "--store", str(store), "--period", "2020-W36", "--out",
                         str(work / "reports")], work)  # report = enrich new texts + topics + notebooks
    return {"comments": n, "texts": texts, "distinct_texts": distinct,
            "generate": gen, "first_run": steps, "first_run_seconds": round(first, 1),
            "first_run_peak_gb": max(s["peak_gb"] for s in steps.values()),
            "incremental": inc, "incremental_seconds": round(sum(s["seconds"] for s in inc.values()), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--texts", choices=["real", "demo"], default="real", help="real texts or the demo's")
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"vigie-bench-{n}-"))
        try:
            result = pipeline(n, work, args.texts)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(result, flush=True)
        results.append(result)
    previous = RESULTS / "pipeline.json"
    if previous.exists():  # keep the other text kind's last figures
        results += [r for r in json.loads(previous.read_text())["results"] if r.get("texts", "demo") != args.texts]
    results.sort(key=lambda r: (r.get("texts", "demo") != "real", r["comments"]))
    print(save("pipeline", {"machine": machine(), "results": results}))


if __name__ == "__main__":
    main()
