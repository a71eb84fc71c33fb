"""Concurrent requests are scored together, each getting its own results."""

import asyncio

import pytest

from helpers.service.batching import MicroBatcher


def test_concurrent_submissions_share_batches_and_keep_their_order():
    calls = []

    def process(items):
        calls.append(list(items))
        return [x * 10 for x in items]

    async def main():
        batcher = MicroBatcher(process)
        results = await asyncio.gather(*(batcher.submit([i, i + 100]) for i in range(20)))
        batcher.close()
        return results

    results = asyncio.run(main())
    assert results == [[i * 10, (i + 100) * 10] for i in range(20)]
    assert len(calls) < 20 and sum(len(c) for c in calls) == 40  # fewer calls than requests


def test_a_bug_reaches_every_caller_of_its_batch_and_the_next_batch_still_runs():
    def process(items):
        if "boom" in items:
            raise RuntimeError("bug")
        return items

    async def main():
        batcher = MicroBatcher(process)
        with pytest.raises(RuntimeError, match="bug"):
            await batcher.submit(["boom"])
        ok = await batcher.submit(["fine"])
        batcher.close()
        return ok

    assert asyncio.run(main()) == ["fine"]


def test_each_event_loop_gets_its_own_queue():
    """A test client may run each call in a new event loop: no call may wait on a dead loop's queue."""
    batcher = MicroBatcher(lambda items: [x + 1 for x in items])
    assert [asyncio.run(batcher.submit([i])) for i in range(3)] == [[1], [2], [3]]
    batcher.close()
