"""Autoencoder families, chosen by name from `FAMILIES`; `build_model` is the one way to make one."""

from __future__ import annotations

from ..families import OPENED_FAMILIES, Family
from .base import Autoencoder, Posterior
from .config import (
    ConvConfig,
    ConvDecoder,
    ConvVAEConfig,
    Likelihood,
    MLPConfig,
    ModelConfig,
    StackedConfig,
    VAEConfig,
    VariationalConfig,
)
from .conv import ConvAE, ConvVAE
from .mlp import AE, VAE, StackedAE

FAMILIES: dict[str, type[Autoencoder]] = {cls.family: cls for cls in (AE, StackedAE, ConvAE, VAE, ConvVAE)}


def family_class(family: str) -> type[Autoencoder]:
    """The class registered as `family`; ValueError naming the known families otherwise."""
    if family not in FAMILIES:
        raise ValueError(f"Unknown model family {family!r}: choose one of {', '.join(FAMILIES)}.")
    return FAMILIES[family]


def is_variational(family: str) -> bool:
    """Whether `family` is a VAE (a posterior with a variance, a KL term, β and σ options)."""
    return OPENED_FAMILIES[family] if family in OPENED_FAMILIES else family_class(family).variational


def build_model(family: str, /, **config: object) -> Autoencoder:
    """A fresh model of `family`, its config fields given as keywords (JSON lists become tuples).

    E.g. `build_model("vae", latent_dim=2)` or, from a checkpoint card,
    `build_model(card["family"], **card["config"])`. Unknown fields are a ValueError.
    """
    cls = family_class(family)
    return cls(cls.Config.from_dict(config))


__all__ = ["AE", "FAMILIES", "OPENED_FAMILIES", "VAE", "Autoencoder", "ConvAE", "ConvConfig", "ConvDecoder", "ConvVAE",
           "ConvVAEConfig", "Family", "Likelihood", "MLPConfig", "ModelConfig", "Posterior", "StackedAE",
           "StackedConfig", "VAEConfig", "VariationalConfig", "build_model", "family_class", "is_variational"]
