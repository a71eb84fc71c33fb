"""Validation figures for every score column, written to ``docs/evaluation.md`` by ``vigie evaluate``.

Every figure is measured through :func:`helpers.scoring.score.score_texts`, the code ``vigie score`` runs,
on validation splits that :mod:`helpers.training.text_model` never trains on. Reference points and targets are
the ones stated in the project's issues, measured by others on held-out test sets we do not have:
they are context, not a like-for-like comparison.
"""

from __future__ import annotations

import importlib.util
import platform
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import f1_score, roc_auc_score

from ..config import DOCS_DIR, PROJ_ROOT
from ..io import datasets as ds
from ..models import precise as precise_sentiment
from ..models.embeddings import DEFAULT_BACKEND
from ..scoring.score import score_texts
from .resampling import bootstrap_interval
from .text_model import load_splits
from .transfer_page import transfer_runs_note, transfer_section


@dataclass
class Figure:
    """One validation figure with its context."""

    section: str
    metric: str
    data: str
    value: float
    reference: str = ""
    target: str = ""
    n: int = 0
    interval: tuple[float, float] | None = None  # 95% bootstrap interval of ``value``

    def met(self) -> str:
        """'yes', 'no' or '' by comparing ``value`` with a target written as '≥ x' or '≤ x'."""
        if not self.target:
            return ""
        op, num = self.target.split()[0], float(self.target.split()[1])
        ok = self.value >= num if op == "≥" else self.value <= num
        return "yes" if ok else "no"


def _f1_figure(section: str, metric: str, data: str, y, predicted, reference: str = "", target: str = "",
               average: str = "binary") -> Figure:
    """A Figure for an F1 score (binary or macro) with its bootstrap interval."""
    y, predicted = np.asarray(y), np.asarray(predicted)

    def f1(rows: np.ndarray) -> float:
        return float(f1_score(y[rows], predicted[rows], average=average, zero_division=0))

    return Figure(section, metric, data, f1(np.arange(len(y))), reference, target, len(y),
                  bootstrap_interval(f1, len(y)))


def _share_figure(section: str, metric: str, data: str, hits: np.ndarray, reference: str = "",
                  target: str = "") -> Figure:
    """A Figure for the share of true values in ``hits`` (accuracy, a rate) with its bootstrap interval."""
    hits = np.asarray(hits, dtype=bool)

    def share(rows: np.ndarray) -> float:
        return float(hits[rows].mean())

    return Figure(section, metric, data, share(np.arange(len(hits))), reference, target, len(hits),
                  bootstrap_interval(share, len(hits)))


def _auc_figure(section: str, metric: str, data: str, labels: pd.DataFrame, scores: pd.DataFrame,
                reference: str = "", target: str = "") -> Figure:
    """A Figure for the mean ROC-AUC over the columns of ``labels`` (scores in the same columns)."""
    y, p = labels.to_numpy(), scores.to_numpy()

    def mean_auc(rows: np.ndarray) -> float:
        aucs = [roc_auc_score(y[rows, j], p[rows, j]) for j in range(y.shape[1]) if len(np.unique(y[rows, j])) == 2]
        return float(np.mean(aucs)) if aucs else float("nan")

    return Figure(section, metric, data, mean_auc(np.arange(len(y))), reference, target, len(y),
                  bootstrap_interval(mean_auc, len(y)))


def functional_cases() -> pd.DataFrame | None:
    """Vigie's own functional hate-speech cases (``tests/functional_cases.py``), or None outside a checkout."""
    path = PROJ_ROOT / "tests" / "functional_cases.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("functional_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.cases()


def functional_hits(cases: pd.DataFrame, identity_attack) -> np.ndarray:
    """Whether each functional case is judged right at the 0.5 threshold."""
    return (np.asarray(identity_attack) >= 0.5) == cases["identity_attack"].astype(bool).to_numpy()


def functional_accuracy(cases: pd.DataFrame, identity_attack) -> dict[str, float]:
    """Share of functional cases judged right at the 0.5 threshold, per language."""
    correct = functional_hits(cases, identity_attack)
    return {lang: float(correct[(cases["lang"] == lang).to_numpy()].mean()) for lang in ("fr", "en")}


def _sentiment_figures(val: pd.DataFrame, precise: bool) -> list[Figure]:
    """Macro-F1 and Spearman ρ of ``sentiment_score`` on UMSAB validation, in fast or precise mode."""
    from ..models.features import vader_scores

    section = "Sentiment, precise mode (`--precise`)" if precise else "Sentiment"
    s = score_texts(val["text"].tolist(), val["lang"].tolist(), precise=precise)
    figs = []
    for lang, ref, target in (("fr", "fastText 54.8, VADER-fr 55.3, TF-IDF+LR 60.2, USE+LR 59.3, XLM-R 72.0", "≥ 0.70"),
                              ("en", "fastText 50.9, VADER 56.0, USE+LR 63.5, XLM-R 68.2", "≥ 0.67")):
        m = (val["lang"] == lang).to_numpy()
        figs.append(_f1_figure(section, f"macro-F1, {lang.upper()}", "UMSAB validation split (official)",
                               val["label"][m], s["sentiment"][m], ref + " (test split, ×100)", target, "macro"))
    ordinal = val["label"].map({"negative": -1, "neutral": 0, "positive": 1})
    vader = vader_scores(val["text"].tolist())[:, 3]
    for lang in ("fr", "en"):
        m = (val["lang"] == lang).to_numpy()
        rho = stats.spearmanr(s["sentiment_score"][m], ordinal[m]).statistic
        rho_vader = stats.spearmanr(vader[m], ordinal[m]).statistic
        figs.append(Figure(section, f"Spearman ρ of sentiment_score with the 3-point label, {lang.upper()}",
                           "UMSAB validation split", float(rho), f"VADER compound {rho_vader:.3f}", "", int(m.sum())))
    return figs


def evaluate(log=print) -> list[Figure]:
    """Compute every validation figure (needs ``../shared/data``)."""
    splits = load_splits()
    figs: list[Figure] = []

    figs += _sentiment_figures(splits.umsab_val, precise=False)
    if precise_sentiment.available() and precise_sentiment.DEFAULT_HEAD.exists():
        figs += _sentiment_figures(splits.umsab_val, precise=True)
    else:
        log(f"precise sentiment not measured: {precise_sentiment.INSTALL_HINT}, then `vigie train-precise`")
    log("sentiment done")

    xv, gv, dv = splits.xed_val, splits.goemotions_val, splits.dreaddit_val
    fast = (score_texts(xv["text"].tolist(), xv["lang"].tolist()), score_texts(gv["text"].tolist(), ["en"] * len(gv)),
            score_texts(dv["text"].tolist(), ["en"] * len(dv)))
    from ..models import encoder

    modes = [("", fast)]
    if encoder.available():  # --precise is the encoder tier: scored as users score
        modes.append((", precise mode (`--precise`, encoder tier)", tuple(
            score_texts(f["text"].tolist(), langs, precise=True)
            for f, langs in ((xv, xv["lang"].tolist()), (gv, ["en"] * len(gv)), (dv, ["en"] * len(dv))))))
    else:
        log("precise emotions and distress not measured: no encoder tier (`vigie train-encoder`)")
    for suffix, (sx, sg, sd) in modes:
        for lang, ref, target in (("fr", "TF-IDF+LR (FR train) 0.686; USE+LR 0.698", "≥ 0.75"), ("en", "", "")):
            m = (xv["lang"] == lang).to_numpy()
            figs.append(_auc_figure("Emotions" + suffix, f"mean ROC-AUC over 8 emotions, {lang.upper()}",
                                    "XED validation split (20%, ours)", xv.loc[m, list(ds.EMOTIONS)],
                                    sx.loc[m, [f"emotion_{e}" for e in ds.EMOTIONS]], ref, target))
        figs.append(_auc_figure("Emotions" + suffix, "mean ROC-AUC over Ekman's 6, EN", "GoEmotions dev split (official)",
                                gv[list(ds.EKMAN)], sg[[f"emotion_{e}" for e in ds.EKMAN]],
                                "EmoLex counts 0.635; USE+LR 0.877; TF-IDF+LR 0.894", "≥ 0.92"))
        figs.append(_auc_figure("Distress" + suffix, "ROC-AUC", "Dreaddit validation split (20%, ours)", dv[["label"]],
                                sd[["distress"]], "VADER neg 0.766; TF-IDF+LR 0.840; USE+LR 0.854", "≥ 0.87"))
        figs.append(_f1_figure("Distress" + suffix, "F1 at 0.5", "Dreaddit validation split (20%, ours)", dv["label"],
                               sd["distress"] >= 0.5, "VADER 0.70; TF-IDF+LR 0.768; USE+LR 0.786", "≥ 0.80"))
    er = ds.empathic_reactions()
    se = score_texts(er["text"].tolist(), ["en"] * len(er))
    figs.append(Figure("Distress", "Spearman ρ with self-rated distress (1-7), transfer", "Empathic reactions (all)",
                       float(stats.spearmanr(se["distress"], er["distress"]).statistic), "", "", len(er)))
    log("emotions and distress done")

    for frame, label, data, section_metric, ref, target in (
        (splits.davidson_val, "offensive", "Davidson validation split (20%, ours)", "hostile F1, EN offensive",
         "alt-profanity-check 0.51 (trained on Davidson); TF-IDF+LR 0.46; BERT ≈0.75 (held-out tweets)", "≥ 0.70"),
        (splits.mlma_val[splits.mlma_val["lang"] == "fr"], "hostile", "MLMA validation split, FR (20%, ours)",
         "hostile F1, FR", "", ""),
    ):
        sc = score_texts(frame["text"].tolist(), frame["lang"].tolist())
        figs.append(_f1_figure("Hostility", section_metric, data, frame[label], sc["hostile"], ref, target))
    sv = splits.superset_val
    ss = score_texts(sv["text"].tolist(), ["fr"] * len(sv))
    figs.append(_f1_figure("Hostility", "identity_attack F1 at 0.5, FR", "French hate superset validation split (20%, ours)",
                           sv["label"], ss["identity_attack"] >= 0.5,
                           "profanity list 0.16; alt-profanity-check 0.10; TF-IDF+LR on MLMA 0.39; on the superset 0.63; "
                           "multilingual encoders + LR: `docs/encoder_baselines.md`", "≥ 0.72"))
    figs.append(_auc_figure("Hostility", "identity_attack ROC-AUC, FR", "French hate superset validation split (20%, ours)",
                            sv[["label"]], ss[["identity_attack"]]))
    hv = splits.hateval_val
    sh = score_texts(hv["text"].tolist(), ["en"] * len(hv))
    figs.append(_f1_figure("Hostility", "identity_attack F1 at 0.5, EN", "TweetEval hate validation split (official)",
                           hv["label"], sh["identity_attack"] >= 0.5))
    cases = functional_cases()
    if cases is not None:
        sc = score_texts(cases["text"].tolist(), cases["lang"].tolist())
        correct = functional_hits(cases, sc["identity_attack"])
        for lang, ref, target in (("fr", "TF-IDF+LR 0.43; alt-profanity-check 0.31", "≥ 0.75"),
                                  ("en", "TF-IDF+LR 0.46; alt-profanity-check 0.44", "≥ 0.77")):
            figs.append(_share_figure("Hostility", f"identity_attack functional accuracy, {lang.upper()}",
                                      "Vigie's own functional cases (tests/functional_cases.py)",
                                      correct[(cases["lang"] == lang).to_numpy()], ref, target))
    figs += _false_alarm_figures()
    log("hostility done")
    return figs


def civil_false_alarms(model_path: str | None = None) -> dict[str, np.ndarray]:
    """Per detected language (``fr``, ``en``), whether each civil CrisisLexT26 tweet is scored hostile.

    Civil: the informing and supporting types (:data:`datasets.CRISIS_CIVIL_TYPES`). Crisis tweets are the genre
    of a public-service page, and none of them is in the training data: the share flagged is the false-alarm rate
    a comms team would see on civil comments. ``model_path``: another fast model than the shipped one.
    """
    crisis = ds.crisis_tweets(civil=True)
    scores = score_texts(crisis["text"].tolist(), model_path=model_path)
    return {lang: scores.loc[(scores["lang"] == lang).to_numpy(), "hostile"].astype(bool).to_numpy() for lang in ("fr", "en")}


def _false_alarm_figures() -> list[Figure]:
    """The shipped model's :func:`civil_false_alarms`, as the evaluation page's rows."""
    data = "CrisisLexT26, tweets typed " + ", ".join(t.lower() for t in ds.CRISIS_CIVIL_TYPES)
    return [_share_figure("Hostility", f"hostile rate on civil crisis tweets, {lang.upper()} (false alarms; lower is better)",
                          data, flagged) for lang, flagged in civil_false_alarms().items()]


def topics_table(r: dict) -> str:
    """Markdown table of the topic benchmark (also used by docs/evaluation.md)."""
    m = r["machine"]
    rows = [f"{r['data']}; machine: {m['cores']} cores, {m['memory_gb']} GB. Each pipeline in a fresh process, "
            "timed end to end (imports, loading, embedding, clustering).", "",
            "| tweets | pipeline | total s | load s | embed s | topics | outliers | NMI vs events | FR/EN twins together |",
            "|---|---|---|---|---|---|---|---|---|"]
    for p in r["results"]:
        size = p.get("size", "all")
        if "error" in p:
            rows.append(f"| {size} | {p['pipeline']} | failed: {p['error']} | | | | | | |")
            continue
        twins = f"{p['twins_together']:.0%}" if "twins_together" in p else "—"
        rows.append(f"| {size} | {p['pipeline']} | {p['total_s']} | {p.get('load_s', '')} | {p['embed_s']} | "
                    f"{p['topics']} | {p['outliers']:.0%} | {p['nmi']} | {twins} |")
    rows.append("")
    for size in sorted({p.get("size", "all") for p in r["results"]}, key=str):
        found = {p["pipeline"]: p for p in r["results"] if "error" not in p and p.get("size", "all") == size}
        ours, ref = found.get(DEFAULT_BACKEND), found.get("bertopic-default")
        if ours and ref:
            met = (ref["total_s"] / ours["total_s"] >= 10 and ours["nmi"] >= ref["nmi"] and ours["outliers"] <= 0.10
                   and 10 <= ours["topics"] <= 99)
            rows.append(f"- {size} tweets: default back-end (`{DEFAULT_BACKEND}`) against BERTopic's default: "
                        f"{ref['total_s'] / ours['total_s']:.1f}× faster end to end, NMI {ours['nmi']} vs {ref['nmi']}, "
                        f"{ours['outliers']:.0%} vs {ref['outliers']:.0%} outliers, {ours['topics']} vs {ref['topics']} "
                        f"topics: targets (≥10×, NMI at least as high, ≤10% outliers, tens of topics) "
                        f"{'met' if met else 'NOT met'}.")
    return "\n".join(rows)


def _interval_text(f: Figure) -> str:
    return f"{f.interval[0]:.3f}–{f.interval[1]:.3f}" if f.interval else ""


def _target_in_interval(f: Figure) -> str:
    """'yes' when the target's threshold lies inside the figure's 95% interval."""
    if not f.interval or not f.target:
        return ""
    return "yes" if f.interval[0] <= float(f.target.split()[1]) <= f.interval[1] else "no"


def write_report(figs: list[Figure], path: Path | None = None, seconds: float | None = None,
                 transfer_rows: list | None = None) -> Path:
    """Write ``docs/evaluation.md`` from the figures and the transfer rows (atomically)."""
    from ..models import encoder
    from ..models.text_model import default_model

    path = path or DOCS_DIR / "evaluation.md"
    precise = (f"precise mode: encoder tier `{encoder.default_tier().version}`" if encoder.available()
               else f"precise sentiment head `{precise_sentiment.VERSION}`")
    lines = [
        "# Vigie evaluation",
        "",
        f"Written by `vigie evaluate` (model `{default_model().version}`, {precise}); "
        "do not edit by hand. "
        f"Machine: {platform.machine()}, Python {platform.python_version()}"
        + (f"; run took {seconds:.0f} s." if seconds else "."),
        "",
        "Every figure is measured through `helpers.scoring.score.score_texts`, the code `vigie score` runs, on",
        "validation data the model never saw in training (official validation splits where the data set has",
        "one, else a seeded 80/20 split made by `helpers.training.text_model.load_splits`). Reference points and",
        "targets come from the project's issues and were measured on held-out **test** sets that we do not",
        "have, so they are context, not a like-for-like comparison.",
        "",
    ]
    for section in dict.fromkeys(f.section for f in figs):
        lines += [f"## {section}", "", "| metric | data | n | Vigie | 95% interval | reference points | target | met |",
                  "|---|---|---|---|---|---|---|---|"]
        for f in (x for x in figs if x.section == section):
            lines.append(f"| {f.metric} | {f.data} | {f.n} | {f.value:.3f} | {_interval_text(f)} | {f.reference} | "
                         f"{f.target} | {f.met()} |")
        lines.append("")
    if transfer_rows:
        from ..models.encoder import DEFAULT_PATH
        from .encoder import transfer_tiers

        lines += transfer_section(transfer_rows, transfer_runs_note(DEFAULT_PATH, transfer_tiers()),
                                  default_model().metadata.get("distilled"))
    unmet = [f for f in figs if f.met() == "no"]
    if unmet:
        lines += ["## Targets not met", "",
                  "Vigie's figure on validation data, next to the target set on held-out data; the notes below",
                  "say where each gap comes from and what would close it. *Within the interval* says whether the",
                  "target lies inside the figure's 95% bootstrap interval: a gap that small is within the noise",
                  "of a validation split that size, so the split cannot say whether the target is met.", "",
                  "| column | metric | Vigie | 95% interval | target | within the interval |", "|---|---|---|---|---|---|"]
        lines += [f"| {f.section} | {f.metric} | {f.value:.3f} | {_interval_text(f)} | {f.target} | "
                  f"{_target_in_interval(f)} |" for f in unmet]
        lines.append("")
    topics = DOCS_DIR / "benchmarks" / "topics.json"
    if topics.exists():
        import json

        lines += ["## Topics", "", "From `benchmarks/bench_topics.py` (reference: BERTopic's default pipeline on the same",
                  "machine; targets: at least 10 times faster end to end, NMI at least as high, at most 10% outliers,",
                  "tens of topics).", "", topics_table(json.loads(topics.read_text(encoding="utf-8"))), "",
                  "The static embedder behind `fast` and `static` was distilled on the training splits of the shared",
                  "corpora and a glossary of crisis vocabulary written for Vigie (`src/helpers/resources/glossary.json`);",
                  "it never saw CrisisLexT26. The glossary's pandemic terms overlap the demo stream's topics, so the",
                  "demo's topic tests check the plumbing, and CrisisLexT26 is the independent measure.", ""]
    notes = DOCS_DIR / "evaluation_notes.md"
    lines += [notes.read_text(encoding="utf-8") if notes.exists() else ""]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(path)
    return path


def run(log=print, transfer: bool = True) -> Path:
    """Evaluate and write the report; returns its path.

    ``transfer`` adds the transfer figures and the baselines (tens of minutes on 2 cores the first time,
    while USE embeds the training data; the embeddings are kept under ``data/interim``).
    """
    from .transfer import evaluate_transfer

    start = time.perf_counter()
    figs = evaluate(log)
    rows = evaluate_transfer(load_splits(), log) if transfer else None
    return write_report(figs, seconds=time.perf_counter() - start, transfer_rows=rows)
