"""Scale-out with Dask: score partitions of texts on a local pool or an existing cluster.

Only scoring is distributed: it is stateless (hashed features and a model file every worker loads
once), so the same partition gives the same scores anywhere. Reading the store and writing results
stay in the calling process (DuckDB has one writer). Topic models are fitted on one machine and can
then assign topics in parallel.

Schedulers:

- ``processes``: Dask's multiprocessing scheduler on this machine (no cluster needed);
- ``local``: a ``distributed.LocalCluster`` with one single-threaded worker per core;
- ``tcp://host:8786`` (or any address ``distributed.Client`` accepts): an existing scheduler, for
  instance one started by dask-jobqueue on a SLURM/PBS cluster or by the Dask Kubernetes operator.
  The workers need Vigie installed (``pip install vigie`` or the same image).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import contextmanager

import pandas as pd


def score_partition(texts: list[str], langs: list[str | None], model_path: str | None = None,
                    precise: bool = False) -> pd.DataFrame:
    """Score one partition in the worker's own process (no nested process pool)."""
    from .score import score_texts

    return score_texts(texts, langs, model_path, n_jobs=1, precise=precise)


@contextmanager
def client_for(scheduler: str):
    """A ``distributed.Client`` for ``local`` or an address, or ``None`` for the ``processes`` scheduler."""
    if scheduler == "processes":
        yield None
        return
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    client = Client(scheduler)
    try:
        yield client
    finally:
        client.close()


def score_distributed(texts: Sequence[str], langs: Sequence[str | None], scheduler: str = "processes",
                      partition_size: int = 20_000, model_path: str | None = None,
                      precise: bool = False) -> pd.DataFrame:
    """Score texts in partitions with Dask; same rows and values as :func:`helpers.scoring.score.score_texts`.

    The language page prior (:func:`helpers.text.apply_page_prior`) reads one partition at a time, where
    ``score_texts`` reads the whole call: on a call of more than ``partition_size`` texts a few short comments
    may be read in another language.
    """
    import dask
    from dask import delayed

    texts, langs = list(texts), list(langs)
    parts = [delayed(score_partition)(texts[i:i + partition_size], langs[i:i + partition_size], model_path, precise)
             for i in range(0, len(texts), partition_size)]
    if not parts:
        from ..io.schema import SCORE_COLUMNS

        return pd.DataFrame(columns=list(SCORE_COLUMNS))
    with client_for(scheduler) as client:
        if client is None:
            results = dask.compute(*parts, scheduler="processes")
        else:
            results = client.compute(parts, sync=True)
    return pd.concat(results, ignore_index=True)
