"""Autoencoder families, chosen by name from `FAMILIES`."""

from __future__ import annotations

from .base import Autoencoder, Posterior
from .config import ConvConfig, ConvVAEConfig, MLPConfig, ModelConfig, StackedConfig, VAEConfig
from .conv import ConvAE, ConvVAE
from .mlp import AE, VAE, StackedAE

FAMILIES: dict[str, type[Autoencoder]] = {cls.family: cls for cls in (AE, StackedAE, ConvAE, VAE, ConvVAE)}


def build_model(family: str, **config: object) -> Autoencoder:
    """Build a fresh model of `family` with config fields given as keywords."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown model family {family!r}: choose one of {', '.join(FAMILIES)}.")
    cls = FAMILIES[family]
    return cls(cls.Config.from_dict(dict(config)))


__all__ = ["AE", "FAMILIES", "VAE", "Autoencoder", "ConvAE", "ConvConfig", "ConvVAE", "ConvVAEConfig",
           "MLPConfig", "ModelConfig", "Posterior", "StackedAE", "StackedConfig", "VAEConfig", "build_model"]
