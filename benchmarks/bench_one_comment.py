"""One comment, scored in-process after warm-up: the latency a service or a notebook loop sees.

Real, distinct texts (CrisisLexT26 and French hate superset tweets), one `score_texts` call each, every
column of the default mode; with the language given (as `vigie serve` passes it after detecting) and
with the language detected inside the call.

Usage: python benchmarks/bench_one_comment.py [--n 2000]   (needs ../shared/data)
Writes docs/benchmarks/one_comment.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import numpy as np
from _common import distinct_tweets, machine, save

from helpers.scoring.score import score_texts
from helpers.text import detect_languages

#: A fresh process that scores one comment: the wait of a first `vigie score` or service worker.
FIRST_COMMENT = ("import time; t = time.perf_counter(); from helpers.scoring.score import score_texts; "
                 "score_texts([\"Bonjour, c'est ouvert demain la clinique?\"]); print(time.perf_counter() - t)")


def start_up(runs: int = 7) -> dict:
    """Seconds from a fresh Python (interpreter started) to its first scored comment, and for the whole process."""
    inside, whole = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", FIRST_COMMENT], check=True, capture_output=True, text=True)
        whole.append(time.perf_counter() - start)
        inside.append(float(out.stdout.strip().splitlines()[-1]))
    return {"runs": runs, "median_s": round(float(np.median(inside)), 2),
            "process_median_s": round(float(np.median(whole)), 2), "target_s": 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    texts = distinct_tweets(2 * args.n + 50, seed=0)
    langs = detect_languages(texts, page_prior=False)
    score_texts(texts[:50], langs[:50], n_jobs=1)  # warm-up: models, compiled hashing, language models
    result = {"machine": machine(), "texts": "CrisisLexT26 and French hate superset tweets, distinct", "n": args.n}
    for name, offset, given in (("language given", 50, True), ("language detected", 50 + args.n, False)):
        times = []
        for i in range(offset, offset + args.n):
            start = time.perf_counter()
            score_texts([texts[i]], [langs[i]] if given else None, n_jobs=1)
            times.append(time.perf_counter() - start)
        ms = 1000 * np.array(times)
        result[name] = {"median_ms": round(float(np.median(ms)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2)}
    result["target_median_ms"] = 5
    result["start_up"] = start_up()
    print(result)
    save("one_comment", result)


if __name__ == "__main__":
    main()
