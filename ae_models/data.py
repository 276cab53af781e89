"""Datasets as tensors: `load_dataset(name, split)` for digits, MNIST, Fashion-MNIST and user images.

Every dataset is an `ImageDataset` with `.images` float32 (N, 1, H, W) in [0, 1], `.labels`
int64 (N,) and `.classes` (names). MNIST-style sets are read from the data folder
(`AE_DATA_DIR`, default `~/.cache/ae_models/data`), laid out as `mnist/train-images-idx3-ubyte.gz`,
and downloaded there when missing.

Fill the data folder from the command line:

    python -m ae_models.data download mnist
    python -m ae_models.data download fashion-mnist --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import torch

from .download import REMOTE_DATASETS, DownloadError, download_file, md5_of
from .idx import IDXError, read_idx
from .imaging import png_bytes

Split = Literal["train", "test"]

MNIST_CLASSES = tuple(str(d) for d in range(10))
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
BUILTIN_DATASETS = ("digits", "mnist", "fashion-mnist")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
MAX_IMAGE_PIXELS = 4096 * 4096  # refuse larger images before decoding them (decompression bombs)


class DatasetError(RuntimeError):
    """A dataset could not be loaded; the message says what to do about it."""


@dataclass
class ImageDataset:
    """Images (N, 1, H, W) float32 in [0, 1], labels (N,) int64 (-1 when unknown), class names."""

    name: str
    images: torch.Tensor
    labels: torch.Tensor
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.images)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.images.shape[1:])  # type: ignore[return-value]

    def subset(self, index: torch.Tensor | np.ndarray | slice) -> ImageDataset:
        return ImageDataset(self.name, self.images[index], self.labels[index], self.classes)

    def of_class(self, label: int) -> ImageDataset:
        return self.subset(self.labels == label)


def first_per_class(labels: np.ndarray | torch.Tensor) -> list[int]:
    """The index of the first image of each distinct label, in label order."""
    return [int(i) for i in np.unique(np.asarray(labels), return_index=True)[1]]


def default_data_dir() -> Path:
    if os.environ.get("AE_DATA_DIR"):
        return Path(os.environ["AE_DATA_DIR"]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "ae_models" / "data"


def from_uint8(images: np.ndarray, labels: np.ndarray | None, name: str,
               classes: tuple[str, ...]) -> ImageDataset:
    """Build a dataset from uint8 images (N, H, W) and labels (N,)."""
    tensor = torch.from_numpy(np.array(images, dtype=np.uint8)).float().div_(255.0).unsqueeze(1)
    label_tensor = (torch.full((len(images),), -1, dtype=torch.int64) if labels is None
                    else torch.from_numpy(np.asarray(labels, dtype=np.int64)))
    return ImageDataset(name, tensor, label_tensor, classes)


def load_digits_dataset(split: Split) -> ImageDataset:
    """scikit-learn's bundled 8×8 digits, a fixed 80/20 split (seed 0), pixel values 0..16 → [0, 1]."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    order = np.random.default_rng(0).permutation(len(bunch.images))
    cut = int(0.8 * len(order))
    index = order[:cut] if split == "train" else order[cut:]
    images = torch.from_numpy(bunch.images[index] / 16.0).float().unsqueeze(1)
    labels = torch.from_numpy(bunch.target[index].astype(np.int64))
    return ImageDataset("digits", images, labels, MNIST_CLASSES)


def ensure_downloaded(name: str, data_dir: Path | None = None, download: bool = True) -> Path:
    """Make sure the four IDX files of `name` are in the data folder; return that dataset's folder."""
    remote = REMOTE_DATASETS[name]
    folder = (data_dir or default_data_dir()) / name
    missing = [f for f in remote.files.values() if not (folder / f.name).exists()]
    if missing and not download:
        raise DatasetError(_missing_message(name, folder, "downloads are switched off"))
    for remote_file in missing:
        print(f"Downloading {name}/{remote_file.name} into {folder} …", file=sys.stderr)
        try:
            download_file(remote_file, remote.mirrors, folder / remote_file.name)
        except (DownloadError, OSError) as err:
            raise DatasetError(_missing_message(name, folder, f"the download failed ({err})")) from err
    return folder


def _missing_message(name: str, folder: Path, why: str) -> str:
    return (f"The {name} dataset is not in {folder} and {why}. Fill that folder with the four "
            f"files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
            f"t10k-labels-idx1-ubyte.gz) by running `python -m ae_models.data download {name}` on a "
            f"machine with internet, or point AE_DATA_DIR at a folder that has {name}/ in it "
            f"(e.g. AE_DATA_DIR=../shared/data). The bundled `digits` dataset works offline.")


def load_mnist_like(name: str, split: Split, data_dir: Path | None = None,
                    download: bool = True) -> ImageDataset:
    folder = ensure_downloaded(name, data_dir, download)
    files = REMOTE_DATASETS[name].files
    try:
        images = read_idx(folder / files[f"{split}-images"].name)
        labels = read_idx(folder / files[f"{split}-labels"].name)
    except IDXError as err:
        raise DatasetError(f"{err}. Delete the broken file and run "
                           f"`python -m ae_models.data download {name}` to fetch it again.") from err
    if images.ndim != 3 or labels.shape != (len(images),):
        raise DatasetError(f"{folder}: images {images.shape} and labels {labels.shape} do not match.")
    classes = FASHION_CLASSES if name == "fashion-mnist" else MNIST_CLASSES
    return from_uint8(images, labels, name, classes)


def image_to_array(data: bytes | Path, size: tuple[int, int] | None = (28, 28)) -> np.ndarray:
    """Decode one image file to a uint8 grayscale array (H, W), resized to `size` when given.

    Any colour mode is accepted (RGBA over white, 16-bit, palette). Raises `DatasetError`
    with a readable message for non-images, truncated files and oversized images.
    """
    from PIL import Image, UnidentifiedImageError

    raw = data.read_bytes() if isinstance(data, Path) else data
    if not raw:
        raise DatasetError("The file is empty.")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise DatasetError(f"The image is {image.width}×{image.height} pixels; the limit is "
                                   f"{MAX_IMAGE_PIXELS:,} pixels. Scale it down first.")
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                background = Image.new("RGBA", image.size, (255, 255, 255, 255))
                image = Image.alpha_composite(background, image.convert("RGBA"))
            if image.mode in ("I;16", "I;16B", "I;16L", "I"):
                array = np.asarray(image, dtype=np.float64)
                span = max(array.max() - array.min(), 1.0)
                image = Image.fromarray(((array - array.min()) / span * 255).astype(np.uint8))
            gray = image.convert("L")
            if size is not None:
                gray = gray.resize((size[1], size[0]), Image.Resampling.LANCZOS)
            return np.asarray(gray, dtype=np.uint8)
    except UnidentifiedImageError as err:  # its message is "cannot identify image file <_io.BytesIO object …>"
        raise DatasetError("This is not a readable image (Pillow does not recognise its format). "
                           "Use a PNG or JPG file.") from err
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
        raise DatasetError(f"This is not a readable image ({err}). Use a PNG or JPG file.") from err


def load_image_folder(folder: Path, size: tuple[int, int]) -> ImageDataset:
    """Images under `folder` (PNG/JPG…); sub-folder names become class labels when present."""
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not paths:
        raise DatasetError(f"No PNG/JPG images were found in {folder}.")
    class_names = sorted({p.parent.name for p in paths if p.parent != folder})
    arrays, labels = [], []
    for path in paths:
        try:
            arrays.append(image_to_array(path, size))
        except DatasetError as err:
            raise DatasetError(f"{path}: {err}") from err
        labels.append(class_names.index(path.parent.name) if path.parent != folder else -1)
    return from_uint8(np.stack(arrays), np.array(labels), folder.name, tuple(class_names))


def load_npz(path: Path, size: tuple[int, int] | None = None) -> ImageDataset:
    """An .npz with `images` (N, H, W) or (N, 1, H, W) / (N, H, W, C), uint8 or float in [0, 1],
    and optional integer `labels` (N,)."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            if "images" not in npz:
                raise DatasetError(f"{path.name} has no array called 'images' (it has {sorted(npz)}).")
            images = npz["images"]
            labels = npz.get("labels")
    except (OSError, ValueError) as err:
        raise DatasetError(f"{path.name} is not a readable .npz file ({err}).") from err
    images = _to_uint8_gray(images, path.name)
    if size is not None and images.shape[1:] != tuple(size):
        images = np.stack([image_to_array(png_bytes(im), size) for im in images])
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(images),) or not np.issubdtype(labels.dtype, np.integer):
            raise DatasetError(f"{path.name}: 'labels' must be {len(images)} integers, "
                               f"got {labels.dtype} {labels.shape}.")
        if labels.min() < 0:
            raise DatasetError(f"{path.name}: labels must be ≥ 0.")
    classes = tuple(str(c) for c in range(int(labels.max()) + 1)) if labels is not None else ()
    return from_uint8(images, labels, path.stem, classes)


def _to_uint8_gray(images: np.ndarray, source: str) -> np.ndarray:
    """Bring (N, H, W), (N, 1, H, W) or (N, H, W, 1|3|4) arrays to uint8 (N, H, W)."""
    if images.ndim == 4 and images.shape[1] in (1, 3, 4) and images.shape[-1] not in (1, 3, 4):
        images = np.moveaxis(images, 1, -1)
    if images.ndim == 4 and images.shape[-1] in (1, 3, 4):
        images = images[..., :3].mean(axis=-1) if images.shape[-1] > 1 else images[..., 0]
    if images.ndim != 3 or min(images.shape) == 0:
        raise DatasetError(f"{source}: 'images' must have shape (N, H, W) or (N, H, W, C); "
                           f"got {images.shape}.")
    if images.dtype == np.uint8:
        return images
    if not np.issubdtype(images.dtype, np.number):
        raise DatasetError(f"{source}: 'images' must be numeric, got {images.dtype}.")
    images = images.astype(np.float64)
    if not np.isfinite(images).all():
        raise DatasetError(f"{source}: 'images' contains NaN or infinite values.")
    scale = 255.0 if images.max() <= 1.0 else 1.0
    return np.clip(images * scale, 0, 255).round().astype(np.uint8)



def load_dataset(name: str, split: Split = "train", data_dir: str | Path | None = None,
                 download: bool = True, image_size: tuple[int, int] = (28, 28)) -> ImageDataset:
    """Load a dataset by name (`digits`, `mnist`, `fashion-mnist`) or by path (image folder or .npz).

    `split` picks the standard train or test split of the built-in sets; user data has one split.
    `image_size` (H, W) applies to image folders, and to .npz files whose size differs.
    """
    if split not in ("train", "test"):
        raise DatasetError(f"split must be 'train' or 'test', not {split!r}.")
    folder = Path(data_dir).expanduser() if data_dir is not None else None
    if name == "digits":
        return load_digits_dataset(split)
    if name in REMOTE_DATASETS:
        return load_mnist_like(name, split, folder, download)
    path = Path(name).expanduser()
    if path.is_dir():
        return load_image_folder(path, image_size)
    if path.suffix == ".npz" and path.is_file():
        return load_npz(path, image_size)
    raise DatasetError(f"Unknown dataset {name!r}: use one of {', '.join(BUILTIN_DATASETS)}, "
                       "a folder of PNG/JPG images, or an .npz file with an 'images' array.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_models.data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    get = sub.add_parser("download", help="download a dataset into the data folder and check MD5s")
    get.add_argument("name", choices=sorted(REMOTE_DATASETS))
    get.add_argument("--data-dir", type=Path, default=None,
                     help="the data folder (default: $AE_DATA_DIR or ~/.cache/ae_models/data)")
    args = parser.parse_args(argv)
    try:
        folder = ensure_downloaded(args.name, args.data_dir)
    except DatasetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for remote in REMOTE_DATASETS[args.name].files.values():
        ok = md5_of(folder / remote.name) == remote.md5
        print(f"{'ok ' if ok else 'BAD'} {folder / remote.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
