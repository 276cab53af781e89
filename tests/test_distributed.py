"""Training under torchrun: two CPU processes (gloo) write one checkpoint that says so and loads."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import ae_models
from ae_models.checkpoints import read_card

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_torchrun_with_two_cpu_processes_saves_a_loadable_checkpoint(tmp_path: Path):
    out = tmp_path / "ddp"
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
               "-m", "ae_models.train", "--model", "ae", "--dataset", "digits", "--epochs", "1",
               "--limit", "300", "--device", "cpu", "--quiet", "--out", str(out)]
    env = {**os.environ, "AE_DEVICE": "cpu"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    card = read_card(out)
    assert card["training"]["world_size"] == 2
    model = ae_models.load_pretrained(out, device="cpu")
    x = ae_models.load_dataset("digits", split="test").images[:4]
    assert model(x).shape == x.shape
    assert torch.isfinite(model(x)).all()
