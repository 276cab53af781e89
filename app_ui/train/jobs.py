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
FEW_IMAGES = 5000  # at most this many training images: few steps per epoch, so the larger learning rate
LARGE_DATASETS = ("mnist", "fashion-mnist")


@st.cache_resource(show_spinner=False)
def job_registry() -> JobRegistry:
    """One registry per server process, shared by all sessions and surviving reruns."""
    return JobRegistry(max_running=MAX_RUNNING)


@st.cache_data(show_spinner=False, ttl=60)
def trainable_datasets() -> list[str]:
    """digits and shapes (both made offline), plus MNIST/Fashion-MNIST when their files are already
    in the data folder."""
    found = ["digits", "shapes"]
    for name in LARGE_DATASETS:
        try:
            ensure_downloaded(name, download=False)
        except DatasetError:
            continue
        found.append(name)
    return found


def train_config(dataset: str, family: str, latent_dim: int, epochs: int, noise: float, beta: float,
                 normal_class: int | None, train_images: int | None = None, broadcast: bool = False,
                 tc_weight: float = 0.0) -> TrainConfig:
    """A run of the page's choices that takes about a minute on a CPU: MNIST-like sets and the
    user's images (`train_images` of them) train on at most `MNIST_LIMIT` images with narrower conv
    layers; β and the TC weight only for a VAE, the broadcast decoder only for a conv family, noise σ 0 = none."""
    digits = dataset == "digits"
    few = digits or (train_images is not None and train_images <= FEW_IMAGES)
    conv, variational = family.startswith("conv"), is_variational(family)
    return TrainConfig(
        model=family, dataset=dataset, latent_dim=latent_dim, epochs=epochs,
        noise=str(NoiseSpec("gaussian", noise)) if noise > 0 else None, beta=beta if variational else None,
        normal_class=normal_class,
        lr=3e-3 if few else 1e-3,  # 1,437 digits: few steps per epoch, so a larger step
        patience=epochs,  # run every requested epoch: the point is to watch them
        limit=None if digits or (train_images is not None and train_images <= MNIST_LIMIT) else MNIST_LIMIT,
        decoder="broadcast" if broadcast and conv else None, tc_weight=tc_weight if variational and tc_weight else None,
        **({} if digits or not conv else SMALL_CONV))
