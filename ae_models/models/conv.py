"""Convolutional families: `conv_ae` and `conv_vae`.

Each stage halves the resolution (stride-2 conv) and the decoder mirrors it with stride-2
transposed convs. Images whose sides are not a multiple of 2**stages are zero-padded on the
bottom/right before encoding and the decoder's output is cropped back, so any size works.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .base import Autoencoder
from .config import ConvConfig, ConvVAEConfig


def padded_side(side: int, stages: int) -> int:
    factor = 2**stages
    return -(-side // factor) * factor


class PadTo(nn.Module):
    """Zero-pad (N, C, H, W) on the bottom/right to (H', W')."""

    def __init__(self, height: int, width: int) -> None:
        super().__init__()
        self.height, self.width = height, width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.pad(x, (0, self.width - x.shape[-1], 0, self.height - x.shape[-2]))


class CropTo(nn.Module):
    """Keep the top-left (H, W) of (N, C, H', W')."""

    def __init__(self, height: int, width: int) -> None:
        super().__init__()
        self.height, self.width = height, width

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x[..., : self.height, : self.width]


class ConvAutoencoder(Autoencoder):
    def build(self, config: ConvConfig, code_width: int) -> tuple[nn.Module, nn.Module]:  # type: ignore[override]
        c, h, w = config.image_shape
        stages = len(config.channels)
        ph, pw = padded_side(h, stages), padded_side(w, stages)
        bottom = (config.channels[-1], ph // 2**stages, pw // 2**stages)  # (C', H', W')
        flat = bottom[0] * bottom[1] * bottom[2]

        enc: list[nn.Module] = [PadTo(ph, pw)]
        widths = [c, *config.channels]
        for w_in, w_out in zip(widths[:-1], widths[1:], strict=True):
            # (N, w_in, H, W) → (N, w_out, H/2, W/2)
            enc += [nn.Conv2d(w_in, w_out, 3, stride=2, padding=1), nn.BatchNorm2d(w_out), nn.ReLU(),
                    nn.Conv2d(w_out, w_out, 3, padding=1), nn.ReLU()]
        enc += [nn.Flatten(), nn.Linear(flat, config.dense), nn.ReLU(), nn.Linear(config.dense, code_width)]

        dec: list[nn.Module] = [nn.Linear(config.latent_dim, config.dense), nn.ReLU(),
                                nn.Linear(config.dense, flat), nn.ReLU(), nn.Unflatten(1, bottom)]
        back = list(reversed(widths))  # e.g. [64, 32, 1]
        for i, (w_in, w_out) in enumerate(zip(back[:-1], back[1:], strict=True)):
            last = i == len(back) - 2
            # (N, w_in, H, W) → (N, w_mid, 2H, 2W)
            w_mid = w_in if last else w_out
            dec += [nn.ConvTranspose2d(w_in, w_mid, 4, stride=2, padding=1), nn.ReLU()]
            dec += [nn.Conv2d(w_mid, w_out, 3, padding=1)]
            if not last:
                dec += [nn.BatchNorm2d(w_out), nn.ReLU()]
        dec += [CropTo(h, w)]
        return nn.Sequential(*enc), nn.Sequential(*dec)


class ConvAE(ConvAutoencoder):
    family = "conv_ae"
    Config = ConvConfig
    description = "Convolutional autoencoder: strided convolutions in, transposed convolutions out."


class ConvVAE(ConvAutoencoder):
    family = "conv_vae"
    Config = ConvVAEConfig
    variational = True
    description = "Convolutional VAE: a mean and variance per latent unit from a conv encoder."
