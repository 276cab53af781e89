"""Cached data behind the Latent Map page, keyed by names (model, dataset, projection, dims) so
nothing that did not change is computed twice."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from ae_models import samples
from ae_models.imaging import to_uint8
from ae_models.latent_map import LatentNeighbours, RawProjector
from ae_models.latent_ops import decode_all
from ae_models.projections import Projector, faithfulness, pca_plane_grid
from app_ui.common.loaders import encode_sample, load_images, load_model
from app_ui.latent_map.figures import backdrop_image

BACKDROP_STEPS = 14  # tiles per side of the decoded-manifold backdrop
CHECKED_IMAGES = 64  # shipped latents are trusted once these many re-encode to the same codes


def uses_raw_latent(latent_dim: int, dims: int) -> bool:
    """A code with as many numbers as the map has axes is drawn as is, with no projection."""
    return latent_dim == dims


@st.cache_resource(show_spinner=False, max_entries=16)
def shipped_embedding(model_name: str, dataset: str) -> dict[str, np.ndarray]:
    """The shipped latents and 2-D maps of the model's sample (`assets/embeddings/`), or {} when
    there are none or they do not belong to this checkpoint: the first images must re-encode to
    the stored codes (a retrained model with the same name gets its maps recomputed)."""
    stored = samples.load_embedding(model_name)
    images = load_images(dataset).images
    if not stored or "latents" not in stored or len(stored["latents"]) != len(images):
        return {}
    model = load_model(model_name)
    with torch.no_grad():
        check = model.encode(images[:CHECKED_IMAGES].to(model.device)).cpu().numpy()
    latents = stored["latents"].astype(np.float32)
    scale = float(np.abs(check).max()) + 1e-6
    if check.shape != latents[:CHECKED_IMAGES].shape or not np.allclose(
            check, latents[:CHECKED_IMAGES], rtol=1e-2, atol=1e-2 * scale):  # stored as float16
        return {}
    return {key: value.astype(np.float32) if key != "labels" else value for key, value in stored.items()}


def shipped_projection(model_name: str, dataset: str, method: str, dims: int) -> bool:
    """Whether this map comes precomputed with the project."""
    return dims == 2 and method in shipped_embedding(model_name, dataset)


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
    latents = sample_latents(model_name, dataset)
    if uses_raw_latent(latents.shape[1], dims):
        return RawProjector(dims).fit(latents)
    stored = shipped_embedding(model_name, dataset).get(method) if dims == 2 else None
    return Projector(method, dims).fit(latents, embedding=stored)  # type: ignore[arg-type]


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
    """Mean squared error per pixel of every sample's reconstruction (N,)."""
    model = load_model(model_name)
    images = load_images(dataset).images
    latents = sample_latents(model_name, dataset)
    errors = [((decode_all(model, latents[i:i + 1000]) - images[i:i + 1000]) ** 2).flatten(1).mean(1)
              for i in range(0, len(images), 1000)]
    return np.concatenate([e.numpy() for e in errors])
