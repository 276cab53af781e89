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
