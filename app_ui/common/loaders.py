"""Cached loaders. Models and the test images are cached per process by name (`st.cache_resource`,
one shared object, read-only); derived data and projections by small hashable keys
(`st.cache_data`), never by big arrays. Importing this module imports neither torch nor
scikit-learn (the catalogue reads cards only): the loaders that need them import them when called."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import streamlit as st

from ae_models.checkpoints import USER_PREFIX, CheckpointError, list_pretrained, list_user_models, read_model_card
from ae_models.data import ImageDataset
from ae_models.model_data import dataset_key, dataset_name, parse_dataset_key, shown_images

if TYPE_CHECKING:
    import ae_models
    from ae_models.projections import Projector

F = TypeVar("F")


@dataclass(frozen=True)
class ModelInfo:
    """What the pickers show about a checkpoint, read from its card (no weights loaded)."""

    name: str
    dataset: str  # what `load_images` takes (`dataset_key`): a built-in name or a path, maybe with a shape
    family: str
    latent_dim: int
    noise: str | None
    normal_class: int | None
    headline: str  # e.g. "MSE 0.0051" or "−ELBO 93.1"
    beta: float = 1.0  # KL weight of a VAE
    dataset_name: str = ""  # the dataset's short display name (never a path)
    grey: bool = False  # trained on colour images turned grey, as its user asked
    onnx: bool = False  # brought as ONNX graphs, run by onnxruntime
    tc_weight: float = 0.0  # a β-TCVAE's extra weight on the codes' total correlation

    @property
    def user(self) -> bool:
        """A model of the user models folder (trained on the Train page or added as ONNX)."""
        return self.name.startswith(USER_PREFIX)

    @property
    def label(self) -> str:
        extra = f", β={self.beta:g}" if self.beta != 1.0 else ""
        extra += f", TC×{self.tc_weight:g}" if self.tc_weight else ""
        extra += f", denoising {self.noise}" if self.noise else ""
        extra += f", one-class {self.normal_class}" if self.normal_class is not None else ""
        mine = f" · 👤 {self.name.removeprefix(USER_PREFIX)}" if self.user else ""
        return f"{self.family} · z={self.latent_dim}{extra} · {self.headline}{mine}"


def dataset_labels(infos: list[ModelInfo]) -> dict[str, str]:
    """How the pickers show each dataset key of `infos`: its short name, and its image shape
    (C×H×W) too where models of one dataset were trained at several shapes."""
    names = {m.dataset: m.dataset_name or m.dataset for m in infos}
    shared = {n for n in names.values() if list(names.values()).count(n) > 1}
    labels = {}
    for key, name in names.items():
        shape = parse_dataset_key(key)[1]
        labels[key] = f"{name} · {'×'.join(map(str, shape))}" if name in shared and shape else name
    return labels


def _headline(card: dict) -> str:
    metrics = card.get("test_metrics") or {}
    binarised = (card.get("binarised_test_nll") or {}).get("importance_sampled")
    if binarised:  # the figure that stands beside the literature's binarised-MNIST tables
        return f"NLL {binarised['nll']:.2f} nats (binarised, k = {binarised['samples']:,})"
    if "auroc" in metrics:
        return f"AUROC {metrics['auroc']:.3f}"
    if "neg_elbo" in metrics:
        return f"−ELBO {metrics['neg_elbo']:.1f} nats"
    if "mse" in metrics:
        return f"MSE {metrics['mse']:.4f}"
    probed = (card.get("sample_metrics") or {}).get("mse")  # an ONNX model: its probe when it was added
    return f"MSE {probed:.4f} on {card['sample_metrics'].get('images', '?')} images" if probed else "not evaluated"


@st.cache_data(show_spinner=False, ttl=60)
def model_catalogue() -> tuple[list[ModelInfo], list[str]]:
    """Every loadable model's info, the zoo's then the user models' (Train page checkpoints and ONNX
    models), and a warning per model whose card, weights or graphs are broken (missing, a pickle,
    or not matching the card's checksums)."""
    infos, warnings = [], []
    try:
        names = list_pretrained() + list_user_models()
    except CheckpointError as err:  # a misconfigured user models folder: the zoo still shows
        names, warnings = list_pretrained(), [str(err)]
    for name in names:
        try:
            card = read_model_card(name)
        except CheckpointError as err:
            warnings.append(str(err))
            continue
        infos.append(ModelInfo(name, dataset_key(card), card["family"], int(card["latent_dim"]),
                               card.get("noise"), card.get("normal_class"), _headline(card),
                               float(card["config"].get("beta", 1.0)), dataset_name(card),
                               bool(card.get("grey", False)), card.get("format") == "onnx",
                               float(card["config"].get("tc_weight", 0.0))))
    return infos, warnings


_MODEL_KEYED: list = []  # caches keyed by model names, besides every st.cache_data: forget_models clears them


def model_keyed(cached: F) -> F:
    """Mark an `st.cache_resource` function whose arguments name a model (put it above the
    decorator): `forget_models` clears it, so a name that comes to mean another model is never
    answered from the old one's cache."""
    _MODEL_KEYED.append(cached)
    return cached


@model_keyed
@st.cache_resource(show_spinner="Loading model…", max_entries=16)
def load_model(name: str) -> ae_models.Autoencoder:
    """Load a model once per process: a checkpoint, or an ONNX model over onnxruntime sessions
    (raises CheckpointError)."""
    from ae_models import onnx as onnx_models  # torch
    from ae_models.devices import set_server_threads

    set_server_threads()  # before a model computes anything (app.py sets them only after the page)
    return onnx_models.load_model(name)


def forget_models() -> None:
    """After a user model was added, renamed or removed: drop every cached result that a model
    name keys (all `st.cache_data` and every `model_keyed` resource), so a name that now means
    another model is never shown with the old one's codes."""
    st.cache_data.clear()
    for cached in _MODEL_KEYED:
        cached.clear()


@st.cache_resource(show_spinner="Loading test images…", max_entries=8)
def load_images(dataset: str) -> ImageDataset:
    """The test images the app shows for a `dataset_key`: the shipped sample, else the dataset's
    test split (for user data its 80/20 split), at the key's shape when it has one. One object per
    process, shared by every session and never modified: `st.cache_data` would unpickle a 16 MB
    copy on every call, i.e. on every run of most pages."""
    return shown_images(dataset)


@st.cache_data(show_spinner="Encoding the sample…", max_entries=32)
def encode_sample(model_name: str, dataset: str) -> np.ndarray:
    """Latent codes (N, d) of the sample images (posterior means for VAEs)."""
    from ae_models.latent_ops import encode_all  # torch

    return encode_all(load_model(model_name), load_images(dataset).images)


@model_keyed
@st.cache_resource(show_spinner="Projecting the latent space…", max_entries=32)
def fitted_projector(model_name: str, dataset: str, method: str, dims: int) -> Projector:
    """A projector fitted on the sample's latents (the Latent Map page has its own, which also
    reuses shipped t-SNE/UMAP maps: `app_ui.latent_map.data.map_projector`)."""
    from ae_models.projections import Projector  # scikit-learn

    return Projector(method, dims).fit(encode_sample(model_name, dataset))  # type: ignore[arg-type]
