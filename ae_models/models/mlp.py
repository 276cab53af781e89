"""Fully connected families: `ae` (one hidden layer), `stacked_ae` (several) and `vae`."""

from __future__ import annotations

import math

from torch import nn

from .base import Autoencoder
from .config import MLPConfig, StackedConfig, VAEConfig


def mlp(widths: list[int]) -> nn.Sequential:
    """Linear layers through `widths` with ReLU between them (none after the last)."""
    layers: list[nn.Module] = []
    for i, (w_in, w_out) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        layers.append(nn.Linear(w_in, w_out))
        if i < len(widths) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class MLPAutoencoder(Autoencoder):
    def build(self, config: MLPConfig, code_width: int) -> tuple[nn.Module, nn.Module]:  # type: ignore[override]
        pixels = math.prod(config.image_shape)
        hidden = list(config.hidden)
        encoder = nn.Sequential(nn.Flatten(), mlp([pixels, *hidden, code_width]))
        decoder = nn.Sequential(mlp([config.latent_dim, *reversed(hidden), pixels]),
                                nn.Unflatten(1, tuple(config.image_shape)))
        return encoder, decoder


class AE(MLPAutoencoder):
    family = "ae"
    Config = MLPConfig
    description = "Plain autoencoder: one hidden layer in the encoder and in the decoder."


class StackedAE(MLPAutoencoder):
    family = "stacked_ae"
    Config = StackedConfig
    description = "Stacked (deep) autoencoder: several hidden layers on each side."


class VAE(MLPAutoencoder):
    family = "vae"
    Config = VAEConfig
    variational = True
    description = "Variational autoencoder (MLP): the encoder gives a mean and variance per latent unit."
