"""Denoising, measured: models' outputs for corrupted images, PSNR/SSIM over a range of noise
strengths, how far noise moves a code, and MNIST-style centring of hand-drawn or uploaded digits.

Images are (N, C, H, W) tensors in [0, 1]; nothing here knows of Streamlit.

    result = denoise(model, clean, corrupt(clean, "gaussian:0.3", generator))   # outputs, psnr, ssim
    rows = noise_curve({"dae": dae, "ae": ae}, clean, "gaussian", (0.0, 0.1, 0.3, 0.5))
    digit = centre_like_mnist(drawing)                                         # (28, 28) in [0, 1]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from .metrics import batched, psnr, ssim
from .models import Autoencoder
from .noise import NOISE_KINDS, corrupt

NOISY_INPUT = "noisy input"  # the baseline row of a noise curve: no model at all
STRENGTHS = {  # six strengths per noise kind, from clean to heavy
    "gaussian": (0.0, 0.1, 0.2, 0.3, 0.5, 0.7),
    "salt_pepper": (0.0, 0.05, 0.1, 0.2, 0.3, 0.5),
    "mask": (0.0, 0.1, 0.2, 0.3, 0.5, 0.7),
    "blocks": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
}
assert set(STRENGTHS) == set(NOISE_KINDS)


@dataclass(frozen=True)
class DenoiseResult:
    """One model's outputs (N, C, H, W) for noisy inputs, scored against the clean images (N,)."""

    outputs: torch.Tensor
    psnr: torch.Tensor
    ssim: torch.Tensor


def reconstruct(model: Autoencoder, images: torch.Tensor, batch_size: int = 500) -> torch.Tensor:
    """decode(encode(images)) on the CPU, in batches."""
    return batched(lambda x: {"x": model(x.to(model.device))}, images, batch_size)["x"]


def denoise(model: Autoencoder, clean: torch.Tensor, noisy: torch.Tensor) -> DenoiseResult:
    """Feed `noisy` to `model`; score its outputs against `clean`."""
    outputs = reconstruct(model, noisy)
    return DenoiseResult(outputs, psnr(outputs, clean), ssim(outputs, clean))


def noise_curve(models: Mapping[str, Autoencoder], clean: torch.Tensor, kind: str,
                strengths: Sequence[float] | None = None, seed: int = 0,
                progress: Callable[[float], None] | None = None) -> list[dict[str, float | str]]:
    """Mean PSNR (dB) and SSIM over `clean` (N, C, H, W) at each noise strength, for the noisy input
    itself (row `model` = NOISY_INPUT, the baseline) and for each model's output.

    Every model sees the same noisy images (seeded per strength). `progress(fraction)` is called
    after each step. Returns rows {"model", "strength", "psnr", "ssim"}.
    """
    strengths = STRENGTHS[kind] if strengths is None else strengths
    rows: list[dict[str, float | str]] = []
    total, done = len(strengths) * (len(models) + 1), 0
    for i, strength in enumerate(strengths):
        noisy = corrupt(clean, f"{kind}:{strength}", torch.Generator().manual_seed(seed + i))
        candidates = {NOISY_INPUT: noisy} | {name: reconstruct(m, noisy) for name, m in models.items()}
        for name, output in candidates.items():
            rows.append({"model": name, "strength": float(strength),
                         "psnr": psnr(output, clean).mean().item(), "ssim": ssim(output, clean).mean().item()})
            done += 1
            if progress is not None:
                progress(done / total)
    return rows


@torch.no_grad()
def code_shift(model: Autoencoder, clean: torch.Tensor, noisy: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Codes (N, d) of the clean and the noisy images (posterior means for VAEs)."""
    z_clean = model.encode(clean.to(model.device)).cpu().numpy()
    z_noisy = model.encode(noisy.to(model.device)).cpu().numpy()
    return z_clean, z_noisy


def relative_shift(z_clean: np.ndarray, z_noisy: np.ndarray, latents: np.ndarray) -> np.ndarray:
    """|z_noisy − z_clean| in units of the codes' spread (root mean squared distance to their mean),
    so models with different latent scales can be compared: (N,)."""
    latents = np.asarray(latents, dtype=np.float64)
    spread = np.sqrt(((latents - latents.mean(0)) ** 2).sum(1).mean())
    return np.linalg.norm(np.atleast_2d(z_noisy) - np.atleast_2d(z_clean), axis=1) / max(spread, 1e-12)


def default_comparison(models: Sequence[tuple[str, str, str | None]]) -> list[str]:
    """Names to compare by default from (name, family, noise) triples: the plain conv_ae, the
    denoising conv_ae and one MLP AE, when present (else the first two models)."""
    plain = [n for n, f, noise in models if f == "conv_ae" and not noise]
    denoising = [n for n, f, noise in models if noise]
    denoising = [n for n, f, noise in models if noise and f == "conv_ae"] or denoising
    mlp = [n for n, f, noise in models if f in ("ae", "stacked_ae") and not noise]
    picked = [group[0] for group in (plain, denoising, mlp) if group]
    return picked or [name for name, _, _ in models[:2]]


# --- hand-drawn and uploaded digits ------------------------------------------------------
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


def digit_from_picture(picture: np.ndarray, size: int = 28) -> tuple[np.ndarray, bool]:
    """A grey picture of one digit (H, W), any size, uint8 or [0, 1] → (the digit centred like MNIST
    (size, size) in [0, 1], whether it was inverted because its background was light)."""
    array = np.asarray(picture, dtype=np.float64)
    array = array / 255.0 if array.max() > 1.0 else array
    inverted = looks_inverted(array)
    return centre_like_mnist(1.0 - array if inverted else array, size), inverted
