"""Anomalies: reconstruction error (and −ELBO for VAEs) as an anomaly score, a draggable threshold
with its confusion counts, ROC/PR curves, the most and least anomalous images, and one-class
AUROC per class beside the published references."""

from __future__ import annotations

import pandas as pd
import streamlit as st
import torch

import app_ui.anomalies.texts  # noqa: F401  (registers the page's texts)
from ae_models.anomaly import (
    REFERENCE_CITATION,
    REFERENCES_MNIST_AUROC,
    auroc,
    curves,
    default_threshold,
    extremes,
    reconstructions,
    threshold_metrics,
)
from ae_models.checkpoints import CheckpointError
from ae_models.data import DatasetError
from ae_models.uploads import UPLOAD_TYPES, uploads_digest
from app_ui.anomalies.data import (
    AnomalyCase,
    one_class_case,
    ood_case,
    ood_sources,
    sample_auroc,
    upload_case,
)
from app_ui.anomalies.figures import (
    WORDS,
    confusion_figure,
    nearest_option,
    per_class_auroc_figure,
    pr_figure,
    roc_figure,
    score_comparison,
    score_histogram,
    strip,
    threshold_options,
)
from app_ui.common.i18n import keep_choices, t
from app_ui.common.loaders import ModelInfo, load_images, load_model, model_catalogue
from app_ui.common.sidebar import current_selection

ONE_CLASS_COMMAND = ("python -m ae_models.train --model conv_ae --dataset digits --normal-class 3 --epochs 10 "
                     "--out pretrained/digits-oneclass-3")
CHART_CONFIG = {"displaylogo": False}


def words() -> dict[str, str]:
    """The figures' axis and legend words in the current language."""
    return {key: t(f"anom_word_{key}") for key in WORDS}


def fail(err: Exception) -> None:
    st.error(t("anom_cannot").format(err=err), icon="⚠️")
    st.stop()


def dataset_order(name: str) -> tuple[bool, str]:
    return name == "digits", name  # MNIST-like sets first: they have the published references


# --- choosing the set-up ------------------------------------------------------------
def one_class_ui(infos: list[ModelInfo]) -> tuple[AnomalyCase, ModelInfo, tuple[str, str]]:
    st.caption(t("anom_one_class_help"))
    one_class = [m for m in infos if m.normal_class is not None]
    if not one_class:
        st.info(t("anom_no_one_class"))
        st.page_link("app_pages/train.py", label=t("anom_train_link"), icon="🏋️")
        st.code(ONE_CLASS_COMMAND, language="bash")
        st.stop()
    datasets = sorted({m.dataset for m in one_class}, key=dataset_order)
    left, right = st.columns(2)
    dataset = left.selectbox(t("anom_dataset"), datasets, key="anom_dataset")
    classes = load_images(dataset).classes
    models = sorted((m for m in one_class if m.dataset == dataset), key=lambda m: (m.normal_class, m.name))
    by_name = {m.name: m for m in models}

    def label(name: str) -> str:
        k = by_name[name].normal_class
        return f"{classes[k] if 0 <= k < len(classes) else k} · {name}"

    name = right.selectbox(t("anom_normal_class"), list(by_name), format_func=label, key="anom_oc_model")
    info = by_name[name]
    case = one_class_case(name, dataset, int(info.normal_class))
    normal = classes[info.normal_class] if 0 <= info.normal_class < len(classes) else str(info.normal_class)
    return case, info, (f"{normal} ({t('anom_normal')})", t("anom_anomalous"))


def ood_ui(infos: list[ModelInfo]) -> tuple[AnomalyCase, ModelInfo, tuple[str, str]] | None:
    st.caption(t("anom_ood_help"))
    general = [m for m in infos if m.normal_class is None]
    if not general:
        st.info(t("anom_no_models"))
        st.stop()
    by_name = {m.name: m for m in sorted(general, key=lambda m: (dataset_order(m.dataset), m.name))}
    names = list(by_name)
    selection = current_selection()
    start = names.index(selection.model.name) if selection and selection.model.name in by_name else 0
    left, right = st.columns(2)
    name = left.selectbox(t("anom_model"), names, index=start, key="anom_ood_model",
                          format_func=lambda n: f"{n} · {by_name[n].label}")
    info = by_name[name]
    model = load_model(name)
    sources = ood_sources(model.image_shape, info.dataset)
    source = right.radio(t("anom_source"), [*sources, "upload"], horizontal=True, key="anom_ood_source",
                         format_func=lambda s: t("anom_source_upload") if s == "upload" else s)
    if not sources:
        right.caption(t("anom_no_sources").format(shape="×".join(map(str, model.image_shape[1:]))))
    if source != "upload":
        return ood_case(name, info.dataset, source), info, (info.dataset, source)
    files = st.file_uploader(t("anom_upload"), type=UPLOAD_TYPES, accept_multiple_files=True, key="anom_upload")
    if not files:
        st.info(t("anom_upload_wait"))
        return None
    invert = st.checkbox(t("anom_invert"), key="anom_invert", help=t("anom_invert_help"))
    payload = [(f.name, f.getvalue()) for f in files]
    case = upload_case(name, info.dataset, uploads_digest(payload), invert, payload)
    return case, info, (info.dataset, t("anom_source_upload"))


# --- the live panels ---------------------------------------------------------------------
@st.fragment
def threshold_panel(case: AnomalyCase, score_key: str, names: tuple[str, str], context: str) -> None:
    scores, truth = case.scores[score_key], case.is_anomaly
    options = threshold_options(scores)
    if st.session_state.get("_anom_context") != context or st.session_state.get("anom_threshold") not in options:
        st.session_state["anom_threshold"] = nearest_option(options, default_threshold(scores, truth))
        st.session_state["_anom_context"] = context
    threshold = st.select_slider(t("anom_threshold"), options, key="anom_threshold", help=t("anom_threshold_help"),
                                 format_func=lambda v: f"{v:.4g}")
    m = threshold_metrics(scores, truth, threshold)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        log = st.checkbox(t("anom_log"), value=bool(scores.min() > 0), key="anom_log",
                          disabled=bool(scores.min() <= 0))
        st.plotly_chart(score_histogram(scores, truth, threshold, names, t(f"anom_score_{score_key}"),
                                        log and scores.min() > 0, words=words()),
                        key="anom_hist", config=CHART_CONFIG)
    with right:
        a, b = st.columns(2)
        a.metric(t("anom_precision"), f"{m.precision:.1%}", help=t("anom_precision_help"))
        b.metric(t("anom_recall"), f"{m.recall:.1%}", help=t("anom_recall_help"))
        a.metric(t("anom_fpr"), f"{m.false_positive_rate:.1%}", help=t("anom_fpr_help"))
        b.metric(t("anom_f1"), f"{m.f1:.3f}")
        st.plotly_chart(confusion_figure(m, names, t("anom_flagged"), t("anom_passed")), key="anom_confusion",
                        config=CHART_CONFIG)
        st.caption(t("anom_flagged_count").format(n=m.tp + m.fp, total=len(scores))
                   + f" · TP {m.tp} · FP {m.fp} · TN {m.tn} · FN {m.fn}")
    roc = curves(scores, truth)
    left, right = st.columns(2)
    left.plotly_chart(roc_figure(roc, m, t("anom_roc"), words()), key="anom_roc", config=CHART_CONFIG)
    right.plotly_chart(pr_figure(roc, m, float(truth.mean()), t("anom_pr"), words()), key="anom_pr",
                       config=CHART_CONFIG)
    st.caption(t("anom_curves_caption"))


@st.fragment
def gallery(case: AnomalyCase, score_key: str, model_name: str) -> None:
    st.subheader(t("anom_gallery"))
    st.caption(t("anom_gallery_caption"))
    k = st.slider(t("anom_k"), 3, 12, 8, key="anom_k")
    scores = case.scores[score_key]
    model = load_model(model_name)
    for title, index in zip((t("anom_most"), t("anom_least")), extremes(scores, k), strict=True):
        st.markdown(f"**{title}**")
        images = torch.from_numpy(case.images[index]).float().div(255.0).unsqueeze(1)
        recon, errors = reconstructions(model, images)
        pictures = [strip(images[i, 0].numpy(), recon[i], errors[i]) for i in range(len(index))]
        st.image(pictures, caption=[f"{case.classes[j]} · {scores[j]:.4g}" for j in index], width=84)


def score_comparison_panel(case: AnomalyCase, names: tuple[str, str]) -> None:
    st.subheader(t("anom_compare"))
    mse, elbo = case.scores["mse"], case.scores["neg_elbo"]
    st.plotly_chart(score_comparison(mse, elbo, case.is_anomaly, names,
                                     (t("anom_score_mse"), t("anom_score_neg_elbo"))),
                    key="anom_compare", config=CHART_CONFIG)
    st.caption(t("anom_compare_caption").format(mse=auroc(mse, case.is_anomaly),
                                                 elbo=auroc(elbo, case.is_anomaly)))


def per_class_panel(infos: list[ModelInfo], dataset: str) -> None:
    st.subheader(t("anom_per_class"))
    classes = load_images(dataset).classes
    models = sorted((m for m in infos if m.normal_class is not None and m.dataset == dataset),
                    key=lambda m: (m.normal_class, m.name))
    seen: dict[int, ModelInfo] = {}
    for m in models:  # one bar per class: the first model of each
        seen.setdefault(int(m.normal_class), m)
    labels, values = [], []
    bar = st.progress(0.0)
    for i, (k, m) in enumerate(seen.items()):
        bar.progress(i / len(seen), text=m.name)
        labels.append(classes[k] if 0 <= k < len(classes) else str(k))
        values.append(sample_auroc(m.name, dataset, k))
    bar.empty()
    references = ({name: [per_class[k] for k in seen] for name, per_class in REFERENCES_MNIST_AUROC.items()}
                  if dataset == "mnist" else {})
    st.plotly_chart(per_class_auroc_figure(labels, values, references, t("anom_ours"), words()), key="anom_per_class",
                    config=CHART_CONFIG)
    if len(seen) == 1:
        st.caption(t("anom_per_class_one"))
    if references:
        table = pd.DataFrame({t("anom_word_normal_class"): labels, t("anom_ours"): values, **references})
        mean_row = {column: (t("anom_word_mean") if i == 0 else table[column].mean())
                    for i, column in enumerate(table.columns)}
        table = pd.concat([table, pd.DataFrame([mean_row])], ignore_index=True)
        st.dataframe(table, hide_index=True, key="anom_per_class_table",
                     column_config={c: st.column_config.NumberColumn(format="%.3f") for c in table.columns[1:]})
        st.caption(t("anom_per_class_caption").format(n=len(load_images(dataset)), cite=REFERENCE_CITATION))
    else:
        st.caption(t("anom_per_class_other"))


# --- the page ------------------------------------------------------------------------------
keep_choices("anom_setup", "anom_ood_source", "anom_score")  # their labels are translated
st.header(t("anom_title"))
st.caption(t("anom_intro"))
infos, _ = model_catalogue()
setup = st.radio(t("anom_setup"), ["one_class", "ood"], horizontal=True, key="anom_setup",
                 format_func=lambda s: t(f"anom_setup_{s}"))
try:
    chosen = one_class_ui(infos) if setup == "one_class" else ood_ui(infos)
except (CheckpointError, DatasetError, ValueError) as err:
    fail(err)
if chosen is None:
    st.stop()
case, info, names = chosen
if case.is_anomaly.all() or not case.is_anomaly.any():
    fail(ValueError("the set-up needs both normal images and anomalies"))
score_key = "mse"
if "neg_elbo" in case.scores:
    score_key = st.radio(t("anom_score"), ["mse", "neg_elbo"], horizontal=True, key="anom_score",
                         format_func=lambda s: t(f"anom_score_{s}"))
context = "|".join([setup, info.name, names[1], score_key, str(len(case.scores[score_key]))])
threshold_panel(case, score_key, names, context)
if "neg_elbo" in case.scores:
    score_comparison_panel(case, names)
gallery(case, score_key, info.name)
if setup == "one_class":
    per_class_panel(infos, info.dataset)
