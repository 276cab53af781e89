"""Denoising, measured: models' outputs for corrupted images, PSNR/SSIM over a range of noise
strengths, how far noise moves a code, and uploaded or hand-drawn pictures as a model's input
(MNIST-style centring of digits for square grey models, a plain resize for the others).

Images are (N, C, H, W) tensors in [0, 1], grey or colour; nothing here knows of Streamlit.

    results = compare({"dae": dae, "ae": ae}, clean, NoiseSpec("gaussian", 0.3), seed=0)  # name → DenoiseResult
    comparison_table(results)                                                # mean PSNR and SSIM per row
    rows = noise_curve({"dae": dae, "ae": ae}, clean, "gaussian", (0.0, 0.1, 0.3, 0.5))
    curve_table(rows)                                                        # strength × (metric, model)
    digit = centre_like_mnist(drawing)                                       # (28, 28) in [0, 1]
    x, inverted = picture_input(png_bytes, (3, 64, 64))                      # (1, 3, 64, 64), False
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from .data import from_uint8, image_to_array, stack_images
from .latent_ops import encode_all, reconstruct_all
from .metrics import psnr, ssim
from .models import Autoencoder
from .noise import NOISE_KINDS, NoiseKind, NoiseSpec, corrupt
from .projections import Projector

NOISY_INPUT = "noisy input"  # the baseline row of a comparison or a noise curve: no model at all
STRENGTHS: dict[str, tuple[float, ...]] = {  # six strengths per noise kind, from clean to heavy
    "gaussian": (0.0, 0.1, 0.2, 0.3, 0.5, 0.7),
    "salt_pepper": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5),
    "mask": (0.0, 0.1, 0.2, 0.3, 0.5, 0.7),
    "blocks": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
}
assert set(STRENGTHS) == set(NOISE_KINDS)
# Values per point of a noise curve: 500 MNIST images. SSIM and the models' passes cost about in
# proportion to the values, so a 3×64×64 set gets 50 images (16× the values each), not 500.
CURVE_VALUES = 500 * 28 * 28


@dataclass(frozen=True)
class DenoiseResult:
    """Outputs (N, C, H, W) for noisy inputs, scored against the clean images: PSNR (dB) and SSIM
    (N,) and the absolute error of each value (N, C, H, W)."""

    outputs: torch.Tensor
    psnr: torch.Tensor
    ssim: torch.Tensor
    errors: torch.Tensor

    @property
    def mean_psnr(self) -> float:
        return self.psnr.mean().item()

    @property
    def mean_ssim(self) -> float:
        return self.ssim.mean().item()

    @property
    def error_maps(self) -> torch.Tensor:
        """The absolute error per pixel, averaged over the channels: (N, 1, H, W), for heat maps."""
        return self.errors.mean(1, keepdim=True)


def score(outputs: torch.Tensor, clean: torch.Tensor) -> DenoiseResult:
    """Score `outputs` (N, C, H, W) against `clean`."""
    return DenoiseResult(outputs, psnr(outputs, clean), ssim(outputs, clean), (outputs - clean).abs())


def denoise(model: Autoencoder, clean: torch.Tensor, noisy: torch.Tensor) -> DenoiseResult:
    """Feed `noisy` to `model`; score its outputs against `clean`."""
    return score(reconstruct_all(model, noisy), clean)


def compare(models: Mapping[str, Autoencoder], clean: torch.Tensor, noise: NoiseSpec, seed: int = 0
            ) -> dict[str, DenoiseResult]:
    """Corrupt `clean` once (`noise`, seeded) and score the noisy input itself (key NOISY_INPUT,
    its `outputs` are the noisy images) and each model's output for it."""
    noisy = corrupt(clean, noise, torch.Generator().manual_seed(seed))
    return {NOISY_INPUT: score(noisy, clean)} | {name: denoise(m, clean, noisy) for name, m in models.items()}


def comparison_table(results: Mapping[str, DenoiseResult]) -> pd.DataFrame:
    """Mean PSNR (dB) and SSIM of each result, one row each, indexed by the results' names."""
    return pd.DataFrame({"PSNR (dB)": [r.mean_psnr for r in results.values()],
                         "SSIM": [r.mean_ssim for r in results.values()]},
                        index=pd.Index(list(results), name=""))


def noise_curve(models: Mapping[str, Autoencoder], clean: torch.Tensor, kind: NoiseKind,
                strengths: Sequence[float] | None = None, seed: int = 0,
                progress: Callable[[float], None] | None = None, baseline: bool = True
                ) -> list[dict[str, float | str]]:
    """Mean PSNR (dB) and SSIM over `clean` (N, C, H, W) at each noise strength, for the noisy input
    itself (row `model` = NOISY_INPUT, the baseline; left out when `baseline` is False) and for each
    model's output.

    Every model sees the same noisy images (seeded per strength, so the noise does not depend on
    `baseline` or on the other models). `progress(fraction)` is called after each step. Returns
    rows {"model", "strength", "psnr", "ssim"}.
    """
    strengths = STRENGTHS[kind] if strengths is None else strengths
    rows: list[dict[str, float | str]] = []
    total, done = len(strengths) * (len(models) + baseline), 0
    for i, strength in enumerate(strengths):
        noisy = corrupt(clean, NoiseSpec(kind, float(strength)), torch.Generator().manual_seed(seed + i))
        candidates: dict[str, Autoencoder | None] = {NOISY_INPUT: None} if baseline else {}
        for name, model in (candidates | dict(models)).items():
            result = score(noisy, clean) if model is None else denoise(model, clean, noisy)
            rows.append({"model": name, "strength": float(strength), "psnr": result.mean_psnr,
                         "ssim": result.mean_ssim})
            done += 1
            if progress is not None:
                progress(done / total)
    return rows


def curve_images(image_shape: Sequence[int], available: int, least: int = 50) -> int:
    """How many of `available` images (C, H, W) a noise curve averages over: `CURVE_VALUES` worth,
    at least `least` (a mean PSNR over fewer is noisy) and at most 500."""
    return min(available, 500, max(least, CURVE_VALUES // math.prod(image_shape)))


def curve_table(rows: Sequence[Mapping[str, float | str]]) -> pd.DataFrame:
    """`noise_curve` rows as one table: a row per strength, a column per (metric, model) with the
    metrics "psnr" and "ssim" and the models in the order they first appear."""
    table = pd.DataFrame(list(rows))
    models = list(dict.fromkeys(table["model"]))
    wide = table.pivot(index="strength", columns="model", values=["psnr", "ssim"])
    return wide.reindex(columns=pd.MultiIndex.from_product([["psnr", "ssim"], models], names=wide.columns.names))


@torch.no_grad()
def code_shift(model: Autoencoder, clean: torch.Tensor, noisy: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Codes (N, d) of the clean and the noisy images (posterior means for VAEs)."""
    return encode_all(model, clean), encode_all(model, noisy)


def relative_shift(z_clean: np.ndarray, z_noisy: np.ndarray, latents: np.ndarray) -> np.ndarray:
    """|z_noisy − z_clean| in units of the codes' spread (root mean squared distance to their mean),
    so models with different latent scales can be compared: (N,)."""
    latents = np.asarray(latents, dtype=np.float64)
    spread = np.sqrt(((latents - latents.mean(0)) ** 2).sum(1).mean())
    return np.linalg.norm(np.atleast_2d(z_noisy) - np.atleast_2d(z_clean), axis=1) / max(spread, 1e-12)


@dataclass(frozen=True)
class MappedShift:
    """How far noise moves the codes of some images, on a fitted 2-D map of the sample's codes."""

    start: np.ndarray  # (N, 2) the clean images' codes on the map
    end: np.ndarray  # (N, 2) the noisy images' codes on the map
    relative: np.ndarray  # (N,) the shift in the full latent space, see `relative_shift`


def mapped_shift(model: Autoencoder, clean: torch.Tensor, noisy: torch.Tensor, latents: np.ndarray,
                 projector: Projector) -> MappedShift:
    """The codes of `clean` and `noisy` (N, C, H, W) projected by `projector` (fitted on the sample's
    codes `latents` (M, d)), and their shift relative to the spread of `latents`."""
    z_clean, z_noisy = code_shift(model, clean, noisy)
    return MappedShift(projector.transform(z_clean), projector.transform(z_noisy),
                       relative_shift(z_clean, z_noisy, latents))


def default_comparison(models: Sequence[tuple[str, str, str | None]]) -> list[str]:
    """Names to compare by default from (name, family, noise) triples: the plain conv_ae, the
    denoising conv_ae and one MLP AE, when present (else the first two models)."""
    plain = [n for n, f, noise in models if f == "conv_ae" and not noise]
    denoising = [n for n, f, noise in models if noise]
    denoising = [n for n, f, noise in models if noise and f == "conv_ae"] or denoising
    mlp = [n for n, f, noise in models if f in ("ae", "stacked_ae") and not noise]
    picked = [group[0] for group in (plain, denoising, mlp) if group]
    return picked or [name for name, _, _ in models[:2]]


# --- hand-drawn and uploaded pictures -----------------------------------------------------
def centres_digits(image_shape: Sequence[int]) -> bool:
    """Whether pictures for a model of `image_shape` (C, H, W) are prepared like MNIST digits (grey
    and square, where drawing a digit makes sense); colour or oblong models get a plain resize."""
    channels, height, width = image_shape
    return channels == 1 and height == width


def picture_input(data: bytes, image_shape: Sequence[int]) -> tuple[torch.Tensor, bool]:
    """An uploaded picture (PNG/JPG… bytes, any size and colour mode) as one input (1, C, H, W) in
    [0, 1] for a model of `image_shape`, and whether it was inverted.

    Where `centres_digits`: grey, inverted when its background is light, cropped to the ink and
    centred like MNIST (`digit_from_picture`). Otherwise brought to H×W by `data.fit_to` (scaled to
    cover, then centre-cropped: nothing stretched), never inverted; a grey picture fills all three
    channels of a colour model, a colour one is turned grey (luma) for a grey model.
    Raises DatasetError when the bytes are not a readable picture.
    """
    channels, height, width = image_shape
    if centres_digits(image_shape):
        digit, inverted = digit_from_picture(image_to_array(data, None, grey=True), height)
        return torch.from_numpy(digit).float()[None, None], inverted
    array = image_to_array(data, (height, width), grey=channels == 1)  # uint8 (H, W) or (H, W, 3)
    return from_uint8(stack_images([array], channels), None, "upload", ()).images, False


def looks_inverted(image: np.ndarray) -> bool:
    """True when the picture is dark ink on a light background (most photos and scans), the
    opposite of MNIST: judged by the border pixels, which are background in a centred digit."""
    image = np.asarray(image, dtype=np.float64)
    image = image / 255.0 if image.max() > 1.0 else image
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    return float(border.mean()) > 0.5


def centre_like_mnist(image: np.ndarray, size: int = 28, box: int | None = None,
                      threshold: float = 0.1) -> np.ndarray:
    """Prepare a light-on-dark digit (H, W) the way MNIST was made (LeCun et al. 1998): crop to the
    ink's bounding box, scale it to fit a `box`×`box` square keeping its aspect ratio
    (anti-aliased), paste it into a `size`×`size` canvas and shift it so its centre of mass is at
    the centre. Returns float (size, size) in [0, 1]; an empty image gives zeros.

    Args:
        image: uint8 (0..255) or float (0..1) array; ink is bright.
        box: side of the square the digit is fitted into; default 20 for 28 (MNIST's ratio), and
            the whole image below 16 pixels (scikit-learn's 8×8 digits fill their frame).
        threshold: pixels above this fraction of the maximum count as ink for the bounding box.
    """
    from PIL import Image

    array = np.asarray(image, dtype=np.float64)
    array = array / 255.0 if array.max() > 1.0 else array
    box = (size if size < 16 else round(size * 20 / 28)) if box is None else box
    out = np.zeros((size, size))
    if array.max() <= 0:
        return out
    rows, cols = np.nonzero(array > threshold * array.max())
    crop = array[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    scale = box / max(crop.shape)
    height, width = (max(1, round(s * scale)) for s in crop.shape)
    resized = Image.fromarray((crop * 255).astype(np.uint8)).resize((width, height), Image.Resampling.LANCZOS)
    digit = np.asarray(resized, dtype=np.float64) / 255.0
    top, left = (size - height) // 2, (size - width) // 2
    out[top:top + height, left:left + width] = digit
    # Shift by whole pixels so the centre of mass lands on the centre; zero-fill, never wrap.
    mass = out.sum()
    com_r = (out.sum(1) * np.arange(size)).sum() / mass
    com_c = (out.sum(0) * np.arange(size)).sum() / mass
    dr, dc = round((size - 1) / 2 - com_r), round((size - 1) / 2 - com_c)
    shifted = np.zeros_like(out)
    src_r, dst_r = slice(max(0, -dr), size - max(0, dr)), slice(max(0, dr), size - max(0, -dr))
    src_c, dst_c = slice(max(0, -dc), size - max(0, dc)), slice(max(0, dc), size - max(0, -dc))
    shifted[dst_r, dst_c] = out[src_r, src_c]
    return np.clip(shifted, 0.0, 1.0)


def canvas_ink(rgba: np.ndarray) -> np.ndarray:
    """A drawing canvas's RGBA picture (H, W, 4), uint8, light strokes → ink (H, W) in [0, 1];
    transparent pixels are background."""
    rgba = np.asarray(rgba, dtype=np.float64)
    return rgba[..., :3].mean(-1) * rgba[..., 3] / 255.0**2


def digit_from_canvas(rgba: np.ndarray | None, size: int = 28) -> np.ndarray | None:
    """The digit drawn on a canvas (RGBA (H, W, 4)) centred like MNIST (size, size) in [0, 1]; None
    while nothing is drawn."""
    if rgba is None:
        return None
    ink = canvas_ink(rgba)
    return digit_from_picture(ink, size)[0] if ink.max() > 0 else None


def digit_from_picture(picture: np.ndarray, size: int = 28) -> tuple[np.ndarray, bool]:
    """A grey picture of one digit (H, W), any size, uint8 or [0, 1] → (the digit centred like MNIST
    (size, size) in [0, 1], whether it was inverted because its background was light)."""
    array = np.asarray(picture, dtype=np.float64)
    array = array / 255.0 if array.max() > 1.0 else array
    inverted = looks_inverted(array)
    return centre_like_mnist(1.0 - array if inverted else array, size), inverted
