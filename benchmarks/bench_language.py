"""Language detection: speed and agreement of the fast two-stage detector against lingua's high-accuracy mode,
and what the page prior (``helpers.text.PAGE_SHARE``) changes.

On the demo stream each comment's true language is known (ground truth); on CrisisLexT26 there is no
language label, so the fast detector is compared with the high-accuracy one. The page prior is measured
on labelled French and English sets (texts it recovers) and on CrisisLexT26 events, one page each
(texts it moves; the Spanish and Italian events must stay as they are).

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
from helpers.io import datasets as ds
from helpers.io.readers import READERS
from helpers.text import FAST_CONFIDENCE, PAGE_CONFIDENCE, PAGE_SHARE, detect_languages


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


def page_prior(name: str, texts: list[str], truth: str | None) -> dict:
    """Share of texts read as ``truth`` (or texts moved, without a label) with and without the page prior."""
    without = np.asarray(detect_languages(texts, page_prior=False))
    with_prior = np.asarray(detect_languages(texts))
    row = {"data": name, "texts": len(texts), "moved": int((without != with_prior).sum()),
           "moved_to": pd.Series(with_prior[without != with_prior]).value_counts().to_dict()}
    if truth:
        row["accuracy_without"] = round(float(np.mean(without == truth)), 4)
        row["accuracy_with"] = round(float(np.mean(with_prior == truth)), 4)
        row["unscored_without"] = round(float(np.mean(~np.isin(without, ["fr", "en", "und"]))), 4)
        row["unscored_with"] = round(float(np.mean(~np.isin(with_prior, ["fr", "en", "und"]))), 4)
    else:
        row["languages_without"] = pd.Series(without).value_counts().head(4).to_dict()
    return row


def page_prior_rows() -> list[dict]:
    """The page prior on labelled French and English sets and on each CrisisLexT26 event."""
    if not (SHARED_DATA_DIR / "umsab_sentiment").exists():
        return []
    umsab = ds.umsab("val")
    rows = [page_prior(f"UMSAB validation, {lang.upper()} tweets", umsab.loc[umsab["lang"] == lang, "text"].tolist(), lang)
            for lang in ("fr", "en")]
    rows.append(page_prior("French hate superset (all French)", ds.french_hate_superset()["text"].tolist(), "fr"))
    mlma = ds.mlma()
    rows.append(page_prior("MLMA French tweets", mlma.loc[mlma["lang"] == "fr", "text"].tolist(), "fr"))
    for event, tweets in ds.crisislex().groupby("event", sort=True):
        rows.append(page_prior(f"CrisisLexT26 {event}", tweets["text"].tolist(), None))
    return rows


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
    prior = page_prior_rows()
    path = save("language", {"machine": machine(), "fast_confidence": FAST_CONFIDENCE, "results": rows,
                             "page_share": PAGE_SHARE, "page_confidence": PAGE_CONFIDENCE, "page_prior": prior})
    print(path)
    for row in rows + prior:
        print(row)


if __name__ == "__main__":
    main()
