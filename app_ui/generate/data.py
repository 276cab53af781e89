"""Cached per-model facts the Generate page needs, keyed by model and dataset names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from ae_models import latent_ops
from ae_models.metrics import batched
from app_ui.common.loaders import ModelInfo, encode_sample, load_images, load_model, model_catalogue
from app_ui.generate.live_decoder import editor_payload

MAX_SLIDER_DIMS = 32  # one slider per dimension up to this latent size; PCA sliders always
PCA_DIRECTIONS = 6


@dataclass(frozen=True)
class LatentSummary:
    """What the sliders and maps need about a model's codes of the sample."""

    latents: np.ndarray  # (N, d) float32, posterior means for VAEs
    labels: np.ndarray  # (N,)
    scores: np.ndarray  # (d,) importance: variance (AE) or mean KL per unit in nats (VAE)
    order: np.ndarray  # (d,) dimensions, most important first
    ranges: latent_ops.SliderRange
    directions: latent_ops.PrincipalDirections
    spacing: float  # median nearest-neighbour distance between real codes


@st.cache_data(show_spinner="Summarising the latent space…", max_entries=16)
def latent_summary(model_name: str, dataset: str) -> LatentSummary:
    latents = encode_sample(model_name, dataset)
    data = load_images(dataset)
    model = load_model(model_name)
    logvar = None
    if model.variational:
        logvar = batched(lambda x: {"logvar": model.posterior(x.to(model.device)).logvar},
                         data.images, 1000)["logvar"].numpy()
    scores = latent_ops.dimension_importance(latents, logvar)
    return LatentSummary(latents, data.labels.numpy(), scores, latent_ops.importance_order(scores),
                         latent_ops.slider_ranges(latents),
                         latent_ops.PrincipalDirections(PCA_DIRECTIONS).fit(latents),
                         latent_ops.typical_spacing(latents))


@st.cache_resource(show_spinner=False, max_entries=16)
def live_payload(model_name: str, dataset: str) -> dict:
    """What the in-browser editor needs about the codes (JSON-ready), cached per model: one shared,
    read-only object, since every live-tab run asks for it and only a model's first run sends it
    (`st.cache_data` would unpickle a copy each time)."""
    s = latent_summary(model_name, dataset)
    return editor_payload(s.latents, s.labels, s.order, s.ranges, s.directions, s.spacing)


@st.cache_data(show_spinner=False, ttl=60)
def beta_sweep(info: ModelInfo) -> list[tuple[float, str]]:
    """(β, model name) of the VAEs that differ from `info` only in β (same family, dataset, latent
    size; clean, not one-class), sorted by β; empty for AEs."""
    if info.family not in ("vae", "conv_vae"):
        return []
    sweep = []
    for m in model_catalogue()[0]:
        if (m.family, m.dataset, m.latent_dim, m.noise, m.normal_class) == (
                info.family, info.dataset, info.latent_dim, None, None):
            sweep.append((m.beta, m.name))
    return sorted(sweep)


@st.cache_data(show_spinner="Measuring rate and distortion…", max_entries=32)
def rate_distortion(model_name: str, dataset: str, count: int = 1000) -> latent_ops.RateDistortion:
    """Rate, distortion and active units of a VAE on the first `count` sample images (cached)."""
    return latent_ops.rate_distortion(load_model(model_name), load_images(dataset).images[:count])


def sampling_partner(info: ModelInfo) -> ModelInfo | None:
    """For the sampling comparison: a model of the other kind (VAE ↔ AE) with the same dataset and
    latent size, preferring plain (not denoising, not one-class) ones."""
    infos, _ = model_catalogue()
    variational = info.family in ("vae", "conv_vae")
    partners = [m for m in infos if m.dataset == info.dataset and m.latent_dim == info.latent_dim
                and m.normal_class is None and (m.family in ("vae", "conv_vae")) != variational]
    partners.sort(key=lambda m: (m.noise is not None, m.name))
    return partners[0] if partners else None
