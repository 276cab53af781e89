"""Cached data of the Anomalies page: the scored set-ups (one-class, out-of-distribution, uploads).

Cached by model and dataset names (uploads by a digest of their bytes), never by arrays.
"""

from __future__ import annotations

import streamlit as st

from ae_models import anomaly
from ae_models.anomaly import OOD_IMAGES, AnomalyCase
from ae_models.checkpoints import read_card
from ae_models.uploads import images_from_uploads
from app_ui.common.loaders import load_images, load_model


@st.cache_data(show_spinner="Scoring the test sample…", max_entries=32)
def one_class_case(model_name: str, dataset: str, normal_class: int) -> AnomalyCase:
    """The model's dataset sample; anomalies = every class but `normal_class`."""
    return anomaly.one_class_case(load_model(model_name), load_images(dataset), normal_class)


@st.cache_data(show_spinner=False, max_entries=64)
def sample_auroc(model_name: str, dataset: str, normal_class: int) -> float:
    """One-class AUROC (MSE score) on the sample: the card's when it was computed on this same
    sample, else computed."""
    stored = anomaly.stored_auroc(read_card(model_name), len(load_images(dataset)))
    if stored is not None:
        return stored
    case = one_class_case(model_name, dataset, normal_class)
    return anomaly.auroc(case.scores["mse"], case.is_anomaly)


@st.cache_data(show_spinner="Scoring both datasets…", max_entries=32)
def ood_case(model_name: str, own: str, other: str) -> AnomalyCase:
    """Normal = the first images of the model's own sample; anomalies = the first of `other`'s."""
    return anomaly.ood_case(load_model(model_name), load_images(own).subset(slice(0, OOD_IMAGES)),
                            load_images(other).subset(slice(0, OOD_IMAGES)), other)


@st.cache_data(show_spinner="Scoring your images…", max_entries=8)
def upload_case(model_name: str, own: str, digest: str, invert: bool, _files: list[tuple[str, bytes]]
                ) -> AnomalyCase:
    """Normal = the model's own sample (first images); anomalies = the uploaded images.
    Cached by `digest` (see `uploads_digest`) of the files."""
    model = load_model(model_name)
    uploads = images_from_uploads(_files, model.image_shape[1:], invert, channels=model.image_shape[0])
    return anomaly.ood_case(model, load_images(own).subset(slice(0, OOD_IMAGES)), uploads, "upload")
