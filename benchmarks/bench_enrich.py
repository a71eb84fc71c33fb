"""`vigie enrich` of distinct real texts, each comment a new text, up to 1,000,000.

Issue #30 asks for 1,000,000 distinct real comments in under 4 minutes and 4 GB. The shared corpora hold
163,442 distinct texts (every set and split in ../shared/data: tweets, Reddit comments, essays; French and
English, and the other languages of CrisisLexT26). Three runs, one comment per text, on the demo stream's
posts, dates and authors: half of the real texts, all of them, then 1,000,000 distinct texts made of the
real ones and of each with what a page adds to a comment (a retweet marker, a mention, a hashtag, an emoji,
:data:`VARIANTS`): real words, though not a million real comments. `vigie ingest` then `vigie enrich` run
as cron would run them, each a fresh process, with wall time and peak memory (the process and its children);
then `vigie score` of the real texts and of the 1,000,000, CSV in and out, read and written by chunks.

Usage: python benchmarks/bench_enrich.py
Writes docs/benchmarks/enrich.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pandas as pd
from _common import check_scored, machine, save, write_csv
from bench_pipeline import VIGIE, run
from bench_scoring import real_texts

from helpers.io import datasets

#: Each corpus's texts, every split the shared data ships.
SOURCES = {
    "CrisisLexT26": lambda: datasets.crisislex()["text"],
    "French hate superset": lambda: datasets.french_hate_superset()["text"],
    "MLMA": lambda: datasets.mlma()["text"],
    "Davidson": lambda: datasets.davidson()["text"],
    "XED": lambda: datasets.xed()["text"],
    "GoEmotions": lambda: pd.concat([datasets.goemotions(s)["text"] for s in ("train", "dev")]),
    "UMSAB": lambda: pd.concat([datasets.umsab(s)["text"] for s in ("train", "val")]),
    "TweetEval": lambda: pd.concat([datasets.tweeteval_hate(s)["text"] for s in ("train", "val")]
                                   + [datasets.tweeteval_emotion(s)["text"] for s in ("train", "val")]),
    "Dreaddit": lambda: datasets.dreaddit()["text"],
    "Empathic reactions": lambda: datasets.empathic_reactions()["text"],
}
TARGET_COMMENTS, TARGET_SECONDS, TARGET_GB = 1_000_000, 240, 4.0
#: How a real text is varied to reach the target's number of distinct texts: what a page adds to a comment.
VARIANTS = ("{}", "RT @user: {}", "{} #urgence", "@page {}", "{} 🙏", "{} (via @page)", "{}!!")


def varied(texts: list[str], n: int) -> list[str]:
    """``n`` distinct texts: each real text as written, then each with a retweet marker, a hashtag, a mention..."""
    out = dict.fromkeys(v.format(t) for v in VARIANTS for t in texts)
    if len(out) < n:
        raise RuntimeError(f"{len(out)} distinct texts from {len(texts)} real ones, fewer than {n}")
    return list(out)[:n]


def enrich_run(texts: list[str]) -> dict:
    """`vigie ingest` then `vigie enrich` of one comment per text, in a fresh store: seconds, peak GB, what each printed."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        run([*VIGIE, "demo-data", "--out", str(work / "raw"), "--n", str(len(texts)), "--no-defects"], work)
        path = work / "raw" / "comments.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame["text"] = texts[: len(frame)]
        write_csv(frame, path)
        store = work / "store.duckdb"
        ingest = run([*VIGIE, "ingest", str(path), "--store", str(store), "--json"], work, json_line=True)
        enrich = run([*VIGIE, "enrich", "--store", str(store), "--json"], work, json_line=True)
    # Texts that ingest's encoding repair makes equal are scored once: the rate counts texts scored.
    scored = enrich["printed"]["scored"]
    return {"comments": ingest["printed"]["loaded"], "texts_scored": scored, "ingest": ingest, "enrich": enrich,
            "distinct_texts_per_second": round(scored / enrich["seconds"])}


def score_run(texts: list[str]) -> dict:
    """`vigie score` of a CSV of one row per text, CSV out (chunks of 200,000 rows): seconds and peak GB."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_csv(pd.DataFrame({"comment_id": range(len(texts)), "text": texts}), work / "in.csv")
        result = run([*VIGIE, "score", "--input", str(work / "in.csv"), "--output", str(work / "out.csv")], work)
        check_scored(work / "out.csv", len(texts))
    return {"rows": len(texts), "rows_written": len(texts), **result,
            "rows_per_second": round(len(texts) / result["seconds"])}


def main() -> None:
    texts, sources = real_texts(SOURCES)
    million = varied(texts, TARGET_COMMENTS)
    # Half the real texts, then all, then the target's number of distinct texts (the real ones and their
    # variants): whether time and peak grow in step with the number of texts (the store scores in batches).
    runs = [enrich_run(texts[: len(texts) // 2]), enrich_run(texts), enrich_run(million)]
    for run_, kind in zip(runs, ("real", "real", "real and varied")):
        run_["texts"] = kind
    # `vigie score` of the same texts, read and written chunk by chunk: whether its peak grows with the rows.
    scores = [dict(score_run(texts), texts="real"), dict(score_run(million), texts="real and varied")]
    result = {"machine": machine(), "sources": sources, "runs": runs, "score_runs": scores, "variants": list(VARIANTS),
              "target": {"comments": TARGET_COMMENTS, "seconds": TARGET_SECONDS, "peak_gb": TARGET_GB}}
    print(json.dumps(result), file=sys.stderr)
    print(save("enrich", result))


if __name__ == "__main__":
    main()
