"""The `shapes` generator: deterministic, fast, uniform and independent factors that render as
stated (anti-aliased), fixed factors, and a cache that is reused and rebuilt when broken."""

from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import torch

from ae_models import shapes
from ae_models.data import DatasetError, load_dataset
from ae_models.shapes import (
    COUNTS,
    FACTOR_NAMES,
    SHAPES,
    cache_path,
    load_shapes,
    palette,
    render,
    sample_factors,
)

N_TEST = shapes.SPLIT_SIZES["test"]


@pytest.fixture(scope="module")
def test_split(tmp_path_factory: pytest.TempPathFactory):
    """The 10,000-image test split, rendered into an empty data folder, and the seconds it took."""
    folder = tmp_path_factory.mktemp("shapes-data")
    started = time.perf_counter()
    data = load_shapes("test", data_dir=folder)
    return data, time.perf_counter() - started, folder


def one(**values: int) -> np.ndarray:
    """The single image (3, 64, 64) uint8 with these factor indices (the rest 0)."""
    factors = np.zeros((1, len(FACTOR_NAMES)), dtype=np.int64)
    for name, index in values.items():
        factors[0, FACTOR_NAMES.index(name)] = index
    return render(factors)[0]


def object_mask(image: np.ndarray, background_hue: int = 0) -> np.ndarray:
    """(64, 64) bool: the pixels that are not the background colour."""
    return (image != palette()[0, background_hue, 0][:, None, None]).any(axis=0)


# --- the dataset --------------------------------------------------------------------------------
def test_test_split_is_rendered_quickly(test_split) -> None:
    data, seconds, _ = test_split
    assert len(data) == N_TEST
    assert seconds < 60, f"10,000 images took {seconds:.1f} s (render and cache)"  # ≈ 1–5 s on 2 busy cores


def test_dataset_fields(test_split) -> None:
    data, _, _ = test_split
    assert data.name == "shapes" and data.classes == SHAPES
    assert data.images.shape == (N_TEST, 3, 64, 64) and data.images.dtype == torch.float32
    assert data.images.min() >= 0.0 and data.images.max() <= 1.0
    assert data.factors.shape == (N_TEST, len(FACTOR_NAMES)) and data.factors.dtype == torch.int64
    assert data.factor_names == FACTOR_NAMES
    assert [len(v) for v in data.factor_values] == COUNTS.tolist()
    assert data.factor_values[0] == SHAPES
    assert torch.equal(data.labels, data.factors[:, 0])
    subset = data.subset(torch.arange(10))
    assert torch.equal(subset.factors, data.factors[:10])


def test_load_dataset_dispatches_to_shapes(test_split) -> None:
    data, _, folder = test_split
    loaded = load_dataset("shapes", "test", data_dir=folder)
    assert torch.equal(loaded.images, data.images) and loaded.factor_names == FACTOR_NAMES


def test_same_seed_same_bytes_and_splits_differ(test_split, tmp_path: Path) -> None:
    data, _, _ = test_split
    again = load_shapes("test", data_dir=tmp_path)  # rendered again into another, empty folder
    assert torch.equal(again.images, data.images) and torch.equal(again.factors, data.factors)
    assert not np.array_equal(sample_factors(1000, shapes.SPLIT_SEEDS["train"]),
                              sample_factors(1000, shapes.SPLIT_SEEDS["test"]))


def test_every_value_occurs_about_uniformly(test_split) -> None:
    factors = test_split[0].factors.numpy()
    for column, count in enumerate(COUNTS):
        frequencies = np.bincount(factors[:, column], minlength=count)
        assert len(frequencies) == count and frequencies.min() > 0, FACTOR_NAMES[column]
        expected = N_TEST / count
        assert np.abs(frequencies - expected).max() < 0.15 * expected, FACTOR_NAMES[column]


def test_factors_are_independent(test_split) -> None:
    from scipy.stats import chi2_contingency

    factors = test_split[0].factors.numpy()
    for a, b in combinations(range(len(COUNTS)), 2):
        table = np.zeros((COUNTS[a], COUNTS[b]))
        np.add.at(table, (factors[:, a], factors[:, b]), 1)
        assert chi2_contingency(table).pvalue > 1e-3, (FACTOR_NAMES[a], FACTOR_NAMES[b])


def test_fixed_factors_hold_and_the_others_stay_as_drawn(test_split, tmp_path: Path) -> None:
    data, _, _ = test_split
    circles = load_shapes("test", data_dir=tmp_path, shape=1, scale=5)
    factors, free = circles.factors.numpy(), data.factors.numpy()
    assert (factors[:, 0] == 1).all() and (factors[:, 3] == 5).all() and (circles.labels == 1).all()
    np.testing.assert_array_equal(factors[:, [1, 2, 4, 5, 6]], free[:, [1, 2, 4, 5, 6]])
    same = (free[:, 0] == 1) & (free[:, 3] == 5)  # images that already had those values
    assert torch.equal(circles.images[same], data.images[same])
    assert not torch.equal(circles.images[~same][:10], data.images[~same][:10])
    assert cache_path("test", 64, {"shape": 1, "scale": 5}, tmp_path).is_file()


def test_position_only_variant() -> None:
    factors = sample_factors(500, 0, {"shape": 0, "object_hue": 0, "background_hue": 0, "scale": 0, "rotation": 0})
    assert len(np.unique(factors, axis=0)) == len(np.unique(factors[:, 5:], axis=0)) > 50


@pytest.mark.parametrize(("fixed", "message"), [
    ({"colour": 0}, "Unknown shapes factor 'colour'"),
    ({"shape": 5}, "shape must be a value index 0–4"),
    ({"scale": -1}, "scale must be a value index 0–5"),
    ({"rotation": 1.5}, "rotation must be a value index"),
    ({"x_position": True}, "x_position must be a value index"),
])
def test_bad_factors_are_refused(fixed: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=message):
        load_shapes("test", data_dir=tmp_path, **fixed)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"split": "val"}, "split must be 'train' or 'test'"),
    ({"size": 8}, "from 16 to 128"),
    ({"size": 64.0}, "whole number"),
])
def test_bad_split_or_size_is_refused(kwargs: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=message):
        load_shapes(data_dir=tmp_path, **kwargs)


# --- the pictures -------------------------------------------------------------------------------
def test_edges_are_anti_aliased() -> None:
    image = one(shape=1, object_hue=0, background_hue=0, scale=5).astype(int)  # a red circle
    back, ink = palette()[0, 0, 0].astype(int), palette()[0, 0, -1].astype(int)
    pixels = image.reshape(3, -1).T
    edge = ~(pixels == back).all(1) & ~(pixels == ink).all(1)
    assert edge.sum() > 40  # a ring of partly covered pixels
    low, high = np.minimum(back, ink), np.maximum(back, ink)
    assert ((pixels[edge] >= low) & (pixels[edge] <= high)).all()  # blends of the two colours
    assert len(np.unique(pixels[edge], axis=0)) > 10  # many coverage levels, not one grey
    levels = shapes.coverage_sprites(64)
    assert levels.max() == shapes.SUPERSAMPLE**2 and len(np.unique(levels)) > 50


def test_factors_render_as_stated() -> None:
    radius, centre = shapes.FACTORS[3].values[5], shapes.FACTORS[5].values
    circle = object_mask(one(shape=1, scale=5, x_position=2, y_position=7))
    rows, cols = np.nonzero(circle)
    assert cols.mean() == pytest.approx(centre[2] - 0.5, abs=0.3)  # pixel k spans [k, k + 1]
    assert rows.mean() == pytest.approx(centre[7] - 0.5, abs=0.3)
    coverage = shapes.coverage_sprites(64)[1, 5, 0].sum() / shapes.SUPERSAMPLE**2
    assert coverage == pytest.approx(np.pi * radius**2, rel=0.02)
    small = object_mask(one(shape=1, scale=0)).sum()
    assert small < circle.sum() / 3
    red_on_first = one(shape=0, scale=5, object_hue=0, background_hue=0)
    assert tuple(red_on_first[:, 14, 14]) == tuple(palette()[0, 0, -1])  # the square's middle: its hue
    assert tuple(red_on_first[:, 63, 63]) == tuple(palette()[0, 0, 0])  # far from it: the background's
    assert red_on_first[0, 14, 14] > 200 > 100 > red_on_first[2, 14, 14]  # hue 0° is red


def test_rotation_turns_within_the_symmetry_period() -> None:
    squares = [one(shape=0, scale=5, rotation=r) for r in range(8)]
    assert len({s.tobytes() for s in squares}) == 8
    circles = [one(shape=1, scale=5, rotation=r).astype(int) for r in range(8)]
    assert all(np.abs(c - circles[0]).max() <= 8 for c in circles)  # a circle does not change


def test_a_circle_is_centred() -> None:
    circle = shapes.coverage_sprites(64)[1, 5, 0].astype(int)
    for mirrored in (circle[::-1], circle[:, ::-1], circle.T):
        assert np.abs(circle - mirrored).max() <= 1


def test_other_sizes_scale_the_geometry(tmp_path: Path) -> None:
    small = load_shapes("test", data_dir=tmp_path, size=32)
    assert small.images.shape == (N_TEST, 3, 32, 32)
    assert small.factor_values[5] == tuple(float(v) for v in range(7, 27, 2))
    assert small.factor_values[3][-1] == 6.5
    factors = np.zeros((1, len(FACTOR_NAMES)), dtype=np.int64)
    factors[0, [3, 5, 6]] = (5, 9, 9)  # the largest shape at the last position still fits
    assert render(factors, size=17).shape == (1, 3, 17, 17)


# --- the cache ----------------------------------------------------------------------------------
def test_the_cache_is_used_on_a_second_call(test_split, monkeypatch: pytest.MonkeyPatch) -> None:
    data, _, folder = test_split
    assert cache_path("test", data_dir=folder).is_file()

    def no_render(*args, **kwargs):
        raise AssertionError("rendered although the cache was there")

    monkeypatch.setattr(shapes, "render", no_render)
    cached = load_shapes("test", data_dir=folder)
    assert torch.equal(cached.images, data.images) and torch.equal(cached.factors, data.factors)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong_count"])
def test_a_broken_cache_is_rebuilt(damage: str, test_split, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data, _, _ = test_split
    path = cache_path("test", data_dir=tmp_path)
    load_shapes("test", data_dir=tmp_path)
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 3: len(raw) // 3 + 64] = b"\xff" * 64  # inside the images: the CRC fails
        path.write_bytes(bytes(raw))
    else:
        shapes.write_cache(path, render(data.factors.numpy()[:100]), data.factors.numpy()[:100])
    renders = []
    monkeypatch.setattr(shapes, "render", lambda *a, **k: renders.append(1) or render(*a, **k))
    rebuilt = load_shapes("test", data_dir=tmp_path)
    assert renders == [1] and torch.equal(rebuilt.images, data.images)
    assert shapes.read_cache(path, N_TEST, 64, {}) is not None  # written again, whole


def test_an_unwritable_data_folder_still_gives_the_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    data = load_shapes("test", data_dir=blocker / "data", size=16)
    assert data.images.shape == (N_TEST, 3, 16, 16)
    assert "not cached" in capsys.readouterr().err


def test_cli_prints_a_summary_and_writes_a_preview(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    preview = tmp_path / "preview.png"
    assert shapes.main(["--size", "16", "--preview", str(preview)]) == 0
    out = capsys.readouterr().out
    assert "train: 60,000 images (3, 16, 16)" in out and "rotation" in out
    from PIL import Image

    with Image.open(preview) as picture:
        assert picture.mode == "RGB" and min(picture.size) >= 8 * 16
