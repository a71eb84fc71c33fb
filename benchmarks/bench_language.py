"""Language detection: the default detector (fastText first, lingua when unsure) against lingua's
high-accuracy mode and lingua's own two-stage mode (the default before), and what the page prior changes.

On the demo stream and the labelled French and English sets each text's true language is known; on
CrisisLexT26 there is no language label, so the detectors are compared with lingua's high-accuracy one.
The page prior is measured on labelled French and English sets (texts it recovers) and on CrisisLexT26
events, one page each (texts it moves; the Spanish and Italian events must stay as they are).

fastText's threshold (``helpers.text.FAST_CONFIDENCE``) is chosen on other texts than the table's: the training
splits of the shared sets, each of one known language (:func:`selection_sets`). Going down from 0.8, the lowest
threshold at which no selection set reads fewer texts right (page prior on, as ``vigie score`` runs) is chosen.

Usage: python benchmarks/bench_language.py [--n 100000]   (labelled and CrisisLexT26 parts need ../shared/data)
Writes docs/benchmarks/language.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
import pandas as pd
from _common import machine, save

from helpers import text as text_module
from helpers.config import SHARED_DATA_DIR
from helpers.demo import write_demo
from helpers.io import datasets as ds
from helpers.io.readers import READERS
from helpers.text import (
    DETECTED_LANGUAGES,
    FAST_CONFIDENCE,
    PAGE_CONFIDENCE,
    PAGE_SHARE,
    clean_for_language,
    detect_languages,
)

#: fastText thresholds tried, from the one shipped before (0.8) down.
THRESHOLDS = (0.8, 0.7, 0.6, 0.5, 0.4, 0.3)
#: lingua's two-stage mode, Vigie's default before fastText: its low-accuracy answer when at least this sure.
LINGUA_LOW_CONFIDENCE = 0.9


@lru_cache(maxsize=2)
def _lingua(low: bool):
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_iso_codes_639_1(
        *[getattr(IsoCode639_1, c.upper()) for c in DETECTED_LANGUAGES]).with_minimum_relative_distance(0.05)
    return (builder.with_low_accuracy_mode() if low else builder).build()


def lingua_two_stage(texts: list[str]) -> list[str]:
    """lingua's low-accuracy answer when sure, its high-accuracy one otherwise (no page prior)."""
    cleaned = [clean_for_language(t) for t in texts]
    out = ["und"] * len(texts)
    todo = [i for i, t in enumerate(cleaned) if sum(ch.isalpha() for ch in t) >= 3]
    unsure = []
    for i, values in zip(todo, _lingua(True).compute_language_confidence_values_in_parallel([cleaned[i] for i in todo])):
        if values and values[0].value >= LINGUA_LOW_CONFIDENCE:
            out[i] = values[0].language.iso_code_639_1.name.lower()
        else:
            unsure.append(i)
    for i, lang in zip(unsure, _lingua(False).detect_languages_in_parallel_of([cleaned[i] for i in unsure])):
        if lang is not None:
            out[i] = lang.iso_code_639_1.name.lower()
    return out


MODES: dict[str, Callable[[list[str]], list[str]]] = {
    "high": lambda texts: detect_languages(texts, accuracy="high", page_prior=False),
    "lingua": lingua_two_stage,
    "fast": lambda texts: detect_languages(texts, page_prior=False),
}


def measure(name: str, texts: list[str], truth: np.ndarray | None) -> dict:
    """Seconds and agreement of each detector on distinct texts, without the page prior."""
    first = {}
    for i, t in enumerate(texts):
        first.setdefault(t, i)
    keep = sorted(first.values())
    texts = [texts[i] for i in keep]
    truth = None if truth is None else np.asarray(truth)[keep]
    row = {"data": name, "distinct_texts": len(texts)}
    answers = {}
    for mode, detect in MODES.items():
        detect(texts[:50])  # load the models outside the timing
        start = time.perf_counter()
        answers[mode] = np.asarray(detect(texts), dtype=object)
        row[f"{mode}_texts_per_s"] = round(len(texts) / (time.perf_counter() - start))
        if mode != "high":
            row[f"{mode}_agrees_with_high"] = round(float(np.mean(answers[mode] == answers["high"])), 4)
        if truth is not None:
            row[f"{mode}_accuracy"] = round(float(np.mean(answers[mode] == truth)), 4)
    differ = answers["fast"] != answers["high"]
    pairs = pd.Series([f"{h}→{f}" for h, f in zip(answers["high"][differ], answers["fast"][differ])])
    row["most_common_disagreements"] = pairs.value_counts().head(4).to_dict()
    return row


def labelled_rows() -> list[dict]:
    """The detectors on the shared sets whose texts are all French or all English."""
    if not (SHARED_DATA_DIR / "umsab_sentiment").exists():
        return []
    umsab = ds.umsab("val")
    rows = [measure(f"UMSAB validation, {lang.upper()} tweets", umsab.loc[umsab["lang"] == lang, "text"].tolist(),
                    np.array([lang] * int((umsab["lang"] == lang).sum()))) for lang in ("fr", "en")]
    superset = ds.french_hate_superset()["text"].tolist()
    rows.append(measure("French hate superset (all French)", superset, np.array(["fr"] * len(superset))))
    mlma = ds.mlma()
    french = mlma.loc[mlma["lang"] == "fr", "text"].tolist()
    rows.append(measure("MLMA French tweets", french, np.array(["fr"] * len(french))))
    return rows


def selection_sets() -> dict[str, tuple[list[str], str]]:
    """Distinct texts of one known language each, from training splits the table above does not read."""
    umsab = ds.umsab("train")
    xed = ds.xed()
    sets = {f"UMSAB train, {lang.upper()}": (umsab.loc[umsab["lang"] == lang, "text"], lang) for lang in ("fr", "en")}
    sets |= {f"XED, {lang.upper()} (3,000)": (xed.loc[xed["lang"] == lang, "text"], lang) for lang in ("fr", "en")}
    sets |= {"GoEmotions train (3,000)": (ds.goemotions("train")["text"], "en"),
             "Davidson (3,000)": (ds.davidson()["text"], "en"),
             "Dreaddit": (ds.dreaddit()["text"], "en"),
             "TweetEval hate train (3,000)": (ds.tweeteval_hate("train")["text"], "en")}
    out = {}
    for name, (texts, lang) in sets.items():
        texts = texts.drop_duplicates()
        out[name] = (texts.sample(min(3000, len(texts)), random_state=0).tolist(), lang)
    return out


@contextmanager
def fast_confidence(value: float) -> Iterator[None]:
    """``helpers.text.FAST_CONFIDENCE`` set to ``value`` inside the block."""
    kept = text_module.FAST_CONFIDENCE
    text_module.FAST_CONFIDENCE = value
    try:
        yield
    finally:
        text_module.FAST_CONFIDENCE = kept


def threshold_rows(sets: dict[str, tuple[list[str], str]]) -> tuple[list[dict], float]:
    """Accuracy with and without the page prior, and the share asked of lingua, at each threshold; the one chosen."""
    rows = []
    for value in THRESHOLDS:
        with fast_confidence(value):
            for name, (texts, lang) in sets.items():
                cleaned = [clean_for_language(t) for t in texts]
                readable = [t for t in cleaned if sum(ch.isalpha() for ch in t) >= 3]
                unsure = sum(found is None for found in text_module.first_reading(readable))
                without = np.asarray(detect_languages(texts, page_prior=False))
                with_prior = np.asarray(detect_languages(texts))
                rows.append({"threshold": value, "data": name, "texts": len(texts),
                             "to_lingua": round(unsure / max(len(texts), 1), 4),
                             "accuracy_without": round(float(np.mean(without == lang)), 4),
                             "accuracy_with": round(float(np.mean(with_prior == lang)), 4)})
    before = {r["data"]: r["accuracy_with"] for r in rows if r["threshold"] == THRESHOLDS[0]}
    chosen = THRESHOLDS[0]
    for value in THRESHOLDS[1:]:
        if any(r["accuracy_with"] < before[r["data"]] for r in rows if r["threshold"] == value):
            break
        chosen = value
    return rows, chosen


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
    rows += labelled_rows()
    prior = page_prior_rows()
    thresholds, chosen = threshold_rows(selection_sets()) if (SHARED_DATA_DIR / "umsab_sentiment").exists() else ([], None)
    if chosen is not None and chosen != FAST_CONFIDENCE:
        print(f"the selection sets choose FAST_CONFIDENCE = {chosen}; helpers.text has {FAST_CONFIDENCE}")
    path = save("language", {"machine": machine(), "fast_confidence": FAST_CONFIDENCE,
                             "thresholds": thresholds, "chosen_fast_confidence": chosen,
                             "lingua_low_confidence": LINGUA_LOW_CONFIDENCE, "results": rows,
                             "page_share": PAGE_SHARE, "page_confidence": PAGE_CONFIDENCE, "page_prior": prior})
    print(path)
    for row in rows + prior + thresholds:
        print(row)


if __name__ == "__main__":
    main()
