"""Unit tests of ae_models.denoising: metrics on known pairs, noise curves, code shifts, MNIST centring."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_models import build_model, denoising
from ae_models.metrics import psnr, ssim
from ae_models.noise import NOISE_KINDS, NoiseSpec, corrupt
from ae_models.projections import Projector


def test_identical_images_have_ssim_one_and_a_huge_psnr():
    x = torch.rand(3, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(ssim(x, x), torch.ones(3))
    assert torch.all(psnr(x, x) >= 99.0)


def test_psnr_of_a_known_mse():
    x = torch.full((2, 1, 8, 8), 0.5)
    y = x + 0.1  # MSE 0.01 → 10·log10(1/0.01) = 20 dB
    torch.testing.assert_close(psnr(x, y), torch.full((2,), 20.0))


def test_ssim_drops_with_noise():
    x = torch.rand(1, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    noisy = (x + 0.3 * torch.randn(x.shape, generator=torch.Generator().manual_seed(2))).clamp(0, 1)
    assert ssim(noisy, x).item() < 0.9


def tiny_model(family: str = "ae") -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model(family, image_shape=(1, 8, 8), latent_dim=3, hidden=(16,)).eval()


def test_noise_curve_rows_and_shared_noise():
    clean = torch.rand(20, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    model = tiny_model()
    rows = denoising.noise_curve({"m": model}, clean, "mask", (0.0, 0.5), seed=3)
    assert [(r["model"], r["strength"]) for r in rows] == [
        (denoising.NOISY_INPUT, 0.0), ("m", 0.0), (denoising.NOISY_INPUT, 0.5), ("m", 0.5)]
    assert rows[0]["ssim"] == pytest.approx(1.0) and rows[2]["psnr"] < rows[0]["psnr"]
    # The model's row is the denoise() score of the very noisy images the baseline saw.
    noisy = corrupt(clean, "mask:0.5", torch.Generator().manual_seed(3 + 1))
    result = denoising.denoise(model, clean, noisy)
    assert rows[3]["psnr"] == pytest.approx(result.psnr.mean().item())
    assert rows[3]["ssim"] == pytest.approx(result.ssim.mean().item())
    calls = []
    denoising.noise_curve({"m": model}, clean, "gaussian", seed=0, progress=calls.append)
    assert len(calls) == 2 * len(denoising.STRENGTHS["gaussian"]) and calls[-1] == 1.0
    # Without the baseline the model's rows are the same: the noise does not depend on it.
    alone = denoising.noise_curve({"m": model}, clean, "mask", (0.0, 0.5), seed=3, baseline=False)
    assert alone == [rows[1], rows[3]]


def test_compare_scores_the_noisy_input_and_each_model_on_the_same_noise():
    clean = torch.rand(4, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    model = tiny_model()
    noise = NoiseSpec("gaussian", 0.3)
    results = denoising.compare({"m": model}, clean, noise, seed=5)
    assert list(results) == [denoising.NOISY_INPUT, "m"]
    noisy = corrupt(clean, noise, torch.Generator().manual_seed(5))
    torch.testing.assert_close(results[denoising.NOISY_INPUT].outputs, noisy)
    torch.testing.assert_close(results[denoising.NOISY_INPUT].psnr, psnr(noisy, clean))
    torch.testing.assert_close(results[denoising.NOISY_INPUT].errors, (noisy - clean).abs())
    expected = denoising.denoise(model, clean, noisy)
    torch.testing.assert_close(results["m"].outputs, expected.outputs)
    assert results["m"].mean_ssim == pytest.approx(ssim(expected.outputs, clean).mean().item())
    table = denoising.comparison_table(results)
    assert list(table.index) == [denoising.NOISY_INPUT, "m"] and list(table.columns) == ["PSNR (dB)", "SSIM"]
    assert table.loc["m", "PSNR (dB)"] == pytest.approx(expected.psnr.mean().item())


def test_curve_table_has_a_column_per_metric_and_model_in_first_seen_order():
    rows = [{"model": "noisy input", "strength": 0.0, "psnr": 100.0, "ssim": 1.0},
            {"model": "zeta", "strength": 0.0, "psnr": 30.0, "ssim": 0.9},
            {"model": "noisy input", "strength": 0.5, "psnr": 10.0, "ssim": 0.2},
            {"model": "zeta", "strength": 0.5, "psnr": 20.0, "ssim": 0.7},
            {"model": "alpha", "strength": 0.5, "psnr": 15.0, "ssim": 0.5}]
    table = denoising.curve_table(rows)
    assert list(table.index) == [0.0, 0.5]
    assert list(table.columns) == [(m, n) for m in ("psnr", "ssim") for n in ("noisy input", "zeta", "alpha")]
    assert table.loc[0.5, ("ssim", "zeta")] == 0.7 and np.isnan(table.loc[0.0, ("psnr", "alpha")])


def test_code_shift_is_zero_without_noise_and_relative_to_the_spread():
    model = tiny_model()
    clean = torch.rand(5, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    z_clean, z_same = denoising.code_shift(model, clean, clean)
    np.testing.assert_array_equal(z_clean, z_same)
    latents = np.array([[1.0, 0.0], [-1.0, 0.0]])  # spread: RMS distance to the mean = 1
    np.testing.assert_allclose(denoising.relative_shift(np.zeros((1, 2)), np.array([[3.0, 4.0]]), latents), [5.0])


def test_mapped_shift_projects_both_codes_and_measures_the_shift_in_latent_space():
    model = tiny_model()
    sample = torch.rand(40, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    latents = denoising.code_shift(model, sample, sample)[0]
    projector = Projector("pca", 2).fit(latents)
    clean = sample[:3]
    noisy = corrupt(clean, NoiseSpec("mask", 0.5), torch.Generator().manual_seed(1))
    shift = denoising.mapped_shift(model, clean, noisy, latents, projector)
    z_clean, z_noisy = denoising.code_shift(model, clean, noisy)
    np.testing.assert_allclose(shift.start, projector.transform(z_clean))
    np.testing.assert_allclose(shift.end, projector.transform(z_noisy))
    np.testing.assert_allclose(shift.relative, denoising.relative_shift(z_clean, z_noisy, latents))
    assert shift.start.shape == (3, 2) and np.all(shift.relative > 0)
    still = denoising.mapped_shift(model, clean, clean, latents, projector)
    np.testing.assert_allclose(still.start, still.end)
    np.testing.assert_array_equal(still.relative, 0.0)


def test_default_comparison_prefers_plain_conv_denoising_conv_and_an_mlp():
    models = [("a-vae", "vae", None), ("b-conv", "conv_ae", None), ("c-mlp", "ae", None),
              ("d-dae", "conv_ae", "gaussian:0.5"), ("e-conv2", "conv_ae", None)]
    assert denoising.default_comparison(models) == ["b-conv", "d-dae", "c-mlp"]
    assert denoising.default_comparison([("x", "vae", None), ("y", "conv_vae", None)]) == ["x", "y"]


def _blob(size: int, top: int, left: int, h: int, w: int) -> np.ndarray:
    image = np.zeros((size, size))
    image[top:top + h, left:left + w] = 1.0
    return image


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


@pytest.mark.parametrize("where", [(0, 0), (150, 60), (30, 170)])
def test_centring_fits_the_ink_into_20x20_and_centres_its_mass(where):
    picture = _blob(200, *where, h=40, w=20) * 255  # a tall stroke anywhere on a big canvas
    digit = denoising.centre_like_mnist(picture)
    assert digit.shape == (28, 28) and digit.min() >= 0.0 and digit.max() <= 1.0
    rows, cols = np.nonzero(digit > 0.5)
    assert rows.max() - rows.min() + 1 == 20 and cols.max() - cols.min() + 1 == 10  # aspect kept
    r, c = centre_of_mass(digit)
    assert abs(r - 13.5) <= 0.5 and abs(c - 13.5) <= 0.5


def test_centring_an_off_centre_mass_and_small_images():
    picture = _blob(100, 10, 10, 60, 60)
    picture[10:70, 10:20] = 3.0  # heavy left edge: the mass is left of the box centre
    digit = denoising.centre_like_mnist(picture)
    r, c = centre_of_mass(digit)
    assert abs(r - 13.5) <= 0.5 and abs(c - 13.5) <= 0.5
    small = denoising.centre_like_mnist(_blob(50, 5, 5, 20, 20), size=8)  # digits: fills 8×8
    assert small.shape == (8, 8) and np.all(small > 0.5)
    np.testing.assert_array_equal(denoising.centre_like_mnist(np.zeros((30, 30))), np.zeros((28, 28)))


def test_light_backgrounds_are_inverted():
    ink_on_paper = 255 - _blob(60, 10, 20, 40, 8) * 255
    digit, inverted = denoising.digit_from_picture(ink_on_paper)
    assert inverted and digit.max() > 0.9 and digit[0, 0] == 0.0
    _, inverted = denoising.digit_from_picture(_blob(60, 10, 20, 40, 8))
    assert not inverted


def test_canvas_ink_is_light_strokes_on_an_opaque_canvas():
    rgba = np.zeros((50, 50, 4), dtype=np.uint8)
    rgba[..., 3] = 255  # an opaque black canvas
    assert denoising.digit_from_canvas(rgba) is None and denoising.digit_from_canvas(None) is None
    rgba[10:40, 20:26, :3] = 255  # a white stroke
    rgba[0, 0] = (255, 255, 255, 0)  # transparent: background, whatever its colour
    ink = denoising.canvas_ink(rgba)
    assert ink.shape == (50, 50) and ink[20, 22] == 1.0 and ink[0, 0] == 0.0 and ink[5, 5] == 0.0
    digit = denoising.digit_from_canvas(rgba, size=28)
    np.testing.assert_array_equal(digit, denoising.digit_from_picture(ink, 28)[0])
    assert digit.shape == (28, 28) and digit.max() > 0.9


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_strength_table_covers_every_noise_kind(kind: str):
    """Every noise kind has a default curve: it starts at the clean image, and each stronger step is
    a valid amount that corrupts more (lower PSNR and SSIM for the noisy input)."""
    clean = torch.rand(16, 1, 16, 16, generator=torch.Generator().manual_seed(0))
    rows = denoising.noise_curve({}, clean, kind)
    assert [r["strength"] for r in rows] == list(denoising.STRENGTHS[kind])
    assert rows[0]["ssim"] == pytest.approx(1.0)  # strength 0: the clean image itself
    psnr_values, ssim_values = [r["psnr"] for r in rows], [r["ssim"] for r in rows]
    assert psnr_values == sorted(psnr_values, reverse=True) and len(set(psnr_values)) == len(rows)
    assert ssim_values == sorted(ssim_values, reverse=True)


@pytest.mark.parametrize("dataset", ["mnist", "fashion-mnist"])
def test_the_shipped_denoising_model_beats_the_plain_one_at_sigma_half(dataset: str):
    """Issue target: on Gaussian σ = 0.5 the denoising conv_ae gives ≥ 17 dB and ≥ 3 dB more than
    the plain conv_ae on the same noisy input (measured on the shipped sample)."""
    import ae_models
    from ae_models.denoising import noise_curve
    from ae_models.samples import load_sample

    names = {"plain": f"{dataset}-conv_ae-16", "dae": f"{dataset}-conv_ae-16-denoise-gauss0.5"}
    if not set(names.values()) <= set(ae_models.list_pretrained()):
        pytest.skip("the zoo's conv_ae checkpoints are not in pretrained/")
    models = {key: ae_models.load_pretrained(name, device="cpu") for key, name in names.items()}
    rows = noise_curve(models, load_sample(dataset).images[:300], "gaussian", strengths=[0.5])
    psnr = {row["model"]: row["psnr"] for row in rows}
    assert psnr["dae"] >= 17.0 and psnr["dae"] >= psnr["plain"] + 3.0


# --- colour ---------------------------------------------------------------------------------------
def colour_model() -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model("conv_ae", image_shape=(3, 16, 24), latent_dim=4).eval()


def test_colour_comparison_scores_all_channels_and_maps_the_mean_error():
    clean = torch.rand(3, 3, 16, 24, generator=torch.Generator().manual_seed(0))
    results = denoising.compare({"m": colour_model()}, clean, NoiseSpec("salt_pepper", 0.2), seed=1)
    noisy = corrupt(clean, "salt_pepper:0.2", torch.Generator().manual_seed(1))
    for result in results.values():
        assert result.outputs.shape == result.errors.shape == (3, 3, 16, 24)
        torch.testing.assert_close(result.psnr, psnr(result.outputs, clean))
        torch.testing.assert_close(result.ssim, ssim(result.outputs, clean))
        torch.testing.assert_close(result.error_maps, (result.outputs - clean).abs().mean(1, keepdim=True))
    torch.testing.assert_close(results[denoising.NOISY_INPUT].outputs, noisy)
    rows = denoising.noise_curve({"m": colour_model()}, clean, "blocks", (0.0, 0.3))
    assert rows[0]["ssim"] == pytest.approx(1.0) and rows[2]["psnr"] < rows[0]["psnr"]


def test_grey_error_maps_are_the_errors_themselves():
    clean = torch.rand(2, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    result = denoising.compare({}, clean, NoiseSpec("gaussian", 0.3))[denoising.NOISY_INPUT]
    assert torch.equal(result.error_maps, result.errors)


def test_mapped_shift_on_a_colour_model():
    model = colour_model()
    sample = torch.rand(30, 3, 16, 24, generator=torch.Generator().manual_seed(0))
    latents = denoising.code_shift(model, sample, sample)[0]
    noisy = corrupt(sample[:2], "mask:0.5", torch.Generator().manual_seed(1))
    shift = denoising.mapped_shift(model, sample[:2], noisy, latents, Projector("pca", 2).fit(latents))
    assert shift.start.shape == shift.end.shape == (2, 2) and np.all(shift.relative > 0)


def png(array: np.ndarray) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def test_only_square_grey_models_centre_digits():
    assert denoising.centres_digits((1, 28, 28)) and denoising.centres_digits((1, 8, 8))
    assert not denoising.centres_digits((3, 64, 64)) and not denoising.centres_digits((1, 28, 40))


def test_a_colour_model_gets_the_picture_in_colour_covered_and_centre_cropped():
    picture = np.zeros((60, 120, 3), dtype=np.uint8)  # twice as wide as tall: red | green | blue thirds
    picture[:, :40, 0], picture[:, 40:80, 1], picture[:, 80:, 2] = 255, 255, 255
    x, inverted = denoising.picture_input(png(picture), (3, 16, 16))
    assert x.shape == (1, 3, 16, 16) and x.dtype == torch.float32 and not inverted
    # Scaled to cover 16×16 (to 16×32), the centre 16 columns kept: the green middle third and a
    # bit of each neighbour, never squeezed to show all three thirds.
    middle = x[0, :, :, 8].mean(1)  # (3,): the centre column's mean red, green, blue
    assert middle[1] > 0.9 and middle[0] < 0.1 and middle[2] < 0.1
    assert x[0, 0, :, 0].mean() > 0.5 and x[0, 2, :, -1].mean() > 0.5  # red at the left edge, blue at the right


def test_a_grey_picture_fills_every_channel_of_a_colour_model_and_oblong_grey_models_are_resized():
    ramp = np.tile(np.linspace(0, 255, 40).astype(np.uint8), (20, 1))  # (20, 40) grey, light on the right
    x, inverted = denoising.picture_input(png(ramp), (3, 10, 20))
    assert x.shape == (1, 3, 10, 20) and not inverted
    assert torch.equal(x[0, 0], x[0, 1]) and torch.equal(x[0, 1], x[0, 2])
    grey, inverted = denoising.picture_input(png(ramp), (1, 10, 20))
    assert grey.shape == (1, 1, 10, 20) and not inverted
    torch.testing.assert_close(grey[0, 0], x[0, 0])


def test_a_square_grey_model_still_centres_the_digit_like_mnist():
    paper = np.full((90, 60), 255, dtype=np.uint8)
    paper[20:70, 25:35] = 0  # a dark "1" on white paper
    x, inverted = denoising.picture_input(png(paper), (1, 28, 28))
    expected, was_inverted = denoising.digit_from_picture(paper, 28)
    assert inverted and was_inverted and x.shape == (1, 1, 28, 28)
    torch.testing.assert_close(x[0, 0], torch.from_numpy(expected).float())


def test_a_broken_upload_is_a_dataset_error():
    from ae_models.data import DatasetError

    for shape in ((1, 28, 28), (3, 16, 16)):
        with pytest.raises(DatasetError, match="PNG or JPG"):
            denoising.picture_input(b"not an image", shape)


def test_a_noise_curve_averages_over_fewer_images_when_each_has_more_values():
    assert denoising.curve_images((1, 28, 28), 5000) == 500  # MNIST: as before
    assert denoising.curve_images((1, 8, 8), 360) == 360  # every digits test image
    assert denoising.curve_images((3, 32, 32), 5000) == 127  # the same number of values as 500 MNIST images
    assert denoising.curve_images((3, 64, 64), 5000) == 50  # but never fewer than 50 images
    assert denoising.curve_images((3, 64, 64), 30) == 30
