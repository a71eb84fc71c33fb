"""Calibrated probabilities: a score of 0.8 means about 8 in 10 comments scored so carry the label.

One map per attribute and language, chosen by cross-validation among isotonic regression, Platt scaling
(a logistic curve on the score's logit) and the raw score (``vigie calibrate``,
:mod:`helpers.training.calibration`). The maps are plain numbers in a JSON file shipped with the package
(``resources/models/vigie-calibration.json``); nothing is unpickled. An attribute and language with no
labelled data keep their raw score, and say so.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ..config import RESOURCES_DIR

DEFAULT_CALIBRATION = RESOURCES_DIR / "models" / "vigie-calibration.json"
#: The maps of precise mode's scores (``vigie calibrate --precise``): its averaged heads read otherwise.
PRECISE_CALIBRATION = RESOURCES_DIR / "models" / "vigie-calibration-precise.json"


def calibration_path(precise: bool = False) -> Path:
    """The shipped maps of the fast scores, or of precise mode's."""
    return PRECISE_CALIBRATION if precise else DEFAULT_CALIBRATION
METHODS = ("isotonic", "platt", "raw")
_EPS = 1e-6


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities, clipped away from 0 and 1."""
    p = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class Calibrator:
    """A monotone map from a raw score to a probability.

    ``isotonic``: piecewise linear through ``(x, y)``; ``platt``: ``1 / (1 + exp(-(a·logit(s) + b)))``;
    ``raw``: the score itself.
    """

    method: str = "raw"
    x: tuple[float, ...] = ()
    y: tuple[float, ...] = ()
    a: float = 1.0
    b: float = 0.0
    #: Where the map was fitted: data set, rows, positives, cross-validated figures.
    fitted_on: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"unknown calibration method {self.method!r} (one of {', '.join(METHODS)})")

    def __call__(self, raw: np.ndarray) -> np.ndarray:
        """Probabilities for raw scores (NaN stays NaN)."""
        raw = np.asarray(raw, dtype=float)
        if self.method == "isotonic":
            return np.interp(raw, self.x, self.y)
        if self.method == "platt":
            return 1.0 / (1.0 + np.exp(-(self.a * logit(raw) + self.b)))
        return raw


@dataclass
class Calibration:
    """The calibrators of every attribute and language, for the scores of one model version."""

    scores_version: str
    maps: dict[str, dict[str, Calibrator]] = field(default_factory=dict)
    version: str = "uncalibrated"

    def get(self, attribute: str, lang: str) -> Calibrator:
        """The map for ``attribute`` in ``lang`` (the raw score where none was fitted)."""
        return self.maps.get(attribute, {}).get(lang, Calibrator())

    def apply(self, attribute: str, lang: str, raw: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of ``raw`` scores of one attribute in one language."""
        return np.clip(self.get(attribute, lang)(raw), 0.0, 1.0)

    def save(self, path: str | Path = DEFAULT_CALIBRATION) -> Path:
        """Write the maps as JSON (numbers only), atomically."""
        from ..files import atomic_write_text

        doc = {"version": self.version, "scores_version": self.scores_version,
               "maps": {a: {lang: asdict(c) for lang, c in by_lang.items()}
                        for a, by_lang in sorted(self.maps.items())}}
        return atomic_write_text(Path(path), json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n")

    @classmethod
    def load(cls, path: str | Path = DEFAULT_CALIBRATION, scores_version: str | None = None) -> Calibration:
        """Read the maps; with ``scores_version``, maps fitted on other scores are refused (raw scores instead).

        A missing file or maps of another model give raw scores, never another model's calibration.
        """
        path = Path(path)
        if not path.exists():
            return cls(scores_version or "")
        doc = json.loads(path.read_text(encoding="utf-8"))
        if scores_version is not None and doc.get("scores_version") != scores_version:
            return cls(scores_version)
        maps = {a: {lang: Calibrator(method=c["method"], x=tuple(c.get("x", ())), y=tuple(c.get("y", ())),
                                     a=float(c.get("a", 1.0)), b=float(c.get("b", 0.0)), fitted_on=c.get("fitted_on", {}))
                    for lang, c in by_lang.items()} for a, by_lang in doc.get("maps", {}).items()}
        return cls(doc["scores_version"], maps, doc.get("version", "uncalibrated"))


def expected_calibration_error(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    """ECE: the mean gap between predicted and observed rates over ``bins`` equal-width bins, weighted by size."""
    p, y = np.asarray(probabilities, dtype=float), np.asarray(labels, dtype=float)
    which = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(p[mask].mean() - y[mask].mean())
    return total / len(p) if len(p) else math.nan


def reliability(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict]:
    """Per bin: the bin's range, comments in it, mean predicted probability and observed rate."""
    p, y = np.asarray(probabilities, dtype=float), np.asarray(labels, dtype=float)
    which = np.minimum((p * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            rows.append({"bin": f"{b / bins:.1f}–{(b + 1) / bins:.1f}", "n": int(mask.sum()),
                         "predicted": float(p[mask].mean()), "observed": float(y[mask].mean())})
    return rows
