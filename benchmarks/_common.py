"""Shared helpers for the benchmark scripts: machine description and result files."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "benchmarks"


def machine() -> dict:
    """Cores, memory and CPU model of this machine."""
    import psutil

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "cpu": cpu,
            "python": platform.python_version(), "system": platform.system()}


def save(name: str, result: dict) -> Path:
    """Write ``docs/benchmarks/<name>.json``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def write_csv(frame, path: Path) -> None:
    """``frame`` as CSV with every field quoted: pandas leaves a lone carriage return in a text unquoted, and a
    reader then splits that text in two (CrisisLexT26 holds a few)."""
    import csv

    frame.to_csv(path, index=False, quoting=csv.QUOTE_ALL)


def check_scored(output: Path, rows: int) -> None:
    """Raise unless `vigie score` wrote ``rows`` rows to ``output`` and quarantined none (no file beside it)."""
    import pandas as pd

    written = len(pd.read_csv(output, usecols=["comment_id"]))
    if written != rows or output.with_name(output.name + ".quarantine.csv").exists():
        raise RuntimeError(f"vigie score wrote {written} rows for {rows} comments, or quarantined some")


def write_doc(name: str, text: str) -> Path:
    """Write ``docs/<name>`` atomically: a failed run never leaves a half-written page."""
    path = ROOT / "docs" / name
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {path}")
    return path


def distinct_tweets(n: int, seed: int) -> list[str]:
    """``n`` distinct real tweets (CrisisLexT26 and the French hate superset), in a seeded random order."""
    import numpy as np

    from helpers.io import datasets as ds

    pool = np.concatenate([ds.crisislex()["text"].drop_duplicates().to_numpy(),
                           ds.french_hate_superset()["text"].drop_duplicates().to_numpy()])
    return list(dict.fromkeys(np.random.default_rng(seed).permutation(pool).tolist()))[:n]
