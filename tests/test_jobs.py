"""ae_models.jobs: background training runs, stopping them, the registry's limit, the user models
folder (its names and size cap) and the overview of a dataset before a run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import torch

from ae_models import CheckpointError, load_pretrained
from ae_models.checkpoints import USER_PREFIX, list_user_models, models_dir
from ae_models.data import ImageDataset
from ae_models.jobs import (
    PREVIEW_COLUMNS,
    BusyError,
    JobRegistry,
    TrainingJob,
    UserModelsFull,
    data_overview,
    preflight,
    user_checkpoint_dir,
)
from ae_models.train import TrainConfig, train
from ae_models.user_models import USER_MODELS_MAX_ENV, max_bytes, model_sizes


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


def test_user_checkpoint_dir_is_safe_and_refuses_taken_names():
    root = models_dir()
    assert user_checkpoint_dir("../../etc/my model!") == root / "user-etc-my-model"
    (root / "user-taken").mkdir(parents=True)
    with pytest.raises(CheckpointError, match="already exists"):
        user_checkpoint_dir("taken")
    with pytest.raises(CheckpointError, match="already exists"):
        user_checkpoint_dir("user-taken")  # the prefix is not doubled
    with pytest.raises(CheckpointError):
        user_checkpoint_dir("../..")


def test_the_user_models_folder_is_never_the_shipped_one(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path / "pretrained"))
    for inside in ("pretrained", "pretrained/sub", "pretrained/./sub/.."):
        monkeypatch.setenv("AE_MODELS_DIR", str(tmp_path / inside))
        with pytest.raises(CheckpointError, match="shipped checkpoints"):
            user_checkpoint_dir("x")
    monkeypatch.delenv("AE_MODELS_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert models_dir() == tmp_path / "home" / ".cache" / "ae_models" / "models"  # the default


def test_a_shipped_model_name_gets_the_user_prefix_and_the_shipped_folder_is_untouched(
        digits_train, digits_test, tmp_path: Path, monkeypatch):
    from ae_models.zoo import MANIFEST

    assert not [e.name for e in MANIFEST if e.name.startswith(USER_PREFIX)]  # the prefix keeps the two apart
    shipped = tmp_path / "digits-ae-2"
    shipped.mkdir()
    (shipped / "card.json").write_text("{}")
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path))
    out = user_checkpoint_dir("digits-ae-2")
    assert out == models_dir() / "user-digits-ae-2"
    assert TrainingJob(small(1), out, digits_train, digits_test).start().join(timeout=120)
    assert (out / "card.json").is_file() and (shipped / "card.json").read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digits-ae-2"] and list(shipped.iterdir()) == [
        shipped / "card.json"]
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # saves went through atomic renames
    assert sorted(p.name for p in models_dir().iterdir()) == ["user-digits-ae-2"]  # no staging folder left
    assert load_pretrained("user-digits-ae-2", device="cpu").family == "conv_ae"  # found by its name


def test_a_run_appears_whole_when_it_ends_and_a_failed_one_leaves_nothing(digits_train, digits_test, monkeypatch):
    import ae_models.jobs as jobs

    seen_during_run = []
    original = jobs.TrainingJob._snapshot

    def look(self, epoch, model, images):
        original(self, epoch, model, images)
        seen_during_run.append(list_user_models())

    monkeypatch.setattr(jobs.TrainingJob, "_snapshot", look)
    job = TrainingJob(small(2, patience=5), user_checkpoint_dir("whole"), digits_train, digits_test)
    assert job.start().join(timeout=120)
    assert seen_during_run == [[], [], []]  # epoch 0, 1, 2: saved in staging, not yet a model
    assert list_user_models() == ["user-whole"] and job.view().checkpoint == "user-whole"
    failed = TrainingJob(small(1, normal_class=42), user_checkpoint_dir("broken")).start()
    assert failed.join(timeout=60) and failed.view().status == "failed"
    assert sorted(p.name for p in models_dir().iterdir()) == ["user-whole"]


def test_the_user_models_folder_has_a_size_cap_with_a_message_saying_how_to_free_space(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path))
    root = models_dir()
    assert max_bytes() == 500 * 1_000_000
    for name, size in (("user-big", 3_000_000), ("user-small", 1_000_000)):
        (root / name).mkdir(parents=True)
        (root / name / "weights.safetensors").write_bytes(bytes(size))
    (tmp_path / "mnist-conv_ae-16").mkdir()  # shipped models do not count
    (tmp_path / "mnist-conv_ae-16" / "weights.safetensors").write_bytes(bytes(9_000_000))
    assert model_sizes() == {"user-big": 3_000_000, "user-small": 1_000_000}
    monkeypatch.setenv(USER_MODELS_MAX_ENV, "5")
    assert user_checkpoint_dir("next") == root / "user-next"  # 4 MB of 5: a run may start
    monkeypatch.setenv(USER_MODELS_MAX_ENV, "4")
    with pytest.raises(UserModelsFull) as err:
        user_checkpoint_dir("next")
    message = str(err.value)
    assert "4.0 MB" in message and "4 MB" in message and USER_MODELS_MAX_ENV in message
    assert str(root) in message and "user-big (3.0 MB)" in message and "deleting" in message
    assert isinstance(err.value, CheckpointError)
    for bad in ("lots", "-1", "nan"):
        monkeypatch.setenv(USER_MODELS_MAX_ENV, bad)
        with pytest.raises(CheckpointError, match="must be a number of megabytes"):
            user_checkpoint_dir("next")


def test_preflight_refuses_an_option_the_family_does_not_have():
    preflight(small(1), (3, 16, 16))
    with pytest.raises(ValueError, match="channels"):
        preflight(TrainConfig(model="ae", channels=(8, 16)), (3, 16, 16))


def test_the_overview_counts_classes_and_previews_the_first_images_of_each():
    images = torch.rand(30, 3, 8, 8)
    labels = torch.tensor([0] * 20 + [1] * 7 + [-1] * 3)
    train = ImageDataset("pets", images[:25], labels[:25], ("cat", "dog"))
    test = ImageDataset("pets", images[25:], labels[25:], ("cat", "dog"))
    view = data_overview(train, test)
    assert (view.name, view.image_shape, view.sizes, view.classes) == ("pets", (3, 8, 8), (25, 5), ("cat", "dog"))
    assert view.counts == ((-1, 3), (0, 20), (1, 7))
    assert view.preview_labels == (-1, 0, 1) and view.per_class == PREVIEW_COLUMNS  # 3 labels: one row each
    assert view.preview.shape == (3 * PREVIEW_COLUMNS, 3, 8, 8)
    block = view.preview[PREVIEW_COLUMNS:2 * PREVIEW_COLUMNS]
    assert torch.equal(block, images[:PREVIEW_COLUMNS])  # the first cats, in order
    assert torch.equal(view.preview[:PREVIEW_COLUMNS][0], torch.ones(3, 8, 8))  # no unlabelled image in train
    dogs = view.preview[2 * PREVIEW_COLUMNS:]
    assert torch.equal(dogs[:5], images[20:25]) and torch.equal(dogs[5:], torch.ones(3, 3, 8, 8))  # white-padded
    one = data_overview(train.subset(slice(0, 20)), test.subset(slice(0, 0)))
    assert one.per_class == 4 * PREVIEW_COLUMNS and one.preview.shape[0] == 4 * PREVIEW_COLUMNS


def test_the_job_view_carries_the_datasets_class_names(tmp_path: Path):
    images, labels = torch.rand(60, 3, 8, 8), torch.arange(60) % 2
    train = ImageDataset("pets", images[:50], labels[:50], ("cat", "dog"))
    test = ImageDataset("pets", images[50:], labels[50:], ("cat", "dog"))
    config = TrainConfig(model="ae", latent_dim=2, epochs=1, hidden=(16,))
    job = TrainingJob(config, tmp_path / "user-pets", train, test)
    assert job.start().join(timeout=120)
    view = job.view()
    assert view.status == "done", view.error
    assert view.classes == ("cat", "dog") and list(view.snapshot_labels) == list(labels[50:])
    assert load_pretrained(tmp_path / "user-pets", device="cpu").image_shape == (3, 8, 8)
