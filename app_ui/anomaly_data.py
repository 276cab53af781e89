"""Cached data of the Anomalies page: the scored set-ups (one-class, out-of-distribution, uploads).

Cached by model and dataset names (uploads by a digest of their bytes), never by arrays.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st
import torch

from ae_models.anomaly import anomaly_scores, auroc, one_class_labels, ood_labels
from ae_models.checkpoints import read_card
from ae_models.data import BUILTIN_DATASETS, DatasetError, ImageDataset, from_uint8, image_to_array, load_npz
from ae_models.imaging import to_uint8

from .loaders import load_images, load_model

OOD_IMAGES = 2000  # images per side in the out-of-distribution set-up (scoring stays ~1 s on a CPU)
MAX_UPLOAD_IMAGES = 5000


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


def uploads_digest(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def images_from_uploads(files: list[tuple[str, bytes]], size: tuple[int, int], invert: bool = False) -> ImageDataset:
    """Uploaded PNG/JPG files and/or .npz files (an `images` array) as one dataset at `size` (H, W);
    `invert` turns dark-on-light pictures into light-on-dark ones like MNIST's.

    Raises DatasetError naming the file that could not be read.
    """
    arrays: list[np.ndarray] = []
    for name, data in files:
        if name.lower().endswith(".npz"):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "upload.npz"  # never the user's file name as a path
                path.write_bytes(data)
                try:
                    arrays.extend(to_uint8(load_npz(path, size).images))
                except DatasetError as err:
                    raise DatasetError(f"{name}: {err}") from err
        else:
            try:
                arrays.append(image_to_array(data, size))
            except DatasetError as err:
                raise DatasetError(f"{name}: {err}") from err
        if len(arrays) > MAX_UPLOAD_IMAGES:
            raise DatasetError(f"More than {MAX_UPLOAD_IMAGES:,} images were uploaded: send fewer.")
    if not arrays:
        raise DatasetError("No images were uploaded.")
    images = np.stack(arrays)
    return from_uint8(255 - images if invert else images, None, "uploads", ())


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
