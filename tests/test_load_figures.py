"""The load benchmark's figures: memory start and end are medians of their windows of samples, the
measurement starts after the warm-up, and the browsers get the cores only when the server leaves
them free."""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.load import Clock, LoadResult, _as_client


def test_memory_start_and_end_are_medians_of_their_windows():
    samples = [100, 300, 102, 101, 150, 200, 110, 400, 111, 109]  # two one-sample spikes
    result = LoadResult(1, 60.0, rss_samples_mb=samples, rss_window=3)
    assert result.rss_start_mb == 102 and result.rss_end_mb == 111
    assert result.memory_growth == pytest.approx(111 / 102 - 1)


def test_the_clock_measures_only_after_every_session_is_ready_and_the_warmup_is_over():
    clock = Clock(waiting=2, seconds=0.3, warmup=0.2)

    async def sessions() -> list[bool]:
        first = asyncio.create_task(clock.ready())
        await asyncio.sleep(0.05)
        assert not first.done() and not clock.measuring()  # one session is still opening pages
        await asyncio.gather(first, clock.ready())
        seen = [clock.measuring()]  # the load runs, but in its warm-up
        await asyncio.sleep(0.25)
        seen.append(clock.measuring())
        await asyncio.sleep(0.35)
        return [*seen, clock.measuring()]

    started = time.perf_counter()
    with ThreadPoolExecutor(1) as pool:  # a thread of its own: browser tests may leave a loop running here
        assert pool.submit(asyncio.run, sessions()).result() == [False, True, False]
    assert clock.deadline - clock.measure_from == pytest.approx(0.3)
    assert clock.measure_from - started >= 0.2


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling classes")
def test_the_client_side_runs_in_the_idle_class_and_the_server_side_does_not():
    """The browsers inherit the client thread's class; the server, started from another thread, not."""

    async def policy() -> int:
        return os.sched_getscheduler(0)

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(_as_client, policy()).result() == os.SCHED_IDLE
    assert os.sched_getscheduler(0) == os.SCHED_OTHER
