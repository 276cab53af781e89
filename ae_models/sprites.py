"""Sprite sheets: every point's thumbnail, tiled into a few PNGs built once per set of images, so
the browser can show a hovered point's image at once (a crop of a sheet it already has) instead
of asking the server for each hover. The TensorBoard projector does the same.

    sheets = build_sprites(images)          # images (N, C, H, W) in [0, 1]
    sheet, x, y = sheets.locate(1234)       # which PNG, and the tile's top-left pixel in it
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .imaging import grid, png_bytes, to_uint8

THUMB_MAX = 32  # longest side of a thumbnail in pixels (MNIST stays at 28; 64-px shapes halve)
SHEET_TILES = 64  # tiles per sheet side: 4,096 thumbnails per PNG (1,792 px square for 28-px MNIST)
BATCH = 4096


@dataclass(frozen=True)
class SpriteSheets:
    """PNG sheets of `per_row` × `per_row` tiles of `tile_h` × `tile_w` pixels, in point order."""

    tile_h: int
    tile_w: int
    per_row: int
    count: int
    sheets: tuple[bytes, ...]

    def locate(self, index: int) -> tuple[int, int, int]:
        """(sheet, x, y): the sheet holding point `index` and its tile's top-left pixel there."""
        if not 0 <= index < self.count:
            raise IndexError(f"point {index} is not among the {self.count} thumbnails")
        sheet, within = divmod(index, self.per_row * self.per_row)
        row, col = divmod(within, self.per_row)
        return sheet, col * self.tile_w, row * self.tile_h

    def meta(self) -> dict[str, int]:
        """What the browser needs to crop tiles (JSON-ready)."""
        return {"tile_h": self.tile_h, "tile_w": self.tile_w, "per_row": self.per_row, "count": self.count}

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The sheets as arrays for an .npz (no pickles): the layout, then each PNG's bytes."""
        layout = np.array([self.tile_h, self.tile_w, self.per_row, self.count], dtype=np.int64)
        return {f"{prefix}_layout": layout,
                **{f"{prefix}_{k}": np.frombuffer(png, dtype=np.uint8) for k, png in enumerate(self.sheets)}}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> SpriteSheets:
        """The sheets `arrays` wrote (KeyError when some are missing)."""
        tile_h, tile_w, per_row, count = (int(v) for v in arrays[f"{prefix}_layout"])
        sheets = tuple(arrays[f"{prefix}_{k}"].tobytes() for k in range(-(-count // (per_row * per_row))))
        return cls(tile_h, tile_w, per_row, count, sheets)


def thumbnail_size(height: int, width: int, longest: int = THUMB_MAX) -> tuple[int, int]:
    """(h, w) of a thumbnail: the image's own size when it fits `longest`, else scaled to it."""
    scale = min(1.0, longest / max(height, width))
    return max(1, round(height * scale)), max(1, round(width * scale))


def thumbnails(images: torch.Tensor, longest: int = THUMB_MAX) -> np.ndarray:
    """uint8 pictures (N, h, w) or (N, h, w, 3), area-averaged down to `thumbnail_size`."""
    size = thumbnail_size(*images.shape[-2:], longest)
    parts = []
    for start in range(0, len(images), BATCH):
        batch = images[start:start + BATCH].float()
        if tuple(batch.shape[-2:]) != size:
            batch = F.interpolate(batch, size=size, mode="area")
        parts.append(to_uint8(batch))
    return np.concatenate(parts)


def sheets_of(small: np.ndarray, per_row: int = SHEET_TILES) -> SpriteSheets:
    """Sprite sheets of uint8 thumbnails (N, h, w) or (N, h, w, 3), tiled row by row without gaps."""
    if len(small) == 0:
        raise ValueError("No images to make thumbnails of.")
    tile = per_row * per_row
    sheets = tuple(png_bytes(grid(small[start:start + tile], cols=per_row, pad=0, value=0))
                   for start in range(0, len(small), tile))
    return SpriteSheets(small.shape[1], small.shape[2], per_row, len(small), sheets)


def build_sprites(images: torch.Tensor, per_row: int = SHEET_TILES, longest: int = THUMB_MAX) -> SpriteSheets:
    """Sprite sheets of (N, C, H, W) images in [0, 1], tiled row by row without gaps."""
    if len(images) == 0:
        raise ValueError("No images to make thumbnails of.")
    return sheets_of(thumbnails(images, longest), per_row)
