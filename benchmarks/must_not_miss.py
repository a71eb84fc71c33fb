"""Threats, self-harm and indirect questions: recall and false alarms on Vigie's own written cases.

Two sets per signal and language (``tests/must_not_miss.py``, ``tests/question_cases.py``): the first was
used to write the patterns (a development figure, not evidence), the second was written afterwards and
measured as it came (held out from the patterns, though written by the same people). Each is scored
through ``score_texts``: ``threat >= 0.5``, ``self_harm >= 0.5``, ``is_question``. Targets (issue 20):
recall at least 0.8 with at most 0.1 false alarms on civil comments, in both languages.

Usage: python benchmarks/must_not_miss.py   -> docs/must_not_miss.md
"""

from __future__ import annotations

import sys

from _common import ROOT, write_doc

sys.path.insert(0, str(ROOT / "tests"))

import must_not_miss as cases  # noqa: E402
import question_cases  # noqa: E402
from helpers.scoring.score import score_texts  # noqa: E402

SIGNALS = {
    "threat": ("threat", (cases.THREATS, cases.NOT_THREATS), (cases.LATER_THREATS, cases.LATER_NOT_THREATS)),
    "self_harm": ("self_harm", (cases.SELF_HARM, cases.NOT_SELF_HARM),
                  (cases.LATER_SELF_HARM, cases.LATER_NOT_SELF_HARM)),
    "indirect question": ("is_question", (question_cases.INDIRECT_QUESTIONS, question_cases.NOT_QUESTIONS),
                          (question_cases.LATER_QUESTIONS, question_cases.LATER_NOT_QUESTIONS)),
}


def flagged(texts: list[str], column: str) -> list[bool]:
    scores = score_texts(texts, n_jobs=1)[column]
    return [bool(v) for v in (scores if column == "is_question" else scores.astype(float) >= 0.5)]


def main() -> None:
    rows = ["# Must-not-miss signals on Vigie's own cases", "",
            "Written by `python benchmarks/must_not_miss.py`; do not edit by hand. *development*: the cases the "
            "patterns were written from (not evidence); *later*: cases written afterwards and measured as they "
            "came. Target: recall ≥ 0.8 with false alarms ≤ 0.1, both languages.", "",
            "| signal | set | language | cases | recall | civil comments | false alarms | target met |",
            "|---|---|---|---|---|---|---|---|"]
    misses = []
    for name, (column, development, later) in SIGNALS.items():
        for label, (positive, civil) in (("development", development), ("later", later)):
            for lang in ("fr", "en"):
                hits = flagged(positive[lang], column)
                alarms = flagged(civil[lang], column)
                recall, false = sum(hits) / len(hits), sum(alarms) / len(alarms)
                met = "yes" if recall >= 0.8 and false <= 0.1 else "**no**"
                rows.append(f"| {name} | {label} | {lang} | {len(hits)} | {recall:.2f} | {len(alarms)} | {false:.2f} | {met} |")
                if label == "later":
                    misses += [f"- {name}, {lang}: “{t}”" for t, h in zip(positive[lang], hits) if not h][:4]
    rows += ["", "Missed in the later sets (first four per signal and language):", "", *misses, "",
             "The lexicon patterns catch the forms they were written for and raise no false alarm on civil "
             "comments, but they do not generalise to new wordings of threats and self-harm; that needs a "
             "learned signal (issue 20).", "",
             "Indirect questions: the later set was used once to correct the rules. Its first measurement was "
             "recall 0.92 with false alarms 0.25 in French (\"quelle belle initiative\", \"comment dire\", "
             "\"pourquoi pas\") and 1.00 with 0.08 in English (\"who would have thought\"); the rules now exclude "
             "those openings, so the later figures above are not held out either.", ""]
    write_doc("must_not_miss.md", "\n".join(rows))


if __name__ == "__main__":
    main()
