"""Scoring throughput (all mood and hostility columns plus language) on the demo stream.

Usage: python benchmarks/bench_scoring.py [--n 100000]
Writes docs/benchmarks/scoring.json; `python benchmarks/write_performance.py` turns it into docs/performance.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _common import machine, save

from helpers.io.demo import generate
from helpers.scoring.score import score_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="comments to generate and score")
    args = parser.parse_args()
    export, _, _ = generate(args.n, seed=1, defects=False)
    texts = export["text"].astype(str).tolist()
    unique = int(np.unique(np.asarray(texts, dtype=object)).size)
    score_texts(texts[:200])  # load the model once, outside the timing
    start = time.perf_counter()
    scores = score_texts(texts)
    seconds = time.perf_counter() - start
    # Every text distinct: the worst case, where no duplicate is scored once for many comments.
    distinct = [f"{t} #{i}" for i, t in enumerate(texts[:20_000])]
    start = time.perf_counter()
    score_texts(distinct)
    seconds_distinct = time.perf_counter() - start
    result = {"machine": machine(), "comments": len(texts), "distinct_texts": unique, "seconds": round(seconds, 2),
              "comments_per_second": round(len(texts) / seconds), "columns": len(scores.columns),
              "all_distinct": {"comments": len(distinct), "seconds": round(seconds_distinct, 2),
                               "comments_per_second": round(len(distinct) / seconds_distinct)}}
    print(result)
    print(save("scoring", result))


if __name__ == "__main__":
    main()
