"""Turning image tensors into pictures: uint8 arrays, nearest-neighbour upscaling, grids, PNG bytes.

Pictures are NumPy uint8 arrays laid out as PIL and Streamlit expect them: grey (H, W) or colour
(H, W, 3), and batches of either, (N, H, W) or (N, H, W, 3). Tensors are (N, C, H, W) or (C, H, W)
with C = 1 (grey) or 3 (RGB): a 3-D tensor is always one image, never a batch.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # torch is imported where tensors are met: the pictures helpers load without it
    import torch


def to_uint8(images: torch.Tensor | np.ndarray) -> np.ndarray:
    """Values in [0, 1] (clipped) → uint8 pictures: (N, C, H, W) → (N, H, W) when C = 1, else
    (N, H, W, 3); (C, H, W) → (H, W) or (H, W, 3); (H, W) → (H, W)."""
    import torch

    array = images.detach().cpu().float().numpy() if isinstance(images, torch.Tensor) else np.asarray(images)
    if array.ndim not in (2, 3, 4):
        raise ValueError(f"expected (H, W), (C, H, W) or (N, C, H, W), got shape {array.shape}")
    if array.ndim > 2:
        channels = array.shape[-3]
        if channels not in (1, 3):
            raise ValueError(f"expected 1 or 3 channels in (…, C, H, W), got shape {array.shape}")
        array = array[..., 0, :, :] if channels == 1 else np.moveaxis(array, -3, -1)  # (…, H, W, 3)
    return (np.clip(array, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def is_colour(picture: np.ndarray) -> bool:
    """Whether a uint8 picture (or batch of them) is colour, (…, H, W, 3), rather than grey (…, H, W).
    (A batch of grey pictures 3 pixels wide would read as colour: no dataset has such images.)"""
    return picture.ndim >= 3 and picture.shape[-1] == 3


def _spatial_axes(picture: np.ndarray) -> tuple[int, int]:
    return (-3, -2) if is_colour(picture) else (-2, -1)


def upscale(image: np.ndarray, size: int = 224) -> np.ndarray:
    """Nearest-neighbour upscale of a picture (H, W) / (H, W, 3), or a batch (N, H, W) /
    (N, H, W, 3), by a whole factor so the longer side is about `size` pixels (crisp pixels)."""
    rows, cols = _spatial_axes(image)
    factor = max(1, size // max(image.shape[rows], image.shape[cols]))
    return image.repeat(factor, axis=rows).repeat(factor, axis=cols)


def grid(images: np.ndarray, cols: int, pad: int = 1, value: int = 255) -> np.ndarray:
    """Tile uint8 pictures (N, H, W) or (N, H, W, 3) into one (rows·(H+pad)−pad, cols·(W+pad)−pad)
    picture (with a trailing 3 for colour); gaps and empty cells are `value`."""
    n, h, w = images.shape[:3]
    rows = -(-n // cols)
    out = np.full((rows * (h + pad) - pad, cols * (w + pad) - pad, *images.shape[3:]), value, dtype=np.uint8)
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        out[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = image
    return out


def pixel_error(original: torch.Tensor, reconstruction: torch.Tensor) -> torch.Tensor:
    """Absolute error per pixel (H, W), the mean over channels, of one image (C, H, W) or (1, C, H, W)."""
    difference = (original - reconstruction).abs()
    return difference.reshape(-1, *difference.shape[-2:]).mean(0)


def error_map(original: torch.Tensor, reconstruction: torch.Tensor) -> np.ndarray:
    """`pixel_error` as uint8 (H, W) in [0, 255], for a heat map."""
    return to_uint8(pixel_error(original, reconstruction))


def heat_rgb(values: np.ndarray) -> np.ndarray:
    """Values (…, H, W) in [0, 1] (clipped) → RGB uint8 (…, H, W, 3) on a black-red-yellow-white ramp."""
    v = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    rgb = np.stack([np.clip(3 * v, 0, 1), np.clip(3 * v - 1, 0, 1), np.clip(3 * v - 2, 0, 1)], axis=-1)
    return (rgb * 255 + 0.5).astype(np.uint8)


def png_bytes(image: np.ndarray) -> bytes:
    """Encode a uint8 (H, W) or (H, W, 3) array as PNG (grey "L" or "RGB")."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()
