"""Cached data behind the Home page, keyed by model name and dataset."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import onnx as onnx_models
from ae_models.architecture import LayerRow, layer_table
from ae_models.data import first_per_class
from ae_models.latent_ops import reconstruct_all
from ae_models.metrics import mse_per_image
from ae_models.zoo import architecture_in_words, best_binarised_nll
from app_ui.common.loaders import load_images, load_model, model_catalogue


@st.cache_data(show_spinner=False, ttl=60)
def binarised_likelihood() -> dict[str, object] | None:
    """The installed checkpoint with the best binarised-MNIST test NLL: the figures the VAE text quotes
    (name, architecture, k, images, nll, its standard error, the k = 1 −ELBO), or None."""
    infos, _ = model_catalogue()
    cards = {info.name: onnx_models.read_model_card(info.name) for info in infos if info.family in ("vae", "conv_vae")}
    best = best_binarised_nll(cards)
    if best is None:
        return None
    name, record = best
    sampled, one = record["importance_sampled"], record["one_sample"]
    return {"name": name, "architecture": architecture_in_words(cards[name]), "samples": sampled["samples"],
            "images": sampled["images"], "nll": sampled["nll"], "error": sampled["std_error_images"],
            "elbo": one["nll"]}


@st.cache_data(show_spinner=False, max_entries=32)
def model_layers(model_name: str) -> list[LayerRow]:
    """The selected model's layers and output shapes (one dummy forward pass)."""
    return layer_table(load_model(model_name))


@st.cache_data(show_spinner=False, max_entries=32)
def one_per_class_reconstructions(model_name: str, dataset: str, limit: int = 10
                                  ) -> tuple[np.ndarray, np.ndarray, float]:
    """The first test image of each class (at most `limit`; the first `limit` images when there
    are no classes) and its reconstruction, (n, C, H, W) in [0, 1] each, and their mean squared
    error per pixel."""
    sample = load_images(dataset)
    firsts = first_per_class(sample.labels)
    x = sample.images[(firsts if len(firsts) > 1 else list(range(len(sample))))[:limit]]
    x_hat = reconstruct_all(load_model(model_name), x)
    return x.numpy(), x_hat.numpy(), float(mse_per_image(x, x_hat).mean())
