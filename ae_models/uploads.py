"""Images a user uploads in the app (PNG/JPG… pictures and .npz arrays), read into one dataset.

Files arrive as (name, bytes) pairs. The name is only shown in messages, never used as a path.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import numpy as np

from .data import DatasetError, ImageDataset, from_uint8, image_to_array, read_npz, stack_images

IMAGE_TYPES = ("png", "jpg", "jpeg", "bmp", "gif", "webp")
UPLOAD_TYPES = (*IMAGE_TYPES, "npz")
MAX_UPLOAD_IMAGES = 5000


def uploads_digest(files: list[tuple[str, bytes]]) -> str:
    """A SHA-256 of the files' names and bytes: the cache key of anything computed from them."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def images_from_uploads(files: list[tuple[str, bytes]], size: tuple[int, int], invert: bool = False,
                        channels: int = 1) -> ImageDataset:
    """Uploaded pictures and/or .npz files (an `images` array) as one dataset (N, `channels`, H, W)
    at `size` (H, W), i.e. the model's image shape: a grey model gets grey images (luma of colour
    ones), a colour model RGB (grey ones fill the three channels). Pictures are resized by
    `data.fit_to` (cover, then centre-crop). `invert` turns dark-on-light pictures into
    light-on-dark ones like MNIST's.

    Raises DatasetError naming the file that could not be read, or when more than
    `MAX_UPLOAD_IMAGES` images arrive.
    """
    grey = channels == 1
    arrays: list[np.ndarray] = []
    for name, data in files:
        try:
            arrays.extend(_npz_images(data, size, grey) if name.lower().endswith(".npz")
                          else [image_to_array(data, size, grey=grey)])
        except DatasetError as err:
            raise DatasetError(f"{name}: {err}") from err
        if len(arrays) > MAX_UPLOAD_IMAGES:
            raise DatasetError(f"More than {MAX_UPLOAD_IMAGES:,} images were uploaded: send fewer.")
    if not arrays:
        raise DatasetError("No images were uploaded.")
    images = stack_images(arrays, channels)  # (N, H, W) or (N, H, W, 3)
    return from_uint8(255 - images if invert else images, None, "uploads", ())


def _npz_images(data: bytes, size: tuple[int, int], grey: bool) -> np.ndarray:
    """An uploaded .npz's images, uint8 (N, H, W) or (N, H, W, 3) at `size`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.npz"  # never the user's file name as a path
        path.write_bytes(data)
        return read_npz(path, size, grey)[0]
