"""Cached data behind the Home page, keyed by model name and dataset."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from ae_models.architecture import LayerRow, layer_table
from ae_models.imaging import to_uint8
from app_ui.common.loaders import load_images, load_model


@st.cache_data(show_spinner=False, max_entries=32)
def model_layers(model_name: str) -> list[LayerRow]:
    """The selected model's layers and output shapes (one dummy forward pass)."""
    return layer_table(load_model(model_name))


@st.cache_data(show_spinner=False, max_entries=32)
def one_per_class_reconstructions(model_name: str, dataset: str, limit: int = 10
                                  ) -> tuple[np.ndarray, np.ndarray, float]:
    """The first test image of each class (at most `limit`; the first `limit` images when there
    are no classes) and its reconstruction, as uint8 (n, H, W) each, and their mean squared
    error per pixel."""
    sample = load_images(dataset)
    labels = sample.labels.numpy()
    classes = np.unique(labels)
    firsts = ([int(np.flatnonzero(labels == c)[0]) for c in classes] if len(classes) > 1
              else list(range(len(labels))))[:limit]
    x = sample.images[firsts]  # (n, C, H, W)
    model = load_model(model_name)
    with torch.no_grad():
        x_hat = model(x.to(model.device)).cpu()
    return to_uint8(x), to_uint8(x_hat), float((x_hat - x).pow(2).mean())
