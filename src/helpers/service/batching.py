"""Requests that arrive together are scored together.

Scoring one comment costs a few milliseconds, most of it fixed per call; scoring a hundred costs little
more. While the scorer works on one batch, the requests that arrive meanwhile wait in a queue and form
the next batch: an idle server answers a lone request at once, a busy one amortises the fixed cost over
every request in flight. A comment's scores never depend on its batch companions.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class MicroBatcher:
    """Gather the items of concurrent callers into one call of ``process(items) -> results`` (same order)."""

    def __init__(self, process: Callable[[list[Any]], list[Any]], max_items: int = 256) -> None:
        self.process = process
        self.max_items = max_items
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue | None = None
        self._task: asyncio.Task | None = None
        # One scoring thread: the event loop keeps reading requests while a batch is scored.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vigie-score")
        #: Batches scored and items in them (for the log's counts).
        self.batches = 0
        self.items = 0

    async def submit(self, items: list[Any]) -> list[Any]:
        """Results of ``items``, scored with whatever else is waiting."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # A queue belongs to one event loop: a server has one, but a test client may start a loop per call.
            self._loop, self._queue = loop, asyncio.Queue()
            self._task = loop.create_task(self._run(self._queue))
        assert self._queue is not None
        future = loop.create_future()
        await self._queue.put((items, future))
        return await future

    async def _run(self, queue: asyncio.Queue) -> None:
        loop = asyncio.get_running_loop()
        while True:
            waiting = [await queue.get()]
            count = len(waiting[0][0])
            while count < self.max_items and not queue.empty():
                waiting.append(queue.get_nowait())
                count += len(waiting[-1][0])
            flat = [item for items, _ in waiting for item in items]
            try:
                results = await loop.run_in_executor(self._executor, self.process, flat)
            except Exception as exc:  # noqa: BLE001 - a bug: every caller of this batch gets it (and its 500)
                for _, future in waiting:
                    if not future.done():
                        future.set_exception(exc)
                continue
            self.batches += 1
            self.items += len(flat)
            start = 0
            for items, future in waiting:
                if not future.done():
                    future.set_result(results[start:start + len(items)])
                start += len(items)

    def close(self) -> None:
        """Stop the batching task and the scoring thread."""
        if self._task is not None:
            self._task.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)
