"""Image-quality and likelihood metrics, per image: MSE, PSNR, SSIM, negative ELBO, IS-NLL.

Images are (N, C, H, W) tensors in [0, 1], grey (C = 1) or colour (C = 3), of any height and
width. Per-image functions return (N,) tensors. On colour images MSE and PSNR pool every channel's
values and SSIM is the mean of the channels' SSIMs (as scikit-image's `channel_axis` does).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from pytorch_msssim import ssim as _ssim

from .models import Autoencoder


def mse_per_image(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean squared error per value (over C·H·W), one value per image."""
    return (x - y).pow(2).flatten(1).mean(1)


def psnr(x: torch.Tensor, y: torch.Tensor, eps: float = 1e-10) -> torch.Tensor:
    """Peak signal-to-noise ratio in dB for data range 1, per image (from the MSE over all channels)."""
    return 10.0 * torch.log10(1.0 / (mse_per_image(x, y) + eps))


def ssim_window(height: int, width: int) -> int:
    """The standard 11-pixel Gaussian window, or the largest odd size that fits the shorter side."""
    side = min(11, height, width)
    return side if side % 2 == 1 else side - 1


def ssim(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Structural similarity (Wang et al. 2004; pytorch-msssim, σ = 1.5) of (N, C, H, W) pairs, per
    image: each channel's mean SSIM, averaged over the C channels."""
    window = ssim_window(x.shape[-2], x.shape[-1])
    return _ssim(x.float(), y.float(), data_range=1.0, size_average=False, win_size=window)


@torch.no_grad()
def batched(fn: Callable[[torch.Tensor], dict[str, torch.Tensor]], images: torch.Tensor,
            batch_size: int = 512) -> dict[str, torch.Tensor]:
    """Apply `fn` to `images` in batches and concatenate each returned per-image tensor."""
    parts: dict[str, list[torch.Tensor]] = {}
    for start in range(0, len(images), batch_size):
        for key, value in fn(images[start:start + batch_size]).items():
            parts.setdefault(key, []).append(value.detach().cpu())
    return {k: torch.cat(v) for k, v in parts.items()}


@torch.no_grad()
def negative_elbo(model: Autoencoder, x: torch.Tensor, generator: torch.Generator | None = None
                  ) -> torch.Tensor:
    """One-sample −ELBO in nats per image (β = 1), under the model's stated likelihood."""
    q = model.posterior(x)
    logits = model.decode_logits(q.sample(generator))
    return model.reconstruction_nll(logits, x) + q.kl_to_standard_normal().sum(1)


@torch.no_grad()
def importance_sampled_nll(model: Autoencoder, x: torch.Tensor, samples: int = 100,
                           generator: torch.Generator | None = None) -> torch.Tensor:
    """−log p(x) per image in nats, estimated with `samples` importance samples from q(z|x)
    (Burda et al. 2015): log mean_k p(x|z_k) p(z_k) / q(z_k|x)."""
    q = model.posterior(x)
    log_weights = []
    for _ in range(samples):
        z = q.sample(generator)
        log_px_z = -model.reconstruction_nll(model.decode_logits(z), x)
        log_pz = (-0.5 * z.pow(2) - 0.5 * math.log(2 * math.pi)).sum(1)
        log_qz = (-0.5 * ((z - q.mean) / q.std).pow(2) - 0.5 * q.logvar
                  - 0.5 * math.log(2 * math.pi)).sum(1)
        log_weights.append(log_px_z + log_pz - log_qz)
    stacked = torch.stack(log_weights)  # (K, N)
    return -(torch.logsumexp(stacked, 0) - math.log(samples))
