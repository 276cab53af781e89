"""Panels of the Features page: the probe comparison and the export of latent codes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

import app_ui.features.texts  # noqa: F401  (registers the page's texts)
from ae_models.checkpoints import CheckpointError
from ae_models.data import DatasetError
from ae_models.features import PROBES, latents_csv, latents_npy
from ae_models.uploads import UPLOAD_TYPES, uploads_digest
from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo, encode_sample, load_images
from app_ui.features.data import encode_uploads, latent_accuracy, pixel_accuracy
from app_ui.features.figures import accuracy_figure, codes_heatmap, codes_rows, row_names

DEFAULT_MODELS = 6
CHART_CONFIG = {"displaylogo": False}


def models_ui(models: list[ModelInfo]) -> list[ModelInfo]:
    """The models to compare (the first few by default)."""
    by_name = {m.name: m for m in models}
    chosen = st.multiselect(t("feat_models"), list(by_name), default=list(by_name)[:DEFAULT_MODELS],
                            key="feat_models", format_func=lambda n: f"{n} · {by_name[n].label}")
    return [by_name[n] for n in chosen]


def comparison(dataset: str, models: list[ModelInfo]) -> None:
    """Fit the probes on pixels, PCA baselines and each model's codes, with a progress bar."""
    data = load_images(dataset)
    pixels = data.images[0].numel()
    tasks: list[tuple[str, bool, Callable[[], dict[str, float]]]] = [(t("feat_pixels").format(d=pixels), True,
                                                lambda: pixel_accuracy(dataset))]
    for d in sorted({m.latent_dim for m in models}):
        tasks.append((t("feat_pca").format(d=d), True, lambda d=d: pixel_accuracy(dataset, d)))
    for m in models:
        tasks.append((f"{m.name} (z={m.latent_dim})", False, lambda m=m: latent_accuracy(m.name, dataset)))
    bar = st.progress(0.0)
    names, baseline, scores = [], [], []
    for i, (name, is_baseline, compute) in enumerate(tasks):
        bar.progress(i / len(tasks), text=t("feat_progress").format(what=name))
        try:
            scores.append(compute())
        except (CheckpointError, DatasetError, ValueError) as err:
            st.warning(t("feat_failed").format(err=f"{name}: {err}"), icon="⚠️")
            continue
        names.append(name)
        baseline.append(is_baseline)
    bar.empty()
    if scores:
        st.plotly_chart(accuracy_figure(names, baseline, scores, PROBES, t("feat_accuracy")), key="feat_chart",
                        config=CHART_CONFIG)
        st.caption(t("feat_chart_caption"))


@st.fragment
def export_panel(dataset: str, models: list[ModelInfo]) -> None:
    """Encode the sample or uploaded images with a model; show some codes and offer them as CSV/NPY."""
    st.subheader(t("feat_export"))
    by_name = {m.name: m for m in models}
    left, right = st.columns(2)
    name = left.selectbox(t("feat_export_model"), list(by_name), key="feat_export_model",
                          format_func=lambda n: f"{n} · {by_name[n].label}")
    source = right.radio(t("feat_export_source"), ["sample", "upload"], horizontal=True, key="feat_export_source",
                         format_func=lambda s: t(f"feat_export_{s}"))
    labels = None
    try:
        if source == "sample":
            latents = encode_sample(name, dataset)
            labels = load_images(dataset).labels.numpy()
        else:
            files = st.file_uploader(t("feat_upload"), type=UPLOAD_TYPES, accept_multiple_files=True,
                                     key="feat_upload")
            if not files:
                st.info(t("feat_upload_wait"))
                return
            payload = [(f.name, f.getvalue()) for f in files]
            latents = encode_uploads(name, uploads_digest(payload), payload)
    except (CheckpointError, DatasetError, ValueError) as err:
        st.error(t("feat_failed").format(err=err), icon="⚠️")
        return
    rows = codes_rows(labels if labels is not None else np.full(len(latents), -1))
    st.caption(t("feat_export_shape").format(n=len(latents), d=latents.shape[1], k=len(rows)))
    st.plotly_chart(codes_heatmap(latents[rows], row_names(rows, labels, load_images(dataset).classes)),
                    key="feat_codes", config=CHART_CONFIG)
    stem = f"{name}-{'sample' if source == 'sample' else 'uploads'}-latents"
    a, b = st.columns(2)
    a.download_button(t("feat_csv"), latents_csv(latents, labels), file_name=f"{stem}.csv", mime="text/csv",
                      key="feat_download_csv", on_click="ignore")
    b.download_button(t("feat_npy"), latents_npy(latents), file_name=f"{stem}.npy",
                      mime="application/octet-stream", key="feat_download_npy", on_click="ignore")
