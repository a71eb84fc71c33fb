"""The side-by-side section of ``docs/evaluation.md``: rows of :mod:`helpers.training.transfer` as a table and verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .text_model import HOLD_OUT_RULE
from .transfer import Row


def _number(value: float | None) -> str:
    return f"{value:.3f}" if value is not None and not np.isnan(value) else ""


def _verdict(met: bool | None) -> str:
    return "" if met is None else ("yes" if met else "**no**")


def table(rows: list[Row]) -> str:
    """Markdown table: Vigie's two modes beside the baselines, with both floors per row.

    Default floor: the default mode at least both TF-IDF baselines. Precise floor: ``--precise`` at least
    the encoder baseline, and on a transfer row at least the default mode.
    """
    lines = ["| column | figure | metric | data | n | Vigie | TF-IDF + LR | TF-IDF + LR, one language | USE + LR | "
             "Vigie `--precise` | floor met | precise floor met |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.head} | {r.setting} | {r.metric} | {r.data} | {r.n} | {r.vigie:.3f} | {r.tfidf:.3f} | "
                     f"{_number(r.tfidf_lang)} | {_number(r.use)} | {_number(r.precise)} | {_verdict(r.floor_met)} | "
                     f"{_verdict(r.precise_floor_met)} |")
    return "\n".join(lines)


#: What a transfer run and the shipped tier must share for its rows to stand for the shipped tier.
_COMPARED = ("lr", "emotion_weight", "frozen", "layers", "epochs", "cap", "head_lr", "batch", "dropout", "balanced")


def tier_settings(path: Path) -> tuple[str, dict]:
    """Version and training settings recorded in an encoder-tier file (no model is built).

    ``balanced`` (the heads calibrated class-balanced) is read with them: it changes the scores as much.
    """
    from ..io.artifacts import read_safetensors

    meta = json.loads(read_safetensors(path, "vigie train-encoder")[1]["vigie"])
    balanced = "+".join(meta.get("balanced", [])) or "none"
    settings = {**meta.get("settings", {}), "balanced": balanced}
    if settings.get("hold_out"):  # runs written before the rule was recorded matched texts exactly: rule 1
        settings["hold_out_rule"] = int(meta.get("hold_out_rule", 1))
    return str(meta.get("version", "unversioned")), settings


def transfer_runs_note(shipped: Path, runs: list[Path]) -> str:
    """Which tiers the ``--precise`` transfer figures come from, and whether they trained as the shipped tier did."""
    if not shipped.exists() or not any(p.exists() for p in runs):
        return ""  # (transfer_section already says which rows have no --precise figure and how to get them)
    version, settings = tier_settings(shipped)
    parts, keys, stale_runs = [], [], []
    for path in (p for p in runs if p.exists()):
        run_version, run_settings = tier_settings(path)
        differ = [k for k in _COMPARED if run_settings.get(k) != settings.get(k)]
        keys += [k for k in differ if k not in keys]
        stale = run_settings.get("hold_out_rule", HOLD_OUT_RULE) != HOLD_OUT_RULE
        stale_runs += [path.name] if stale else []
        parts.append(f"`{path.name}` (`{run_version}`" + "".join(f", {k} {run_settings.get(k)}" for k in differ)
                     + (", its collection's texts matched exactly" if stale else "") + ")")
    text = f"Transfer runs read here: {', '.join(parts)}; the shipped tier is `{version}`"
    text += (", trained with the same settings." if not keys else
             f" ({', '.join(f'{k} {settings.get(k)}' for k in keys)}). A run trained with other settings "
             "measures those settings, not the shipped tier's: rerun the `vigie train-encoder --hold-out` runs, then "
             "`vigie evaluate`.")
    if stale_runs:
        text += (" Trained before a collection's texts were left out wherever another collection holds them in other "
                 "spelling (`helpers.training.text_model.overlap_key`), so possibly having learnt a few of them: "
                 + ", ".join(f"`{name}`" for name in stale_runs) + "; rerun them to measure today's rule.")
    return text


def _gaps_text(row: Row) -> str:
    """``; gap to USE + LR -0.010 (-0.030 to 0.012)...`` for each floor ``row`` missed, where measured."""
    names = {"use": "USE + LR", "vigie": "default"}
    floors = {"use": row.use, "vigie": row.vigie}
    return "".join(f"; gap to {names[k]} {row.precise - floors[k]:+.3f} ({lo:+.3f} to {hi:+.3f})"
                   for k, (lo, hi) in row.gaps.items() if round(row.precise, 3) < round(floors[k], 3))


def _flag_all_text(row: Row) -> str:
    """``; flagging every post 0.598`` on an F1 row: the figure no ranking is needed for."""
    return f"; flagging every post {row.flag_all:.3f}" if row.flag_all is not None else ""


def transfer_section(rows: list[Row], runs_note: str = "", distilled: dict | None = None) -> list[str]:
    """Lines of the side-by-side section: validation and transfer figures beside the baselines, with floors.

    ``distilled``: the shipped fast model's record of its teacher (``metadata["distilled"]``), None if it had none.
    """
    missed = [r for r in rows if not r.floor_met]
    judged = [r for r in rows if r.precise_floor_met is not None]
    precise_missed = [r for r in judged if not r.precise_floor_met]
    lines = ["## Validation and transfer, beside plain baselines", "",
             "Each *validation* row measures a head on the validation split of a collection it learnt from; each",
             "*transfer* row retrains that head without the collection (same features, C and weights) and measures",
             "it on the same rows: what to expect on comments from a source Vigie has never seen. The collection's",
             "texts are left out wherever another collection holds them too (the French hate superset holds MLMA's",
             "French tweets, written `@USER` where MLMA writes `@user`), and every head that learnt from them is",
             "refitted (`hostile` reads the identity-attack head). Beside Vigie's",
             "default mode, three baselines trained on exactly the same rows: TF-IDF of words and word pairs +",
             "logistic regression, on every language's rows and on the row's language only (as a French user",
             "would build French sentiment from French texts), and multilingual USE embeddings + logistic",
             "regression, their C chosen by 3-fold cross-validation inside the training rows",
             "(`helpers.training.transfer`). *Vigie `--precise`* is the encoder tier averaged with the fast heads;",
             "on a transfer row both learnt without the collection: the fast head refitted, the tier from a",
             "transfer run (`vigie train-encoder --hold-out`): the run that left out that collection alone where",
             "one was trained (`without-<collection>` below, as the baselines are), else one of two runs that each",
             "leave out several collections of different columns (pessimistic: less to learn from). *Floor met*: Vigie's",
             "default at least both TF-IDF baselines. *Precise floor met*: `--precise` at least the encoder",
             "baseline, and on a transfer row at least Vigie's default.", ""]
    if distilled:
        lines += [f"Vigie's default heads also learnt the soft labels of `{distilled['teacher']}` on "
                  f"{distilled['texts']:,} unlabelled texts (`docs/distillation.md`). That tier saw every collection, so "
                  "on a transfer row the refitted heads, and the heads the row's score reads, learn the soft labels "
                  "of the row's transfer run instead, on a corpus without the collection's texts.", ""]
    lines += [table(rows), ""]
    if missed:
        lines += [f"Floor missed on {len(missed)} of {len(rows)} rows: "
                  + "; ".join(f"{r.head} {r.setting} {r.metric} ({r.vigie:.3f} < {r.floor:.3f})" for r in missed) + ".", ""]
    else:
        lines += [f"Floor met on all {len(rows)} rows.", ""]
    if precise_missed:
        lines += [f"Precise floor missed on {len(precise_missed)} of {len(judged)} rows: "
                  + "; ".join(f"{r.head} {r.setting} {r.metric} ({r.precise:.3f}; USE + LR {r.use:.3f}, default {r.vigie:.3f}"
                              f"{_gaps_text(r)}{_flag_all_text(r)})" for r in precise_missed) + ".", ""]
        if any(r.gaps for r in precise_missed):
            lines += ["A gap's interval is the 95% bootstrap interval of `--precise` minus that floor, both read on the "
                      "same resampled rows: where it spans 0 the rows cannot tell the two apart, though the floor, read "
                      "as printed, stays missed.", ""]
        if any(r.flag_all is not None for r in precise_missed):
            lines += ["*Flagging every post*: the F1 of a model that flags them all, set by the rows' share of positives "
                      "alone. An F1 at 0.5 below it on a transfer row says where the collection's posts fall against "
                      "0.5, more than how well they are ranked (the ROC-AUC rows say that).", ""]
    elif judged:
        lines += [f"Precise floor met on all {len(judged)} rows measured.", ""]
    lines += [precise_on_transfer(rows), ""] if precise_on_transfer(rows) else []
    lines += [runs_note, ""] if runs_note else []
    unmeasured = [r for r in rows if r.setting == "transfer" and r.precise_floor_met is None]
    if unmeasured:
        lines += [f"{len(unmeasured)} transfer rows have no `--precise` figure: their transfer runs were not trained "
                  "here (`vigie train-encoder --help`).", ""]
    return lines


def precise_on_transfer(rows: list[Row]) -> str:
    """How ``--precise`` compares with the default mode on the transfer rows where both were measured."""
    pairs = [(round(r.precise, 3), round(r.vigie, 3)) for r in rows
             if r.setting == "transfer" and r.precise is not None and not np.isnan(r.precise)]
    if not pairs:
        return ""
    lead, tie = sum(p > v for p, v in pairs), sum(p == v for p, v in pairs)
    return (f"On the {len(pairs)} transfer rows, `--precise` leads Vigie's default on {lead}, ties on {tie} "
            f"and trails on {len(pairs) - lead - tie}.")
