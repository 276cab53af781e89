"""Cached data of the Anomalies page: the scored set-ups (one-class, out-of-distribution, uploads).

Cached by model and dataset names (uploads by a digest of their bytes), never by arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from ae_models.anomaly import anomaly_scores, auroc, one_class_labels, ood_labels
from ae_models.checkpoints import read_card
from ae_models.data import BUILTIN_DATASETS, DatasetError, ImageDataset
from ae_models.imaging import to_uint8
from ae_models.uploads import images_from_uploads
from app_ui.common.loaders import load_images, load_model

OOD_IMAGES = 2000  # images per side in the out-of-distribution set-up (scoring stays ~1 s on a CPU)


@dataclass(frozen=True)
class AnomalyCase:
    """A scored set-up: which images are anomalies, and each image's scores."""

    images: np.ndarray  # (N, H, W) uint8, for the gallery
    scores: dict[str, np.ndarray]  # "mse" (and "neg_elbo" for VAEs) → (N,)
    is_anomaly: np.ndarray  # (N,) bool
    classes: np.ndarray  # (N,) the images' own class names (for hover and captions)


def _score(model_name: str, images: torch.Tensor, is_anomaly: np.ndarray, classes: np.ndarray) -> AnomalyCase:
    model = load_model(model_name)
    return AnomalyCase(to_uint8(images), anomaly_scores(model, images), is_anomaly, classes)


def _class_names(data: ImageDataset) -> np.ndarray:
    names = np.array([*data.classes, "?"], dtype=object)
    labels = data.labels.numpy()
    return names[np.where((labels >= 0) & (labels < len(data.classes)), labels, len(data.classes))]


@st.cache_data(show_spinner="Scoring the test sample…", max_entries=32)
def one_class_case(model_name: str, dataset: str, normal_class: int) -> AnomalyCase:
    """The model's dataset sample; anomalies = every class but `normal_class`."""
    data = load_images(dataset)
    return _score(model_name, data.images, one_class_labels(data.labels.numpy(), normal_class), _class_names(data))


@st.cache_data(show_spinner=False, max_entries=64)
def sample_auroc(model_name: str, dataset: str, normal_class: int) -> float:
    """One-class AUROC (MSE score) on the sample: the card's `sample_metrics.auroc` when it was
    computed on this same sample (the zoo's report does so with the same score), else computed."""
    stored = read_card(model_name).get("sample_metrics") or {}
    if "auroc" in stored and stored.get("images") == len(load_images(dataset)):
        return float(stored["auroc"])
    case = one_class_case(model_name, dataset, normal_class)
    return auroc(case.scores["mse"], case.is_anomaly)


def ood_sources(image_shape: tuple[int, ...], own: str) -> list[str]:
    """Built-in datasets (other than `own`) whose sample loads and has the model's image size."""
    found = []
    for name in BUILTIN_DATASETS:
        if name == own:
            continue
        try:
            if load_images(name).image_shape == tuple(image_shape):
                found.append(name)
        except DatasetError:
            continue
    return found


@st.cache_data(show_spinner="Scoring both datasets…", max_entries=32)
def ood_case(model_name: str, own: str, other: str) -> AnomalyCase:
    """Normal = the first images of the model's own sample; anomalies = the first of `other`'s."""
    normal = load_images(own).subset(slice(0, OOD_IMAGES))
    strange = load_images(other).subset(slice(0, OOD_IMAGES))
    images = torch.cat([normal.images, strange.images])
    classes = np.concatenate([_class_names(normal), [f"{other}: {c}" for c in _class_names(strange)]])
    return _score(model_name, images, ood_labels(len(normal), len(strange)), classes)


@st.cache_data(show_spinner="Scoring your images…", max_entries=8)
def upload_case(model_name: str, own: str, digest: str, invert: bool, _files: list[tuple[str, bytes]]
                ) -> AnomalyCase:
    """Normal = the model's own sample (first images); anomalies = the uploaded images.
    Cached by `digest` (see `uploads_digest`) of the files."""
    model = load_model(model_name)
    uploads = images_from_uploads(_files, model.image_shape[1:], invert)
    normal = load_images(own).subset(slice(0, OOD_IMAGES))
    images = torch.cat([normal.images, uploads.images])
    classes = np.concatenate([_class_names(normal), np.full(len(uploads), "upload", dtype=object)])
    return _score(model_name, images, ood_labels(len(normal), len(uploads)), classes)
