"""Measure whether `--precise` would gain from mixing a column's two heads in another share than the average.

``--precise`` scores each column the encoder tier covers as the mean of its fast head and its encoder head
(:data:`helpers.models.encoder.AVERAGED`, a list chosen where the average gained on validation). This measures,
on the tier's inner fold (texts it never trained on, :func:`helpers.training.encoder.training_rows`), every share
``(1 - w) * fast + w * encoder`` of a grid, so no reported figure picks it. The shipped fast heads trained on those
texts, so the fast side is a copy of the text model whose heads are refitted without them (and without a transfer
run's held-out sources), as the transfer rows refit theirs. The figure is the one that chooses the tier's epoch:
macro-F1 for sentiment, ROC-AUC for the binary heads, over the whole fold. ``benchmarks/encoder_mix.py`` writes the
table (``docs/encoder_mix.md``); nothing here changes the scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..models import encoder as tier
from ..models.text_model import TextModel, default_model
from .encoder import BINARY, training_rows
from .text_model import Splits, feature_lookup, leave_out, load_splits, refitted_copy, training_sets

#: Encoder shares tried per column.
GRID: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
#: A column leaves the plain average only for a share that beats it in at least this share of the inner fold's
#: bootstrap resamples (one-sided 95%): a gain inside the fold's own noise does not carry to other texts.
CONFIDENCE = 0.95
BOOTSTRAP = 200
SEED = 0


def inner_figure(column: str, proba: np.ndarray, labels: np.ndarray) -> float | None:
    """The inner fold's figure for one column's probabilities (None where its labels cannot rank)."""
    from sklearn.metrics import f1_score, roc_auc_score

    known = ~np.isnan(labels)
    if column == "sentiment":
        return float(f1_score(labels[known], proba[known].argmax(1), average="macro")) if known.any() else None
    if known.sum() == 0 or len(np.unique(labels[known])) < 2:
        return None
    return float(roc_auc_score(labels[known], proba[known]))


def _mixes(fast: dict[str, np.ndarray], encoder: dict[str, np.ndarray], column: str,
           grid: Sequence[float]) -> dict[float, np.ndarray]:
    """``(1 - w) * fast + w * encoder`` for each share ``w`` of ``grid``."""
    return {w: (1 - w) * fast[column] + w * encoder[column] for w in grid}


def _best(figures: dict[float, float]) -> float:
    """The share with the best figure (to a millionth), the nearest 0.5 among equals."""
    return max(figures, key=lambda w: (round(figures[w], 6), -abs(w - 0.5)))


def _beats(column: str, better: np.ndarray, base: np.ndarray, labels: np.ndarray, resamples: int) -> float:
    """Share of bootstrap resamples of the labelled rows in which ``better`` scores above ``base``."""
    rows = np.flatnonzero(~np.isnan(labels))
    rng = np.random.default_rng(SEED)
    wins = done = 0
    for _ in range(resamples):
        pick = rows[rng.integers(0, len(rows), len(rows))]
        a, b = inner_figure(column, better[pick], labels[pick]), inner_figure(column, base[pick], labels[pick])
        if a is not None and b is not None:
            wins, done = wins + (a > b), done + 1
    return wins / max(done, 1)


def choose_mix(fast: dict[str, np.ndarray], encoder: dict[str, np.ndarray], rows: pd.DataFrame,
               grid: Sequence[float] = GRID, confidence: float = CONFIDENCE, resamples: int = BOOTSTRAP
               ) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Each column's encoder share, and the figure of every share tried (with ``"beats 0.5"``: the bootstrap share).

    ``fast`` and ``encoder`` hold probabilities for the texts of ``rows`` (sentiment columns in the same class
    order); ``rows`` holds a label column per head (NaN where unlabelled). The best share (the nearest 0.5 among
    equals) is kept where it beats the plain average in ``confidence`` of the bootstrap resamples; 0.5 otherwise.
    """
    weights: dict[str, float] = {}
    figures: dict[str, dict[str, float]] = {}
    for column in encoder:
        if column not in fast or column not in rows:
            continue
        labels = rows[column].to_numpy(dtype=float)
        mixed = _mixes(fast, encoder, column, grid)
        tried = {w: inner_figure(column, p, labels) for w, p in mixed.items()}
        if any(v is None for v in tried.values()):
            continue
        best = _best(tried)
        beats = _beats(column, mixed[best], mixed[0.5], labels, resamples) if best != 0.5 else 0.0
        weights[column] = best if beats >= confidence else 0.5
        figures[column] = {**{str(w): round(v, 4) for w, v in tried.items()}, "beats 0.5": round(beats, 3)}
    return weights, figures


def per_source_figures(fast: dict[str, np.ndarray], encoder: dict[str, np.ndarray], rows: pd.DataFrame,
                       grid: Sequence[float] = GRID, min_rows: int = 30) -> dict[str, dict[str, float]]:
    """Each share's figure per column as the mean over sources of the figure within each source.

    The validation rows read one collection each, while the pooled figure of :func:`choose_mix` also rewards a share
    that separates collections; this reads the fold as they do. A source counts where at least ``min_rows`` rows
    label the column and its labels can rank. ``"best"`` names the best share (the nearest 0.5 among equals).
    """
    out: dict[str, dict[str, float]] = {}
    sources = rows["source"].to_numpy()
    for column in encoder:
        if column not in fast or column not in rows:
            continue
        labels = rows[column].to_numpy(dtype=float)
        counted = [s for s in np.unique(sources) if (~np.isnan(labels[sources == s])).sum() >= min_rows]
        means = {}
        for w, mixed in _mixes(fast, encoder, column, grid).items():
            figures = [inner_figure(column, mixed[sources == s], labels[sources == s]) for s in counted]
            figures = [f for f in figures if f is not None]
            if figures:
                means[w] = float(np.mean(figures))
        if len(means) == len(grid):
            out[column] = {**{str(w): round(v, 4) for w, v in means.items()}, "best": _best(means)}
    return out


def fast_without(splits: Splits, texts_out: set[str], hold_out: Sequence[str] = (),
                 columns: Sequence[str] = ("sentiment", *BINARY)) -> tuple[TextModel, list[str]]:
    """A copy of the shipped text model whose ``columns`` heads are refitted without ``texts_out`` and ``hold_out``.

    Also returns the columns no source is left to refit (their shipped head stays, and gets no choice).
    """
    shipped = default_model()
    sets = leave_out(training_sets(splits), hold_out)
    frames = {name: sets[name][~sets[name]["text"].astype(str).isin(texts_out)] for name in columns}
    return refitted_copy(shipped, frames, feature_lookup(shipped.featurizer, [f["text"] for f in frames.values()]))


def measure_mix(tier_path: Path = tier.DEFAULT_PATH, hold_out: Sequence[str] = (), splits: Splits | None = None,
                log: Callable[[str], None] = print) -> dict:
    """Every share's inner-fold figure per column for ``tier_path``, and the share each column would take."""
    splits = splits or load_splits()
    rows = training_rows(splits, hold_out=tuple(hold_out))
    inner = rows[rows["inner"].to_numpy()].reset_index(drop=True)
    texts = inner["text"].astype(str).tolist()
    log(f"inner fold: {len(texts)} texts; refitting the fast heads without them"
        + (f" and without {', '.join(hold_out)}" if hold_out else ""))
    model, missing = fast_without(splits, set(texts), hold_out)
    fast = {k: v for k, v in model.predict_proba(model.features(texts)).items() if k not in missing}
    if "sentiment" in fast:
        order = [model.heads["sentiment"].classes.index(c) for c in tier.SENTIMENT_CLASSES]
        fast["sentiment"] = fast["sentiment"][:, order]
    log("encoder heads on the inner fold")
    encoder = tier.default_tier(tier_path).predict(texts)
    weights, figures = choose_mix(fast, encoder, inner)
    return {"tier": tier.default_tier(tier_path).version, "hold_out": sorted(hold_out), "inner_texts": len(texts),
            "grid": list(GRID), "confidence": CONFIDENCE, "bootstrap": BOOTSTRAP, "weights": weights,
            "inner_figures": figures, "per_source": per_source_figures(fast, encoder, inner), "no_fast_head": missing}
