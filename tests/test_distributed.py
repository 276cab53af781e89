"""Training under torchrun: two CPU processes (gloo) write one checkpoint that says so and loads,
on grey and on colour data."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

import ae_models
from ae_models.checkpoints import read_card

ROOT = Path(__file__).resolve().parent.parent


def _colour_npz(folder: Path) -> str:
    """120 RGB 12×12 images in two classes (a red or a blue square on grey)."""
    rng = np.random.default_rng(0)
    images = np.full((120, 12, 12, 3), 90, dtype=np.uint8)
    labels = np.arange(120) % 2
    for image, label in zip(images, labels, strict=True):
        y, x = rng.integers(0, 6, size=2)
        image[y:y + 6, x:x + 6] = (220, 30, 30) if label == 0 else (30, 30, 220)
    path = folder / "squares.npz"
    np.savez(path, images=images, labels=labels)
    return str(path)


@pytest.mark.slow
@pytest.mark.parametrize("family, colour", [("ae", False), ("conv_ae", True)])
def test_torchrun_with_two_cpu_processes_saves_a_loadable_checkpoint(tmp_path: Path, family: str, colour: bool):
    out = tmp_path / "ddp"
    dataset = _colour_npz(tmp_path) if colour else "digits"
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
               "-m", "ae_models.train", "--model", family, "--dataset", dataset, "--epochs", "1",
               "--limit", "300", "--device", "cpu", "--quiet", "--out", str(out)]
    env = {**os.environ, "AE_DEVICE": "cpu"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    card = read_card(out)
    assert card["training"]["world_size"] == 2
    model = ae_models.load_pretrained(out, device="cpu")
    x = ae_models.load_dataset(dataset, split="test").images[:4]
    assert x.shape[1] == (3 if colour else 1) and model.image_shape == tuple(x.shape[1:])
    with torch.no_grad():
        assert torch.isfinite(model(x)).all() and model(x).shape == x.shape
