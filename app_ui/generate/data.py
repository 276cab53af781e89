"""Cached per-model facts the Generate page needs, keyed by model and dataset names."""

from __future__ import annotations

import streamlit as st

from ae_models import latent_ops
from app_ui.common.loaders import encode_sample, fitted_projector, load_images, load_model
from app_ui.generate.figures import GhostMap
from app_ui.generate.live_decoder import editor_payload


@st.cache_data(show_spinner="Summarising the latent space…", max_entries=16)
def latent_summary(model_name: str, dataset: str) -> latent_ops.LatentSummary:
    data = load_images(dataset)
    return latent_ops.summarise_latents(load_model(model_name), data.images, data.labels,
                                        latents=encode_sample(model_name, dataset))


@st.cache_resource(show_spinner=False, max_entries=16)
def live_payload(model_name: str, dataset: str) -> dict:
    """What the in-browser editor needs about the codes (JSON-ready), cached per model: one shared,
    read-only object, since every live-tab run asks for it and only a model's first run sends it
    (`st.cache_data` would unpickle a copy each time)."""
    s = latent_summary(model_name, dataset)
    return editor_payload(s.latents, s.labels, s.order, s.ranges, s.directions, s.spacing)


@st.cache_resource(show_spinner=False, max_entries=8)
def ghost_map(model_name: str, dataset: str) -> GhostMap:
    """The server editor's backdrop: the sample's codes on the 2-D PCA map, drawn once per model."""
    return GhostMap(fitted_projector(model_name, dataset, "pca", 2).embedding_,
                    latent_summary(model_name, dataset).labels, load_images(dataset).classes)


@st.cache_data(show_spinner="Measuring rate and distortion…", max_entries=32)
def rate_distortion(model_name: str, dataset: str, count: int = 1000) -> latent_ops.RateDistortion:
    """Rate, distortion and active units of a VAE on the first `count` sample images (cached)."""
    return latent_ops.rate_distortion(load_model(model_name), load_images(dataset).images[:count])
