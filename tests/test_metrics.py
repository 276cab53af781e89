"""ae_models.metrics on grey and colour images of any size: PSNR and SSIM against known cases and an
independent NumPy SSIM (Wang et al. 2004, Gaussian window)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from ae_models.metrics import mse_per_image, psnr, ssim, ssim_window

K1, K2 = 0.01, 0.03  # the paper's constants, for data range 1


def numpy_ssim(x: np.ndarray, y: np.ndarray, window: int, sigma: float = 1.5) -> float:
    """SSIM of two (C, H, W) images: per channel the mean of the SSIM map over the valid positions
    of a separable Gaussian window, then the mean over channels."""
    coords = np.arange(window) - window // 2
    g = np.exp(-coords**2 / (2 * sigma**2))
    g /= g.sum()

    def blur(a: np.ndarray) -> np.ndarray:
        a = np.apply_along_axis(lambda r: np.convolve(r, g, mode="valid"), 0, a)
        return np.apply_along_axis(lambda r: np.convolve(r, g, mode="valid"), 1, a)

    values = []
    for a, b in zip(x.astype(np.float64), y.astype(np.float64), strict=True):
        mu_a, mu_b = blur(a), blur(b)
        var_a, var_b = blur(a * a) - mu_a**2, blur(b * b) - mu_b**2
        cov = blur(a * b) - mu_a * mu_b
        c1, c2 = K1**2, K2**2
        ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
        values.append(ssim_map.mean())
    return float(np.mean(values))


def pair(shape: tuple[int, ...], seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(shape, generator=g)
    return x, (x + 0.2 * torch.randn(shape, generator=g)).clamp(0, 1)


@pytest.mark.parametrize(("height", "width", "expected"), [(28, 28, 11), (8, 8, 7), (64, 48, 11), (10, 30, 9),
                                                             (30, 7, 7), (1, 5, 1)])
def test_the_ssim_window_is_odd_and_fits_the_shorter_side(height: int, width: int, expected: int):
    assert ssim_window(height, width) == expected


def test_psnr_of_a_colour_image_pools_the_channels():
    x = torch.full((2, 3, 12, 20), 0.5)
    y = x.clone()
    y[:, 1] += 0.3  # only green is off, by 0.3: MSE = 0.09 / 3 over the three channels
    torch.testing.assert_close(mse_per_image(x, y), torch.full((2,), 0.03))
    torch.testing.assert_close(psnr(x, y), torch.full((2,), 10 * math.log10(1 / 0.03)))


def test_ssim_of_flat_colour_images_is_the_mean_of_the_channels_luminance_terms():
    """Flat images have no variance, so SSIM is the luminance term (2ab + C1) / (a² + b² + C1) per
    channel; the colour SSIM is their mean."""
    a, b = torch.tensor([0.2, 0.5, 0.9]), torch.tensor([0.4, 0.5, 0.1])
    x = a.view(1, 3, 1, 1).expand(1, 3, 12, 20).contiguous()
    y = b.view(1, 3, 1, 1).expand(1, 3, 12, 20).contiguous()
    c1 = K1**2
    expected = ((2 * a * b + c1) / (a**2 + b**2 + c1)).mean()
    # float32 variances of flat images are only ~1e-8 from 0, against C2 = 9e-4
    torch.testing.assert_close(ssim(x, y), expected.view(1), atol=1e-4, rtol=0)


@pytest.mark.parametrize("shape", [(2, 3, 16, 16), (2, 3, 20, 12), (1, 1, 28, 28), (2, 3, 8, 8)])
def test_ssim_matches_an_independent_numpy_ssim(shape: tuple[int, ...]):
    x, y = pair(shape)
    window = ssim_window(*shape[-2:])
    expected = [numpy_ssim(a.numpy(), b.numpy(), window) for a, b in zip(x, y, strict=True)]
    np.testing.assert_allclose(ssim(x, y).numpy(), expected, rtol=1e-4, atol=1e-5)


def test_colour_ssim_is_the_mean_of_each_channel_as_a_grey_image():
    x, y = pair((3, 3, 16, 24), seed=1)
    per_channel = torch.stack([ssim(x[:, c:c + 1], y[:, c:c + 1]) for c in range(3)], 1)
    torch.testing.assert_close(ssim(x, y), per_channel.mean(1))
    torch.testing.assert_close(ssim(x, x), torch.ones(3))
    assert torch.all(psnr(x, x) >= 99.0)
