"""Operations on latent codes for generation: interpolation (linear, spherical), importance of
each dimension, slider ranges, principal directions (GANSpace-style), attribute vectors,
traversals, prior codes and a VAE's posterior spread.

Latents are numpy arrays: one code (d,) or a batch (N, d). Nothing here knows of Streamlit.

    path = interpolate(z_a, z_b, steps=8, method="slerp")      # (8, d), endpoints exact
    order = importance_order(dimension_importance(latents))     # most important dimension first
    dirs = PrincipalDirections(k=4).fit(latents)                # move along dirs.components_
    summary = summarise_latents(model, images, labels)          # all of the above for one model
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch

from .metrics import batched
from .models import Autoencoder

Interpolation = Literal["linear", "slerp"]


def encode_all(model: Autoencoder, images: torch.Tensor, batch_size: int = 1000,
               progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Latent codes (N, latent_dim) of `images` (N, C, H, W), encoded in batches; posterior means
    for VAEs. `progress(share done)` is called after each batch."""
    return batched(lambda x: {"z": model.encode(x.to(model.device))}, images, batch_size, progress)["z"].numpy()


@torch.no_grad()
def decode_all(model: Autoencoder, latents: np.ndarray, batch_size: int = 1000) -> torch.Tensor:
    """Images (M, C, H, W) on the CPU of codes (M, latent_dim) or one code (latent_dim,), decoded in
    batches."""
    z = torch.as_tensor(np.atleast_2d(latents), dtype=torch.float32)
    return batched(lambda c: {"x": model.decode(c.to(model.device))}, z, batch_size)["x"]


@torch.no_grad()
def reconstruct_all(model: Autoencoder, images: torch.Tensor, batch_size: int = 1000) -> torch.Tensor:
    """Reconstructions (N, C, H, W) on the CPU of `images` (N, C, H, W), in batches (a VAE decodes
    its posterior mean)."""
    return batched(lambda x: {"x": model(x.to(model.device))}, images, batch_size)["x"]


# --- interpolation -------------------------------------------------------------
def lerp(a: np.ndarray, b: np.ndarray, steps: int) -> np.ndarray:
    """`steps` codes (steps, d) evenly spaced on the segment from `a` to `b` (both included)."""
    t = np.linspace(0.0, 1.0, steps)[:, None]
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    out = (1 - t) * a + t * b
    out[0], out[-1] = a, b  # exact endpoints, whatever the rounding
    return out


def slerp(a: np.ndarray, b: np.ndarray, steps: int) -> np.ndarray:
    """Spherical interpolation (steps, d): the direction turns at constant angular speed along the
    great circle from `a` to `b` while the norm goes linearly from |a| to |b|.

    Under a Gaussian prior most mass sits near a sphere, so slerp keeps the codes at typical radii
    where a straight line would cut through the low-density centre (White 2016). Parallel or zero
    vectors fall back to `lerp`.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    norm_a, norm_b = np.linalg.norm(a), np.linalg.norm(b)
    if min(norm_a, norm_b) < 1e-12:
        return lerp(a, b, steps)
    u, v = a / norm_a, b / norm_b
    omega = np.arccos(np.clip(u @ v, -1.0, 1.0))
    if omega < 1e-6 or np.pi - omega < 1e-6:  # the great circle is undefined (or not unique)
        return lerp(a, b, steps)
    t = np.linspace(0.0, 1.0, steps)[:, None]
    direction = (np.sin((1 - t) * omega) * u + np.sin(t * omega) * v) / np.sin(omega)
    out = direction * ((1 - t) * norm_a + t * norm_b)
    out[0], out[-1] = a, b
    return out


def interpolate(a: np.ndarray, b: np.ndarray, steps: int, method: Interpolation = "linear") -> np.ndarray:
    """Codes (steps, d) from `a` to `b`, linear or spherical."""
    if steps < 2:
        raise ValueError("an interpolation needs at least 2 steps")
    if method not in ("linear", "slerp"):
        raise ValueError(f"Unknown interpolation {method!r}: use 'linear' or 'slerp'.")
    return lerp(a, b, steps) if method == "linear" else slerp(a, b, steps)


# --- distances to the data -------------------------------------------------------
def _squared_distances(queries: np.ndarray, latents: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances (M, N) from queries (M, d) to codes (N, d), in float64 (by
    |q|² − 2q·l + |l|², so no (M, N, d) array is formed)."""
    queries = np.asarray(queries, dtype=np.float64)
    latents = np.asarray(latents, dtype=np.float64)
    squared = (queries ** 2).sum(1)[:, None] - 2 * queries @ latents.T + (latents ** 2).sum(1)[None]
    return np.maximum(squared, 0.0)


def nearest_codes(latents: np.ndarray, queries: np.ndarray, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The `k` codes of `latents` (N, d) nearest to each query, nearest first (ties by index):
    their indices and Euclidean distances, (k,) each for one query (d,), (M, k) for queries (M, d)."""
    squared = _squared_distances(np.atleast_2d(queries), latents)
    indices = np.argsort(squared, axis=1, kind="stable")[:, :k]
    distances = np.sqrt(np.take_along_axis(squared, indices, 1))
    return (indices[0], distances[0]) if np.ndim(queries) == 1 else (indices, distances)


def nearest_distance(latents: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Euclidean distance from each query (M, d) to its nearest code in `latents` (N, d): (M,)."""
    return nearest_codes(latents, np.atleast_2d(queries), 1)[1][:, 0]


def typical_spacing(latents: np.ndarray, max_points: int = 2000, seed: int = 0) -> float:
    """Median distance from a real code to its nearest other code: the yardstick for "close to the
    data" (on a random subsample of `max_points` codes)."""
    latents = np.asarray(latents, dtype=np.float64)
    if len(latents) > max_points:
        latents = latents[np.random.default_rng(seed).choice(len(latents), max_points, replace=False)]
    squared = _squared_distances(latents, latents)
    np.fill_diagonal(squared, np.inf)
    return float(np.median(np.sqrt(squared.min(1))))


# --- which dimensions matter -------------------------------------------------------
def dimension_importance(latents: np.ndarray, logvar: np.ndarray | None = None) -> np.ndarray:
    """A score per latent dimension (d,), higher = more used by the model.

    AEs (`logvar` None): the variance of the dimension over the codes. VAEs: the average KL per
    unit, mean over images of ½(μ² + σ² − 1 − log σ²) in nats; a unit whose posterior equals the
    prior for every image (KL ≈ 0) is unused ("posterior collapse").
    """
    latents = np.asarray(latents, dtype=np.float64)
    if logvar is None:
        return latents.var(axis=0)
    logvar = np.asarray(logvar, dtype=np.float64)
    return (0.5 * (latents ** 2 + np.exp(logvar) - 1.0 - logvar)).mean(axis=0)


def importance_order(scores: np.ndarray) -> np.ndarray:
    """Dimension indices sorted from the highest score to the lowest (ties keep index order)."""
    return np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")


@dataclass(frozen=True)
class SliderRange:
    """Per-dimension statistics of the codes (each (d,)): mean, s.d., and the slider bounds."""

    mean: np.ndarray
    std: np.ndarray
    low: np.ndarray
    high: np.ndarray


def slider_ranges(latents: np.ndarray, spread: float = 3.0) -> SliderRange:
    """Bounds of mean ± `spread` s.d. per dimension, widened to hold every real code, so that any
    image of the sample can be set exactly."""
    latents = np.asarray(latents, dtype=np.float64)
    mean, std = latents.mean(0), latents.std(0)
    std = np.where(std > 1e-8, std, 1.0)  # a dead dimension still gets a usable slider
    low = np.minimum(mean - spread * std, latents.min(0))
    high = np.maximum(mean + spread * std, latents.max(0))
    return SliderRange(mean, std, low, high)


# --- principal directions (GANSpace) --------------------------------------------------
class PrincipalDirections:
    """The top `k` principal directions of latent codes (Härkönen et al. 2020, "GANSpace").

    Moving a code by c·scale along a direction shifts it by c standard deviations of the data
    along that axis; this works for any latent size. Fitted state: `mean_` (d,), `components_`
    (k, d) orthonormal rows, `scales_` (k,) s.d. along each, `explained_` (k,) variance ratios.
    """

    def __init__(self, k: int = 6):
        self.k = k

    def fit(self, latents: np.ndarray) -> PrincipalDirections:
        latents = np.asarray(latents, dtype=np.float64)
        self.mean_ = latents.mean(0)
        centred = latents - self.mean_
        _, singular, vt = np.linalg.svd(centred, full_matrices=False)
        k = min(self.k, vt.shape[0])
        variance = singular ** 2 / max(len(latents) - 1, 1)
        self.components_ = vt[:k]
        self.scales_ = np.sqrt(variance[:k])
        self.explained_ = variance[:k] / max(variance.sum(), 1e-12)
        return self

    def shift(self, z: np.ndarray, coefficients: np.ndarray) -> np.ndarray:
        """`z` (d,) or (N, d) moved by coefficients (k,) in s.d. units along the directions."""
        coefficients = np.asarray(coefficients, dtype=np.float64)
        return np.asarray(z, dtype=np.float64) + (coefficients * self.scales_) @ self.components_

    def project(self, z: np.ndarray, k: int | None = None) -> np.ndarray:
        """Coordinates of `z` (d,) or (N, d) along the first `k` directions (all when None), in the
        codes' own units: (k,) or (N, k)."""
        return (np.asarray(z, dtype=np.float64) - self.mean_) @ self.components_[:k].T


@dataclass(frozen=True)
class LatentSummary:
    """What sliders, maps and the far-from-the-data check need to know about a model's codes."""

    latents: np.ndarray  # (N, d) codes of the images, posterior means for VAEs
    labels: np.ndarray  # (N,)
    scores: np.ndarray  # (d,) importance: variance (AE) or mean KL per unit in nats (VAE)
    order: np.ndarray  # (d,) dimensions, most important first
    ranges: SliderRange
    directions: PrincipalDirections
    spacing: float  # median nearest-neighbour distance between the codes


@torch.no_grad()
def summarise_latents(model: Autoencoder, images: torch.Tensor, labels: np.ndarray | torch.Tensor,
                      latents: np.ndarray | None = None, batch_size: int = 1000) -> LatentSummary:
    """Summarise the codes of `images` (N, C, H, W) with `labels` (N,); pass `latents` (N, d) when
    they are already encoded (as `encode_all` gives them)."""
    if latents is None:
        latents = encode_all(model, images, batch_size)
    logvar = None
    if model.variational:
        logvar = batched(lambda x: {"logvar": model.posterior(x.to(model.device)).logvar},
                         images, batch_size)["logvar"].numpy()
    scores = dimension_importance(latents, logvar)
    return LatentSummary(latents, np.asarray(labels), scores, importance_order(scores), slider_ranges(latents),
                         PrincipalDirections().fit(latents), typical_spacing(latents))


# --- attribute vectors and arithmetic ------------------------------------------------
def class_means(latents: np.ndarray, labels: np.ndarray) -> dict[int, np.ndarray]:
    """The mean code (d,) of each label present."""
    latents, labels = np.asarray(latents, dtype=np.float64), np.asarray(labels)
    return {int(c): latents[labels == c].mean(0) for c in np.unique(labels) if c >= 0}


def attribute_vector(latents: np.ndarray, labels: np.ndarray, source: int, target: int) -> np.ndarray:
    """mean(target) − mean(source): added to a code of class `source`, it moves the code towards
    class `target` ("3 → 8")."""
    means = class_means(latents, labels)
    missing = [c for c in (source, target) if c not in means]
    if missing:
        raise ValueError(f"no codes with label(s) {missing}")
    return means[target] - means[source]


def apply_attribute(z: np.ndarray, vector: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """z + strength · vector."""
    return np.asarray(z, dtype=np.float64) + strength * np.asarray(vector, dtype=np.float64)


def analogy(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Latent arithmetic a − b + c ("what c is to b, a is to …")."""
    return np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64) + np.asarray(c, dtype=np.float64)


# --- traversals and sampling -----------------------------------------------------------
def traversal(z: np.ndarray, dims: np.ndarray, mean: np.ndarray, std: np.ndarray, steps: int = 9,
              spread: float = 3.0) -> np.ndarray:
    """Codes (len(dims), steps, d): row r is `z` with dimension dims[r] swept from
    mean − spread·s.d. to mean + spread·s.d.; the other dimensions keep their values."""
    z = np.asarray(z, dtype=np.float64)
    offsets = np.linspace(-spread, spread, steps)
    out = np.repeat(z[None, None], len(dims), 0).repeat(steps, 1)
    for row, dim in enumerate(np.asarray(dims, dtype=int)):
        out[row, :, dim] = mean[dim] + offsets * std[dim]
    return out


def prior_codes(n: int, latent_dim: int, temperature: float = 1.0, seed: int = 0) -> np.ndarray:
    """`n` codes (n, d) drawn from N(0, temperature² I) with a fixed seed."""
    return temperature * np.random.default_rng(seed).standard_normal((n, latent_dim))


@dataclass(frozen=True)
class PosteriorSpread:
    """A VAE's uncertainty about one image: q(z|x) and what its samples decode to."""

    mean: np.ndarray  # (d,) posterior mean
    std: np.ndarray  # (d,) posterior s.d.
    samples: torch.Tensor  # (K, C, H, W) decoded posterior samples
    pixel_variance: torch.Tensor  # (H, W) variance over the K decoded samples, averaged over the C channels


@torch.no_grad()
def posterior_spread(model: Autoencoder, x: torch.Tensor, k: int = 16, seed: int = 0) -> PosteriorSpread:
    """Draw `k` codes from q(z|x) for one image `x` (1, C, H, W) and decode them."""
    if not model.variational:
        raise ValueError("only variational models have a posterior spread")
    q = model.posterior(x.to(model.device))
    generator = torch.Generator().manual_seed(seed)
    eps = torch.randn((k, model.latent_dim), generator=generator).to(model.device)
    samples = model.decode(q.mean + q.std * eps).cpu()
    return PosteriorSpread(q.mean[0].cpu().numpy(), q.std[0].cpu().numpy(), samples,
                           samples.var(0, unbiased=False).mean(0))


# --- rate and distortion (β-VAE) ------------------------------------------------------
@dataclass(frozen=True)
class RateDistortion:
    """A VAE on a batch of images: rate = mean KL(q(z|x) || p(z)) in nats, distortion = mean
    reconstruction NLL in nats, and the active units (Burda et al. 2015: Cov_x E_q[z] > 0.01)."""

    rate: float
    distortion: float
    active_units: int
    unit_activity: np.ndarray  # (d,) variance over the images of each unit's posterior mean


@torch.no_grad()
def rate_distortion(model: Autoencoder, images: torch.Tensor, seed: int = 0,
                    threshold: float = 0.01) -> RateDistortion:
    """Rate, distortion and active units of a variational `model` on `images` (N, C, H, W)."""
    if not model.variational:
        raise ValueError("rate and distortion are defined for variational models")
    generator = torch.Generator().manual_seed(seed)
    q = model.posterior(images.to(model.device))
    distortion = model.reconstruction_nll(model.decode_logits(q.sample(generator)), images.to(model.device))
    activity = q.mean.var(0, unbiased=False).cpu().numpy()
    return RateDistortion(float(q.kl_to_standard_normal().sum(1).mean()), float(distortion.mean()),
                          int((activity > threshold).sum()), activity)


def projected_ellipse(mean: np.ndarray, std: np.ndarray, components: np.ndarray, centre: np.ndarray,
                      scale: float = 1.0, points: int = 64) -> np.ndarray:
    """The 1-s.d. ellipse of N(mean, diag(std²)) seen on a 2-D linear map `components` (2, d)
    with origin `centre` (d,): returns (points, 2) map coordinates of its outline."""
    covariance = components @ np.diag(np.asarray(std, dtype=np.float64) ** 2) @ components.T  # (2, 2)
    values, vectors = np.linalg.eigh(covariance)
    angle = np.linspace(0, 2 * np.pi, points)
    circle = np.stack([np.cos(angle), np.sin(angle)], 1) * (scale * np.sqrt(np.maximum(values, 0)))
    return (np.asarray(mean) - centre) @ components.T + circle @ vectors.T
