"""Pictures and colours every page shares: crisp upscaled images, grids, heat maps, the class palette."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ae_models.imaging import grid, heat_rgb, to_uint8, upscale

if TYPE_CHECKING:
    import torch

# One colour per class (plotly's default cycle); the browser editor gets it in its payload.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")
UNLABELLED = "#9e9e9e"


def class_colour(label: int) -> str:
    return PALETTE[int(label) % len(PALETTE)] if label >= 0 else UNLABELLED


def picture(image: torch.Tensor | np.ndarray, size: int = 224) -> np.ndarray:
    """One image (C, H, W) / (H, W) in [0, 1] → uint8 (≈size, ≈size), or (≈size, ≈size, 3) when
    C = 3, nearest-neighbour upscaled."""
    return upscale(to_uint8(image), size)


def pictures(images: torch.Tensor, size: int = 112) -> list[np.ndarray]:
    """A batch (N, C, H, W) → a list of upscaled uint8 pictures."""
    return [picture(x, size) for x in images]


def picture_grid(images: torch.Tensor | np.ndarray, cols: int, size: int = 56) -> np.ndarray:
    """A batch (N, C, H, W) tiled into one crisp picture (grey, or RGB when C = 3), each cell ≈ `size`
    pixels."""
    return grid(upscale(to_uint8(images), size), cols, pad=2)


def heat(image: np.ndarray, size: int = 224) -> np.ndarray:
    """A (H, W) array ≥ 0 → an RGB heat map scaled to its maximum, upscaled to ≈ `size` pixels."""
    value = np.asarray(image, dtype=np.float64)
    return upscale(heat_rgb(value / value.max() if value.max() > 0 else value), size)
