"""Fit the calibration of every attribute and language on labelled data the text model never trained on.

For each attribute and language with labels, the comments of the validation splits (the rows
:func:`helpers.training.text_model.load_splits` keeps out of training) are scored as users score them;
isotonic regression, Platt scaling and the raw score are compared by 5-fold cross-validation (Brier
score), and the best is fitted on all the rows. Expected calibration error and reliability bins are
measured on the cross-validated predictions, so the figures in ``docs/calibration.md`` are those of
comments the map did not see. ``vigie calibrate`` runs it (needs ``../shared/data``).

A calibrated score means what it says on data like the calibration set: a collection where a third of
the comments are hostile gives other probabilities than a page where one in fifty is. The hate-speech
collections are 60-85% hostile, so the hostility attributes are calibrated on them plus as many civil
comments (:func:`civil_texts`); the page lists each set with its rate of positives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..io import datasets as ds
from ..models.calibration import Calibration, Calibrator, expected_calibration_error, logit, reliability
from ..models.text_model import default_model
from ..scoring.attributes import raw_scores
from ..scoring.score import score_texts, scores_version
from .text_model import Splits, load_splits

FOLDS = 5
SEED = 0
#: Version of the calibration maps (reported by ``vigie serve`` beside the model version).
CALIBRATION_VERSION = "cal-1"


@dataclass(frozen=True)
class CalibrationSet:
    """Labelled comments for one attribute in one language."""

    attribute: str
    lang: str
    data: str
    frame: pd.DataFrame  # text, label


def _set(attribute: str, lang: str, data: str, frame: pd.DataFrame, label: str | pd.Series) -> CalibrationSet:
    labels = frame[label] if isinstance(label, str) else label
    return CalibrationSet(attribute, lang, data, pd.DataFrame({"text": frame["text"].astype(str).to_numpy(),
                                                              "label": np.asarray(labels, dtype=int)}))


def training_texts(splits: Splits) -> set[str]:
    """Every text a head of the text model learns from.

    The collections overlap (the French hate superset holds MLMA's French tweets), so a validation tweet of
    one can be a training tweet of another.
    """
    frames = [splits.umsab_train, splits.xed_train, splits.goemotions_train, splits.goemotions_sentiment,
              splits.tweeteval_emotion, splits.dreaddit_train, splits.davidson_train, splits.mlma_train,
              splits.superset_train, splits.hateval_train, splits.templates]
    return {str(t) for f in frames for t in f["text"]}


def calibration_sets(splits: Splits) -> list[CalibrationSet]:
    """Every attribute and language with labels in the shared data: validation rows no head trained on."""
    mlma = {lang: splits.mlma_val[splits.mlma_val["lang"] == lang] for lang in ("fr", "en")}
    xed = {lang: splits.xed_val[splits.xed_val["lang"] == lang] for lang in ("fr", "en")}
    umsab = {lang: splits.umsab_val[splits.umsab_val["lang"] == lang] for lang in ("fr", "en")}
    sets = [
        _set("TOXICITY", "en", "Davidson validation (offensive or hate)", splits.davidson_val, "offensive"),
        _set("TOXICITY", "fr", "MLMA FR validation (any label but normal)", mlma["fr"], "hostile"),
        _set("SEVERE_TOXICITY", "en", "Davidson validation (hate speech)", splits.davidson_val, "hate"),
        _set("SEVERE_TOXICITY", "fr", "MLMA FR validation (hateful)", mlma["fr"], "hateful"),
        _set("IDENTITY_ATTACK", "en", "TweetEval hate validation", splits.hateval_val, "label"),
        _set("IDENTITY_ATTACK", "fr", "French hate superset validation", splits.superset_val, "label"),
        _set("INSULT", "en", "MLMA EN validation (abusive, offensive or disrespectful)", mlma["en"], "insult"),
        _set("INSULT", "fr", "MLMA FR validation (abusive, offensive or disrespectful)", mlma["fr"], "insult"),
        _set("VIGIE_DISTRESS", "en", "Dreaddit validation (stressed)", splits.dreaddit_val, "label"),
    ]
    for lang in ("fr", "en"):
        sets.append(_set("VIGIE_NEGATIVE", lang, f"UMSAB {lang.upper()} validation (negative)", umsab[lang],
                         umsab[lang]["label"] == "negative"))
        sets.append(_set("VIGIE_POSITIVE", lang, f"UMSAB {lang.upper()} validation (positive)", umsab[lang],
                         umsab[lang]["label"] == "positive"))
        for emotion in ds.EMOTIONS:
            sets.append(_set(f"VIGIE_{emotion.upper()}", lang, f"XED {lang.upper()} validation ({emotion})", xed[lang],
                             emotion))
    seen = training_texts(splits)
    sets = [CalibrationSet(s.attribute, s.lang, s.data, s.frame[~s.frame["text"].isin(seen)].reset_index(drop=True))
            for s in sets]
    civil = {lang: civil_texts(splits, lang, seen) for lang in ("fr", "en")}
    out = []
    for s in sets:
        if s.attribute in HOSTILITY_ATTRIBUTES:
            extra = civil[s.lang].sample(n=min(len(s.frame), len(civil[s.lang])), random_state=SEED)
            frame = pd.concat([s.frame, pd.DataFrame({"text": extra.to_numpy(), "label": 0})], ignore_index=True)
            s = CalibrationSet(s.attribute, s.lang, f"{s.data} + {len(extra):,} civil comments", frame)
        out.append(s)
    return out


#: Attributes calibrated on hate-speech collections, where 60-85% of the texts are hostile: civil comments
#: are added as negatives so that a civil comment keeps a low probability (see :func:`civil_texts`).
HOSTILITY_ATTRIBUTES = frozenset({"TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT"})


def civil_texts(splits: Splits, lang: str, exclude: set[str]) -> pd.Series:
    """Everyday comments in ``lang`` that no head trained on, read as not hostile.

    CrisisLexT26 tweets of the informing and supporting types (``datasets.CRISIS_CIVIL_TYPES``, where
    ``docs/evaluation.md`` measures Vigie's false alarms), UMSAB validation tweets that are not negative, and
    XED validation lines with neither anger nor disgust. A few may still be rude: label noise, which lowers
    the probabilities of the highest scores a little.
    """
    from ..text import detect_languages

    crisis = ds.crisis_tweets(civil=True).drop_duplicates("text")
    crisis = crisis[np.asarray(detect_languages(crisis["text"].tolist())) == lang]
    umsab = splits.umsab_val[(splits.umsab_val["lang"] == lang) & (splits.umsab_val["label"] != "negative")]
    xed = splits.xed_val[(splits.xed_val["lang"] == lang) & (splits.xed_val["anger"] == 0) & (splits.xed_val["disgust"] == 0)]
    texts = pd.concat([crisis["text"], umsab["text"], xed["text"]], ignore_index=True).astype(str).drop_duplicates()
    return texts[~texts.isin(exclude)].reset_index(drop=True)


def _fit(method: str, raw: np.ndarray, labels: np.ndarray) -> Calibrator:
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(raw, labels)
        return Calibrator("isotonic", tuple(map(float, iso.X_thresholds_)), tuple(map(float, iso.y_thresholds_)))
    if method == "platt":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=1e4).fit(logit(raw).reshape(-1, 1), labels)
        return Calibrator("platt", a=float(lr.coef_[0, 0]), b=float(lr.intercept_[0]))
    return Calibrator("raw")


def _brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def cross_validated(raw: np.ndarray, labels: np.ndarray, method: str, folds: int = FOLDS,
                    seed: int = SEED) -> np.ndarray:
    """Out-of-fold calibrated probabilities of ``raw`` (each fold mapped by a map fitted on the others)."""
    from sklearn.model_selection import StratifiedKFold

    out = np.empty(len(raw))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(raw, labels):
        out[test] = _fit(method, raw[train], labels[train])(raw[test])
    return out


def fit_one(raw: np.ndarray, labels: np.ndarray, data: str) -> tuple[Calibrator, dict]:
    """The map chosen by cross-validated Brier score, fitted on all rows, and its figures."""
    oof = {m: cross_validated(raw, labels, m) for m in ("isotonic", "platt", "raw")}
    brier = {m: _brier(p, labels) for m, p in oof.items()}
    best = min(brier, key=lambda m: (round(brier[m], 6), m != "raw"))  # ties keep the raw score
    figures = {"data": data, "rows": int(len(labels)), "positives": int(labels.sum()),
               "rate": float(labels.mean()), "method": best, "brier_cv": {m: round(b, 4) for m, b in brier.items()},
               "ece_raw": round(expected_calibration_error(raw, labels), 4),
               "ece_cv": round(expected_calibration_error(oof[best], labels), 4),
               "reliability_raw": reliability(raw, labels), "reliability_cv": reliability(oof[best], labels)}
    chosen = _fit(best, raw, labels)
    stored = {k: v for k, v in figures.items() if not k.startswith("reliability")}
    return Calibrator(chosen.method, chosen.x, chosen.y, chosen.a, chosen.b, stored), figures


def fit_calibration(splits: Splits | None = None, log: Callable[[str], None] = print,
                    precise: bool = False) -> tuple[Calibration, list[dict]]:
    """Fit every map; return the calibration and one figures dict per attribute and language.

    ``precise`` fits the maps of precise mode's scores (the encoder tier averaged in), under its own key.
    """
    splits = splits or load_splits()
    sets = calibration_sets(splits)
    texts = {lang: sorted({t for s in sets if s.lang == lang for t in s.frame["text"]}) for lang in {s.lang for s in sets}}
    log(f"scoring {sum(map(len, texts.values()))} distinct labelled texts (per language) for calibration")
    # Each text is read in its set's language, as a client that states `languages` gets.
    by_lang = {lang: score_texts(mine, [lang] * len(mine), precise=precise).set_index(pd.Index(mine))
               for lang, mine in texts.items()}
    version = scores_version(default_model())
    if precise:
        from ..models.precise import cache_version

        version = cache_version(version)
    calibration = Calibration(version, version=CALIBRATION_VERSION)
    figures = []
    for s in sets:
        scored = by_lang[s.lang].loc[s.frame["text"]]
        raw = raw_scores(scored, [s.attribute])[s.attribute]
        keep = ~np.isnan(raw)
        calibrator, figs = fit_one(raw[keep], s.frame["label"].to_numpy()[keep], s.data)
        calibration.maps.setdefault(s.attribute, {})[s.lang] = calibrator
        figures.append({"attribute": s.attribute, "lang": s.lang, **figs})
        log(f"{s.attribute} {s.lang}: {figs['method']}, ECE {figs['ece_raw']:.3f} -> {figs['ece_cv']:.3f}")
    return calibration, figures


def write_report(figures: list[dict], path=None, image=None, precise: bool = False) -> Path:
    """Write ``docs/calibration.md`` (and its reliability chart) from :func:`fit_calibration`'s figures.

    ``precise``: the page of precise mode's maps (``vigie calibrate --precise``).
    """
    from ..config import PROJ_ROOT
    from ..files import atomic_write_text
    from ..scoring.attributes import ATTRIBUTES

    path = Path(path or PROJ_ROOT / "docs" / "calibration.md")
    image = Path(image or path.parent / "images" / "calibration.png")
    _reliability_chart(figures, image)
    fitted = {(f["attribute"], f["lang"]) for f in figures}
    lines = [
        "# Calibration of the attribute scores" + (", precise mode (encoder tier)" if precise else ""),
        "",
        f"Written by `vigie calibrate{' --precise' if precise else ''}` (`helpers.training.calibration`); "
        "do not edit by hand." + (" `vigie serve --precise` applies these maps." if precise else ""),
        "",
        "Each attribute that `vigie serve` returns (Perspective's six and Vigie's own) is mapped to a probability per",
        "language, on labelled comments the text model never trained on (the validation splits). The map is chosen by",
        f"{FOLDS}-fold cross-validation among isotonic regression, Platt scaling and the raw score (lowest Brier score; a",
        "tie keeps the raw score). ECE is the expected calibration error over 10 equal-width bins: the raw score's, then",
        "the chosen map's on cross-validated predictions (each comment mapped by a map fitted without it).",
        "",
        "A probability is calibrated *for data like its set*: the rate of positives there (column `rate`) is the prior it",
        "carries. A page where hostility is rarer than in a hate-speech collection will see fewer positives at a given",
        "score than the score says; check on your own coded comments (`vigie sample`, `vigie agreement`).",
        "",
        "| attribute | lang | data | rows | rate | method | Brier raw / isotonic / Platt (CV) | ECE raw | ECE calibrated (CV) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        b = f["brier_cv"]
        lines.append(f"| {f['attribute']} | {f['lang']} | {f['data']} | {f['rows']:,} | {f['rate']:.2f} | {f['method']} | "
                     f"{b['raw']:.3f} / {b['isotonic']:.3f} / {b['platt']:.3f} | {f['ece_raw']:.3f} | **{f['ece_cv']:.3f}** |")
    missing = [(a, lang) for a in ATTRIBUTES for lang in ("fr", "en") if (a, lang) not in fitted]
    lines += ["", "Not calibrated (no labelled set in the shared data; the raw score is returned): " +
              ", ".join(f"{a} {lang}" for a, lang in missing) + ".", "",
              f"![Reliability: observed rate against predicted probability]({image.relative_to(path.parent).as_posix()})", "",
              "## Reliability bins (cross-validated, calibrated)", "",
              "| attribute | lang | bin | comments | predicted | observed |", "|---|---|---|---|---|---|"]
    for f in figures:
        for r in f["reliability_cv"]:
            lines.append(f"| {f['attribute']} | {f['lang']} | {r['bin']} | {r['n']} | {r['predicted']:.3f} | "
                         f"{r['observed']:.3f} |")
    return atomic_write_text(path, "\n".join(lines) + "\n")


def _reliability_chart(figures: list[dict], image: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [f for f in figures if not f["attribute"].startswith("VIGIE_") or f["attribute"] in
             {"VIGIE_DISTRESS", "VIGIE_NEGATIVE"}]
    cols = 4
    rows = -(-len(shown) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 3.0 * rows), squeeze=False)
    for ax, f in zip(axes.flat, shown):
        for key, style, label in (("reliability_raw", "o--", "raw"), ("reliability_cv", "s-", "calibrated (CV)")):
            bins = f[key]
            ax.plot([b["predicted"] for b in bins], [b["observed"] for b in bins], style, ms=3, label=label)
        ax.plot([0, 1], [0, 1], color="grey", lw=0.8)
        ax.set(xlim=(0, 1), ylim=(0, 1), title=f"{f['attribute']} {f['lang']}", xlabel="predicted", ylabel="observed")
        ax.title.set_fontsize(9)
    for ax in list(axes.flat)[len(shown):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=7)
    fig.tight_layout()
    image.parent.mkdir(parents=True, exist_ok=True)
    tmp = image.with_name(f".{image.name}.tmp.png")
    fig.savefig(tmp, dpi=80, metadata={"Software": None})
    plt.close(fig)
    tmp.replace(image)
