"""Refitting the fast tier's heads one at a time and side by side in threads: the work behind every transfer row.

`vigie evaluate`, `benchmarks/distil_fast.py` and `vigie train` spend most of their time fitting logistic heads on
sparse features (`helpers.training.text_model.refitted_copy`, `train_model`). This times the refit of one real
transfer row, the one that leaves Dreaddit out (eight heads: distress, sentiment and six emotions, with the transfer
run's soft labels, as `vigie evaluate` fits them), with one thread and with one per core, and checks that the two
give the same heads bit for bit.

Usage: python benchmarks/bench_refit.py [--runs 1]
Writes docs/benchmarks/refit.json; `python benchmarks/write_performance.py` adds it to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd
from _common import machine, save

from helpers.models.text_model import default_model
from helpers.training import transfer
from helpers.training.distillation import Teachings, crisis_texts, unseen_texts
from helpers.training.text_model import feature_lookup, load_splits, refitted_copy, training_sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="Timed runs of each way (the median is kept).")
    args = parser.parse_args()
    splits = load_splits()
    sets = training_sets(splits)
    case = next(c for c in transfer.cases(splits) if c.held_out == "dreaddit")
    left = transfer.case_sets(case, sets)
    shipped = default_model()
    distilled = bool(shipped.metadata.get("distilled"))
    heads = transfer.refit_heads(case, sets, left, distilled=distilled)
    frames = {name: left[name] for name in heads}
    taught = []
    if distilled:
        lesson = Teachings(sets, unseen_texts(splits), crisis_texts())(case.held_out)
        frames, taught = lesson(frames), [pd.Series(lesson.texts)]
    features = feature_lookup(shipped.featurizer, [f["text"] for f in frames.values()] + taught)
    cores = os.cpu_count() or 1
    seconds, models = {1: [], cores: []}, {}
    for _ in range(args.runs):
        for n_jobs in seconds:
            start = time.perf_counter()
            models[n_jobs], _ = refitted_copy(shipped, frames, features, n_jobs=n_jobs)
            seconds[n_jobs].append(time.perf_counter() - start)
            print(f"{n_jobs} thread(s): {seconds[n_jobs][-1]:.1f} s", flush=True)
    same = all(np.array_equal(models[1].heads[h].coef, models[cores].heads[h].coef)
               and np.array_equal(models[1].heads[h].intercept, models[cores].heads[h].intercept) for h in heads)
    one, many = (round(statistics.median(seconds[n]), 1) for n in (1, cores))
    save("refit", {"machine": machine(), "case": f"{case.head} without {case.held_out}", "heads": heads,
                   "rows": {h: int(len(f)) for h, f in frames.items()}, "distilled": distilled, "runs": args.runs,
                   "threads": cores, "seconds_one": one, "seconds_side_by_side": many,
                   "speedup": round(one / many, 2), "same_heads": same})
    if not same:
        raise SystemExit("the heads fitted side by side differ from those fitted one at a time")


if __name__ == "__main__":
    main()
