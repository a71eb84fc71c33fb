"""What the encoder tier teaches the fast tier: the texts it labels and the soft rows a fast head learns from.

``vigie train --distil`` builds a fast model whose heads also learn these rows (:func:`teaching`'s :class:`Lesson`);
``vigie evaluate`` then refits a transfer row's heads with the rows of a teacher that never saw the collection,
and ``benchmarks/distil_fast.py`` measures the fast tier's figures before and after (``docs/distillation.md``).
A figure must not read a text the teacher or the student learnt from, so the corpus leaves out every validation
text and, on a transfer row, the held-out collection's texts wherever they appear, matched as
:func:`~helpers.training.text_model.leave_out` matches them (by :func:`~helpers.training.text_model.overlap_key`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import DATA_DIR
from ..errors import MissingFile
from ..files import atomic_path
from ..models import encoder as tier
from .encoder import HOLDOUT_RUNS, VALIDATION_SPLITS, holdout_path, transfer_tier
from .text_model import SEED, SOURCE_WEIGHTS, TAUGHT, Splits, leave_out, plain_texts, weighted
from .transfer_metrics import column_heads, with_label

#: Training texts sampled for the teacher to label in the columns they lack.
TRAINING_SAMPLE = 12000
#: The soft rows' total weight, as a share of a head's labelled rows' (weights included); set once, before any
#: figure was read (``docs/distillation.md``), not tuned.
SHARE = 0.5
#: The columns whose fast heads learn the teacher's soft labels when ``vigie train --distil`` distils: those whose
#: inner-fold rows gain (:func:`chosen_columns` on ``docs/distillation.md``'s run; a test ties the two). Distress
#: loses there, so it keeps its plain head.
TAUGHT_COLUMNS: tuple[str, ...] = ("emotions", "hostile", "identity_attack", "sentiment")
#: At most this many of a held-out collection's training rows are read for an inner-fold figure.
INNER_ROWS = 10000
#: Where a teacher's labels of a corpus are kept between runs (``data/`` is never committed).
TEACHER_CACHE = DATA_DIR / "interim" / "teacher"
_EXTRA = "\0extra"  # the extra texts' set and source name, which no collection bears
_VERSION = "_version"  # the teacher's version, kept beside its labels in the cache (no column bears the name)


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
    return pd.concat(parts, ignore_index=True).assign(source=TAUGHT)


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


def crisis_texts() -> list[str]:
    """French and English CrisisLexT26 tweets outside the civil types the evaluation keeps unseen.

    The civil types ("caution and advice", "sympathy and support"...) are the evaluation's false-alarm rows; the
    rest ("other useful information", "not labeled"...) are real crisis tweets no head has a gold label for.
    """
    from ..io import datasets as ds
    from ..text import detect_languages

    crisis = ds.crisis_tweets(civil=False)["text"].astype(str).drop_duplicates().tolist()
    return [t for t, lang in zip(crisis, detect_languages(crisis)) if lang in ("fr", "en")]


def unseen_texts(splits: Splits) -> list[str]:
    """Every validation text (:data:`~helpers.training.encoder.VALIDATION_SPLITS`): no teacher labels one."""
    return [t for name in VALIDATION_SPLITS for t in plain_texts(getattr(splits, name)["text"].dropna())]


def taught(path: Path, texts: list[str], cache_dir: Path | None = None) -> tuple[str, dict[str, np.ndarray]]:
    """The version of the tier at ``path`` and its probabilities for ``texts`` (read back when labelled before).

    The key is the tier file's bytes and the texts in order (int8 scores move a little with the texts batched
    beside them, so the same corpus gives the same labels). The cache holds plain arrays: nothing is unpickled.
    """
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update("\0".join(texts).encode("utf-8"))
    cached = (cache_dir or TEACHER_CACHE) / f"{digest.hexdigest()[:24]}.npz"
    if cached.exists():
        with np.load(cached, allow_pickle=False) as z:
            probs = {name: z[name] for name in z.files}
        return str(probs.pop(_VERSION)), probs
    model = tier.EncoderTier.load(path)
    probs = model.predict(texts)
    cached.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(cached) as tmp, open(tmp, "wb") as fh:  # a file object: np.savez adds no suffix
        np.savez(fh, **{name: np.asarray(v) for name, v in probs.items()}, **{_VERSION: np.asarray(model.version)})
    return model.version, probs


def distilled(frames: dict[str, pd.DataFrame], texts: list[str], probs: dict[str, np.ndarray],
              share: float = SHARE, heads: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
    """``frames`` (heads' labelled rows) with the teacher's soft rows added to each head it teaches.

    A head is taught when the teacher has a column for it and it is one of ``heads`` (None: every such head). Its
    soft rows leave out the texts it has a gold label for (:func:`soft_rows`) and weigh ``share`` of its labelled
    rows, its source weights included (:func:`with_soft_rows`).
    """
    heads = set(probs if heads is None else heads)
    return {name: with_soft_rows(frame, soft_rows(texts, probs, name, set(plain_texts(frame["text"]))), share,
                                 SOURCE_WEIGHTS.get(name)) if name in probs and name in heads else frame
            for name, frame in frames.items()}


@dataclass(frozen=True)
class Lesson:
    """What one teacher says of one corpus: its ``texts``, its ``probs`` per column, and the ``record`` a model keeps.

    Called on heads' labelled rows, it returns them with the teacher's soft rows added (:func:`distilled`) to the
    heads ``record["heads"]`` names, or to ``heads`` when given (the benchmark measures every column).
    """

    texts: list[str]
    probs: dict[str, np.ndarray] = field(repr=False)
    record: dict

    def __call__(self, frames: dict[str, pd.DataFrame], heads: Iterable[str] | None = None) -> dict[str, pd.DataFrame]:
        """``frames`` with the soft rows of each taught head (:func:`distilled`)."""
        return distilled(frames, self.texts, self.probs, self.record["share"],
                         self.record["heads"] if heads is None else heads)


def teaching(sets: dict[str, pd.DataFrame], held_out: str | None, unseen: Iterable[str], extra: Iterable[str],
             cache_dir: Path | None = None) -> Lesson:
    """What the teacher of a row (``held_out`` None: the shipped tier) says of its corpus (:func:`corpus`).

    The record names the teacher's version, the share and the corpus size. Raises
    :class:`~helpers.errors.MissingFile` when the transfer run that never saw ``held_out`` was not trained: without
    it no honest transfer figure exists.
    """
    path, run = teacher(held_out)
    if path is None or not Path(path).exists():
        name = path or holdout_path((str(held_out),))
        raise MissingFile(f"{name}: no encoder tier to teach {'without ' + held_out if held_out else 'the fast tier'}; "
                          f"train it with `vigie train-encoder{' --hold-out ' + held_out if held_out else ''}`")
    texts = corpus(sets, run, unseen, extra)
    version, probs = taught(Path(path), texts, cache_dir)
    return Lesson(texts, probs, {"teacher": version, "share": SHARE, "texts": len(texts),
                                 "training_sample": TRAINING_SAMPLE, "heads": column_heads(TAUGHT_COLUMNS)})


class Teachings:
    """:func:`teaching` by held-out collection, each teacher's lesson built once (rows that share a run share it).

    ``lessons`` holds those built so far, by teacher (its file, the collections it never saw).
    """

    def __init__(self, sets: dict[str, pd.DataFrame], unseen: Iterable[str], extra: Iterable[str],
                 cache_dir: Path | None = None):
        self.sets, self.unseen, self.extra, self.cache_dir = sets, list(unseen), list(extra), cache_dir
        self.lessons: dict[tuple[Path | None, tuple[str, ...]], Lesson] = {}

    def __call__(self, held_out: str | None) -> Lesson:
        """The lesson of the teacher of a row that leaves ``held_out`` out (None: a validation row)."""
        key = teacher(held_out)
        if key not in self.lessons:
            self.lessons[key] = teaching(self.sets, held_out, self.unseen, self.extra, self.cache_dir)
        return self.lessons[key]


def shipped_teaching(splits: Splits, cache_dir: Path | None = None) -> Callable[[dict[str, pd.DataFrame]], Lesson]:
    """``teach`` for :func:`~helpers.training.text_model.train_model`: what the shipped tier teaches the fast tier.

    It labels real crisis tweets (:func:`crisis_texts`) and a sample of the training texts, never a validation text.
    """
    return lambda sets: teaching(sets, None, unseen_texts(splits), crisis_texts(), cache_dir)


#: A transfer row's inner fold: the Splits frame of its collection's training rows, and the column its label is read from.
_INNER = {("sentiment", "umsab"): ("umsab_train", None), ("sentiment", "goemotions"): ("goemotions_sentiment", None),
          ("emotions", "xed"): ("xed_train", None), ("emotions", "goemotions"): ("goemotions_train", None),
          ("distress", "dreaddit"): ("dreaddit_train", None), ("hostile", "davidson"): ("davidson_train", "offensive"),
          ("hostile", "mlma"): ("mlma_train", "hostile"), ("identity_attack", "superset"): ("superset_train", None),
          ("identity_attack", "hateval"): ("hateval_train", None)}


def inner_rows(case, splits: Splits, cap: int = INNER_ROWS, seed: int = SEED) -> pd.DataFrame:
    """A transfer row's inner fold: the held-out collection's *training* rows, in the shape of ``case.frame``.

    Neither the row's student nor its teacher learnt them (the collection is left out of both), and no reported
    figure reads them, so a choice made on them (:func:`chosen_columns`) is made inside the training data. At most
    ``cap`` rows, a seeded sample.
    """
    name, label = _INNER[(case.head, case.held_out)]
    frame = getattr(splits, name)
    if label:  # the column the row's labels are read from, as transfer's cases read the validation rows
        frame = with_label(frame, label)
    frame = frame[frame["lang"].isin(case.langs)]
    if len(frame) > cap:
        frame = frame.iloc[np.sort(np.random.default_rng(seed).permutation(len(frame))[:cap])]
    return frame.reset_index(drop=True)


def chosen_columns(rows: Iterable[dict], reads: dict[str, tuple[str, ...]]) -> list[str]:
    """The columns whose heads should learn the teacher, from the rows of ``benchmarks/distil_fast.py``.

    A column is chosen when its inner-fold rows gain on average (``after`` over ``before``) and so does every column
    its score reads (``reads``, as :data:`~helpers.training.transfer.READS`): a taught column's figures were measured
    with those heads taught too.
    """
    changes: dict[str, list[float]] = {}
    for r in rows:
        if r["figure"] == "inner fold":
            changes.setdefault(r["column"], []).append(r["after"] - r["before"])
    gaining = {c for c, d in changes.items() if np.mean(d) > 0}
    return sorted(c for c in gaining if all(h in gaining for h in reads.get(c, ())))
