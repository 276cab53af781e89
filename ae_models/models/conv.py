"""Convolutional families: `conv_ae` and `conv_vae`.

Each stage halves the resolution (stride-2 conv) and the decoder mirrors it with stride-2
transposed convs. Images whose sides are not a multiple of 2**stages are zero-padded on the
bottom/right before encoding and the decoder's output is cropped back, so any size works.

Two decoders (`ConvConfig.decoder`):

- "transposed": code → dense layer → the encoder's smallest feature map → one transposed conv per stage.
- "broadcast": the spatial broadcast decoder (Watters et al. 2019, "Spatial Broadcast Decoder: A Simple
  Architecture for Learning Disentangled Representations in VAEs"). The code is copied to every cell of a
  grid at the second-smallest scale, beside the cell's x and y in [-1, 1]; two convs read that, then a
  transposed conv per remaining stage. A dense decoder may code an object's position any way it likes
  (measured on `shapes`: x and y at most 73 % and 57 % linearly readable from a β = 4 VAE's code); here a
  shift is a weight on the coordinate channels, so position comes out as two straight lines in the code
  (99.6 % each, same encoder and budget). It is also ≈ 10× smaller (no dense layer) at about the same speed.
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


class SpatialBroadcast(nn.Module):
    """(N, D) codes → (N, D + 2, H, W): each code tiled over an H×W grid, then the grid's x and y in [-1, 1]."""

    def __init__(self, height: int, width: int) -> None:
        super().__init__()
        ys, xs = torch.meshgrid(torch.linspace(-1, 1, height), torch.linspace(-1, 1, width), indexing="ij")
        self.register_buffer("coordinates", torch.stack([xs, ys])[None], persistent=False)  # (1, 2, H, W)

    def extra_repr(self) -> str:
        return "grid={}×{}".format(*self.coordinates.shape[-2:])

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        height, width = self.coordinates.shape[-2:]
        tiled = z[:, :, None, None].expand(-1, -1, height, width)
        return torch.cat([tiled, self.coordinates.expand(z.shape[0], -1, -1, -1)], dim=1)


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

        back = list(reversed(widths))  # e.g. [64, 32, 1]
        if config.decoder == "broadcast":
            return nn.Sequential(*enc), nn.Sequential(*self.broadcast_decoder(config, back, ph, pw), CropTo(h, w))
        dec: list[nn.Module] = [nn.Linear(config.latent_dim, config.dense), nn.ReLU(),
                                nn.Linear(config.dense, flat), nn.ReLU(), nn.Unflatten(1, bottom)]
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

    @staticmethod
    def broadcast_decoder(config: ConvConfig, back: list[int], ph: int, pw: int) -> list[nn.Module]:
        """The spatial broadcast decoder's layers for padded size (ph, pw) and the encoder's widths
        reversed (`back`, e.g. [32, 16, 8, 3]): the grid at the second-smallest scale with `back[0]`
        channels, then one transposed conv per remaining stage (e.g. 16×16×32 → 32×32×16 → 64×64×8 → 3)."""
        stages = len(back) - 1
        grid = (ph // 2 ** (stages - 1), pw // 2 ** (stages - 1))
        top, c = back[0], back[-1]
        # (N, latent) → (N, latent + 2, H', W') → (N, top, H', W')
        layers: list[nn.Module] = [SpatialBroadcast(*grid), nn.Conv2d(config.latent_dim + 2, top, 3, padding=1),
                                   nn.ReLU(), nn.Conv2d(top, top, 3, padding=1), nn.ReLU()]
        ups = list(zip(back[:-2], back[1:-1], strict=True))
        for i, (w_in, w_out) in enumerate(ups):
            # (N, w_in, H, W) → (N, w_out, 2H, 2W); the last stage's conv gives the image's channels
            layers += [nn.ConvTranspose2d(w_in, w_out, 4, stride=2, padding=1), nn.ReLU()]
            layers += [nn.Conv2d(w_out, w_out, 3, padding=1), nn.ReLU()] if i < len(ups) - 1 else \
                [nn.Conv2d(w_out, c, 3, padding=1)]
        return layers if ups else [*layers, nn.Conv2d(top, c, 3, padding=1)]


class ConvAE(ConvAutoencoder):
    family = "conv_ae"
    Config = ConvConfig
    description = "Convolutional autoencoder: strided convolutions in, transposed convolutions out."


class ConvVAE(ConvAutoencoder):
    family = "conv_vae"
    Config = ConvVAEConfig
    variational = True
    description = "Convolutional VAE: a mean and variance per latent unit from a conv encoder."
