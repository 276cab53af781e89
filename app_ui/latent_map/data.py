"""Cached data behind the Latent Map page, keyed by names (model, dataset, point set, projection,
dims) so nothing that did not change is computed twice. The shipped sample is encoded here (or read
from `assets/embeddings/`); a whole point set (`test`, `all`) comes from a background job
(`jobs.py`) whose codes, thumbnails and projections `ae_models.map_store` keeps on disk."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import samples
from ae_models.data import DatasetError
from ae_models.imaging import to_uint8
from ae_models.latent_map import LatentNeighbours, fit_map, shipped_map
from ae_models.latent_ops import decode_all
from ae_models.map_store import MapCodes, MapPictures, MapStore
from ae_models.metrics import mse_per_image
from ae_models.projection_methods import uses_raw_latent
from ae_models.projections import Projector, faithfulness, pca_plane_grid
from app_ui.common.loaders import encode_sample, load_images, load_model, model_keyed
from app_ui.latent_map.figures import BACKDROP_STEPS, backdrop_image
from app_ui.latent_map.jobs import MapJob, MapJobs


@model_keyed
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


# --- whole point sets: background jobs --------------------------------------------------------
@st.cache_resource(show_spinner=False)
def map_jobs() -> MapJobs:
    """The background jobs of this server process, shared by every session."""
    return MapJobs()


@st.cache_data(show_spinner=False, ttl=30)
def _job_key(kind: str, model_name: str, *rest: object) -> tuple:
    """Jobs are keyed by the weights too: a user model saved again under its name gets new ones."""
    return (kind, model_name, load_model(model_name).card.get("weights_sha256"), *rest)


def pictures_job(model_name: str, dataset: str, points: str) -> MapJob:
    """The job encoding the point set and making its thumbnails (`MapStore.pictures`): a few ms
    when the cache has them, about a minute for 70,000 MNIST images on two CPU cores."""
    model = load_model(model_name)
    return map_jobs().get(_job_key("pictures", model_name, dataset, points),
                          lambda progress: MapStore().pictures(model, dataset, points, progress))  # type: ignore[arg-type]


def needs_projection_job(latent_dim: int, method: str, dims: int) -> bool:
    """t-SNE and UMAP of a whole set run in the background; PCA takes well under a second."""
    return method != "pca" and not uses_raw_latent(latent_dim, dims)


def projection_job(model_name: str, dataset: str, points: str, method: str, dims: int) -> MapJob:
    """The job fitting `method` on the point set's codes (`MapStore.projection`, cached on disk)."""
    codes = point_codes(model_name, dataset, points)
    return map_jobs().get(_job_key("projection", model_name, dataset, points, method, dims),
                          lambda progress: MapStore().projection(codes, method, dims, progress=progress))


def _finished(job: MapJob):
    job.wait()
    if job.error is not None:
        raise DatasetError(job.error)
    return job.result


def point_codes(model_name: str, dataset: str, points: str) -> MapCodes:
    """The codes of a whole point set (waits for its job: call it once the job is done)."""
    return _finished(pictures_job(model_name, dataset, points))[0]


def point_pictures(model_name: str, dataset: str, points: str) -> MapPictures:
    """Thumbnails, reconstructions' thumbnails and errors of any point set (waits for its job)."""
    return _finished(pictures_job(model_name, dataset, points))[1]


def latent_codes(model_name: str, dataset: str, points: str = "sample") -> np.ndarray:
    """(N, d) codes of the map's points."""
    if points == "sample":
        return sample_latents(model_name, dataset)
    return point_codes(model_name, dataset, points).codes


# --- projections and what is derived from them ---------------------------------------------------
@model_keyed
@st.cache_resource(show_spinner=False, max_entries=32)
def map_projector(model_name: str, dataset: str, method: str, dims: int, points: str = "sample") -> Projector:
    """The fitted projection of the map's latents (the raw latent when it has `dims` numbers); a
    shipped 2-D t-SNE/UMAP map of the sample, or one a job fitted on a whole set, is used as is."""
    if points == "sample":
        stored = shipped_map(shipped_embedding(model_name, dataset), method, dims)
    else:
        latent_dim = load_model(model_name).latent_dim
        stored = (_finished(projection_job(model_name, dataset, points, method, dims))
                  if needs_projection_job(latent_dim, method, dims) else None)
    return fit_map(latent_codes(model_name, dataset, points), method, dims, embedding=stored)  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, max_entries=64)
def projection_quality(model_name: str, dataset: str, method: str, dims: int,
                       points: str = "sample") -> dict[str, float]:
    """Trustworthiness@10 and neighbourhood kept@10 of the map (on ≤ 3,000 points)."""
    projector = map_projector(model_name, dataset, method, dims, points)
    return faithfulness(projector.latents_, projector.embedding_, k=10)


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=16)
def latent_neighbours(model_name: str, dataset: str, points: str = "sample") -> LatentNeighbours:
    """Nearest neighbours among the map's latent codes (in the latent space, not on the map)."""
    return LatentNeighbours(k=8).fit(latent_codes(model_name, dataset, points))


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=32)
def map_neighbours(model_name: str, dataset: str, method: str, dims: int, points: str = "sample") -> LatentNeighbours:
    """Nearest neighbours among the points of the map (for how empty a clicked spot is)."""
    return LatentNeighbours(k=8).fit(map_projector(model_name, dataset, method, dims, points).embedding_)


@st.cache_data(show_spinner=False, max_entries=32)
def manifold_backdrop(model_name: str, dataset: str, method: str, dims: int, points: str = "sample") -> dict:
    """A layout image of images decoded on a grid over the map (plane of the first two axes)."""
    projector = map_projector(model_name, dataset, method, dims, points)
    model = load_model(model_name)
    centres, images = pca_plane_grid(projector, lambda z: to_uint8(decode_all(model, z)), steps=BACKDROP_STEPS)
    return backdrop_image(centres, np.asarray(images), BACKDROP_STEPS)


@st.cache_data(show_spinner=False, max_entries=16)
def reconstruction_errors(model_name: str, dataset: str) -> np.ndarray:
    """Mean squared error per pixel of every sample's reconstruction from its latent code (N,)."""
    decoded = decode_all(load_model(model_name), sample_latents(model_name, dataset))
    return mse_per_image(decoded, load_images(dataset).images).numpy()
