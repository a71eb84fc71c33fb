"""Questions that ask for an answer against rhetorical ones, on real tweets labelled by hand.

``src/helpers/resources/questions.csv`` lists questions (``is_question`` true) from CrisisLexT26 and UMSAB's
French tweets by key (:func:`helpers.training.intent.question_key`; the texts stay in ``../shared/data``),
each labelled *seeking* or *rhetorical*. The head (``vigie train-questions``) learns from the *train* rows
only; this script measures it on the *dev* and *test* rows, beside the rules it replaced as the list's
ordering (the rules were written from the *dev* rows, so only *test* and *train* are fair to them).

Usage: python benchmarks/questions.py   (needs ../shared/data)
Writes docs/benchmarks/questions.json and docs/questions.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _common import machine, save, write_doc

from helpers.models.intent import default_head, rules_say_seeking
from helpers.training.intent import fit_head, labelled_questions
from helpers.training.resampling import bootstrap_interval


def _ap_interval(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """95% bootstrap interval of the average precision (a resample without a seeking question counts as none)."""
    from sklearn.metrics import average_precision_score

    return bootstrap_interval(lambda i: average_precision_score(y[i], p[i]) if y[i].any() else np.nan, len(y))


def figures(rows: pd.DataFrame) -> list[dict]:
    """Per set and language: the head's and the rules' precision and recall, and the head's average precision."""
    from sklearn.metrics import average_precision_score

    head = default_head()
    rows = rows.assign(p=head.probability(rows["text"].tolist()), rules=rules_say_seeking(rows["text"].tolist()),
                       seeking=rows["label"].eq("seeking"))
    rows["flagged"] = rows["p"] >= head.threshold
    out = []
    for (part, lang), g in rows.groupby(["set", "lang"], sort=False):
        y, n_seek = g["seeking"].to_numpy(), int(g["seeking"].sum())
        row = {"set": part, "lang": lang, "questions": len(g), "seeking": n_seek,
               "precision_before": round(float(y.mean()), 3)}
        for name in ("flagged", "rules"):
            if name == "flagged" and part == "train":  # the head learnt these rows: its figures out of fold
                oof = head.metadata["out_of_fold"].get(lang, {})
                row[name] = {k: oof.get(k) for k in ("kept", "precision", "recall")}
                continue
            kept, hits = int(g[name].sum()), int((g[name] & g["seeking"]).sum())
            row[name] = {"kept": kept, "kept_seeking": hits, "precision": round(hits / kept, 3) if kept else None,
                         "recall": round(hits / n_seek, 3) if n_seek else None}
        if n_seek and part == "train":
            row["average_precision_out_of_fold"] = head.metadata["out_of_fold"].get(lang, {}).get("average_precision")
        elif n_seek:
            low, high = _ap_interval(y, g["p"].to_numpy())
            row["average_precision"] = round(float(average_precision_score(y, g["p"])), 3)
            row["average_precision_95"] = [round(low, 3), round(high, 3)]
        out.append(row)
    return out


def french_transfer(rows: pd.DataFrame) -> dict:
    """A head fitted on the English train questions alone, measured on the French ones: what French wording adds."""
    from sklearn.metrics import average_precision_score

    train = rows[rows["set"].eq("train")]
    english, french = train[train["lang"].eq("en")].reset_index(drop=True), train[train["lang"].eq("fr")]
    head = fit_head(english, log=lambda _: None)
    y, p = french["label"].eq("seeking").to_numpy(), head.probability(french["text"].tolist())
    kept = p >= head.threshold
    return {"questions": len(y), "seeking": int(y.sum()), "average_precision": round(float(average_precision_score(y, p)), 3),
            "precision": round(float((kept & y).sum() / max(kept.sum(), 1)), 3),
            "recall": round(float((kept & y).sum() / y.sum()), 3)}


def main() -> None:
    head = default_head()
    rows = labelled_questions()
    result = {"machine": machine(), "head": {"blocks": list(head.blocks), "threshold": round(head.threshold, 3),
                                             **head.metadata},
              "figures": figures(rows), "french_from_english_only": french_transfer(rows)}
    save("questions", result)

    fr = result["french_from_english_only"]

    def share(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    lines = ["# Questions worth an answer", "",
             "Written by `benchmarks/questions.py`; do not edit by hand. Real questions (`is_question` true) labelled "
             "by hand as *seeking* (asks for facts, a status, help or a way to act) or *rhetorical*; "
             "`helpers.analysis.intent.seeks_answer` puts the first at the top of the \"questions to answer\" lists. "
             f"It is a logistic head (`{head.metadata.get('version')}`, `vigie train-questions`) over "
             f"{' + '.join(head.blocks)} features, fitted on the *train* rows only "
             f"({head.metadata['trained_on']['questions']} questions, {head.metadata['trained_on']['seeking']} seeking). "
             "The rules it replaced were written from the *dev* rows (they are now among its features, so *dev* "
             "flatters both); the *test* and *train* rows were labelled after the rules, never read while writing them.", "",
             "| set | language | questions | seeking | share seeking | head: kept | precision | recall | "
             "average precision (95%) | rules: kept | precision | recall |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for f in result["figures"]:
        h, r = f["flagged"], f["rules"]
        ap = (f"{f['average_precision']:.2f} ({f['average_precision_95'][0]:.2f}–{f['average_precision_95'][1]:.2f})"
              if "average_precision" in f else f"{f['average_precision_out_of_fold']:.2f} out of fold"
              if f.get("average_precision_out_of_fold") is not None else "–")
        lines.append(f"| {f['set']} | {f['lang'].upper()} | {f['questions']} | {f['seeking']} | {f['precision_before']:.2f} | "
                     f"{'–' if h['kept'] is None else h['kept']} | {share(h['precision'])} | {share(h['recall'])} | {ap} | "
                     f"{r['kept']} | {share(r['precision'])} | {share(r['recall'])} |")
    lines += ["", "*Share seeking*: the precision of keeping every question. *Kept*: questions the head puts first "
              f"(probability at least {head.threshold:.2f}, the best F1 out of fold). *Average precision*: how well the "
              "head's probability orders the list, seeking first; the share seeking is what a random order gives. "
              "On *train* the head's figures are out of fold: each question scored by a head fitted on the other four fifths. "
              "The lists still drop nothing.", "",
              "French: the shared data hold almost no French questions put to a public service (UMSAB's French tweets "
              "are about ecology and politics, and nearly all of their questions are in *dev* and *test*, so those rows "
              "measure false alarms more than recall). The train rows add French questions from XED's film subtitles and "
              "the French hate superset's tweets; out of fold they are the fairest French figure here, though they are "
              "dialogue and forum talk, not questions put to a page. Without them, a head fitted on the English train "
              f"questions alone scores an average precision of {fr['average_precision']:.2f} on those "
              f"{fr['questions']} French questions ({fr['seeking']} seeking; precision {fr['precision']:.2f}, recall "
              f"{fr['recall']:.2f} at its threshold). A French page's own export, labelled the same way, is the next set "
              "to add.", "",
              "## Chosen by folds inside the train rows", "",
              f"Out-of-fold average precision, {head.metadata['folds']} stratified folds; the best is shipped.", "",
              "| features | " + " | ".join(f"C={c:g}" for c in sorted({c['C'] for c in head.metadata['candidates']})) + " |",
              "|---|" + "---|" * len({c['C'] for c in head.metadata['candidates']})]
    for blocks in dict.fromkeys(c["blocks"] for c in head.metadata["candidates"]):
        cells = [c for c in head.metadata["candidates"] if c["blocks"] == blocks]
        cells = sorted(cells, key=lambda c: c["C"])
        lines.append(f"| {blocks} | " + " | ".join(f"{c['average_precision']:.3f}" for c in cells) + " |")
    lines.append("")
    write_doc("questions.md", "\n".join(lines))


if __name__ == "__main__":
    main()
