"""Independent fits side by side in threads.

scikit-learn's liblinear and lbfgs solvers spend most of a head's fit outside the GIL. So threads fit two heads at
once on two cores without copying the feature matrices into other processes. Each fit is the same computation
as alone: the heads come out bit for bit the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def side_by_side(jobs: Mapping[str, Callable[[], T]], n_jobs: int | None = None) -> dict[str, T]:
    """``{name: job()}`` for every job, run by up to ``n_jobs`` threads (default: one per core), in ``jobs``' order.

    Put the longest job first: it starts at once. A job's error is raised here once the running jobs have ended (no
    thread is left fitting behind the caller); the jobs not started by then are cancelled.
    """
    workers = max(1, min(n_jobs or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        return {name: job() for name, job in jobs.items()}
    with ThreadPoolExecutor(workers, thread_name_prefix="vigie-fit") as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        try:
            return {name: future.result() for name, future in futures.items()}
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
