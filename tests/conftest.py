from __future__ import annotations

import os

import pytest
import torch

from ae_models.data import ImageDataset, load_dataset

torch.set_num_threads(min(2, os.cpu_count() or 1))


@pytest.fixture(scope="session")
def digits_train() -> ImageDataset:
    return load_dataset("digits", "train")


@pytest.fixture(scope="session")
def digits_test() -> ImageDataset:
    return load_dataset("digits", "test")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the user's AE_DEVICE or data folder, and never download."""
    monkeypatch.delenv("AE_DEVICE", raising=False)
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path_factory.mktemp("data")))


TINY_ZOO = {  # name → (family, latent, noise, normal_class)
    "digits-ae-2": ("ae", 2, None, None),
    "digits-conv_ae-4": ("conv_ae", 4, None, None),
    "digits-conv_ae-4-denoise": ("conv_ae", 4, "gaussian:0.3", None),
    "digits-vae-4": ("vae", 4, None, None),
    "digits-oneclass-0": ("ae", 4, None, 0),
}


@pytest.fixture(scope="session")
def tiny_zoo_dir(tmp_path_factory: pytest.TempPathFactory, digits_train, digits_test):
    """A folder of small checkpoints trained on digits in a few seconds (for app tests)."""
    from ae_models.train import TrainConfig, train

    root = tmp_path_factory.mktemp("pretrained")
    for name, (family, latent, noise, normal_class) in TINY_ZOO.items():
        train(TrainConfig(model=family, dataset="digits", latent_dim=latent, epochs=3, noise=noise,
                          normal_class=normal_class, quiet=True, out=str(root / name), lr=3e-3),
              train_data=digits_train, test_data=digits_test)
    return root


@pytest.fixture
def tiny_zoo(tiny_zoo_dir, monkeypatch: pytest.MonkeyPatch):
    """Point the app and library at the tiny zoo instead of the shipped pretrained/ folder."""
    import streamlit as st

    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tiny_zoo_dir))
    st.cache_data.clear()  # the app's caches live in this process across tests
    st.cache_resource.clear()
    return tiny_zoo_dir
