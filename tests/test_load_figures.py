"""The load benchmark's memory figure: start and end are medians of their windows of samples."""

from __future__ import annotations

import pytest

from benchmarks.load import LoadResult


def test_memory_start_and_end_are_medians_of_their_windows():
    samples = [100, 300, 102, 101, 150, 200, 110, 400, 111, 109]  # two one-sample spikes
    result = LoadResult(1, 60.0, rss_samples_mb=samples, rss_window=3)
    assert result.rss_start_mb == 102 and result.rss_end_mb == 111
    assert result.memory_growth == pytest.approx(111 / 102 - 1)
