"""Worker processes: forked warm from the caller, kept between calls, started again after a death."""

import os
import signal
import sys
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from helpers.scoring import workers

forked = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
#: What the warm-up loaded, in the process that ran it; a forked worker sees the caller's.
_LOADED: dict[str, int] = {}
_WARM_UPS: list[int] = []


@pytest.fixture(autouse=True)
def _no_pool_left():
    workers.shutdown()
    _LOADED.clear()
    _WARM_UPS.clear()
    yield
    workers.shutdown()


def _warm_up() -> None:
    _LOADED["by"] = os.getpid()
    _WARM_UPS.append(os.getpid())


def _block(start: int, stop: int, scale: int = 1) -> tuple[int, int | None, int]:
    """This worker's pid, the pid that loaded what it sees, and the block's sum."""
    return os.getpid(), _LOADED.get("by"), scale * sum(range(start, stop))


def _dies(start: int) -> int:
    if start == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return start


def _slow_block(start: int, stop: int) -> tuple[int, int | None, int]:
    time.sleep(0.3)  # both workers get a block
    return _block(start, stop)


def _slow(start: int) -> int:
    time.sleep(0.4)
    return start


def _fails(start: int) -> int:
    if start == 1:
        raise ValueError(f"block {start} is bad")
    return start


def test_blocks_come_back_in_order_with_the_keywords():
    blocks = [(i, i + 10) for i in range(0, 100, 10)]
    got = workers.map_blocks(_block, blocks, 2, key="m", warm_up=_warm_up, scale=3)
    assert [sum_ for _, _, sum_ in got] == [3 * sum(range(a, b)) for a, b in blocks]


@forked
def test_workers_are_forked_once_warm_and_kept_for_the_same_key():
    first = workers.map_blocks(_block, [(i, i + 1) for i in range(8)], 2, key="m", warm_up=_warm_up)
    assert _WARM_UPS == [os.getpid()]  # the warm-up ran here, once
    assert {loaded for _, loaded, _ in first} == {os.getpid()}  # workers see what this process loaded
    assert os.getpid() not in {pid for pid, _, _ in first}
    pool = workers._pool
    second = workers.map_blocks(_block, [(i, i + 1) for i in range(8)], 2, key="m", warm_up=_warm_up)
    # No second warm-up: the same pool (it may fork its second worker only now, when the first is busy).
    assert _WARM_UPS == [os.getpid()] and workers._pool is pool
    assert {loaded for _, loaded, _ in second} == {os.getpid()}
    other = workers.map_blocks(_block, [(i, i + 1) for i in range(8)], 2, key="another model", warm_up=_warm_up)
    assert len(_WARM_UPS) == 2 and not {pid for pid, _, _ in other} & {pid for pid, _, _ in first}


@forked
def test_a_dead_worker_fails_the_call_and_the_next_call_forks_new_ones():
    before = {pid for pid, _, _ in workers.map_blocks(_block, [(0, 1), (1, 2)], 2, key="m", warm_up=_warm_up)}
    with pytest.raises(BrokenProcessPool):
        workers.map_blocks(_dies, [(i,) for i in range(6)], 2, key="m", warm_up=_warm_up)
    after = workers.map_blocks(_block, [(0, 1), (1, 2)], 2, key="m", warm_up=_warm_up)
    assert [s for _, _, s in after] == [0, 1] and not {pid for pid, _, _ in after} & before


def test_an_error_in_a_block_is_raised_and_the_workers_stay_usable():
    with pytest.raises(ValueError, match="block 1 is bad"):
        workers.map_blocks(_fails, [(i,) for i in range(4)], 2, key="m", warm_up=_warm_up)
    assert workers.map_blocks(_fails, [(0,), (2,)], 2, key="m", warm_up=_warm_up) == [0, 2]


def test_without_fork_fresh_interpreters_give_the_same_results(monkeypatch):
    monkeypatch.setattr(workers, "forks", lambda: False)
    blocks = [(i, i + 5) for i in range(0, 20, 5)]
    got = workers.map_blocks(_block, blocks, 2, key="m", warm_up=_warm_up)
    assert [s for _, _, s in got] == [sum(range(a, b)) for a, b in blocks]
    assert _WARM_UPS == [] and {loaded for _, loaded, _ in got} == {None}  # each worker loads for itself


@forked
def test_idle_workers_stop_and_a_call_at_work_is_never_stopped(monkeypatch):
    monkeypatch.setattr(workers, "IDLE_SECONDS", 0.2)
    first = {pid for pid, _, _ in workers.map_blocks(_block, [(0, 1), (1, 2)], 2, key="m", warm_up=_warm_up)}
    # The next call starts before the idle time is out and outlasts it: its workers are kept.
    assert workers.map_blocks(_slow, [(i,) for i in range(4)], 2, key="m", warm_up=_warm_up) == [0, 1, 2, 3]
    assert len(_WARM_UPS) == 1
    time.sleep(1.0)  # idle: the workers stop
    assert workers._pool is None
    for pid in first:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    again = workers.map_blocks(_block, [(0, 1), (1, 2)], 2, key="m", warm_up=_warm_up)
    assert len(_WARM_UPS) == 2 and not {pid for pid, _, _ in again} & first


@forked
def test_a_worker_killed_between_calls_is_replaced_and_the_next_call_succeeds():
    first = {pid for pid, _, _ in workers.map_blocks(_slow_block, [(0, 1), (1, 2)], 2, key="m", warm_up=_warm_up)}
    assert len(first) == 2
    for pid in first:
        os.kill(pid, signal.SIGKILL)  # while idle, as the kernel's out-of-memory killer would
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the pool learns of the deaths from its own thread
        try:  # a probe waited for, not cancelled: cancelling races the pool's thread (CPython gh-107219)
            workers._pool[1].submit(int).result(timeout=1)
        except BrokenProcessPool:
            break
        except TimeoutError:
            pass
        time.sleep(0.05)
    again = workers.map_blocks(_block, [(0, 1), (1, 2)], 2, key="m", warm_up=_warm_up)
    assert [s for _, _, s in again] == [0, 1] and not {pid for pid, _, _ in again} & first
    assert len(_WARM_UPS) == 2  # the new workers were forked warm
