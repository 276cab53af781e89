"""The process-wide registry of training runs and the datasets the Train page can train on."""

from __future__ import annotations

import streamlit as st

from ae_models.data import DatasetError, ensure_downloaded
from ae_models.jobs import JobRegistry

MAX_RUNNING = 1  # 2 CPU cores: a second run would halve the speed of both and of every page
MNIST_LIMIT = 6000  # training images for MNIST-like sets: ≈ 2 s per epoch on a CPU
LARGE_DATASETS = ("mnist", "fashion-mnist")


@st.cache_resource(show_spinner=False)
def job_registry() -> JobRegistry:
    """One registry per server process, shared by all sessions and surviving reruns."""
    return JobRegistry(max_running=MAX_RUNNING)


@st.cache_data(show_spinner=False, ttl=60)
def trainable_datasets() -> list[str]:
    """digits, plus MNIST/Fashion-MNIST when their files are already in the data folder."""
    found = ["digits"]
    for name in LARGE_DATASETS:
        try:
            ensure_downloaded(name, download=False)
        except DatasetError:
            continue
        found.append(name)
    return found
