"""Cached data of the Anomalies page: the scored set-ups (one-class, out-of-distribution, uploads).

Cached by model and dataset names (uploads by a digest of their bytes), never by arrays.
"""

from __future__ import annotations

import streamlit as st

from ae_models import anomaly
from ae_models import onnx as onnx_models
from ae_models.anomaly import OOD_IMAGES, AnomalyCase
from ae_models.uploads import images_from_uploads
from app_ui.common.loaders import load_images, load_model


@st.cache_data(show_spinner=False, ttl=60, max_entries=128)
def model_card(model_name: str) -> dict:
    """The model's checked card, checkpoint or ONNX alike (raises CheckpointError)."""
    return onnx_models.read_model_card(model_name)


@st.cache_data(show_spinner="Scoring the test sample…", max_entries=32)
def one_class_case(model_name: str, dataset: str, normal_class: int) -> AnomalyCase:
    """The model's dataset sample; anomalies = every class but `normal_class`. Also scored by 1 − SSIM
    when that is the score the model's card chose."""
    ssim = anomaly.card_score(model_card(model_name)) == "ssim_error"
    return anomaly.one_class_case(load_model(model_name), load_images(dataset), normal_class, ssim)


@st.cache_data(show_spinner=False, max_entries=64)
def class_auroc(model_name: str, dataset: str, normal_class: int) -> tuple[float, bool]:
    """One-class AUROC with the card's own score, and whether it is on the whole test split: the card's
    test figure, else its figure on this same sample, else computed on the sample."""
    card = model_card(model_name)
    stored = anomaly.card_test_auroc(card)
    if stored is not None:
        return stored, True
    stored = anomaly.stored_auroc(card, len(load_images(dataset)))
    if stored is not None:
        return stored, False
    case = one_class_case(model_name, dataset, normal_class)
    return anomaly.auroc(case.scores[anomaly.card_score(card)], case.is_anomaly), False


@st.cache_data(show_spinner=False, ttl=60)
def held_out_aurocs(model_names: tuple[str, ...]) -> dict[str, float]:
    """Each one-class model's AUROC on held-out training images, where its card has one (which model
    serves a class is chosen by it: `anomaly.model_per_class`)."""
    found = {name: anomaly.card_held_out_auroc(model_card(name)) for name in model_names}
    return {name: value for name, value in found.items() if value is not None}


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
