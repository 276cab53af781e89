"""Turning image tensors into pictures: uint8 arrays, nearest-neighbour upscaling, grids, PNG bytes."""

from __future__ import annotations

import io

import numpy as np
import torch


def to_uint8(images: torch.Tensor | np.ndarray) -> np.ndarray:
    """(N, 1, H, W) or (1, H, W) or (H, W) in [0, 1] → uint8 (N, H, W) or (H, W)."""
    array = images.detach().cpu().float().numpy() if isinstance(images, torch.Tensor) else np.asarray(images)
    if array.ndim == 4:
        array = array[:, 0]
    elif array.ndim == 3 and array.shape[0] == 1:
        array = array[0]
    return (np.clip(array, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def upscale(image: np.ndarray, size: int = 224) -> np.ndarray:
    """Nearest-neighbour upscale of (H, W) so the longer side is about `size` pixels (crisp pixels)."""
    factor = max(1, size // max(image.shape[-2:]))
    return np.kron(image, np.ones((factor, factor), dtype=image.dtype))


def grid(images: np.ndarray, cols: int, pad: int = 1, value: int = 255) -> np.ndarray:
    """Tile uint8 images (N, H, W) into one (rows·(H+pad), cols·(W+pad)) array."""
    n, h, w = images.shape
    rows = -(-n // cols)
    out = np.full((rows * (h + pad) - pad, cols * (w + pad) - pad), value, dtype=np.uint8)
    for i, image in enumerate(images):
        r, c = divmod(i, cols)
        out[r * (h + pad): r * (h + pad) + h, c * (w + pad): c * (w + pad) + w] = image
    return out


def error_map(original: torch.Tensor, reconstruction: torch.Tensor) -> np.ndarray:
    """Absolute per-pixel error (H, W) as uint8 in [0, 255], for a heat map."""
    return to_uint8((original - reconstruction).abs().reshape(original.shape[-2:]))


def heat_rgb(values: np.ndarray) -> np.ndarray:
    """Values (…, H, W) in [0, 1] (clipped) → RGB uint8 (…, H, W, 3) on a black-red-yellow-white ramp."""
    v = np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)
    rgb = np.stack([np.clip(3 * v, 0, 1), np.clip(3 * v - 1, 0, 1), np.clip(3 * v - 2, 0, 1)], axis=-1)
    return (rgb * 255 + 0.5).astype(np.uint8)


def png_bytes(image: np.ndarray) -> bytes:
    """Encode a uint8 (H, W) or (H, W, 3) array as PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()
