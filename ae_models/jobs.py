"""Background training runs: a `TrainingJob` trains one model in a daemon thread and records what
a UI wants to show while it runs (epoch losses, a 2-D map of a fixed subset's latents after every
epoch); a `JobRegistry` holds the jobs of a process and caps how many run at once.

    job = TrainingJob(TrainConfig(model="conv_ae", dataset="digits", epochs=5),
                      out=user_checkpoint_dir("my model"))
    registry.submit(job)            # starts the thread; BusyError when too many are running
    job.view()                      # a consistent copy of the state, safe to read from any thread
    job.stop()                      # ends after the current batch, keeping the best epoch

Everything a job shares with other threads is guarded by its lock; readers get frozen copies.
The Train page's models go to `user_checkpoint_dir` (`user-<name>` in the user models folder,
`AE_MODELS_DIR`, capped by `AE_USER_MODELS_MAX_MB`: see `ae_models.user_models`). A run writes into
a hidden staging folder beside it, renamed onto it when the run ends: the model appears whole or not
at all, and a run that dies leaves nothing in the pickers.
"""

from __future__ import annotations

import dataclasses
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import torch
from sklearn.decomposition import PCA

from .checkpoints import CARD_FILE
from .data import ImageDataset, load_dataset
from .models import Autoencoder, build_model
from .train import EpochRecord, TrainConfig, model_overrides, train
from .user_models import UserModelsFull, new_model_dir, publish, staging_dir  # noqa: F401  (the Train page catches it)

Status = Literal["queued", "running", "done", "stopped", "failed"]
SNAPSHOT_IMAGES = 500  # images whose latents are mapped after every epoch


class BusyError(RuntimeError):
    """Too many training runs are going on at once; try again when one has finished."""


def user_checkpoint_dir(name: str) -> Path:
    """The folder the Train page saves the model `name` to: `models_dir()/user-<safe name>`, never
    a shipped name or folder. Raises CheckpointError when the name is unusable or already taken,
    and UserModelsFull when the user models already fill their space (`user_models.check_space`)."""
    return new_model_dir(name)


def preflight(config: TrainConfig, image_shape: tuple[int, int, int]) -> None:
    """Build (and drop) the model `config` would train on images of `image_shape` (C, H, W), so
    that a size or option the family cannot take is refused before a run starts (ValueError)."""
    build_model(config.model, **model_overrides(config, image_shape))


@dataclass(frozen=True)
class DataOverview:
    """What the Train page shows of a dataset before training on it."""

    name: str  # short display name
    image_shape: tuple[int, int, int]  # (C, H, W) of every image
    sizes: tuple[int, int]  # images in the train and test splits
    classes: tuple[str, ...]
    counts: tuple[tuple[int, int], ...]  # (label, images in both splits) per label present; -1 = no class
    preview: torch.Tensor  # (K, C, H, W) in [0, 1]: a block of `per_class` images per previewed label
    preview_labels: tuple[int, ...]  # the label of each block, in order
    per_class: int  # a multiple of PREVIEW_COLUMNS


PREVIEW_COLUMNS = 8
PREVIEW_CLASSES = 10  # classes shown in the preview (all are counted)


def data_overview(train: ImageDataset, test: ImageDataset) -> DataOverview:
    """Class counts of both splits and a preview of the first training images of each label: a
    block of one row of `PREVIEW_COLUMNS` per label (up to four rows when there are fewer than four
    labels), padded with white, for the first `PREVIEW_CLASSES` labels."""
    labels = np.concatenate([train.labels.numpy(), test.labels.numpy()])
    present = [int(k) for k in np.unique(labels)]
    shown = present[:PREVIEW_CLASSES]
    per_class = PREVIEW_COLUMNS * max(1, 4 // len(shown))
    blocks = []
    for k in shown:
        block = train.images[np.flatnonzero(train.labels.numpy() == k)[:per_class]]
        blocks += [block, torch.ones(per_class - len(block), *train.image_shape)]
    return DataOverview(train.name, train.image_shape, (len(train), len(test)), train.classes,
                        tuple((k, int((labels == k).sum())) for k in present), torch.cat(blocks), tuple(shown),
                        per_class)


@dataclass(frozen=True)
class Snapshot:
    """The 2-D PCA map of the snapshot images' latents after `epoch` (0 = before training)."""

    epoch: int
    coords: np.ndarray  # (M, 2)
    explained: float  # share of the latents' variance the two axes show


@dataclass(frozen=True)
class JobView:
    """A frozen copy of a job's state for display."""

    id: str
    name: str
    config: TrainConfig
    status: Status
    records: tuple[EpochRecord, ...]
    snapshots: tuple[Snapshot, ...]
    snapshot_labels: np.ndarray  # (M,) classes of the snapshot images
    classes: tuple[str, ...]  # the names of those classes (the dataset's)
    error: str | None
    checkpoint: str | None  # the model's folder name once the run has ended with one
    elapsed_s: float

    @property
    def finished(self) -> bool:
        return self.status in ("done", "stopped", "failed")

    @property
    def progress(self) -> float:
        """Share of the requested epochs done, in [0, 1] (1 once finished)."""
        return 1.0 if self.finished else len(self.records) / max(self.config.epochs, 1)


@torch.no_grad()
def latent_map(model: Autoencoder, images: torch.Tensor, previous: np.ndarray | None = None
               ) -> tuple[np.ndarray, float]:
    """PCA of the latents of `images` to 2-D (M, 2) and the variance share it shows.

    Axis signs are flipped to agree with `previous` (the last epoch's map), so the map does not
    mirror itself from one epoch to the next while the latent space forms.
    """
    was_training = model.training
    model.eval()
    latents = model.encode(images.to(model.device)).double().cpu().numpy()
    model.train(was_training)
    pca = PCA(n_components=min(2, latents.shape[1]), random_state=0)
    coords = pca.fit_transform(latents)
    if coords.shape[1] < 2:
        coords = np.hstack([coords, np.zeros((len(coords), 2 - coords.shape[1]))])
    if previous is not None:
        for axis in range(2):
            if np.dot(coords[:, axis], previous[:, axis]) < 0:
                coords[:, axis] *= -1
    return coords, float(pca.explained_variance_ratio_.sum())


class TrainingJob:
    """One training run in a daemon thread, writing its checkpoint to `out`.

    Args:
        config: what to train (`out` is taken from the argument, `quiet` is forced on).
        out: checkpoint folder (see `user_checkpoint_dir`); written when the run ends.
        train_data, test_data: the data; loaded by name (no download) in the thread when None.
    """

    def __init__(self, config: TrainConfig, out: str | Path, train_data: ImageDataset | None = None,
                 test_data: ImageDataset | None = None) -> None:
        self.id = uuid.uuid4().hex[:12]
        self.out = Path(out)
        self.name = self.out.name
        self._staged = staging_dir(self.out)  # where `train` saves each best epoch until the run ends
        self.config = dataclasses.replace(config, out=str(self._staged), quiet=True)
        self._train_data, self._test_data = train_data, test_data
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._status: Status = "queued"
        self._records: list[EpochRecord] = []
        self._snapshots: list[Snapshot] = []
        self._labels = np.zeros(0, dtype=np.int64)
        self._classes: tuple[str, ...] = ()
        self._error: str | None = None
        self._checkpoint: str | None = None
        self._started: float | None = None
        self._ended: float | None = None
        self._thread: threading.Thread | None = None

    # --- control ----------------------------------------------------------------
    def start(self) -> TrainingJob:
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("This job was started already.")
            self._status, self._started = "running", time.time()
            self._thread = threading.Thread(target=self._run, name=f"train-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Ask the run to end after the current batch; the best epoch so far is kept."""
        self._stop.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread; True when it has finished."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.view().finished

    def view(self) -> JobView:
        with self._lock:
            end = self._ended or time.time()
            return JobView(self.id, self.name, self.config, self._status, tuple(self._records),
                           tuple(self._snapshots), self._labels, self._classes, self._error, self._checkpoint,
                           end - self._started if self._started else 0.0)

    # --- the thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            train_data, test_data = self._train_data, self._test_data
            if train_data is None:
                train_data = load_dataset(self.config.dataset, "train", download=False)
            if test_data is None:
                test_data = load_dataset(self.config.dataset, "test", download=False)
            probe = test_data.subset(slice(0, SNAPSHOT_IMAGES))
            with self._lock:
                self._labels, self._classes = probe.labels.numpy().copy(), test_data.classes
            self._snapshot(0, self._initial_model(train_data), probe.images)

            def on_epoch(record: EpochRecord, model: Autoencoder) -> None:
                with self._lock:
                    self._records.append(record)
                self._snapshot(record.epoch, model, probe.images)

            train(self.config, on_epoch=on_epoch, stop=self._stop, train_data=train_data, test_data=test_data)
            status: Status = "stopped" if self._stop.is_set() else "done"
            error = None
        except Exception as err:  # a thread boundary: every failure becomes a message for the UI
            status, error = "failed", f"{type(err).__name__}: {err}"
        try:
            if self._staged.joinpath(CARD_FILE).is_file():  # also a failed run's best epoch so far
                publish(self._staged, self.out)
        except OSError as err:  # CheckpointError included: the name was taken meanwhile
            status, error = "failed", f"{type(err).__name__}: {err}"
        finally:
            shutil.rmtree(self._staged, ignore_errors=True)
        with self._lock:
            self._status, self._error, self._ended = status, error, time.time()
            self._checkpoint = self.name if self.out.joinpath(CARD_FILE).is_file() else None

    def _initial_model(self, data: ImageDataset) -> Autoencoder:
        """The untrained model `train` starts from (same seed, same config), for the epoch-0 map."""
        torch.manual_seed(self.config.seed)
        return build_model(self.config.model, **model_overrides(self.config, data.image_shape))

    def _snapshot(self, epoch: int, model: Autoencoder, images: torch.Tensor) -> None:
        with self._lock:
            previous = self._snapshots[-1].coords if self._snapshots else None
        coords, explained = latent_map(model, images, previous)
        with self._lock:
            self._snapshots.append(Snapshot(epoch, coords, explained))


class JobRegistry:
    """The training runs of one process, at most `max_running` at a time."""

    def __init__(self, max_running: int = 1, keep: int = 20) -> None:
        self.max_running, self.keep = max_running, keep
        self._jobs: dict[str, TrainingJob] = {}
        self._lock = threading.Lock()

    def running(self) -> list[TrainingJob]:
        with self._lock:
            jobs = list(self._jobs.values())
        return [job for job in jobs if not job.view().finished]

    def submit(self, job: TrainingJob) -> TrainingJob:
        """Register and start `job`; BusyError when `max_running` runs are going on."""
        with self._lock:
            active = [j for j in self._jobs.values() if not j.view().finished]
            if len(active) >= self.max_running:
                raise BusyError(f"{len(active)} training run(s) are going on already on this server "
                                f"(the limit is {self.max_running}). Try again when one has finished.")
            if any(j.name == job.name for j in active):
                raise BusyError(f"A run called {job.name!r} is going on already.")
            finished = [k for k, j in self._jobs.items() if j.view().finished]
            for key in finished[: max(0, len(self._jobs) - self.keep + 1)]:
                del self._jobs[key]
            self._jobs[job.id] = job
            job.start()
        return job

    def get(self, job_id: str | None) -> TrainingJob | None:
        with self._lock:
            return self._jobs.get(job_id) if job_id else None
