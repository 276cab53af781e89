"""Cached data behind the Latent Map page, keyed by names (model, dataset, projection, dims) so
nothing that did not change is computed twice."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import samples
from ae_models.imaging import to_uint8
from ae_models.latent_map import LatentNeighbours, fit_map, shipped_map
from ae_models.latent_ops import decode_all
from ae_models.metrics import mse_per_image
from ae_models.projections import Projector, faithfulness, pca_plane_grid
from app_ui.common.loaders import encode_sample, load_images, load_model
from app_ui.latent_map.figures import BACKDROP_STEPS, backdrop_image


@st.cache_resource(show_spinner=False, max_entries=16)
def shipped_embedding(model_name: str, dataset: str) -> dict[str, np.ndarray]:
    """The shipped latents and 2-D maps of the model's sample (`assets/embeddings/`), or {} when
    there are none or they do not belong to this checkpoint."""
    return samples.trusted_embedding(samples.load_embedding(model_name), load_model(model_name),
                                     load_images(dataset).images)


@st.cache_data(show_spinner=False, max_entries=32)
def sample_latents(model_name: str, dataset: str) -> np.ndarray:
    """Latent codes (N, d) of the sample: the shipped ones when they check out (encoding 5,000
    MNIST images takes about 2 s on two CPU cores), else freshly encoded."""
    stored = shipped_embedding(model_name, dataset)
    return stored["latents"] if stored else encode_sample(model_name, dataset)


@st.cache_resource(show_spinner=False, max_entries=32)
def map_projector(model_name: str, dataset: str, method: str, dims: int) -> Projector:
    """The fitted projection of the sample's latents (the raw latent when it has `dims` numbers);
    a shipped 2-D t-SNE/UMAP map is used instead of recomputing it."""
    stored = shipped_map(shipped_embedding(model_name, dataset), method, dims)
    return fit_map(sample_latents(model_name, dataset), method, dims, embedding=stored)  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, max_entries=64)
def projection_quality(model_name: str, dataset: str, method: str, dims: int) -> dict[str, float]:
    """Trustworthiness@10 and neighbourhood kept@10 of the map (on ≤ 3,000 points)."""
    projector = map_projector(model_name, dataset, method, dims)
    return faithfulness(projector.latents_, projector.embedding_, k=10)


@st.cache_resource(show_spinner=False, max_entries=16)
def latent_neighbours(model_name: str, dataset: str) -> LatentNeighbours:
    """Nearest neighbours among the sample's latent codes (in the latent space, not on the map)."""
    return LatentNeighbours(k=8).fit(sample_latents(model_name, dataset))


@st.cache_resource(show_spinner=False, max_entries=32)
def map_neighbours(model_name: str, dataset: str, method: str, dims: int) -> LatentNeighbours:
    """Nearest neighbours among the points of the map (for how empty a clicked spot is)."""
    return LatentNeighbours(k=8).fit(map_projector(model_name, dataset, method, dims).embedding_)


@st.cache_data(show_spinner=False, max_entries=32)
def manifold_backdrop(model_name: str, dataset: str, method: str, dims: int) -> dict:
    """A layout image of images decoded on a grid over the map (plane of the first two axes)."""
    projector = map_projector(model_name, dataset, method, dims)
    model = load_model(model_name)
    centres, images = pca_plane_grid(projector, lambda z: to_uint8(decode_all(model, z)), steps=BACKDROP_STEPS)
    return backdrop_image(centres, np.asarray(images), BACKDROP_STEPS)


@st.cache_data(show_spinner=False, max_entries=16)
def reconstruction_errors(model_name: str, dataset: str) -> np.ndarray:
    """Mean squared error per pixel of every sample's reconstruction from its latent code (N,)."""
    decoded = decode_all(load_model(model_name), sample_latents(model_name, dataset))
    return mse_per_image(decoded, load_images(dataset).images).numpy()
