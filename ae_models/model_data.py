"""Which images a checkpoint is shown with: its card names a dataset, and a dataset key adds the
model's image shape where the same dataset can be read at several sizes or in grey.

    key = dataset_key(card)        # "mnist", or "photos.zip@3x32x32" for user data
    images = shown_images(key)      # the shipped sample, else the test split at that shape
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .data import BUILTIN_DATASETS, DatasetError, ImageDataset, Split, load_dataset
from .samples import load_sample

SHAPED = re.compile(r"(?P<dataset>.+)@(?P<c>\d+)x(?P<h>\d+)x(?P<w>\d+)")  # "photos.zip@3x32x32"


def dataset_key(card: dict[str, Any]) -> str:
    """The card's `dataset` (a built-in name or a path), and for user data or a built-in set turned
    grey the model's image shape after an "@" (`photos.zip@3x32x32`), so the images come at the size
    and in the colour the model was trained on. Models share a key only when they take the same images."""
    dataset = str(card.get("dataset", "?"))
    if dataset in BUILTIN_DATASETS and not card.get("grey"):
        return dataset
    c, h, w = card["config"]["image_shape"]
    return f"{dataset}@{c}x{h}x{w}"


def parse_dataset_key(key: str) -> tuple[str, tuple[int, int, int] | None]:
    """(dataset, image shape (C, H, W) or None) of a `dataset_key`."""
    shaped = SHAPED.fullmatch(key)
    if shaped is None:
        return key, None
    return shaped["dataset"], (int(shaped["c"]), int(shaped["h"]), int(shaped["w"]))


def dataset_name(card: dict[str, Any]) -> str:
    """The short name a card's dataset is shown by: its `dataset_name`, else the last part of its
    `dataset` path (without an .npz/.zip suffix)."""
    if card.get("dataset_name"):
        return str(card["dataset_name"])
    path = Path(str(card.get("dataset", "?")))
    return path.stem if path.suffix.lower() in (".npz", ".zip") else path.name


def shown_images(key: str) -> ImageDataset:
    """The test images for a `dataset_key`: the shipped sample, else the dataset's test split (for
    user data its 80/20 split), at the key's shape when it has one."""
    dataset, shape = parse_dataset_key(key)
    if shape is None:
        try:
            return load_sample(dataset)
        except DatasetError:
            pass
    return load_split(key, "test")


def load_split(key: str, split: Split) -> ImageDataset:
    """The train or test split of a `dataset_key`'s data, at the key's shape when it has one; never
    downloads (DatasetError when the data is not in the data folder)."""
    dataset, shape = parse_dataset_key(key)
    if shape is None:
        return load_dataset(dataset, split, download=False)
    c, h, w = shape
    size = None if dataset in BUILTIN_DATASETS else (h, w)  # built-in sets have one size
    return load_dataset(dataset, split, download=False, image_size=size, grey=c == 1)
