"""The Anomalies page's panels: the set-up pickers (one-class, out-of-distribution, uploads), the
threshold with its counts and curves, the two scores side by side, the most and least anomalous
images and the per-class AUROC beside the literature. Numbers come from `ae_models.anomaly`."""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

import app_ui.anomalies.texts  # noqa: F401  (registers the page's texts)
from ae_models import anomaly
from ae_models.anomaly import AnomalyCase
from ae_models.uploads import UPLOAD_TYPES, uploads_digest
from app_ui.anomalies.data import class_auroc, held_out_aurocs, model_card, one_class_case, ood_case, upload_case
from app_ui.anomalies.figures import (
    WORDS,
    confusion_figure,
    per_class_auroc_figure,
    pr_figure,
    roc_figure,
    score_comparison,
    score_histogram,
    strip,
)
from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo, dataset_labels, load_images, load_model
from app_ui.common.sidebar import current_selection

ONE_CLASS_COMMAND = ("python -m ae_models.train --model conv_ae --dataset digits --normal-class 3 --epochs 10 "
                     "--out pretrained/digits-oneclass-3")
CHART_CONFIG = {"displaylogo": False}
Chosen = tuple[AnomalyCase, ModelInfo, tuple[str, str]]  # the scored case, its model, (normal, anomaly) names


def words() -> dict[str, str]:
    """The figures' axis and legend words in the current language."""
    return {key: t(f"anom_word_{key}") for key in WORDS}


def fail(err: Exception) -> NoReturn:
    st.error(t("anom_cannot").format(err=err), icon="⚠️")
    st.stop()


def _triples(infos: list[ModelInfo]) -> list[tuple[str, str, int | None]]:
    return [(m.name, m.dataset, m.normal_class) for m in infos]


# --- choosing the set-up ------------------------------------------------------------
def setup_picker() -> str:
    return st.radio(t("anom_setup"), ["one_class", "ood"], horizontal=True, key="anom_setup",
                    format_func=lambda s: t(f"anom_setup_{s}"))


def one_class_ui(infos: list[ModelInfo]) -> Chosen:
    st.caption(t("anom_one_class_help"))
    datasets = anomaly.one_class_datasets(_triples(infos))
    if not datasets:
        st.info(t("anom_no_one_class"))
        st.page_link("app_pages/train.py", label=t("anom_train_link"), icon="🏋️")
        st.code(ONE_CLASS_COMMAND, language="bash")
        st.stop()
    left, right = st.columns(2)
    selection = current_selection()  # start on the sidebar's dataset when it has one-class models
    start = datasets.index(selection.model.dataset) if selection and selection.model.dataset in datasets else 0
    dataset = left.selectbox(t("anom_dataset"), datasets, index=start, key="anom_dataset",
                             format_func=dataset_labels(infos).get)
    classes = load_images(dataset).classes
    normal_class = dict(anomaly.one_class_models(_triples(infos), dataset))  # model name → its normal class
    name = right.selectbox(t("anom_normal_class"), list(normal_class), key="anom_oc_model",
                           format_func=lambda n: f"{anomaly.class_label(classes, normal_class[n])} · {n}")
    info = next(m for m in infos if m.name == name)
    normal = anomaly.class_label(classes, normal_class[name])
    return one_class_case(name, dataset, normal_class[name]), info, (f"{normal} ({t('anom_normal')})",
                                                                      t("anom_anomalous"))


def ood_ui(infos: list[ModelInfo]) -> Chosen | None:
    st.caption(t("anom_ood_help"))
    general = [m for m in infos if m.normal_class is None]
    if not general:
        st.info(t("anom_no_models"))
        st.stop()
    by_name = {m.name: m for m in sorted(general, key=lambda m: (anomaly.dataset_order(m.dataset), m.name))}
    names = list(by_name)
    selection = current_selection()
    start = names.index(selection.model.name) if selection and selection.model.name in by_name else 0
    left, right = st.columns(2)
    name = left.selectbox(t("anom_model"), names, index=start, key="anom_ood_model",
                          format_func=lambda n: f"{n} · {by_name[n].label}")
    info = by_name[name]
    model = load_model(name)
    sources = anomaly.ood_sources(model.image_shape, info.dataset, load_images)
    source = right.radio(t("anom_source"), [*sources, "upload"], horizontal=True, key="anom_ood_source",
                         format_func=lambda s: t("anom_source_upload") if s == "upload" else s)
    if not sources:
        right.caption(t("anom_no_sources").format(shape=anomaly.shape_in_words(model.image_shape)))
    if source != "upload":
        return ood_case(name, info.dataset, source), info, (info.dataset_name, source)
    files = st.file_uploader(t("anom_upload"), type=UPLOAD_TYPES, accept_multiple_files=True, key="anom_upload")
    if not files:
        st.info(t("anom_upload_wait"))
        return None
    # Inverting dark-on-light scans suits grey MNIST-style models only; colour pictures stay as they are.
    invert = model.image_shape[0] == 1 and st.checkbox(t("anom_invert"), key="anom_invert", help=t("anom_invert_help"))
    payload = [(f.name, f.getvalue()) for f in files]
    case = upload_case(name, info.dataset, uploads_digest(payload), invert, payload)
    return case, info, (info.dataset_name, t("anom_source_upload"))


def score_picker(case: AnomalyCase, model_name: str) -> str:
    """The score to threshold: the case's only one, or a choice (MSE, 1 − SSIM, −ELBO for VAEs) that
    starts on the one the model's card chose on held-out training images."""
    options = [name for name in anomaly.SCORES if name in case.scores]
    if len(options) == 1:
        return options[0]
    chosen = anomaly.card_score(model_card(model_name))
    return st.radio(t("anom_score"), options, index=options.index(chosen) if chosen in options else 0,
                    horizontal=True, key="anom_score", format_func=lambda s: t(f"anom_score_{s}"),
                    help=t("anom_score_help"))


# --- the live panels ---------------------------------------------------------------------
@st.fragment
def threshold_panel(case: AnomalyCase, score_key: str, names: tuple[str, str], context: str) -> None:
    """The threshold slider, its confusion counts and the ROC/PR curves; the threshold starts again
    at the default operating point whenever `context` (the set-up) changes."""
    scores, truth = case.scores[score_key], case.is_anomaly
    options = anomaly.threshold_options(scores)
    if st.session_state.get("_anom_context") != context or st.session_state.get("anom_threshold") not in options:
        st.session_state["anom_threshold"] = anomaly.nearest_option(options, anomaly.default_threshold(scores, truth))
        st.session_state["_anom_context"] = context
    threshold = st.select_slider(t("anom_threshold"), options, key="anom_threshold", help=t("anom_threshold_help"),
                                 format_func=lambda v: f"{v:.4g}")
    m = anomaly.threshold_metrics(scores, truth, threshold)
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
    roc = anomaly.curves(scores, truth)
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
    for title, index in zip((t("anom_most"), t("anom_least")), anomaly.extremes(scores, k), strict=True):
        st.markdown(f"**{title}**")
        images = case.images_at(index)
        recon, errors = anomaly.reconstructions(model, images)
        pictures = [strip(images[i].numpy(), recon[i], errors[i]) for i in range(len(index))]
        st.image(pictures, caption=[f"{case.classes[j]} · {scores[j]:.4g}" for j in index], width=84)


def score_comparison_panel(case: AnomalyCase, names: tuple[str, str]) -> None:
    st.subheader(t("anom_compare"))
    mse, elbo = case.scores["mse"], case.scores["neg_elbo"]
    st.plotly_chart(score_comparison(mse, elbo, case.is_anomaly, names,
                                     (t("anom_score_mse"), t("anom_score_neg_elbo"))),
                    key="anom_compare", config=CHART_CONFIG)
    st.caption(t("anom_compare_caption").format(mse=anomaly.auroc(mse, case.is_anomaly),
                                                 elbo=anomaly.auroc(elbo, case.is_anomaly)))


def per_class_panel(infos: list[ModelInfo], dataset: str) -> None:
    """One bar per normal class (the model that serves it: the best on held-out training images; AUROC on
    its test split as its card states), beside the published per-class references, or the published means
    where only those are shown."""
    st.subheader(t("anom_per_class"))
    classes = load_images(dataset).classes
    names = tuple(name for name, _ in anomaly.one_class_models(_triples(infos), dataset))
    chosen = anomaly.model_per_class(_triples(infos), dataset, held_out_aurocs(names))
    labels = [anomaly.class_label(classes, k) for k in chosen]
    values, whole_split = [], []
    bar = st.progress(0.0)
    for i, (k, name) in enumerate(chosen.items()):
        bar.progress(i / len(chosen), text=name)
        value, whole = class_auroc(name, dataset, k)
        values.append(value)
        whole_split.append(whole)
    bar.empty()
    references = anomaly.published_references(dataset, chosen)
    means = anomaly.reference_means(dataset)
    st.plotly_chart(per_class_auroc_figure(labels, values, references, t("anom_ours"), words(), means),
                    key="anom_per_class", config=CHART_CONFIG)
    if len(chosen) == 1:
        st.caption(t("anom_per_class_one"))
    where = t("anom_per_class_test") if all(whole_split) else t("anom_per_class_mixed")
    table = anomaly.per_class_table(labels, values, references, t("anom_word_normal_class"), t("anom_ours"),
                                    t("anom_word_mean"))
    st.dataframe(table, hide_index=True, key="anom_per_class_table",
                 column_config={c: st.column_config.NumberColumn(format="%.3f") for c in table.columns[1:]})
    if references:
        st.caption(t("anom_per_class_caption").format(where=where, cite=anomaly.REFERENCE_CITATION))
    elif means:
        listed = ", ".join(f"{name} {value:.3f}" for name, value in means.items())
        st.caption(t("anom_per_class_means").format(where=where, means=listed, note=anomaly.REFERENCE_MEANS_NOTE))
    else:
        st.caption(t("anom_per_class_other").format(where=where))
