"""What the latent sliders need to know about a model's codes: importance order, slider ranges,
principal directions and a 2-D PCA view of the data (plain NumPy, JSON-ready)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LatentSummary:
    mean: np.ndarray  # (d,)
    std: np.ndarray  # (d,)
    order: np.ndarray  # dimension indices, most important first
    components: np.ndarray  # (P, d) principal directions (unit rows)
    component_std: np.ndarray  # (P,) s.d. of the data along each direction
    typical_distance: float  # median distance from a code to its nearest other code


def summarize_latents(latents: np.ndarray, importance: np.ndarray | None = None,
                      n_components: int = 6, seed: int = 0) -> LatentSummary:
    """Summarize codes (N, d). `importance` (d,) orders the dimensions (e.g. mean KL per unit
    for a VAE); by default the variance of each dimension over the data."""
    latents = np.asarray(latents, dtype=np.float64)
    mean, std = latents.mean(0), latents.std(0) + 1e-8
    order = np.argsort(-(std**2 if importance is None else np.asarray(importance)), kind="stable")
    centred = latents - mean
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    p = min(n_components, latents.shape[1])
    component_std = singular[:p] / np.sqrt(max(len(latents) - 1, 1))
    rng = np.random.default_rng(seed)
    probe = latents[rng.choice(len(latents), min(500, len(latents)), replace=False)]
    dists = np.sqrt(((probe[:, None, :] - latents[None, :, :]) ** 2).sum(-1))
    dists[dists == 0] = np.inf
    return LatentSummary(mean, std, order, vt[:p], component_std, float(np.median(dists.min(1))))
