"""The enrich loop: score the store's texts not scored yet, batch by batch, locally or on Dask."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..models.text_model import default_model
from .score import score_texts, scores_version

#: Texts a report's refresh scores with the encoder tier by default: about 3 minutes on 2 cores
#: (``docs/performance.md``). A first run over a larger history takes the fast tier; ``vigie enrich
#: --precise`` back-fills the encoder's scores when there is time.
AUTO_PRECISE_LIMIT = 30_000


def tier_name(precise: bool) -> str:
    """The tier that scores in this mode: ``encoder`` (the fine-tuned tier), ``e5 heads`` (its predecessor) or ``fast``."""
    if not precise:
        return "fast"
    from ..models import encoder

    return "encoder" if encoder.available() else "e5 heads"


def default_precise(store, model_path: str | None = None, log: Callable[[str], None] | None = None) -> bool:
    """Whether a report's refresh scores with the encoder tier when neither ``--precise`` nor ``--fast`` is given.

    Yes when the tier is shipped and at most :data:`AUTO_PRECISE_LIMIT` texts lack its scores; the reason
    for a no is logged.
    """
    from ..models import encoder
    from ..models.precise import cache_version

    say = log or (lambda message: None)
    if not encoder.available():
        say("fast tier: the encoder tier is not installed (pip install -e '.[precise]')")
        return False
    todo = store.count_unscored(cache_version(scores_version(default_model(model_path))))
    if todo > AUTO_PRECISE_LIMIT:
        say(f"fast tier: {todo:,} texts lack the encoder tier's scores, more than a weekly run scores "
            f"({AUTO_PRECISE_LIMIT:,}); `vigie enrich --precise` back-fills them")
        return False
    return True


def enrich_store(store, model_path: str | None = None, batch_size: int = 50_000, progress: bool = False,
                 n_jobs: int | None = None, scheduler: str | None = None, precise: bool = False,
                 log: Callable[[str], None] | None = None) -> dict:
    """Score every comment text of ``store`` not yet scored by this model version.

    Texts are keyed by content hash, so a text seen before (in any comment) is never scored twice,
    and a new model version re-scores everything. With ``scheduler`` (``processes``, ``local`` or a
    Dask scheduler address) each batch is scored by Dask workers (:mod:`helpers.scoring.distributed`).
    ``precise`` scores sentiment in precise mode (:func:`score_texts`) under its own version key, so
    fast and precise scores live side by side and ``scored_comments`` shows the mode of the last run.
    ``log``, if given, is told how many texts are to be scored before scoring starts (a cron log
    otherwise shows nothing during a first precise run, minutes long). Returns counts and timing.
    """
    import time

    from tqdm import tqdm

    model = default_model(model_path)
    version = scores_version(model)
    if precise:
        from ..models.precise import cache_version

        version = cache_version(version)
    start = time.perf_counter()
    n_todo = store.count_unscored(version)
    if log and n_todo:
        log(f"scoring {n_todo} new texts with {version}" + (f" ({tier_name(precise)} tier)" if precise else ""))
    scored = 0
    batches = 0
    with tqdm(total=n_todo, desc="enrich", unit="text", disable=not progress) as bar:
        while True:
            batch = store.unscored(version, limit=batch_size)
            if batch.empty:
                break
            if scheduler:
                from .distributed import score_distributed

                scores = score_distributed(batch["text"].tolist(), batch["lang"].tolist(), scheduler,
                                           model_path=model_path, precise=precise)
            else:
                scores = score_texts(batch["text"].tolist(), batch["lang"].tolist(), model_path, n_jobs=n_jobs,
                                     precise=precise, progress=progress)
            scores = scores.drop(columns="lang")
            scores.insert(0, "text_hash", batch["text_hash"].to_numpy())
            scores.insert(1, "model_version", version)
            scores.insert(2, "scored_at", pd.Timestamp.now(tz="UTC"))
            # One insert per batch: a run killed part-way keeps whole batches, and the next run scores the rest.
            scored += store.add_scores(scores)
            batches += 1
            bar.update(len(batch))
            if log:
                log(f"scored batch {batches}: {scored} of {n_todo} texts")
    store.create_scored_view(version)
    seconds = time.perf_counter() - start
    return {"model_version": version, "tier": tier_name(precise), "scored": scored, "comments": store.count("comments"),
            "scheduler": scheduler,
            "seconds": round(seconds, 2), "texts_per_second": round(scored / seconds, 1) if scored else None}

