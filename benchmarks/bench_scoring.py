"""Scoring throughput (language and every mood and hostility column), real comments first.

Real text: every distinct text of CrisisLexT26, the French hate superset, MLMA, UMSAB (training
tweets) and Davidson, from ../shared/data: tweets nobody here wrote, several languages. Measured
three ways: as `vigie score` runs it (a fresh process: worker start-up and model loading count), with
warm workers (a long run), and one process stage by stage (what limits the speed). Then the demo
stream, then the precise tier on real text.

Usage: python benchmarks/bench_scoring.py [--demo 100000] [--precise 1000]
Writes docs/benchmarks/scoring.json; `python benchmarks/write_performance.py` turns it into docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from _common import check_scored, machine, save, write_csv

from helpers.demo import generate
from helpers.io import datasets
from helpers.scoring.score import score_texts

SOURCES = {
    "CrisisLexT26": lambda: datasets.crisislex()["text"],
    "French hate superset": lambda: datasets.french_hate_superset()["text"],
    "MLMA (fr, en)": lambda: datasets.mlma()["text"],
    "UMSAB train (fr, en)": lambda: datasets.umsab("train")["text"],
    "Davidson": lambda: datasets.davidson()["text"],
}

COLD = r'''
import json, sys, time
t0 = time.perf_counter()
from helpers.scoring.score import score_texts
texts = json.load(open(sys.argv[1], encoding="utf-8"))
t1 = time.perf_counter()
scores = score_texts(texts)
t2 = time.perf_counter()
scores = score_texts(texts)
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "cold_s": t2 - t1, "warm_s": t3 - t2, "columns": len(scores.columns)}))
'''


PARTS = r'''
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
import helpers.cli.data  # what `vigie score` imports before it reads
from helpers.io.tables import TableWriter, iter_input
from helpers.scoring import score
t1 = time.perf_counter()
table = next(iter_input(Path(sys.argv[1])))
texts = table.frame["text"].tolist()
t2 = time.perf_counter()
score._warm_up(None)  # what score_texts does before it forks its workers
t3 = time.perf_counter()
scores = score.score_texts(texts)
t4 = time.perf_counter()
with TableWriter(Path(sys.argv[2])) as writer:
    writer.write(table.frame.reset_index(drop=True).join(scores))
t5 = time.perf_counter()
print(json.dumps({"start-up (imports)": t1 - t0, "reading the CSV": t2 - t1,
                  "loading the models before the workers fork": t3 - t2, "scoring (2 workers)": t4 - t3,
                  "writing the CSV": t5 - t4}))
'''


def real_texts(sources: dict | None = None) -> tuple[list[str], dict[str, int]]:
    """Distinct real texts of ``sources`` (default :data:`SOURCES`), in a fixed shuffled order, and how many each gave."""
    seen: set[str] = set()
    texts, counts = [], {}
    for name, load in (sources or SOURCES).items():
        fresh = [t for t in load().dropna().astype(str).tolist() if t.strip() and t not in seen]
        fresh = list(dict.fromkeys(fresh))
        seen.update(fresh)
        texts += fresh
        counts[name] = len(fresh)
    order = np.random.default_rng(0).permutation(len(texts))
    return [texts[i] for i in order], counts


def cold_and_warm(texts: list[str]) -> dict:
    """`score_texts` in a fresh process, twice: the first call starts the workers, the second reuses them."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(texts, handle)
    proc = subprocess.run([sys.executable, "-c", COLD, handle.name], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def command_line(texts: list[str], runs: int = 3) -> dict:
    """`vigie score` end to end on a CSV of ``texts``, CSV out: fresh processes, reading and writing included.

    The median of ``runs`` runs (one run varies by a few tenths of a second), with the fastest and slowest.
    """
    import tempfile
    from pathlib import Path

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "comments.csv", Path(tmp) / "scored.csv"
        write_csv(pd.DataFrame({"comment_id": range(len(texts)), "text": texts}), source)
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([str(Path(sys.executable).with_name("vigie")), "score", "--input", str(source),
                            "--output", str(target)], check=True, capture_output=True)
            times.append(time.perf_counter() - start)
            check_scored(target, len(texts))
    seconds = float(np.median(times))
    return {"seconds": round(seconds, 2), "comments_per_second": round(len(texts) / seconds), "runs": runs,
            "fastest_s": round(min(times), 2), "slowest_s": round(max(times), 2)}


def command_line_parts(texts: list[str]) -> dict[str, float]:
    """Where a cold `vigie score` run's seconds go: its steps timed one after the other in a fresh process."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "comments.csv"
        write_csv(pd.DataFrame({"comment_id": range(len(texts)), "text": texts}), source)
        proc = subprocess.run([sys.executable, "-c", PARTS, str(source), str(Path(tmp) / "scored.csv")],
                              capture_output=True, text=True, check=True)
    return {k: round(v, 2) for k, v in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


def stages(texts: list[str]) -> dict[str, float]:
    """Seconds of each step of one process scoring ``texts`` (after a warm-up call)."""
    from helpers.cleaning import normalise
    from helpers.models import features, lexicons, static_embedder
    from helpers.models.hashing import char_wb, word_bigrams
    from helpers.models.text_model import default_model
    from helpers.scoring.score import RULE_LEXICONS, is_counter_speech, is_question
    from helpers.text import detect_languages

    model = default_model()
    fz = model.featurizer
    score_texts(texts[:500], n_jobs=1)
    out: dict[str, float] = {}

    def timed(name, fn):
        start = time.perf_counter()
        value = fn()
        out[name] = round(time.perf_counter() - start, 3)
        return value

    norm = timed("normalise", lambda: [normalise.__wrapped__(t) for t in texts])
    chars = timed("character n-grams (hashed once)", lambda: char_wb(norm, 2, 5))
    words = timed("word n-grams (hashed)", lambda: word_bigrams(norm, fz.WORD_TOKENS))
    timed("columns of each text (sorted, distinct)",
          lambda: (words.columns(2**fz.word_bits), chars.columns(2**fz.char_bits)))
    timed("lexicons (compiled trie walk)", lambda: lexicons.lexicon_counts(norm))
    timed("VADER", lambda: features.vader_scores(norm))
    timed("shape cues", lambda: features.shape_cues(texts))
    timed("static embedder (read from the hashes and the word tokens above)",
          lambda: static_embedder.embed_normalised(norm, chars, words=words))
    X = timed("feature matrix, every step above included", lambda: fz.transform(texts))
    timed("heads (one sparse product)", lambda: model.predict_proba(X))
    timed("rules (rule lexicons, one threat list by pattern; counter-speech, questions)",
          lambda: (lexicons.lexicon_counts(norm, RULE_LEXICONS), is_counter_speech(norm), is_question(texts)))
    timed("language (fastText, lingua when unsure, page prior)", lambda: detect_languages(texts))
    timed("all (score_texts, 1 process)", lambda: score_texts(texts, n_jobs=1))
    return out


def precise(texts: list[str]) -> dict:
    """Throughput of the precise tier (e5 sentiment head) on distinct real texts."""
    try:
        from helpers.models.precise import sentiment_proba  # noqa: F401
    except ImportError as exc:
        return {"error": str(exc)}
    score_texts(texts[:20], precise=True)
    start = time.perf_counter()
    slow = score_texts(texts, precise=True)
    seconds = time.perf_counter() - start
    fast = score_texts(texts)
    changed = [c for c in fast.columns if not fast[c].equals(slow[c])]
    return {"comments": len(texts), "seconds": round(seconds, 1), "comments_per_second": round(len(texts) / seconds, 1),
            "columns_changed": changed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--demo", type=int, default=100_000, help="demo-stream comments to score")
    parser.add_argument("--stage-texts", type=int, default=20_000, help="real texts for the stage-by-stage profile")
    parser.add_argument("--precise", type=int, default=1000, help="real texts for the precise tier (0 to skip)")
    parser.add_argument("--only-precise", action="store_true",
                        help="re-measure the precise tier alone and keep the other figures of the last run")
    args = parser.parse_args()

    texts, sources = real_texts()
    if args.only_precise:
        import json

        from _common import RESULTS

        result = json.loads((RESULTS / "scoring.json").read_text(encoding="utf-8"))
        result["precise"] = precise(texts[: args.precise])
        print(result["precise"], save("scoring", result))
        return
    real = cold_and_warm(texts)
    real |= {"comments": len(texts), "distinct_texts": len(texts), "sources": sources,
             "cold_comments_per_second": round(len(texts) / real["cold_s"]),
             "warm_comments_per_second": round(len(texts) / real["warm_s"])}
    real["command_line"] = command_line(texts)
    real["command_line"]["parts"] = command_line_parts(texts)
    print(real, flush=True)
    profile = stages(texts[: args.stage_texts])
    print(profile, flush=True)

    export, _, _ = generate(args.demo, seed=1, defects=False)
    demo = export["text"].astype(str).tolist()
    score_texts(demo[:200])
    start = time.perf_counter()
    scores = score_texts(demo)
    seconds = time.perf_counter() - start
    demo_result = {"comments": len(demo), "distinct_texts": int(pd.Series(demo).nunique()), "seconds": round(seconds, 2),
                   "comments_per_second": round(len(demo) / seconds), "columns": len(scores.columns)}
    print(demo_result, flush=True)
    result = {"machine": machine(), "real": real, "stages": {"texts": min(args.stage_texts, len(texts)),
                                                             "seconds": profile},
              "demo": demo_result}
    if args.precise:
        result["precise"] = precise(texts[: args.precise])
        print(result["precise"], flush=True)
    print(save("scoring", result))


if __name__ == "__main__":
    main()
