"""The worker processes that score blocks of texts for :func:`helpers.scoring.score.score_texts`.

On Linux the workers are forked from the calling process once it has loaded everything a block needs (the
caller's ``warm_up``: the text model, fastText's identifier, lingua's language models read once with lingua's own
threads, the compiled loops). A worker then scores from its first text, and those models sit in memory once,
shared by every worker, instead of being read again by each. Elsewhere (Windows; macOS, where forking a process
that runs threads is not safe) joblib's workers start fresh interpreters that load the models themselves.

The workers stay up between calls, so a notebook's second call finds them warm; they are started again for
another key (another model file, another number of workers) and after a worker died.
"""

from __future__ import annotations

__all__ = ["forks", "map_blocks", "shutdown"]

import sys
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor
from typing import Any

_pool: tuple[Hashable, Executor] | None = None


def forks() -> bool:
    """Whether workers are forked from this process (Linux), rather than started as fresh interpreters."""
    return sys.platform.startswith("linux")


def _executor(n_jobs: int, key: Hashable, warm_up: Callable[[], None]) -> Executor:
    """The running pool of ``n_jobs`` workers for ``key``, forked after ``warm_up()`` if none is running."""
    global _pool
    if _pool is not None and _pool[0] == (n_jobs, key) and not getattr(_pool[1], "_broken", False):
        return _pool[1]
    shutdown()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    warm_up()
    _pool = (n_jobs, key), ProcessPoolExecutor(n_jobs, mp_context=multiprocessing.get_context("fork"))
    return _pool[1]


def shutdown() -> None:
    """Stop the forked workers, if any (they also stop with this process)."""
    global _pool
    if _pool is not None:
        _pool[1].shutdown(wait=True, cancel_futures=True)
        _pool = None


def map_blocks(function: Callable[..., Any], blocks: Sequence[tuple], n_jobs: int, key: Hashable = None,
               warm_up: Callable[[], None] = lambda: None, **keywords: Any) -> list:
    """``[function(*block, **keywords) for block in blocks]``, computed by ``n_jobs`` worker processes, in order.

    Where workers are forked (:func:`forks`), ``warm_up()`` runs in this process before they are, and they are
    kept for the next call with the same ``key`` and ``n_jobs``; ``key`` names what ``warm_up`` loaded (a model
    file), so another key forks workers that have it. A worker that dies raises ``BrokenProcessPool`` here and
    the next call forks new ones.
    """
    if not forks():
        from joblib import Parallel, delayed

        return Parallel(n_jobs=n_jobs)(delayed(function)(*block, **keywords) for block in blocks)
    from concurrent.futures.process import BrokenProcessPool

    executor = _executor(n_jobs, key, warm_up)
    futures = [executor.submit(function, *block, **keywords) for block in blocks]
    try:
        return [future.result() for future in futures]
    except BrokenProcessPool:
        shutdown()  # a worker died (killed, out of memory): the next call forks new ones
        raise
    finally:
        for future in futures:  # after an error, the blocks not started yet are not scored for nothing
            future.cancel()
