"""Model configurations: frozen dataclasses, one per architecture, saved verbatim in model cards."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

Likelihood = Literal["gaussian", "bernoulli"]
ConvDecoder = Literal["transposed", "broadcast"]


@dataclass(frozen=True)
class ModelConfig:
    image_shape: tuple[int, int, int] = (1, 28, 28)  # (C, H, W)
    latent_dim: int = 16
    likelihood: Likelihood = "gaussian"  # gaussian: squared error; bernoulli: cross-entropy

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> ModelConfig:
        """Rebuild from JSON (lists become tuples); unknown keys are an error."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(values) - names
        if unknown:
            raise ValueError(f"unknown config fields for {cls.__name__}: {sorted(unknown)}")
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})

    def __post_init__(self) -> None:
        if len(self.image_shape) != 3 or min(self.image_shape) < 1:
            raise ValueError(f"image_shape must be (C, H, W), got {self.image_shape}")
        if self.latent_dim < 1:
            raise ValueError("latent_dim must be ≥ 1")
        if self.likelihood not in ("gaussian", "bernoulli"):
            raise ValueError("likelihood must be 'gaussian' or 'bernoulli'")


@dataclass(frozen=True)
class MLPConfig(ModelConfig):
    hidden: tuple[int, ...] = (512,)  # encoder widths; the decoder mirrors them


@dataclass(frozen=True)
class StackedConfig(MLPConfig):
    hidden: tuple[int, ...] = (512, 256, 128)


@dataclass(frozen=True)
class ConvConfig(ModelConfig):
    channels: tuple[int, ...] = (32, 64)  # one stride-2 stage each; the decoder mirrors them
    dense: int = 256  # width of the fully connected layer between the conv stack and the code
    # "transposed": code → dense → the smallest feature map → transposed convs. "broadcast": the spatial
    # broadcast decoder (Watters et al. 2019): the code tiled over a grid with its x/y coordinates, then
    # convs, so an object's position is a straight line in the code (see `conv.py`).
    decoder: ConvDecoder = "transposed"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.decoder not in ("transposed", "broadcast"):
            raise ValueError("decoder must be 'transposed' or 'broadcast'")


@dataclass(frozen=True)
class VariationalConfig(ModelConfig):
    """The options every variational family adds to its architecture's config.

    A family's config inherits this first, e.g. `VAEConfig(VariationalConfig, MLPConfig)`, so the
    field order stays architecture first, then `beta` and `gaussian_sigma` (cards keep their keys).
    """

    # Per pixel and channel, for grey and colour alike: the −ELBO in nats with no σ to tune, as in
    # β-VAE work on dSprites and 3D Shapes (`Autoencoder.likelihood_note` says so in the card).
    likelihood: Likelihood = "bernoulli"
    beta: float = 1.0  # weight of the KL term (β-VAE); 1 is the true ELBO
    gaussian_sigma: float = 0.1  # decoder s.d. when likelihood is gaussian
    # Extra weight on the total correlation of the codes (β-TCVAE, Chen et al. 2018: their β is 1 + this,
    # with beta = 1). 0 is a plain (β-)VAE. See `Autoencoder.loss` and `models.base.total_correlation`.
    tc_weight: float = 0.0

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.beta < 0 or self.tc_weight < 0:
            raise ValueError("beta and tc_weight must be ≥ 0")


@dataclass(frozen=True)
class VAEConfig(VariationalConfig, MLPConfig):
    hidden: tuple[int, ...] = (512, 256)


@dataclass(frozen=True)
class ConvVAEConfig(VariationalConfig, ConvConfig):
    pass
