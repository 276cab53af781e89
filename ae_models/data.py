"""Datasets as tensors: `load_dataset(name, split)` for the built-in sets and the user's images.

Every dataset is an `ImageDataset` with `.images` float32 (N, C, H, W) in [0, 1] (C = 1 grey or
3 RGB), `.labels` int64 (N,) and `.classes` (names); `.name` is a short display name (the folder,
`.npz` or `.zip` stem, or the built-in name), never a path.

Built-in: `digits` (scikit-learn's 8×8 digits, offline), `mnist` and `fashion-mnist` (read from
the data folder, `AE_DATA_DIR`, default `~/.cache/ae_models/data`, laid out as
`mnist/train-images-idx3-ubyte.gz`, and downloaded there when missing) and `shapes` (procedural
64×64 RGB shapes with known factors, `shapes.py`).

The user's data (see `load_dataset`): a folder of images (sub-folders = classes), a `.zip` of one,
or an `.npz`. Colour is kept unless `grey=True`; images are brought to one size by `fit_to`; the
train/test split is fixed and stated (`FOLDER_SPLIT`, `NPZ_SPLIT`).

Fill the data folder from the command line:

    python -m ae_models.data download mnist
    python -m ae_models.data download fashion-mnist --data-dir ../shared/data
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal

import numpy as np

from .download import REMOTE_DATASETS, DownloadError, download_file, md5_of
from .idx import IDXError, read_idx

if TYPE_CHECKING:  # torch is imported where tensors are made: the names and constants here are read without it
    import torch
    from PIL import Image

Split = Literal["train", "test"]

MNIST_CLASSES = tuple(str(d) for d in range(10))
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
BUILTIN_DATASETS = ("digits", "mnist", "fashion-mnist", "shapes")
FACTOR_DATASETS = ("shapes",)  # rendered from known factors: their datasets carry `factors`
# (C, H, W) of each built-in set, known without loading it (shapes renders 70,000 images on first use)
BUILTIN_IMAGE_SHAPES = {"digits": (1, 8, 8), "mnist": (1, 28, 28), "fashion-mnist": (1, 28, 28), "shapes": (3, 64, 64)}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp")
MAX_IMAGE_PIXELS = 4096 * 4096  # refuse larger images before decoding them (decompression bombs)
MAX_SIDE = 128  # default size of user images: their most common size, scaled down to fit 128×128
MIN_IMAGES = 50  # fewer cannot be split 80/20 into a useful training and test set
TEST_FRACTION = 0.2
FOLDER_SPLIT = ("test = the files whose SHA-256 of their path inside the folder (POSIX, e.g. 'cat/1.png'), "
                "read as a number from its first 8 hex digits, is divisible by 5 (about 20%); train = the "
                "rest. Adding or removing files never moves the others.")
NPZ_SPLIT = "a permutation of the image indices with seed 0: the first 80% train, the last 20% test."

_SINGLE_CHANNEL_MODES = ("1", "L", "LA", "La", "F", "I", "I;16", "I;16B", "I;16L", "I;16N")
_WIDE_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N")  # 16-bit grey (Pillow reads 16-bit PNGs as these)
_ALPHA_MODES = ("RGBA", "RGBa", "LA", "La", "PA")


class DatasetError(RuntimeError):
    """A dataset could not be loaded; the message says what to do about it."""


@dataclass
class ImageDataset:
    """Images (N, C, H, W) float32 in [0, 1] with C = 1 or 3, labels (N,) int64 (-1 when unknown),
    class names and a short display name.

    Datasets with known generative factors (`shapes`) also carry `factors` (N, K) int64, each an
    index into `factor_values[k]`, the values of the factor called `factor_names[k]`.
    """

    name: str
    images: torch.Tensor
    labels: torch.Tensor
    classes: tuple[str, ...]
    factors: torch.Tensor | None = None
    factor_names: tuple[str, ...] = ()
    factor_values: tuple[tuple, ...] = ()

    def __len__(self) -> int:
        return len(self.images)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.images.shape[1:])  # type: ignore[return-value]

    @property
    def channels(self) -> int:
        """C: 1 for grey images, 3 for RGB."""
        return self.images.shape[1]

    def subset(self, index: torch.Tensor | np.ndarray | slice) -> ImageDataset:
        factors = self.factors[index] if self.factors is not None else None
        return dataclasses.replace(self, images=self.images[index], labels=self.labels[index], factors=factors)

    def of_class(self, label: int) -> ImageDataset:
        return self.subset(self.labels == label)

    def to_grey(self) -> ImageDataset:
        """The same dataset in one channel (ITU-R 601 luma of 8-bit RGB, as Pillow's "L")."""
        import torch

        if self.channels == 1:
            return self
        rgb = (self.images.permute(0, 2, 3, 1).numpy() * 255.0 + 0.5).astype(np.uint8)  # (N, H, W, 3)
        grey = torch.from_numpy(rgb_to_grey(rgb)).float().div_(255.0).unsqueeze(1)
        return dataclasses.replace(self, images=grey)


def first_per_class(labels: np.ndarray | torch.Tensor) -> list[int]:
    """The index of the first image of each distinct label, in label order."""
    return [int(i) for i in np.unique(np.asarray(labels), return_index=True)[1]]


def default_data_dir() -> Path:
    if os.environ.get("AE_DATA_DIR"):
        return Path(os.environ["AE_DATA_DIR"]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "ae_models" / "data"


def cache_dir(name: str) -> Path:
    """A derived-files cache: `$AE_CACHE_DIR/<name>`, else `~/.cache/ae_models/<name>` (beside the data default)."""
    if os.environ.get("AE_CACHE_DIR"):
        return Path(os.environ["AE_CACHE_DIR"]).expanduser() / name
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ae_models" / name


def rgb_to_grey(rgb: np.ndarray) -> np.ndarray:
    """uint8 (..., 3) → uint8 (...): ITU-R 601 luma in Pillow's fixed point, so byte-identical to `convert("L")`."""
    r, g, b = (rgb[..., i].astype(np.uint32) for i in range(3))
    return ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16).astype(np.uint8)


def stack_images(arrays: Sequence[np.ndarray], channels: int | None = None) -> np.ndarray:
    """Stack uint8 images, each (H, W) grey or (H, W, 3) RGB, into (N, H, W) or (N, H, W, 3).

    `channels` None: RGB when any image is (grey ones fill all three channels); 1 or 3: that many.
    """
    colour = any(a.ndim == 3 for a in arrays) if channels is None else channels == 3
    if colour:
        return np.stack([a if a.ndim == 3 else np.repeat(a[..., None], 3, axis=-1) for a in arrays])
    return np.stack([rgb_to_grey(a) if a.ndim == 3 else a for a in arrays])


def from_uint8(images: np.ndarray, labels: np.ndarray | None, name: str,
               classes: tuple[str, ...]) -> ImageDataset:
    """Build a dataset from uint8 images, (N, H, W) grey or (N, H, W, 3) RGB, and labels (N,)."""
    import torch

    array = np.array(images, dtype=np.uint8)  # a copy: IDX arrays are read-only views of the file
    tensor = torch.from_numpy(array).float().div_(255.0)
    tensor = tensor.permute(0, 3, 1, 2).contiguous() if array.ndim == 4 else tensor.unsqueeze(1)  # (N, C, H, W)
    label_tensor = (torch.full((len(array),), -1, dtype=torch.int64) if labels is None
                    else torch.from_numpy(np.asarray(labels, dtype=np.int64)))
    return ImageDataset(name, tensor, label_tensor, classes)


def seeded_split(count: int, split: Split) -> np.ndarray:
    """Indices of `split` in a fixed 80/20 split of `count` items: a permutation with seed 0."""
    order = np.random.default_rng(0).permutation(count)
    cut = int((1 - TEST_FRACTION) * count)
    return order[:cut] if split == "train" else order[cut:]


def in_test_split(relative_path: PurePath) -> bool:
    """Whether a folder's file lies in the test split (`FOLDER_SPLIT`)."""
    digest = hashlib.sha256(relative_path.as_posix().encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 5 == 0


def split_policy(name: str) -> str:
    """How `load_dataset(name, …)` separates train from test, in one sentence (for model cards)."""
    if name in BUILTIN_DATASETS:
        return f"The standard train/test split of the built-in {name} set."
    return NPZ_SPLIT if name.lower().endswith(".npz") else FOLDER_SPLIT


def check_dataset(data: ImageDataset) -> None:
    """Refuse user data that cannot make a useful train/test split: fewer than `MIN_IMAGES` images,
    or labels of a single class. Raises DatasetError saying what to change."""
    check_labels(data.name, data.labels, data.classes)


def check_labels(name: str, labels: Sequence[int] | np.ndarray | torch.Tensor, classes: Sequence[str]) -> None:
    """`check_dataset` on a dataset's labels alone (before its images are decoded)."""
    labels = np.asarray(labels)
    if len(labels) < MIN_IMAGES:
        raise DatasetError(f"{name} has {len(labels)} image(s); at least {MIN_IMAGES} are needed to train "
                           "and test a model. Add more images.")
    present = np.unique(labels[labels >= 0])
    if len(present) == 1:
        only = classes[present[0]] if present[0] < len(classes) else str(present[0])
        raise DatasetError(f"{name} has one class only ({only!r}). A labelled dataset needs at least 2 classes "
                           "(2 or more class sub-folders, or 2 different labels in an .npz); for an unlabelled "
                           "dataset put every image at the top level of the folder (no sub-folders).")


def load_digits_dataset(split: Split) -> ImageDataset:
    """scikit-learn's bundled 8×8 digits, a fixed 80/20 split (seed 0), pixel values 0..16 → [0, 1]."""
    import torch
    from sklearn.datasets import load_digits

    bunch = load_digits()
    index = seeded_split(len(bunch.images), split)
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


# --- one image file ------------------------------------------------------------------------------
def fit_to(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The resize policy: scale `image` (keeping its aspect ratio, Lanczos) until it covers `size`
    (H, W), then crop the centre to exactly `size`. Nothing is stretched; a picture of another
    shape loses equal strips from two opposite sides."""
    from PIL import Image, ImageOps

    return ImageOps.fit(image, (size[1], size[0]), method=Image.Resampling.LANCZOS)


@contextmanager
def _opened(data: bytes | Path) -> Iterator[Image.Image]:
    """The Pillow image of `data` (bytes or a file), its pixels not decoded yet; every failure
    (empty, not an image, truncated, over `MAX_IMAGE_PIXELS`) becomes a DatasetError."""
    from PIL import Image, UnidentifiedImageError

    raw = data.read_bytes() if isinstance(data, Path) else data
    if not raw:
        raise DatasetError("The file is empty.")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise DatasetError(f"The image is {image.width}×{image.height} pixels; the limit is "
                                   f"{MAX_IMAGE_PIXELS:,} pixels. Scale it down first.")
            yield image
    except UnidentifiedImageError as err:  # its message is "cannot identify image file <_io.BytesIO object …>"
        raise DatasetError("This is not a readable image (Pillow does not recognise its format). "
                           "Use a PNG or JPG file.") from err
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as err:
        raise DatasetError(f"This is not a readable image ({err}). Use a PNG or JPG file.") from err


def _decoded(image: Image.Image, grey: bool) -> Image.Image:
    """`image` upright (EXIF orientation applied) in mode "L" or "RGB".

    Transparency lies over white; 16-bit grey is scaled to 8 bits (v · 255 / 65535); CMYK, YCbCr…
    become RGB. Grey ("L") when `grey`, when the image has one channel (L, LA, 1-bit, 16-bit) or
    when it is a palette image whose colours are all grey.
    """
    from PIL import Image, ImageOps

    source_mode = image.mode
    image = ImageOps.exif_transpose(image)
    if image.mode in _WIDE_MODES:
        wide = np.clip(np.asarray(image, dtype=np.float64), 0, 65535)
        image = Image.fromarray((wide * (255 / 65535) + 0.5).astype(np.uint8))
    if image.mode in _ALPHA_MODES or "transparency" in image.info:
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image.convert("RGBA"))
    if grey or source_mode in _SINGLE_CHANNEL_MODES:
        return image.convert("L")
    rgb = image.convert("RGB")
    if source_mode in ("P", "PA"):
        pixels = np.asarray(rgb)
        if (pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all():
            return rgb.convert("L")
    return rgb


def image_to_array(data: bytes | Path, size: tuple[int, int] | None = None, grey: bool = False) -> np.ndarray:
    """Decode one image file to uint8 (H, W, 3) RGB, or (H, W) for a grey image or when `grey`.

    `size` (H, W) resizes by `fit_to` (cover, then centre-crop). Any mode is accepted: RGBA, LA
    and palette transparency over white, 16-bit scaled to 8 bits, CMYK converted to RGB, EXIF
    rotation applied (see `_decoded`). Raises `DatasetError` with a readable message for
    non-images, truncated files and images over `MAX_IMAGE_PIXELS`.
    """
    with _opened(data) as image:
        picture = _decoded(image, grey)
        if size is not None:
            picture = fit_to(picture, size)
        return np.asarray(picture, dtype=np.uint8)


def image_info(data: bytes | Path) -> tuple[tuple[int, int], bool]:
    """(H, W) as shown (after EXIF rotation) and whether the image is colour, mostly from its
    header (palette images are decoded to see whether their colours are grey)."""
    from PIL import ExifTags

    with _opened(data) as image:
        width, height = image.size
        if image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):  # a quarter turn
            width, height = height, width
        colour = image.mode not in _SINGLE_CHANNEL_MODES
        if colour and image.mode in ("P", "PA"):
            colour = _decoded(image, grey=False).mode == "RGB"
        return (height, width), colour


def capped_size(size: tuple[int, int], cap: int = MAX_SIDE) -> tuple[int, int]:
    """`size` (H, W) scaled down, keeping its aspect ratio, so that neither side exceeds `cap`."""
    scale = min(1.0, cap / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


# --- the user's data -----------------------------------------------------------------------------
def image_files(folder: Path) -> list[Path]:
    """The image files under `folder` (by suffix), sorted, skipping hidden ones and `__MACOSX/`."""
    return sorted(p for p in folder.rglob("*")
                  if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
                  and not any(part.startswith(".") or part == "__MACOSX" for part in p.relative_to(folder).parts))


def load_image_folder(folder: Path, split: Split, size: tuple[int, int] | None = None, grey: bool = False,
                      name: str | None = None) -> ImageDataset:
    """The `split` of the images under `folder`; each top-level sub-folder is a class (images at the
    top level have label -1).

    Size: `size` (H, W), or by default the folder's most common image size (the first of equally
    common ones, in path order) scaled down to fit `MAX_SIDE`×`MAX_SIDE`; every image is brought
    to it by `fit_to`. Colour: RGB when any image of the folder is colour (grey ones fill the three
    channels), else grey; `grey` makes it grey. Both are decided on the whole folder, so the two
    splits agree. Split: `FOLDER_SPLIT`. Refused (DatasetError) by `check_labels`: fewer than
    `MIN_IMAGES` images, or one class folder only.
    """
    name = name or folder.name
    paths = image_files(folder)
    if not paths:
        raise DatasetError(f"No images ({', '.join(IMAGE_SUFFIXES)}) were found in {name}.")
    relative = [p.relative_to(folder) for p in paths]
    classes = tuple(sorted({r.parts[0] for r in relative if len(r.parts) > 1}))
    labels = np.array([classes.index(r.parts[0]) if len(r.parts) > 1 else -1 for r in relative])
    check_labels(name, labels, classes)

    def named(read, i: int):
        try:
            return read(paths[i])
        except DatasetError as err:
            raise DatasetError(f"{name}/{relative[i].as_posix()}: {err}") from err

    infos = [named(image_info, i) for i in range(len(paths))]
    size = tuple(size) if size is not None else capped_size(Counter(s for s, _ in infos).most_common(1)[0][0])
    channels = 3 if any(colour for _, colour in infos) and not grey else 1
    chosen = [i for i, r in enumerate(relative) if in_test_split(r) == (split == "test")]
    if not chosen:
        raise DatasetError(f"No image of {name} falls in its {split} split ({FOLDER_SPLIT}) Add more images.")
    arrays = [named(lambda p: image_to_array(p, size, grey=channels == 1), i) for i in chosen]
    return from_uint8(stack_images(arrays, channels), labels[chosen], name, classes)


def load_archive(path: Path, split: Split, size: tuple[int, int] | None = None, grey: bool = False,
                 data_dir: Path | None = None) -> ImageDataset:
    """The `split` of a `.zip` of an image folder: unpacked safely once (`archives.unpack`, with its
    caps) into `<data folder>/archives/<SHA-256 of the zip>/`, then read as a folder; its display
    name is the zip's stem."""
    from .archives import unpack  # archives imports this module

    return load_image_folder(unpack(path, data_dir).folder, split, size, grey, name=path.stem)


def read_npz(path: Path, size: tuple[int, int] | None = None,
             grey: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
    """uint8 images (N, H, W) or (N, H, W, 3) and labels (N,) or None from an .npz (never unpickled).

    `images`: (N, H, W), (N, H, W, C) or (N, C, H, W) with C = 1, 3 or 4 (alpha is dropped), uint8
    or float in [0, 1] or [0, 255]. Resized by `fit_to` only when `size` (H, W) is given and differs.
    `labels`: optional integers ≥ 0. Raises DatasetError for anything else (NaN, strings, objects…).
    """
    try:
        with np.load(path, allow_pickle=False) as npz:
            if "images" not in npz:
                raise DatasetError(f"{path.name} has no array called 'images' (it has {sorted(npz)}).")
            images = npz["images"]
            labels = npz.get("labels")
    except (OSError, ValueError) as err:
        raise DatasetError(f"{path.name} is not a readable .npz file ({err}).") from err
    images = _to_uint8_images(images, path.name)
    if grey and images.ndim == 4:
        images = rgb_to_grey(images)
    if size is not None and images.shape[1:3] != tuple(size):
        from PIL import Image

        images = np.stack([np.asarray(fit_to(Image.fromarray(im), size)) for im in images])
    if labels is not None:
        labels = np.asarray(labels)
        if labels.shape != (len(images),) or not np.issubdtype(labels.dtype, np.integer):
            raise DatasetError(f"{path.name}: 'labels' must be {len(images)} integers, "
                               f"got {labels.dtype} {labels.shape}.")
        if labels.min() < 0:
            raise DatasetError(f"{path.name}: labels must be ≥ 0.")
    return images, labels


def load_npz(path: Path, size: tuple[int, int] | None = None, grey: bool = False) -> ImageDataset:
    """Every image of an .npz (`read_npz`) as one dataset named after the file's stem."""
    images, labels = read_npz(path, size, grey)
    classes = tuple(str(c) for c in range(int(labels.max()) + 1)) if labels is not None else ()
    return from_uint8(images, labels, path.stem, classes)


def _to_uint8_images(images: np.ndarray, source: str) -> np.ndarray:
    """(N, H, W), (N, H, W, 1|3|4) or (N, 1|3|4, H, W), uint8 or float → uint8 (N, H, W) or (N, H, W, 3)."""
    if not (np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)):
        raise DatasetError(f"{source}: 'images' must be numbers (uint8, or floats in [0, 1]), got {images.dtype}.")
    if images.ndim == 4 and images.shape[1] in (1, 3, 4) and images.shape[-1] not in (1, 3, 4):
        images = np.moveaxis(images, 1, -1)  # (N, C, H, W) → (N, H, W, C)
    if images.ndim == 4 and images.shape[-1] in (1, 3, 4):
        images = images[..., 0] if images.shape[-1] == 1 else images[..., :3]
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] != 3) or min(images.shape) == 0:
        raise DatasetError(f"{source}: 'images' must have shape (N, H, W), (N, H, W, C) or (N, C, H, W) "
                           f"with C = 1, 3 or 4; got {images.shape}.")
    if images.dtype == np.uint8:
        return np.ascontiguousarray(images)
    values = images.astype(np.float64)
    if not np.isfinite(values).all():
        raise DatasetError(f"{source}: 'images' contains NaN or infinite values.")
    low, high = values.min(), values.max()
    values = values * 255.0 if high <= 1.0 else values
    if low < -1e-3 or values.max() > 255.001:
        raise DatasetError(f"{source}: 'images' must lie in [0, 1] or [0, 255]; its values run from "
                           f"{low:g} to {high:g}. Rescale them first.")
    return np.clip(values, 0, 255).round().astype(np.uint8)


def _load_user_data(path: Path, split: Split, size: tuple[int, int] | None, grey: bool,
                    data_dir: Path | None) -> ImageDataset:
    if path.is_dir():
        return load_image_folder(path, split, size, grey)
    if path.is_file() and path.suffix.lower() == ".zip":
        return load_archive(path, split, size, grey, data_dir)
    if path.is_file() and path.suffix.lower() == ".npz":
        data = load_npz(path, size, grey)
        check_dataset(data)
        return data.subset(seeded_split(len(data), split))
    raise DatasetError(f"Unknown dataset {path.name!r}: use one of {', '.join(BUILTIN_DATASETS)}, a folder of "
                       "PNG/JPG images, a .zip of one, or an .npz file with an 'images' array.")


def load_dataset(name: str, split: Split = "train", data_dir: str | Path | None = None, download: bool = True,
                 image_size: tuple[int, int] | None = None, grey: bool = False) -> ImageDataset:
    """Load a dataset by name (`BUILTIN_DATASETS`) or by path (an image folder, a .zip of one, an .npz).

    `split` picks the built-in sets' standard train or test split; user data is split 80/20 as
    `split_policy` says (folders and zips: `FOLDER_SPLIT`, .npz: `NPZ_SPLIT`), and refused by
    `check_dataset` when too small or of one class. `image_size` (H, W) sets the size of user images
    (default: a folder's most common size within 128×128; an .npz's own size); built-in sets keep
    theirs. `grey` makes a colour dataset grey (one channel).
    """
    if split not in ("train", "test"):
        raise DatasetError(f"split must be 'train' or 'test', not {split!r}.")
    folder = Path(data_dir).expanduser() if data_dir is not None else None
    if name == "digits":
        data = load_digits_dataset(split)
    elif name == "shapes":
        from .shapes import load_shapes

        data = load_shapes(split, folder)
    elif name in REMOTE_DATASETS:
        data = load_mnist_like(name, split, folder, download)
    else:
        return _load_user_data(Path(name).expanduser(), split, image_size, grey, folder)
    return data.to_grey() if grey else data


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
