"""The worker processes that score blocks of texts for :func:`helpers.scoring.score.score_texts`.

On Linux the workers are forked from the calling process once it has loaded everything a block needs (the
caller's ``warm_up``: the text model, fastText's identifier, lingua's language models read once with lingua's own
threads, the compiled loops). A worker then scores from its first text, and those models sit in memory once,
shared by every worker, instead of being read again by each. Elsewhere (Windows; macOS, where forking a process
that runs threads is not safe) joblib's workers start fresh interpreters that load the models themselves.

The workers stay up between calls, so a notebook's second call finds them warm, and stop after
:data:`IDLE_SECONDS` without a call (as joblib's do), so a kernel left open all week does not hold them; they are
forked again for another key (another model file, another number of workers) and after a worker died.
"""

from __future__ import annotations

__all__ = ["forks", "map_blocks", "shutdown"]

import sys
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor
from typing import Any

#: Seconds without a call after which the workers stop (the next call forks new ones).
IDLE_SECONDS = 300.0
_pool: tuple[Hashable, Executor] | None = None
_idle_timer: threading.Timer | None = None
_in_use = threading.Lock()  # held while a call uses the pool: the idle timer never stops workers at work


def forks() -> bool:
    """Whether workers are forked from this process (Linux), rather than started as fresh interpreters."""
    return sys.platform.startswith("linux")


def _executor(n_jobs: int, key: Hashable, warm_up: Callable[[], None]) -> Executor:
    """The running pool of ``n_jobs`` workers for ``key``, forked after ``warm_up()`` if none is running."""
    global _pool
    if _pool is not None and _pool[0] == (n_jobs, key):
        return _pool[1]
    shutdown()
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    warm_up()
    _pool = (n_jobs, key), ProcessPoolExecutor(n_jobs, mp_context=multiprocessing.get_context("fork"))
    return _pool[1]


def shutdown(cancel: bool = True) -> None:
    """Stop the forked workers, if any (they also stop with this process, and after :data:`IDLE_SECONDS` idle).

    ``cancel=False`` leaves queued blocks to the pool: a broken pool fails them itself, and cancelling them
    then races its manager thread (CPython gh-107219, fixed in 3.12: an ``InvalidStateError`` in that thread).
    """
    global _pool
    _stop_idle_timer()
    if _pool is not None:
        _pool[1].shutdown(wait=True, cancel_futures=cancel)
        _pool = None


def map_blocks(function: Callable[..., Any], blocks: Sequence[tuple], n_jobs: int, key: Hashable = None,
               warm_up: Callable[[], None] = lambda: None, **keywords: Any) -> list:
    """``[function(*block, **keywords) for block in blocks]``, computed by ``n_jobs`` worker processes, in order.

    Where workers are forked (:func:`forks`), ``warm_up()`` runs in this process before they are, and they are
    kept for the next call with the same ``key`` and ``n_jobs``; ``key`` names what ``warm_up`` loaded (a model
    file), so another key forks workers that have it. A worker that dies during a call raises
    ``BrokenProcessPool`` here and the next call forks new ones; one that died between calls is replaced
    before the call's first block.
    """
    if not blocks:
        return []
    if not forks():
        from joblib import Parallel, delayed

        return Parallel(n_jobs=n_jobs)(delayed(function)(*block, **keywords) for block in blocks)
    from concurrent.futures.process import BrokenProcessPool

    with _in_use:
        _stop_idle_timer()
        futures = []
        try:
            futures = _submit(function, blocks, n_jobs, key, warm_up, keywords)
            return [future.result() for future in futures]
        except BrokenProcessPool:
            futures = []  # the broken pool fails every block itself (see shutdown)
            shutdown(cancel=False)  # a worker died (killed, out of memory): the next call forks new ones
            raise
        finally:
            for future in futures:  # after an error, the blocks not started yet are not scored for nothing
                future.cancel()
            _start_idle_timer()


def _submit(function: Callable[..., Any], blocks: Sequence[tuple], n_jobs: int, key: Hashable,
            warm_up: Callable[[], None], keywords: dict[str, Any]) -> list:
    """Every block submitted to the running pool (forked if none), as futures in order."""
    from concurrent.futures.process import BrokenProcessPool

    executor = _executor(n_jobs, key, warm_up)
    try:
        futures = [executor.submit(function, *blocks[0], **keywords)]
    except BrokenProcessPool:  # a worker died since the last call (killed while idle): fork new ones, once
        shutdown(cancel=False)
        executor = _executor(n_jobs, key, warm_up)
        futures = [executor.submit(function, *blocks[0], **keywords)]
    try:
        futures += [executor.submit(function, *block, **keywords) for block in blocks[1:]]
    except BrokenProcessPool:  # it broke under this call's own blocks: the call fails, the pool fails them
        raise
    return futures


def _stop_idle_timer() -> None:
    global _idle_timer
    if _idle_timer is not None:
        _idle_timer.cancel()
        _idle_timer = None


def _start_idle_timer() -> None:
    global _idle_timer
    if _pool is not None:
        _idle_timer = threading.Timer(IDLE_SECONDS, _stop_if_idle)
        _idle_timer.daemon = True  # never keeps a finished command waiting
        _idle_timer.start()


def _stop_if_idle() -> None:
    if _in_use.acquire(blocking=False):  # a call under way has the pool: it restarts the timer when it ends
        try:
            shutdown()
        finally:
            _in_use.release()
