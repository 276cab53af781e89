"""A short concurrent-users run (the full one is `python -m benchmarks load`): several browser
sessions at once on one server, sliders and page switches, and nothing fails."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.load import run_load
from benchmarks.serve import CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)")
def test_three_concurrent_sessions_get_no_errors(tiny_zoo_dir):
    result = run_load(sessions=3, seconds=20, env={"AE_PRETRAINED_DIR": str(tiny_zoo_dir), "AE_DEVICE": "cpu"},
                      warmup_s=5)
    assert result.errors == []
    assert result.live_ms and result.parameter_ms  # both kinds of slider moved and showed a new image
    # The server timed its run for nearly every latent slider move (each sends the code on release).
    assert len(result.release_ms) >= 0.8 * len(result.live_ms)
    assert len(result.parameter_reply_ms) >= 0.8 * len(result.parameter_ms)
    assert np.median(result.parameter_reply_ms) < np.median(result.parameter_ms)  # the browser's part is left out
    assert result.page_switches >= 1
    assert result.memory_growth < 0.5


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)")
def test_a_training_run_in_one_session_does_not_stall_another(tiny_zoo_dir):
    """One session trains model after model on the Train page (each start is a full rerun) while
    another moves sliders: every move gets its new image (a stalled reply times out after 20 s)."""
    result = run_load(sessions=1, seconds=25, env={"AE_PRETRAINED_DIR": str(tiny_zoo_dir), "AE_DEVICE": "cpu"},
                      train=True, warmup_s=0)
    assert result.training  # at least one run finished during the measurement
    assert result.errors == []
    assert len(result.live_ms) + len(result.parameter_ms) >= 5
    assert max(result.live_ms + result.parameter_ms) < 5000
    assert max(result.release_ms) < 5000
