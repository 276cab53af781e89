"""Corruptions for denoising autoencoders: one `corrupt(x, spec)` for training and the app.

A spec is a `NoiseSpec(kind, amount)`, or the string `kind:amount` that checkpoint cards and the
command line carry:
- `gaussian:σ`    add N(0, σ²) noise, then clip to [0, 1];
- `salt_pepper:p` set a fraction p of pixel values to 0 or 1 (half each);
- `mask:p`        set a fraction p of pixels to 0 (dropout masking);
- `blocks:p`      zero square blocks (side ¼ of the shorter side) until about a fraction p is hidden.

On colour images (C = 3) Gaussian and salt-and-pepper noise hit each channel's value independently
(as a noisy sensor does: coloured specks), while `mask` and `blocks` hide whole pixels: a missing
pixel is 0 in every channel (black), never a stray colour.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch

NoiseKind = Literal["gaussian", "salt_pepper", "mask", "blocks"]
NOISE_KINDS: tuple[str, ...] = ("gaussian", "salt_pepper", "mask", "blocks")


@dataclass(frozen=True)
class NoiseSpec:
    """One corruption; `str()` gives its spec string (`kind:amount`), which `parse_noise` reads back."""

    kind: NoiseKind
    amount: float  # σ for gaussian, a pixel fraction p for the others

    def __post_init__(self) -> None:
        if self.kind not in NOISE_KINDS:
            raise ValueError(f"Unknown noise kind {self.kind!r}: use one of {', '.join(NOISE_KINDS)}.")
        if not self.amount >= 0 or (self.kind != "gaussian" and self.amount > 1):
            raise ValueError(f"The amount of {self.kind} noise must be ≥ 0"
                             + ("" if self.kind == "gaussian" else " and ≤ 1 (a fraction of pixels)") + ".")

    def __str__(self) -> str:
        return f"{self.kind}:{self.amount:g}"


def parse_noise(spec: str | NoiseSpec | None) -> NoiseSpec | None:
    """Parse 'gaussian:0.5' style specs; None, '' and 'none' mean no noise."""
    if spec is None or isinstance(spec, NoiseSpec):
        return spec
    text = spec.strip().lower()
    if text in ("", "none", "clean"):
        return None
    kind, sep, amount_text = text.partition(":")
    kind = kind.replace("-", "_")
    if kind not in NOISE_KINDS or not sep:
        raise ValueError(f"Noise spec {spec!r} is not understood: use one of "
                         "gaussian:σ, salt_pepper:p, mask:p, blocks:p (e.g. gaussian:0.5).")
    try:
        amount = float(amount_text)
    except ValueError as err:
        raise ValueError(f"Noise amount in {spec!r} is not a number.") from err
    try:
        return NoiseSpec(kind, amount)  # type: ignore[arg-type]
    except ValueError as err:
        raise ValueError(f"Noise spec {spec!r}: {err}") from err


def corrupt(x: torch.Tensor, spec: str | NoiseSpec | None,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Return a corrupted copy of images `x` (N, C, H, W) in [0, 1]; the result stays in [0, 1].

    Gaussian and salt-and-pepper noise are drawn per value (N, C, H, W); `mask` and `blocks` per pixel
    (N, 1, H, W), shared by the channels. For C = 1 both are the same draws.
    """
    noise = parse_noise(spec)
    if noise is None or noise.amount == 0:
        return x.clone()

    # Random numbers come from a CPU generator so that a seed gives the same noise on any device.
    def uniform(shape: tuple[int, ...]) -> torch.Tensor:
        return torch.rand(shape, generator=generator).to(x.device)

    if noise.kind == "gaussian":
        gauss = torch.randn(tuple(x.shape), generator=generator).to(x.device)
        return (x + noise.amount * gauss).clamp(0.0, 1.0)
    if noise.kind == "salt_pepper":
        u = uniform(tuple(x.shape))
        out = x.clone()
        out[u < noise.amount / 2] = 0.0
        out[(u >= noise.amount / 2) & (u < noise.amount)] = 1.0
        return out
    if noise.kind == "mask":
        n, _, h, w = x.shape
        return x * (uniform((n, 1, h, w)) >= noise.amount).to(x.dtype)  # (N, 1, H, W): every channel
    return _block_mask(x, noise.amount, uniform)


def _block_mask(x: torch.Tensor, p: float,
                uniform: Callable[[tuple[int, ...]], torch.Tensor]) -> torch.Tensor:
    """Zero random square blocks in every channel; the count is set so the expected hidden area is
    about p."""
    n, _, h, w = x.shape
    side = max(1, min(h, w) // 4)
    area = side * side / (h * w)
    # Independent blocks: expected covered fraction is 1 - (1 - area)^k; solve for k.
    blocks = 0 if p <= 0 else round(math.log(1 - min(p, 0.99)) / math.log(1 - min(area, 0.99)))
    out = x.clone()
    if blocks == 0:
        return out
    corners = uniform((n, blocks, 2))
    rows = (corners[..., 0] * (h - side + 1)).long()
    cols = (corners[..., 1] * (w - side + 1)).long()
    mask = torch.ones(n, 1, h, w, device=x.device, dtype=x.dtype)
    for i in range(n):
        for r, c in zip(rows[i].tolist(), cols[i].tolist(), strict=True):
            mask[i, :, r:r + side, c:c + side] = 0
    return out * mask
