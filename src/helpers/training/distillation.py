"""What the encoder tier teaches the fast tier: the texts it labels and the soft rows a fast head learns from.

``benchmarks/distil_fast.py`` measures the fast tier's figures before and after learning from these rows
(``docs/distillation.md``). A figure must not read a text the teacher or the student learnt from, so the corpus
leaves out every validation text and, on a transfer row, the held-out collection's texts wherever they appear,
matched as :func:`~helpers.training.text_model.leave_out` matches them (by
:func:`~helpers.training.text_model.overlap_key`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..models import encoder as tier
from .encoder import HOLDOUT_RUNS, holdout_path, transfer_tier
from .text_model import SEED, leave_out, weighted

#: Training texts sampled for the teacher to label in the columns they lack.
TRAINING_SAMPLE = 12000
_EXTRA = "\0extra"  # the extra texts' set and source name, which no collection bears


def teacher(held_out: str | None) -> tuple[Path | None, tuple[str, ...]]:
    """The tier that teaches for a row, and the collections it never saw.

    A validation row (``held_out`` None) learns from the shipped tier; a transfer row from the tier its
    ``vigie evaluate`` row reads (:func:`~helpers.training.encoder.transfer_tier`): the run that left the
    collection out alone, else a run that left it out with others. The path is None where no such run was trained.
    """
    if held_out is None:
        return tier.DEFAULT_PATH, ()
    path = transfer_tier(held_out)
    if path is None or path == holdout_path((held_out,)):
        return path, (held_out,)
    return path, next(run for run in HOLDOUT_RUNS if held_out in run and holdout_path(run) == path)


def corpus(sets: dict[str, pd.DataFrame], hold_out: Iterable[str], unseen: Iterable[str], extra: Iterable[str] = (),
           sample: int = TRAINING_SAMPLE, seed: int = SEED) -> list[str]:
    """The texts a teacher labels: ``extra`` (real texts with no gold label), then a seeded sample of training texts.

    ``sets`` are the heads' training rows, ``hold_out`` the collections the teacher never saw and ``unseen`` the
    texts figures are read on (every validation split). No text is kept that is one of those, or that
    :func:`~helpers.training.text_model.overlap_key` reads as one (the same post in other spelling).
    """
    # The extra texts go through leave_out as one more set, so they are matched as the training rows are.
    extra_rows = pd.DataFrame({"text": [str(t) for t in extra], "source": _EXTRA})
    left = leave_out({**sets, _EXTRA: extra_rows}, hold_out, also=[str(t) for t in unseen])
    extra = left.pop(_EXTRA)["text"].tolist()
    pool = sorted({str(t) for frame in left.values() for t in frame["text"].dropna()})
    picked = [pool[i] for i in np.random.default_rng(seed).permutation(len(pool))[:sample]]
    return list(dict.fromkeys(extra + picked))


def soft_rows(texts: list[str], probs: dict[str, np.ndarray], name: str, gold: set[str]) -> pd.DataFrame:
    """The teacher's soft labels for head ``name``, on the texts without a gold label for it.

    Each text becomes weighted rows (positive with weight p and negative with 1 - p; sentiment as one row per
    class), so its weights sum to 1. ``source`` is ``distilled``.
    """
    keep = np.array([t not in gold for t in texts], dtype=bool)
    kept = [t for t, k in zip(texts, keep) if k]
    if name == "sentiment":
        p = probs["sentiment"][keep]
        parts = [pd.DataFrame({"text": kept, "y": c, "weight": p[:, i]}) for i, c in enumerate(tier.SENTIMENT_CLASSES)]
    else:
        p = probs[name][keep]
        parts = [pd.DataFrame({"text": kept, "y": 1, "weight": p}), pd.DataFrame({"text": kept, "y": 0, "weight": 1 - p})]
    return pd.concat(parts, ignore_index=True).assign(source="distilled")


def with_soft_rows(frame: pd.DataFrame, soft: pd.DataFrame, share: float,
                   weights: dict[str, float] | None = None) -> pd.DataFrame:
    """A head's labelled rows plus ``soft`` rows (:func:`soft_rows`) that weigh ``share`` of the labelled rows in all.

    ``weights`` are the head's source weights (as :func:`~helpers.training.text_model.weighted` reads them), so the
    share holds whatever the sources weigh. A labelled row keeps its own ``weight`` (1 where it has none).
    """
    labelled = weighted(frame, weights)[1].sum()
    total = soft["weight"].sum() if len(soft) else 0.0
    if total <= 0 or labelled <= 0:
        return frame
    soft = soft.assign(weight=soft["weight"] * share * labelled / total)
    own = frame["weight"].fillna(1.0) if "weight" in frame else 1.0
    return pd.concat([frame.assign(weight=own), soft], ignore_index=True)
