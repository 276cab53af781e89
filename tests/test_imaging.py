"""Pictures from image tensors: grey stays as it was, colour comes out as (…, H, W, 3)."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from ae_models.imaging import error_map, grid, is_colour, pixel_error, png_bytes, to_uint8, upscale


def test_grey_batches_and_images_keep_their_layout_and_rounding():
    x = torch.tensor([0.0, 0.5, 1.0, 1.5, -0.2, 0.999]).reshape(1, 1, 2, 3)
    expected = np.array([[[0, 128, 255], [255, 0, 255]]], dtype=np.uint8)  # (v·255 + 0.5) truncated, clipped
    np.testing.assert_array_equal(to_uint8(x), expected)  # (N, 1, H, W) → (N, H, W)
    np.testing.assert_array_equal(to_uint8(x[0]), expected[0])  # (1, H, W) → (H, W)
    np.testing.assert_array_equal(to_uint8(x[0, 0].numpy()), expected[0])  # (H, W) → (H, W)


def test_colour_images_come_out_channels_last():
    x = torch.rand(4, 3, 5, 7)
    out = to_uint8(x)
    assert out.shape == (4, 5, 7, 3) and out.dtype == np.uint8
    np.testing.assert_array_equal(out[2, 1, 4], (x[2, :, 1, 4].numpy() * 255 + 0.5).astype(np.uint8))
    np.testing.assert_array_equal(to_uint8(x[2]), out[2])  # (3, H, W) → (H, W, 3)


def test_a_three_dimensional_tensor_is_one_image_never_a_batch():
    three = torch.zeros(3, 8, 8)
    three[0] = 1.0  # red
    assert to_uint8(three).shape == (8, 8, 3)  # a colour image, not three grey ones
    assert to_uint8(three)[0, 0].tolist() == [255, 0, 0]
    with pytest.raises(ValueError, match="1 or 3 channels"):
        to_uint8(torch.zeros(5, 8, 8))  # a batch of grey images must keep its channel axis
    with pytest.raises(ValueError):
        to_uint8(torch.zeros(8))


def test_upscale_repeats_pixels_of_grey_and_colour_pictures():
    grey = np.arange(6, dtype=np.uint8).reshape(2, 3)
    big = upscale(grey, 9)  # factor 9 // 3 = 3
    assert big.shape == (6, 9)
    np.testing.assert_array_equal(big, np.kron(grey, np.ones((3, 3), dtype=np.uint8)))  # as it always was
    colour = np.random.default_rng(0).integers(0, 256, (2, 3, 3), dtype=np.uint8)
    big = upscale(colour, 9)
    assert big.shape == (6, 9, 3)
    np.testing.assert_array_equal(big[3:6, 6:9], np.broadcast_to(colour[1, 2], (3, 3, 3)))
    assert upscale(np.zeros((4, 2, 3, 3), np.uint8), 9).shape == (4, 6, 9, 3)  # a batch of colour pictures
    assert upscale(np.zeros((4, 3, 2), np.uint8), 9).shape == (4, 9, 6)  # a batch of grey ones
    assert upscale(grey, 2).shape == (2, 3)  # never shrinks


def test_grid_tiles_grey_as_before_and_colour_with_its_channels():
    grey = np.arange(1, 4, dtype=np.uint8)[:, None, None] * np.ones((3, 2, 2), np.uint8)
    tiled = grid(grey, cols=2, pad=1, value=9)
    assert tiled.shape == (5, 5)
    np.testing.assert_array_equal(tiled[:, 2], [9, 9, 9, 9, 9])  # the gap between columns
    np.testing.assert_array_equal(tiled[3:, 3:], [[9, 9], [9, 9]])  # the empty fourth cell
    assert tiled[3, 0] == 3
    colour = np.zeros((3, 2, 2, 3), np.uint8)
    colour[..., 1] = 200  # green
    tiled = grid(colour, cols=2, pad=1, value=9)
    assert tiled.shape == (5, 5, 3)
    assert tiled[0, 0].tolist() == [0, 200, 0] and tiled[0, 2].tolist() == [9, 9, 9]


def test_error_map_is_the_mean_absolute_error_over_channels():
    original = torch.zeros(1, 3, 2, 2)
    reconstruction = torch.zeros(1, 3, 2, 2)
    reconstruction[0, 0, 0, 0] = 0.6  # one channel off by 0.6 → mean 0.2 at that pixel
    reconstruction[0, :, 1, 1] = -0.3  # all three off by 0.3 → 0.3
    np.testing.assert_allclose(pixel_error(original, reconstruction), [[0.2, 0.0], [0.0, 0.3]], atol=1e-6)
    assert error_map(original, reconstruction).tolist() == [[51, 0], [0, 77]]
    assert error_map(original[0], reconstruction[0]).shape == (2, 2)  # (C, H, W) too


def test_grey_error_map_is_the_absolute_error():
    a, b = torch.rand(1, 1, 4, 5), torch.rand(1, 1, 4, 5)
    np.testing.assert_array_equal(error_map(a, b), to_uint8((a - b).abs()[0, 0]))


@pytest.mark.parametrize(("shape", "mode"), [((4, 6), "L"), ((4, 6, 3), "RGB")])
def test_png_bytes_round_trip(shape, mode):
    picture = np.random.default_rng(1).integers(0, 256, shape, dtype=np.uint8)
    decoded = Image.open(io.BytesIO(png_bytes(picture)))
    assert decoded.mode == mode
    np.testing.assert_array_equal(np.asarray(decoded), picture)


def test_is_colour_tells_pictures_apart():
    assert is_colour(np.zeros((5, 5, 3), np.uint8)) and is_colour(np.zeros((2, 5, 5, 3), np.uint8))
    assert not is_colour(np.zeros((5, 5), np.uint8)) and not is_colour(np.zeros((2, 5, 5), np.uint8))
