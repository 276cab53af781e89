"""Data shipped with the project so the app works offline: test samples and their latent embeddings.

    sample = load_sample("mnist")                    # ImageDataset: the first 5,000 MNIST test images
    sample = load_sample("shapes")                   # the first 5,000 shapes test images, rendered
    emb = load_embedding("mnist-conv_ae-16")         # {"latents", "labels", "pca", "tsne", "umap"} or None
    emb = trusted_embedding(emb, model, sample.images)  # float32 arrays, or {} if `model` is not theirs

`assets/samples/<dataset>.npz` holds uint8 images (N, H, W) and labels (N,); `digits` needs no
file (it is scikit-learn's bundled test split) and neither does `shapes` (rendered in about a
second, or read from the data folder's cache: `shapes.py`). `assets/embeddings/<checkpoint>.npz` holds float16
arrays, all with the sample's N rows; both are written by `python -m ae_models.zoo report`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .data import FASHION_CLASSES, MNIST_CLASSES, DatasetError, ImageDataset, from_uint8, load_dataset
from .shapes import SHAPES, load_shapes

if TYPE_CHECKING:  # torch is imported where it is used: the shipped embeddings are read without it
    import torch

    from .models import Autoencoder

SAMPLE_SIZE = 5000  # images per shipped sample: the first 5,000 of the official test split
CHECKED_IMAGES = 64  # shipped latents are trusted once these many re-encode to the same codes
SAMPLE_CLASSES = {"mnist": MNIST_CLASSES, "fashion-mnist": FASHION_CLASSES, "shapes": SHAPES}
RENDERED_SAMPLES = ("shapes",)  # generated where they are used: no file in the repository


def assets_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "assets"


def sample_path(dataset: str) -> Path:
    return assets_dir() / "samples" / f"{dataset}.npz"


def embedding_path(name: str) -> Path:
    return assets_dir() / "embeddings" / f"{name}.npz"


def load_sample(dataset: str) -> ImageDataset:
    """The shipped test sample of `dataset`: images (N, C, H, W) float32 in [0, 1], labels (N,).

    mnist, fashion-mnist and shapes: the first 5,000 test images (shapes: rendered, with its
    factors); digits: the library's whole test split. Raises `DatasetError` when the dataset has no
    shipped sample or its file is missing.
    """
    if dataset == "digits":
        return load_dataset("digits", "test")
    if dataset in RENDERED_SAMPLES:
        import torch

        return load_shapes("test").subset(torch.arange(SAMPLE_SIZE))  # a copy: a slice would keep all 10,000
    if dataset not in SAMPLE_CLASSES:
        raise DatasetError(f"No shipped sample for {dataset!r}: samples exist for digits, "
                           f"{', '.join(SAMPLE_CLASSES)}.")
    path = sample_path(dataset)
    if not path.is_file():
        raise DatasetError(f"The shipped {dataset} sample {path} is missing. Restore it from the "
                           f"repository, or regenerate it with `AE_DATA_DIR=... python -m ae_models.zoo "
                           f"report` (needs the full {dataset} dataset).")
    with np.load(path) as data:
        return from_uint8(data["images"], data["labels"], dataset, SAMPLE_CLASSES[dataset])


def load_embedding(name: str) -> dict[str, np.ndarray] | None:
    """Latents of the checkpoint `name`'s shipped sample, or None when there is no file.

    Keys: `latents` (N, latent_dim; posterior means for VAEs), `labels` (N,) and the 2-D maps
    among `pca`, `tsne`, `umap` (N, 2) that were computed. Arrays are float16 except `labels`.
    """
    path = embedding_path(name)
    if not path.is_file():
        return None
    with np.load(path) as data:
        return {key: data[key] for key in data.files}


def trusted_embedding(stored: dict[str, np.ndarray] | None, model: Autoencoder, images: torch.Tensor,
                      checked: int = CHECKED_IMAGES) -> dict[str, np.ndarray]:
    """`stored` (from `load_embedding`) with float32 arrays, or {} when it does not belong to `model`
    and `images` (N, C, H, W): it needs one latent per image, and the first `checked` images must
    re-encode to the stored codes (a retrained model with the same name gets its maps recomputed)."""
    from .latent_ops import encode_all

    if not stored or "latents" not in stored or len(stored["latents"]) != len(images):
        return {}
    check = encode_all(model, images[:checked])
    latents = stored["latents"].astype(np.float32)
    scale = float(np.abs(check).max()) + 1e-6
    if check.shape != latents[:checked].shape or not np.allclose(
            check, latents[:checked], rtol=1e-2, atol=1e-2 * scale):  # stored as float16
        return {}
    return {key: value.astype(np.float32) if key != "labels" else value for key, value in stored.items()}
