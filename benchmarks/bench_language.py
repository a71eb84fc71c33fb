"""Language detection: speed and agreement of the fast two-stage detector against lingua's high-accuracy mode.

On the demo stream each comment's true language is known (ground truth); on CrisisLexT26 there is no
language label, so the fast detector is compared with the high-accuracy one.

Usage: python benchmarks/bench_language.py [--n 100000]   (CrisisLexT26 part needs ../shared/data)
Writes docs/benchmarks/language.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np
import pandas as pd
from _common import machine, save

from helpers.config import SHARED_DATA_DIR
from helpers.demo import write_demo
from helpers.readers import READERS
from helpers.text import FAST_CONFIDENCE, detect_languages


def measure(name: str, texts: list[str], truth: np.ndarray | None) -> dict:
    """Seconds and agreement of both modes on distinct texts."""
    texts = list(dict.fromkeys(texts))
    row = {"data": name, "distinct_texts": len(texts)}
    answers = {}
    for mode in ("high", "fast"):
        detect_languages(texts[:50], accuracy=mode)  # load the models outside the timing
        start = time.perf_counter()
        answers[mode] = np.asarray(detect_languages(texts, accuracy=mode))
        seconds = time.perf_counter() - start
        row[f"{mode}_texts_per_s"] = round(len(texts) / seconds)
    row["fast_agrees_with_high"] = round(float(np.mean(answers["fast"] == answers["high"])), 4)
    differ = answers["fast"] != answers["high"]
    pairs = pd.Series([f"{h}→{f}" for h, f in zip(answers["high"][differ], answers["fast"][differ])])
    row["most_common_disagreements"] = pairs.value_counts().head(4).to_dict()
    if truth is not None:
        for mode in ("high", "fast"):
            row[f"{mode}_accuracy"] = round(float(np.mean(answers[mode] == truth)), 4)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000, help="demo comments to generate")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_demo(tmp, n_comments=args.n, defects=False)
        comments = pd.read_csv(paths["comments"], dtype=str)
        truth = pd.read_csv(paths["truth"], dtype=str)[["comment_id", "lang"]]
        demo = comments.drop(columns=["lang"], errors="ignore").merge(truth, on="comment_id")
        demo = demo.drop_duplicates("text")
        rows.append(measure("demo stream (true language known)", demo["text"].tolist(), demo["lang"].to_numpy()))
    crisis = sorted((SHARED_DATA_DIR / "crisislex_t26").glob("*/*.csv"))
    if crisis:
        texts = [t for p in crisis for c in READERS["crisislex"].read(p, {}) for t in c.frame["text"].astype(str)]
        rows.append(measure("CrisisLexT26 (no language label)", texts, None))
    path = save("language", {"machine": machine(), "fast_confidence": FAST_CONFIDENCE, "results": rows})
    print(path)
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
