"""Cached per-model facts the Generate page needs, keyed by model and dataset names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from ae_models import latent_ops
from ae_models.checkpoints import CheckpointError, read_card, resolve_checkpoint
from ae_models.disentanglement import (
    DisentanglementReport,
    TradeOffPoint,
    card_report,
    factor_correlation,
    score_model,
    tradeoff_point,
)
from app_ui.common.loaders import (
    encode_sample,
    fitted_projector,
    load_images,
    load_model,
    model_catalogue,
    model_keyed,
)
from app_ui.generate.figures import GhostMap
from app_ui.generate.live_decoder import editor_payload

SCORED_IMAGES = 2000  # a model whose card has no scores is scored on the first test images (≈ 2 s)


@st.cache_data(show_spinner="Summarising the latent space…", max_entries=16)
def latent_summary(model_name: str, dataset: str) -> latent_ops.LatentSummary:
    data = load_images(dataset)
    return latent_ops.summarise_latents(load_model(model_name), data.images, data.labels,
                                        latents=encode_sample(model_name, dataset))


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=16)
def live_payload(model_name: str, dataset: str) -> dict:
    """What the in-browser editor needs about the codes (JSON-ready), cached per model: one shared,
    read-only object, since every live-tab run asks for it and only a model's first run sends it
    (`st.cache_data` would unpickle a copy each time)."""
    s, factors = latent_summary(model_name, dataset), known_factors(model_name, dataset)
    if factors is None:
        return editor_payload(s.latents, s.labels, s.order, s.ranges, s.directions, s.spacing)
    return editor_payload(s.latents, s.labels, factors.order, s.ranges, s.directions, s.spacing,
                          dim_labels=factors.labels)


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=8)
def ghost_map(model_name: str, dataset: str) -> GhostMap:
    """The server editor's backdrop: the sample's codes on the 2-D PCA map, drawn once per model."""
    return GhostMap(fitted_projector(model_name, dataset, "pca", 2).embedding_,
                    latent_summary(model_name, dataset).labels, load_images(dataset).classes)


@st.cache_data(show_spinner="Measuring rate and distortion…", max_entries=32)
def rate_distortion(model_name: str, dataset: str, count: int = 1000) -> latent_ops.RateDistortion:
    """Rate, distortion and active units of a VAE on the first `count` sample images (cached)."""
    return latent_ops.rate_distortion(load_model(model_name), load_images(dataset).images[:count])


@dataclass(frozen=True)
class KnownFactors:
    """What the model's codes say about the dataset's known factors (`shapes`): the report, the
    slider order and labels it gives ("z3 · x_position 0.82"), and which way each dimension moves
    each factor on the sample."""

    report: DisentanglementReport
    correlation: np.ndarray  # (D, K) `factor_correlation` of the sample's codes
    from_card: bool  # False: scored here on the first `SCORED_IMAGES` test images

    @property
    def order(self) -> np.ndarray:
        return self.report.slider_order()

    @property
    def labels(self) -> list[str]:
        return [f"z{d} · {name} {share:.2f}" for d, (name, share) in enumerate(self.report.dimension_factors())]


@st.cache_data(show_spinner="Scoring the codes against the known factors…", max_entries=16)
def known_factors(model_name: str, dataset: str) -> KnownFactors | None:
    """The model's disentanglement scores, from its card (`python -m ae_models.zoo report` writes
    them) or measured on the first test images; None when the dataset has no known factors."""
    data = load_images(dataset)
    if data.factors is None:
        return None
    model = load_model(model_name)
    report, from_card = card_report(model.card), True
    if report is None or report.factor_names != data.factor_names:
        report, from_card = score_model(model, data.subset(torch.arange(min(SCORED_IMAGES, len(data))))), False
    correlation = factor_correlation(encode_sample(model_name, dataset), data.factors.numpy())
    return KnownFactors(report, correlation, from_card)


@st.cache_data(show_spinner=False, ttl=60)
def tradeoff_points(dataset: str, latent_dim: int) -> list[TradeOffPoint]:
    """MIG and test MSE of every clean checkpoint of `dataset` and `latent_dim` whose card has
    disentanglement scores (the shapes β sweep and its plain AE), by β (the AE first)."""
    points = []
    for info in model_catalogue()[0]:
        if (info.dataset, info.latent_dim, info.noise, info.normal_class) != (dataset, latent_dim, None, None):
            continue
        try:
            point = tradeoff_point(info.name, read_card(resolve_checkpoint(info.name)))
        except CheckpointError:
            continue
        if point is not None:
            points.append(point)
    return sorted(points, key=lambda p: (p.beta is not None, p.beta or 0.0, p.tc_weight, p.name))
