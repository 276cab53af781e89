"""Cached computations of the Features page, keyed by dataset and model names (uploads by digest)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models.features import TEST_SHARE, Split, probe_accuracy, stratified_split
from ae_models.latent_ops import encode_all
from ae_models.uploads import images_from_uploads
from app_ui.common.loaders import encode_sample, load_images, load_model


@st.cache_data(show_spinner=False, max_entries=16)
def sample_split(dataset: str) -> Split:
    return stratified_split(load_images(dataset).labels.numpy(), test_share=TEST_SHARE, seed=0)


@st.cache_data(show_spinner=False, max_entries=64)
def pixel_accuracy(dataset: str, pca: int | None = None) -> dict[str, float]:
    """Probe accuracies on the sample's raw pixels, or on `pca` principal components of them."""
    data = load_images(dataset)
    return probe_accuracy(data.images.flatten(1).numpy(), data.labels.numpy(), sample_split(dataset), pca=pca)


@st.cache_data(show_spinner=False, max_entries=64)
def latent_accuracy(model_name: str, dataset: str) -> dict[str, float]:
    """Probe accuracies on the model's latent codes of the sample."""
    return probe_accuracy(encode_sample(model_name, dataset), load_images(dataset).labels.numpy(),
                          sample_split(dataset))


@st.cache_data(show_spinner="Encoding your images…", max_entries=8)
def encode_uploads(model_name: str, digest: str, _files: list[tuple[str, bytes]]) -> np.ndarray:
    """Latent codes (N, d) of uploaded images, read with the model's channels and size (cached by
    the files' `digest`)."""
    model = load_model(model_name)
    channels, *size = model.image_shape
    return encode_all(model, images_from_uploads(_files, tuple(size), channels=channels).images)
