"""Threats, self-harm and indirect questions: recall and false alarms on Vigie's own written cases.

Two sets per signal and language (``tests/must_not_miss.py``, ``tests/question_cases.py``): the first was
used to write the patterns (a development figure, not evidence), the second was written afterwards and
measured as it came (held out from the patterns, though written by the same people). Neither is
trained on by the learned heads of ``helpers.training.signals``. Each is scored
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
from helpers.training.evaluation import functional_cases  # noqa: E402

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
             "Threats and self-harm combine two readers: lexicon patterns (written from the *development* cases) "
             "and a learned head of the text model (`helpers.training.signals`), trained on other written cases and "
             "their civil look-alikes, its threshold chosen by 5-fold cross-validation inside that training data. "
             "Neither set above is in the heads' training data (`tests/training/test_signals.py` checks it), so for "
             "the heads both sets are held out; they were written by the same people, which flatters them less "
             "than training on them would, but more than comments from another page.", "",
             "Indirect questions: the later set was used once to correct the rules. Its first measurement was "
             "recall 0.92 with false alarms 0.25 in French (\"quelle belle initiative\", \"comment dire\", "
             "\"pourquoi pas\") and 1.00 with 0.08 in English (\"who would have thought\"); the rules now exclude "
             "those openings, so the later figures above are not held out either.", ""]
    rows += counter_speech()
    write_doc("must_not_miss.md", "\n".join(rows))


def counter_speech() -> list[str]:
    """Counter-speech flagged as identity attack, beside the hate of the same suite still caught."""
    frame = functional_cases()
    flagged_now = score_texts(frame["text"].tolist(), frame["lang"].tolist(), n_jobs=1)["identity_attack"] >= 0.5
    frame = frame.assign(flagged=flagged_now.to_numpy())
    rows = ["## Counter-speech", "",
            "Comments that quote or report hate to condemn it, or refuse a generalisation, in Vigie's functional "
            "cases (`tests/functional_cases.py`, categories `counter_quote` and `counter_denounce`): the share scored "
            "as identity attack (`identity_attack >= 0.5`), beside the share of the suite's hateful cases still "
            "caught. Targets (issue 20): at most 0.10 flagged, hate caught at least 0.60. The counter-speech rule of "
            "`helpers.scoring.score` (`is_counter_speech`) was written after these cases were, so they are a "
            "development set for it.", "",
            "| language | counter-speech cases | flagged | hateful cases | caught | targets met |", "|---|---|---|---|---|---|"]
    for lang in ("fr", "en"):
        sub = frame[frame["lang"] == lang]
        counter = sub[sub["category"].str.startswith("counter")]
        hate = sub[sub["identity_attack"] == 1]
        met = "yes" if counter["flagged"].mean() <= 0.10 and hate["flagged"].mean() >= 0.60 else "**no**"
        rows.append(f"| {lang} | {len(counter)} | {counter['flagged'].mean():.2f} | {len(hate)} | "
                    f"{hate['flagged'].mean():.2f} | {met} |")
    return rows + [""]


if __name__ == "__main__":
    main()
