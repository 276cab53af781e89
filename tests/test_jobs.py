"""ae_models.jobs: background training runs, stopping them, and the registry's limit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import torch

from ae_models import CheckpointError, load_pretrained
from ae_models.jobs import BusyError, JobRegistry, TrainingJob, user_checkpoint_dir
from ae_models.train import TrainConfig, train


def small(epochs: int = 1, **kw) -> TrainConfig:
    return TrainConfig(model="conv_ae", dataset="digits", latent_dim=4, epochs=epochs, lr=3e-3, **kw)


def test_a_one_epoch_job_finishes_and_writes_a_checkpoint(digits_train, digits_test, tmp_path: Path):
    job = TrainingJob(small(1), tmp_path / "user-one", digits_train, digits_test)
    assert job.view().status == "queued"
    assert job.start().join(timeout=120)
    view = job.view()
    assert view.status == "done", view.error
    assert view.progress == 1.0 and view.checkpoint == "user-one"
    assert [r.epoch for r in view.records] == [1]
    assert [s.epoch for s in view.snapshots] == [0, 1]  # before training and after each epoch
    assert view.snapshots[-1].coords.shape == (len(view.snapshot_labels), 2)
    model = load_pretrained(tmp_path / "user-one", device="cpu")
    assert model.family == "conv_ae" and len(model.card["history"]) == 1


@pytest.mark.parametrize("family", ["ae", "conv_vae"])
def test_the_epoch_0_map_is_of_the_model_training_starts_from(digits_train, digits_test, tmp_path: Path,
                                                               family: str):
    config = TrainConfig(model=family, latent_dim=4, epochs=0, seed=7, quiet=True)
    untrained = train(config, train_data=digits_train, test_data=digits_test)
    initial = TrainingJob(config, tmp_path / "user-0", digits_train, digits_test)._initial_model(digits_train)
    assert initial.config == untrained.config
    assert all(torch.equal(v, untrained.state_dict()[k]) for k, v in initial.state_dict().items())


def test_stopping_ends_the_run_early(digits_train, digits_test, tmp_path: Path, monkeypatch):
    import ae_models.jobs as jobs

    reached = threading.Event()
    original = jobs.TrainingJob._snapshot

    def slow_snapshot(self, epoch, model, images):
        original(self, epoch, model, images)
        if epoch == 1:
            reached.set()

    monkeypatch.setattr(jobs.TrainingJob, "_snapshot", slow_snapshot)
    job = TrainingJob(small(50, patience=100), tmp_path / "user-stop", digits_train, digits_test).start()
    assert reached.wait(120)
    job.stop()
    assert job.join(timeout=120)
    view = job.view()
    assert view.status == "stopped" and len(view.records) < 50
    assert view.checkpoint == "user-stop"


def test_a_failing_job_reports_its_error(tmp_path: Path):
    job = TrainingJob(small(1, normal_class=42), tmp_path / "user-bad").start()
    assert job.join(timeout=60)
    view = job.view()
    assert view.status == "failed" and "42" in view.error and view.checkpoint is None


def test_registry_caps_concurrent_runs(digits_train, digits_test, tmp_path: Path):
    registry = JobRegistry(max_running=1)
    first = registry.submit(TrainingJob(small(50, patience=100), tmp_path / "user-a", digits_train, digits_test))
    with pytest.raises(BusyError, match="limit is 1"):
        registry.submit(TrainingJob(small(1), tmp_path / "user-b", digits_train, digits_test))
    assert registry.get(first.id) is first and registry.running() == [first]
    first.stop()
    assert first.join(timeout=120)
    registry.submit(TrainingJob(small(1), tmp_path / "user-b", digits_train, digits_test)).join(timeout=120)


def test_user_checkpoint_dir_is_safe_and_refuses_taken_names(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path))
    assert user_checkpoint_dir("../../etc/my model!") == tmp_path / "user-etc-my-model"
    (tmp_path / "user-taken").mkdir()
    with pytest.raises(CheckpointError, match="already exists"):
        user_checkpoint_dir("taken")
    with pytest.raises(CheckpointError):
        user_checkpoint_dir("../..")
