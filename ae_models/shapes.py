"""`shapes`: 64×64 RGB images of one shape each, rendered here from independent, known factors.

    data = load_shapes("train")                      # 60,000 images (N, 3, 64, 64), factors (N, 7)
    small = load_shapes("test", shape=1, scale=5)    # circles of the largest size only
    python -m ae_models.shapes --preview /tmp/shapes.png   # summary, timing and a preview grid

Seven factors, each drawn independently and uniformly (`FACTORS`; sizes are for 64×64 and scale
with `size`):

- shape: square, circle, triangle, star, heart (also the dataset's labels and classes);
- object_hue: 8 hues, 0°–315° in 45° steps, saturated (HSV s 0.9, v 0.85);
- background_hue: 4 hues, 22.5°–292.5° in 90° steps (between object hues), pale (s 0.2, v 0.95);
- scale: 6 radii of the circle the shape fits in, 6–13 px;
- rotation: 8 clockwise steps over the shape's symmetry period (square 90°, triangle 120°, star 72°,
  heart 360°); it leaves a circle unchanged;
- x_position, y_position: 10 centres each, 14–50 px in 4-px steps (whole pixels; a shape of radius
  13 stays inside).

The train split is 60,000 images (seed 0), the test split 10,000 (seed 1): factor combinations
drawn i.i.d. uniformly (`sample_factors`). Holding a factor fixed (`load_shapes(..., shape=0)`)
keeps every other factor as drawn, so a fixed variant is the same images with that one factor set.

Rendering is anti-aliased: each (shape, scale, rotation) is drawn once by Pillow at 8×8 samples
per pixel and box-filtered (65 coverage levels), coloured through a lookup table and pasted at its
whole-pixel position; 70,000 images take 1–3 s on 2 busy cores. Each split is cached as an .npz
(`images` uint8 (N, 3, H, W), `labels`, `factors`) in `<data folder>/shapes/`, keyed by
`GENERATOR_VERSION` and the arguments, so its bytes stay fixed even if a Pillow upgrade rasterises
differently (and other tools can read it). A cache file that is broken is rendered and written
again; a read-only data folder only means rendering every time. No download: works offline.
"""

from __future__ import annotations

import argparse
import colorsys
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .atomic import atomic_path
from .data import DatasetError, ImageDataset, Split, default_data_dir

GENERATOR_VERSION = 1  # bump when the pictures change: the cache is keyed by it
SPLIT_SIZES = {"train": 60_000, "test": 10_000}
SPLIT_SEEDS = {"train": 0, "test": 1}
SIZE_RANGE = (16, 128)  # image side in pixels; 128 px makes the train split 2.9 GB as uint8
BASE = 64  # the geometry below is in pixels of a 64×64 image
SUPERSAMPLE = 8  # each pixel is 8×8 samples: 65 coverage levels
SHAPES = ("square", "circle", "triangle", "star", "heart")
SYMMETRY = {"square": 90.0, "circle": 360.0, "triangle": 120.0, "star": 72.0, "heart": 360.0}  # degrees
STAR_INNER = 0.45  # inner/outer radius of the star: fatter than the classic 0.38, so small stars stay stars
OBJECT_HSV = (0.9, 0.85)  # saturation, value
BACKGROUND_HSV = (0.2, 0.95)


@dataclass(frozen=True)
class Factor:
    """One factor of variation: its name, its values (at 64×64) and what a value means."""

    name: str
    values: tuple
    meaning: str


FACTORS: tuple[Factor, ...] = (
    Factor("shape", SHAPES, "kind of shape"),
    Factor("object_hue", tuple(45.0 * i for i in range(8)), "hue of the shape in degrees"),
    Factor("background_hue", tuple(22.5 + 90.0 * i for i in range(4)), "hue of the background in degrees"),
    Factor("scale", tuple(float(r) for r in np.linspace(6.0, 13.0, 6).round(2)),
           "radius in pixels of the circle the shape fits in"),
    Factor("rotation", tuple(i / 8 for i in range(8)), "clockwise turn as a fraction of the shape's symmetry period"),
    Factor("x_position", tuple(14.0 + 4.0 * i for i in range(10)), "centre's column in pixels"),
    Factor("y_position", tuple(14.0 + 4.0 * i for i in range(10)), "centre's row in pixels"),
)
FACTOR_NAMES = tuple(f.name for f in FACTORS)
COUNTS = np.array([len(f.values) for f in FACTORS])
SHAPE, OBJECT_HUE, BACKGROUND_HUE, SCALE, ROTATION, X, Y = range(len(FACTORS))


# --- factors ------------------------------------------------------------------
def factor_values(size: int = BASE) -> tuple[tuple, ...]:
    """Each factor's values at `size` (scale and positions in that image's pixels)."""
    k = size / BASE
    return tuple(tuple(round(v * k, 2) for v in f.values) if f.name == "scale"
                 else tuple(float(p) for p in pixel_centres(size)) if f.name.endswith("_position")
                 else f.values for f in FACTORS)


def pixel_centres(size: int) -> np.ndarray:
    """Whole-pixel centres (10,) of the position factors at `size` (distinct for size ≥ 16)."""
    return np.floor(np.array(FACTORS[X].values) * size / BASE + 0.5).astype(np.int64)


def check_fixed(fixed: dict[str, int]) -> dict[int, int]:
    """{factor column: value index} from {factor name: value index}; DatasetError when unknown/out of range."""
    columns = {}
    for name, index in fixed.items():
        if name not in FACTOR_NAMES:
            raise DatasetError(f"Unknown shapes factor {name!r}: the factors are {', '.join(FACTOR_NAMES)}.")
        column = FACTOR_NAMES.index(name)
        count = int(COUNTS[column])
        if isinstance(index, bool) or not isinstance(index, int | np.integer) or not 0 <= index < count:
            raise DatasetError(f"{name} must be a value index 0–{count - 1} "
                               f"(values {FACTORS[column].values}), not {index!r}.")
        columns[column] = int(index)
    return columns


def sample_factors(n: int, seed: int, fixed: dict[str, int] | None = None) -> np.ndarray:
    """(n, K) int64 value indices, each factor i.i.d. uniform; `fixed` {name: index} overrides columns."""
    factors = np.random.default_rng(seed).integers(0, COUNTS, size=(n, len(FACTORS)))
    for column, index in check_fixed(fixed or {}).items():
        factors[:, column] = index
    return factors


# --- rendering ----------------------------------------------------------------
def unit_outline(shape: str, points: int = 256) -> np.ndarray:
    """Polygon (P, 2) of `shape` (x right, y down) inside the unit circle, touching it, upright."""
    if shape == "heart":
        t = 2 * np.pi * np.arange(points) / points
        xy = np.stack([16 * np.sin(t) ** 3, -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t)
                                              - np.cos(4 * t))], axis=1)
        xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2  # centre its bounding box
        return xy / np.hypot(*xy.T).max()
    corners = {"square": 4, "triangle": 3, "star": 10, "circle": points}[shape]
    start = 45.0 if shape == "square" else -90.0  # square edge-on, triangle and star pointing up
    angles = np.deg2rad(start + 360.0 * np.arange(corners) / corners)
    radii = np.where(np.arange(corners) % 2 == 0, 1.0, STAR_INNER) if shape == "star" else 1.0
    return np.stack([radii * np.cos(angles), radii * np.sin(angles)], axis=1)


def sprite_side(size: int) -> int:
    """Even side (pixels) of a square that holds the largest shape at `size`, centred on a pixel corner."""
    return 2 * int(np.ceil(max(FACTORS[SCALE].values) * size / BASE + 1))


def coverage_sprites(size: int) -> np.ndarray:
    """uint8 (shapes, scales, rotations, S, S): the shape's coverage of each pixel in 64ths, centred at (S/2, S/2)."""
    from PIL import Image, ImageDraw

    side, ss = sprite_side(size), SUPERSAMPLE
    out = np.zeros((len(SHAPES), COUNTS[SCALE], COUNTS[ROTATION], side, side), dtype=np.uint8)
    for i, shape in enumerate(SHAPES):
        outline = unit_outline(shape)
        for j, radius in enumerate(FACTORS[SCALE].values):
            for r, turn in enumerate(FACTORS[ROTATION].values):
                angle = np.deg2rad(turn * SYMMETRY[shape])
                c, s = np.cos(angle), np.sin(angle)
                xy = outline @ np.array([[c, s], [-s, c]]) * radius * size / BASE + side / 2  # clockwise on screen
                canvas = Image.new("1", (side * ss, side * ss))
                # Unshifted coordinates keep a circle's coverage mirror-symmetric within 1/64 (measured).
                ImageDraw.Draw(canvas).polygon((xy * ss).ravel().tolist(), fill=1)
                samples = np.asarray(canvas, dtype=np.uint8).reshape(side, ss, side, ss)
                out[i, j, r] = samples.sum(axis=(1, 3), dtype=np.uint8)
    return out


def palette() -> np.ndarray:
    """uint8 (object hues, background hues, 65, 3): the colour of a pixel the shape covers k/64 of."""
    obj = np.array([colorsys.hsv_to_rgb(h / 360, *OBJECT_HSV) for h in FACTORS[OBJECT_HUE].values])
    back = np.array([colorsys.hsv_to_rgb(h / 360, *BACKGROUND_HSV) for h in FACTORS[BACKGROUND_HUE].values])
    weight = np.arange(SUPERSAMPLE**2 + 1)[:, None] / SUPERSAMPLE**2  # (65, 1)
    mix = back[None, :, None] + (obj[:, None, None] - back[None, :, None]) * weight  # (8, 4, 65, 3), sRGB
    return (mix * 255 + 0.5).astype(np.uint8)


def _clipped(start: int, side: int, size: int) -> tuple[slice, slice]:
    """(canvas slice, sprite slice) of a sprite of `side` pixels pasted at `start` on a canvas of `size`."""
    return slice(max(0, start), min(size, start + side)), slice(max(0, -start), side - max(0, start + side - size))


def render(factors: np.ndarray, size: int = BASE) -> np.ndarray:
    """Images uint8 (N, 3, size, size) for factor indices (N, K).

    Channels first, as the models take them: turning 60,000 (N, H, W, 3) images into (N, 3, H, W)
    took 5–17 s on 2 busy cores, longer than rendering them.
    """
    factors = np.asarray(factors, dtype=np.int64)
    if factors.ndim != 2 or factors.shape[1] != len(FACTORS) or (factors < 0).any() or (factors >= COUNTS).any():
        raise ValueError(f"factors must be (N, {len(FACTORS)}) value indices below {COUNTS.tolist()}.")
    side, colours = sprite_side(size), palette()
    # Every (object hue, background hue, shape, scale, rotation) sprite, ready to paste: 18 MB at 64 px.
    sprites = colours.reshape(-1, colours.shape[2], 3)[:, coverage_sprites(size).reshape(-1, side, side)]
    sprites = np.ascontiguousarray(sprites.reshape(-1, side, side, 3).transpose(0, 3, 1, 2))  # (8·4·5·6·8, 3, S, S)
    order = (OBJECT_HUE, BACKGROUND_HUE, SHAPE, SCALE, ROTATION)
    sprite_of = np.ravel_multi_index(factors[:, order].T, COUNTS[list(order)])
    images = np.empty((len(factors), 3, size, size), dtype=np.uint8)
    for hue in range(COUNTS[BACKGROUND_HUE]):  # from a whole picture: 20× faster than broadcasting a (3,) colour
        images[factors[:, BACKGROUND_HUE] == hue] = np.full((3, size, size), colours[0, hue, 0, :, None, None])
    # Paste by position, so each paste is one slice of every canvas in the group.
    centres = pixel_centres(size)
    position = factors[:, X] * COUNTS[Y] + factors[:, Y]
    by_position = np.argsort(position, kind="stable")
    bounds = np.searchsorted(position[by_position], np.arange(COUNTS[X] * COUNTS[Y] + 1))
    for p in range(COUNTS[X] * COUNTS[Y]):
        rows = by_position[bounds[p]:bounds[p + 1]]
        (canvas_x, sprite_x), (canvas_y, sprite_y) = (
            _clipped(int(centres[i]) - side // 2, side, size) for i in divmod(p, int(COUNTS[Y])))
        images[rows, :, canvas_y, canvas_x] = sprites[sprite_of[rows]][..., sprite_y, sprite_x]
    return images


# --- the dataset and its cache ------------------------------------------------
def cache_path(split: Split, size: int = BASE, fixed: dict[str, int] | None = None,
               data_dir: Path | None = None) -> Path:
    """`<data folder>/shapes/shapes-v<version>-<split>-<size>px[-<factor><index>…].npz`."""
    held = "".join(f"-{name}{index}" for name, index in sorted((fixed or {}).items()))
    return (data_dir or default_data_dir()) / "shapes" / f"shapes-v{GENERATOR_VERSION}-{split}-{size}px{held}.npz"


def write_cache(path: Path, images: np.ndarray, factors: np.ndarray) -> None:
    """Write the .npz atomically; zlib level 1: 20 MB for the 60k train split, in a third of the time
    of `np.savez_compressed`'s level 6 (15 MB)."""
    arrays = {"images": images, "labels": factors[:, SHAPE], "factors": factors.astype(np.uint8)}
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for key, array in arrays.items():
            with archive.open(f"{key}.npy", "w", force_zip64=True) as handle:
                np.lib.format.write_array(handle, np.ascontiguousarray(array), allow_pickle=False)


def read_cache(path: Path, n: int, size: int, fixed: dict[int, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """(images, factors) from a cache file, or None when it is missing or not what it should be."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            images, factors = npz["images"], npz["factors"].astype(np.int64)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error):  # missing, cut, bad CRC
        return None
    if (images.shape != (n, 3, size, size) or images.dtype != np.uint8 or factors.shape != (n, len(FACTORS))
            or (factors >= COUNTS).any() or any((factors[:, c] != i).any() for c, i in fixed.items())):
        return None
    return images, factors


def load_shapes(split: Split = "train", data_dir: Path | None = None, size: int = BASE,
                **fixed: int) -> ImageDataset:
    """The `shapes` split: images (N, 3, size, size) float32 in [0, 1], labels = shape (N,),
    factors (N, 7) int64 value indices with `factor_names`/`factor_values`.

    `fixed` holds factors at value indices, e.g. `shape=0, object_hue=2`. Read from the cache in
    `<data_dir or the data folder>/shapes/` when it is there and sound; rendered (≈ 1 s) and cached
    otherwise. Raises DatasetError for an unknown split, size or factor.
    """
    if split not in SPLIT_SIZES:
        raise DatasetError(f"split must be 'train' or 'test', not {split!r}.")
    if isinstance(size, bool) or not isinstance(size, int) or not SIZE_RANGE[0] <= size <= SIZE_RANGE[1]:
        raise DatasetError(f"shapes size must be a whole number of pixels from {SIZE_RANGE[0]} to "
                           f"{SIZE_RANGE[1]}, not {size!r}.")
    columns = check_fixed(fixed)
    path = cache_path(split, size, fixed, data_dir)
    cached = read_cache(path, SPLIT_SIZES[split], size, columns)
    if cached is None:
        factors = sample_factors(SPLIT_SIZES[split], SPLIT_SEEDS[split], fixed)
        images = render(factors, size)
        try:
            write_cache(path, images, factors)
        except OSError as err:  # a read-only data folder: render every time instead
            print(f"shapes: not cached ({err})", file=sys.stderr)
    else:
        images, factors = cached
    import torch  # here, not at the top: the shapes' names are read without torch

    pixels = torch.from_numpy(images).float().div_(255.0)  # (N, 3, H, W)
    return ImageDataset("shapes", pixels, torch.from_numpy(factors[:, SHAPE].copy()), SHAPES,
                        factors=torch.from_numpy(factors), factor_names=FACTOR_NAMES,
                        factor_values=factor_values(size))


# --- command line -------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_models.shapes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=BASE, help="image side in pixels (default: %(default)s)")
    parser.add_argument("--preview", type=Path, default=None, help="write an 8×8 grid of test images as PNG here")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    for split in ("train", "test"):
        render(sample_factors(SPLIT_SIZES[split], SPLIT_SEEDS[split]), args.size)
    print(f"rendered {sum(SPLIT_SIZES.values()):,} images in {time.perf_counter() - t0:.1f} s")
    try:
        for split in ("train", "test"):
            t0, cached = time.perf_counter(), cache_path(split, args.size).is_file()
            data = load_shapes(split, size=args.size)
            print(f"{split}: {len(data):,} images {tuple(data.image_shape)}, "
                  f"{'read from the cache' if cached else 'rendered and cached'} in {time.perf_counter() - t0:.1f} s")
    except DatasetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for factor, values in zip(FACTORS, factor_values(args.size), strict=True):
        print(f"  {factor.name:15s} {len(values):2d} × {factor.meaning}: {values}")
    print(f"cache: {cache_path('train', args.size).parent}")
    if args.preview is not None:
        from .imaging import grid, png_bytes, to_uint8, upscale

        args.preview.write_bytes(png_bytes(upscale(grid(to_uint8(data.images[:64]), cols=8), size=1024)))
        print(f"preview: {args.preview}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
