"""The Train page's policy: the process-wide registry of training runs, the datasets it can train
on and the settings a run gets from the page's choices."""

from __future__ import annotations

import streamlit as st

from ae_models.data import DatasetError, ensure_downloaded
from ae_models.jobs import JobRegistry
from ae_models.models import is_variational
from ae_models.noise import NoiseSpec
from ae_models.train import TrainConfig
from ae_models.zoo import SMALL_CONV

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


def train_config(dataset: str, family: str, latent_dim: int, epochs: int, noise: float, beta: float,
                 normal_class: int | None) -> TrainConfig:
    """A run of the page's choices that takes about a minute on a CPU: MNIST-like sets train on
    their first `MNIST_LIMIT` images with narrower conv layers; β only for a VAE, noise σ 0 = none."""
    small_data = dataset == "digits"
    return TrainConfig(
        model=family, dataset=dataset, latent_dim=latent_dim, epochs=epochs,
        noise=str(NoiseSpec("gaussian", noise)) if noise > 0 else None, beta=beta if is_variational(family) else None,
        normal_class=normal_class,
        lr=3e-3 if small_data else 1e-3,  # 1,437 digits: few steps per epoch, so a larger step
        patience=epochs,  # run every requested epoch: the point is to watch them
        limit=None if small_data else MNIST_LIMIT,
        **({} if small_data or not family.startswith("conv") else SMALL_CONV))
