"""The interface every autoencoder family shares: encode, decode, forward, loss.

A family only says how to build its encoder (images → `code_width` numbers) and decoder
(latent → logits with the image's shape). Variational families read the encoder output
as (μ, log σ²) and add the KL term.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from .config import ModelConfig, VariationalConfig


@dataclass
class Posterior:
    """q(z|x) = N(mean, diag(exp(logvar))), each (N, latent_dim)."""

    mean: torch.Tensor
    logvar: torch.Tensor

    @property
    def std(self) -> torch.Tensor:
        return torch.exp(0.5 * self.logvar)

    def sample(self, generator: torch.Generator | None = None) -> torch.Tensor:
        eps = torch.randn(self.mean.shape, generator=generator).to(self.mean.device)
        return self.mean + self.std * eps

    def kl_to_standard_normal(self) -> torch.Tensor:
        """KL(q || N(0, I)) per latent unit, (N, latent_dim), in nats."""
        return 0.5 * (self.mean.pow(2) + self.logvar.exp() - 1.0 - self.logvar)


def log_normal(z: torch.Tensor, mean: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """Elementwise log N(z; mean, exp(logvar)) in nats (broadcasting)."""
    return -0.5 * (math.log(2 * math.pi) + logvar + (z - mean).pow(2) * torch.exp(-logvar))


def stratified_log_weights(batch: int, dataset_size: int) -> torch.Tensor:
    """(B, B) log weights of Chen et al.'s (2018) minibatch stratified sampling: row i weighs the batch's
    images as a sample of the whole data set when estimating q(z_i) = mean over the data set of q(z_i | x):
    1/N for the image z_i was drawn from, (N − M)/(N·M) for the next one, 1/M for the other M − 1 (M = B − 1).
    Each row sums to 1."""
    m = batch - 1
    weights = torch.full((batch, batch), 1 / m)
    rows = torch.arange(batch)
    weights[rows, rows] = 1 / dataset_size
    weights[rows, (rows + 1) % batch] = (dataset_size - m) / (dataset_size * m)
    return weights.log()


def total_correlation(z: torch.Tensor, q: Posterior, dataset_size: int | None = None) -> torch.Tensor:
    """Total correlation (nats) of the aggregate posterior q(z) = mean over the data set of q(z | x): how far
    the code's dimensions are from independent across images. Estimated at a batch's samples z (N, D) with
    their posteriors q by minibatch stratified sampling (Chen et al. 2018, "Isolating sources of
    disentanglement in VAEs"): mean_i [log q(z_i) − Σ_d log q(z_id)], `dataset_size` images in all (default:
    the batch is the data set). A β-TCVAE penalises it: that is what turns a rotated code (e.g. x and y
    mixed in two dimensions, with the same KL and reconstruction) to one dimension per factor."""
    n = len(z)
    log_w = stratified_log_weights(n, max(dataset_size or n, n)).to(z.device)[:, :, None]  # (N, N, 1)
    per_dim = log_normal(z[:, None], q.mean[None], q.logvar[None])  # (N, N, D): log q(z_i,d | x_j)
    joint = torch.logsumexp(log_w[..., 0] + per_dim.sum(2), dim=1)  # (N,)
    marginals = torch.logsumexp(log_w + per_dim, dim=1).sum(1)  # (N,)
    return (joint - marginals).mean()


class Autoencoder(nn.Module):
    """Base class. Subclasses set `family`, `Config`, `variational` and implement `build`."""

    family: ClassVar[str]
    Config: ClassVar[type[ModelConfig]]
    variational: ClassVar[bool] = False
    description: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "Config" in vars(cls) and cls.variational != issubclass(cls.Config, VariationalConfig):
            raise TypeError(f"{cls.__name__}: a family is variational exactly when its Config is a "
                            "VariationalConfig (which holds beta and gaussian_sigma)")

    def __init__(self, config: ModelConfig | None = None, **overrides: Any) -> None:
        super().__init__()
        config = config or self.Config(**overrides)
        if not isinstance(config, self.Config):
            raise TypeError(f"{type(self).__name__} needs a {self.Config.__name__}")
        self.config = config
        code_width = 2 * config.latent_dim if self.variational else config.latent_dim
        self.encoder, self.decoder = self.build(config, code_width)
        self.card: dict[str, Any] = {}

    def build(self, config: ModelConfig, code_width: int) -> tuple[nn.Module, nn.Module]:
        raise NotImplementedError

    @property
    def latent_dim(self) -> int:
        return self.config.latent_dim

    @property
    def image_shape(self) -> tuple[int, int, int]:
        return tuple(self.config.image_shape)  # type: ignore[return-value]

    @property
    def device(self) -> torch.device:
        return next(self.parameters()).device

    # --- encoding -------------------------------------------------------------
    def posterior(self, x: torch.Tensor) -> Posterior:
        """(N, C, H, W) → q(z|x). For deterministic AEs the variance is zero (logvar = -inf)."""
        code = self.encoder(x)
        if not self.variational:
            return Posterior(code, torch.full_like(code, -math.inf))
        mean, logvar = code.chunk(2, dim=1)
        return Posterior(mean, logvar.clamp(-30.0, 20.0))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """(N, C, H, W) in [0, 1] → latent codes (N, latent_dim); the posterior mean for VAEs."""
        code = self.encoder(x)
        return code[:, : self.latent_dim] if self.variational else code

    # --- decoding -------------------------------------------------------------
    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        """(N, latent_dim) → pre-sigmoid outputs (N, C, H, W)."""
        return self.decoder(z)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """(N, latent_dim) → images (N, C, H, W) in [0, 1]."""
        return torch.sigmoid(self.decode_logits(z))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruct: decode(encode(x)), deterministic (the posterior mean for VAEs)."""
        return self.decode(self.encode(x))

    def sample(self, n: int, generator: torch.Generator | None = None,
               temperature: float = 1.0) -> torch.Tensor:
        """Decode `n` codes drawn from the prior N(0, I) (scaled by `temperature`)."""
        z = temperature * torch.randn((n, self.latent_dim), generator=generator)
        return self.decode(z.to(self.device))

    # --- loss -----------------------------------------------------------------
    def reconstruction_nll(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """Per-image negative log-likelihood in nats, (N,), under the configured likelihood."""
        if self.config.likelihood == "bernoulli":
            per_pixel = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
        else:
            # Deterministic AEs have no σ in their config: unit variance, as for a plain squared error.
            sigma = self.config.gaussian_sigma if isinstance(self.config, VariationalConfig) else 1.0
            per_pixel = (0.5 * (torch.sigmoid(logits) - target).pow(2) / sigma**2
                         + 0.5 * math.log(2 * math.pi * sigma**2))
        return per_pixel.flatten(1).sum(1)

    def loss(self, x_in: torch.Tensor, x_target: torch.Tensor | None = None,
             generator: torch.Generator | None = None, dataset_size: int | None = None) -> dict[str, torch.Tensor]:
        """Loss terms for input `x_in` and target `x_target` (default: `x_in`; the clean image
        for denoising). Keys: `total` (what training minimises), `reconstruction`, and for VAEs
        `kl` and `neg_elbo`.

        AEs: `reconstruction` is the mean per pixel (squared error, or cross-entropy for a
        bernoulli likelihood). VAEs: per-image sums in nats, averaged over the batch;
        `total` = reconstruction + β·KL, plus `tc_weight`·`total_correlation` when the config sets a TC
        weight (β-TCVAE): estimated from the batch (two images or more) as a sample of `dataset_size` images.
        """
        target = x_in if x_target is None else x_target
        if not self.variational:
            logits = self.decode_logits(self.encode(x_in))
            if self.config.likelihood == "bernoulli":
                rec = F.binary_cross_entropy_with_logits(logits, target)
            else:
                rec = F.mse_loss(torch.sigmoid(logits), target)
            return {"total": rec, "reconstruction": rec}
        assert isinstance(self.config, VariationalConfig)  # __init_subclass__ pairs the two
        q = self.posterior(x_in)
        z = q.sample(generator)
        logits = self.decode_logits(z)  # one-sample ELBO estimate
        rec = self.reconstruction_nll(logits, target).mean()
        kl = q.kl_to_standard_normal().sum(1).mean()
        terms = {"total": rec + self.config.beta * kl, "reconstruction": rec, "kl": kl, "neg_elbo": rec + kl}
        if self.config.tc_weight and len(z) > 1:
            terms["total_correlation"] = total_correlation(z, q, dataset_size)
            terms["total"] = terms["total"] + self.config.tc_weight * terms["total_correlation"]
        return terms

    def likelihood_note(self) -> str:
        """The reconstruction term in words, per pixel and channel (written into model cards)."""
        if not self.variational:
            what = "cross-entropy" if self.config.likelihood == "bernoulli" else "squared error"
            return f"{what} per pixel and channel, averaged over pixels and channels"
        assert isinstance(self.config, VariationalConfig)
        if self.config.likelihood == "gaussian":
            return (f"gaussian per pixel and channel, fixed σ={self.config.gaussian_sigma:g}; "
                    "reconstruction and −ELBO in nats per image")
        return ("bernoulli per pixel and channel: each channel's intensity in [0, 1] is read as a probability, "
                "so reconstruction and −ELBO are in nats per image. It is the default for grey and colour "
                "images alike: it needs no σ to tune and is what β-VAE work on dSprites and 3D Shapes uses; "
                "for intensities between 0 and 1 its minimum is above 0, so compare −ELBOs only between "
                "models of the same data")

    def count_parameters(self) -> int:
        return sum(p.numel() for p in self.parameters())
