"""Which images a map can show, without reading them or importing torch: the point sets (the
shipped sample, the whole test split, train + test), whether their files are in the data folder
(and how to get them when not) and how many images they have. The Latent Map's settings, drawn
before a cold start imports torch, ask this; `map_store` reads the images."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from . import samples
from .data import default_data_dir, load_dataset
from .download import REMOTE_DATASETS
from .model_data import parse_dataset_key, shown_images

PointSet = Literal["sample", "test", "all"]
POINT_SETS: tuple[str, ...] = ("sample", "test", "all")
SPLITS = {"test": ("test",), "all": ("train", "test")}  # the splits a whole point set is made of


@dataclass(frozen=True)
class MissingData:
    """Why a point set cannot be shown: the folder its files should be in, and the command that
    downloads them (None for the user's own data)."""

    folder: Path
    command: str | None = None


def missing_data(key: str, points: PointSet) -> MissingData | None:
    """None when the point set's images are at hand (the sample always is), else where they should be.
    Cheap: it looks for files, it reads none."""
    dataset, _ = parse_dataset_key(key)
    if points == "sample" or dataset in ("digits", "shapes"):  # bundled, or rendered on demand
        return None
    if dataset in REMOTE_DATASETS:
        folder = default_data_dir() / dataset
        files = REMOTE_DATASETS[dataset].files
        needed = [files[f"{split}-{part}"].name for split in SPLITS[points] for part in ("images", "labels")]
        present = all((folder / name).is_file() for name in needed)
        return None if present else MissingData(folder, f"python -m ae_models.data download {dataset}")
    path = Path(dataset).expanduser()
    return None if path.exists() else MissingData(path)


def point_count(key: str, points: PointSet) -> int | None:
    """How many images a whole point set has, when that is cheap to know (built-in datasets: from
    the IDX labels' header); None otherwise or when the data is missing."""
    dataset, _ = parse_dataset_key(key)
    if points == "sample" or missing_data(key, points) is not None:
        return None
    if dataset == "shapes":
        from .shapes import SPLIT_SIZES

        return sum(SPLIT_SIZES[split] for split in SPLITS[points])
    if dataset == "digits":
        return sum(len(load_dataset("digits", split).labels) for split in SPLITS[points])  # type: ignore[arg-type]
    if dataset not in REMOTE_DATASETS:
        return None
    total = 0
    for split in SPLITS[points]:
        path = default_data_dir() / dataset / REMOTE_DATASETS[dataset].files[f"{split}-labels"].name
        try:
            with gzip.open(path) if path.suffix == ".gz" else open(path, "rb") as handle:
                header = handle.read(8)  # magic (4 bytes), then the count: big-endian uint32
        except (OSError, EOFError):
            return None
        total += int.from_bytes(header[4:8], "big")
    return total


def sample_size(key: str) -> int:
    """How many images the sample of a `dataset_key` has (the sample the pages show): read from the
    shipped file's labels or known for a rendered sample, so it loads no images (and no torch)."""
    dataset, shape = parse_dataset_key(key)
    if shape is None and dataset in samples.RENDERED_SAMPLES:
        return samples.SAMPLE_SIZE
    path = samples.sample_path(dataset)
    if shape is None and dataset in samples.SAMPLE_CLASSES and path.is_file():
        with np.load(path) as data:
            return len(data["labels"])
    return len(shown_images(key))  # loads the images: digits, a user's data
