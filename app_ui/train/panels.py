"""The Train page's panels: the run's settings, starting it, and the live view of its progress,
loss curve and latent map (the data panel: `sources.py`)."""

from __future__ import annotations

import streamlit as st

from ae_models.checkpoints import CheckpointError
from ae_models.jobs import BusyError, JobView, TrainingJob, UserModelsFull, preflight, user_checkpoint_dir
from ae_models.models import FAMILIES, is_variational
from ae_models.train import TrainConfig
from app_ui.common.i18n import t
from app_ui.common.loaders import model_catalogue
from app_ui.train.figures import loss_figure, snapshot_figure
from app_ui.train.jobs import job_registry, train_config
from app_ui.train.sources import DataChoice

CHART_CONFIG = {"displaylogo": False}
ALL_CLASSES = -1  # the "train on" choice of every class (a selectbox holding None shows a clear button)


def settings_ui(data: DataChoice, disabled: bool) -> tuple[TrainConfig, str]:
    """The run's settings for `data`; returns the config and the name the user typed."""
    left, middle, right = st.columns(3)
    family = left.selectbox(t("train_family"), list(FAMILIES), key="train_family", disabled=disabled)
    left.caption(FAMILIES[family].description)
    latent = middle.select_slider(t("train_latent"), [2, 3, 4, 8, 16, 32], value=8, key="train_latent",
                                  disabled=disabled)
    epochs = right.slider(t("train_epochs"), 1, 30, 10, key="train_epochs", disabled=disabled)
    left, middle, right = st.columns(3)
    noise = left.select_slider(t("train_noise"), [0.0, 0.1, 0.2, 0.3, 0.5, 0.7], value=0.0, key="train_noise",
                               disabled=disabled)
    beta = middle.select_slider(t("train_beta"), [0.25, 0.5, 1.0, 2.0, 4.0, 8.0], value=1.0, key="train_beta",
                                disabled=disabled or not is_variational(family))
    options = [ALL_CLASSES, *range(len(data.classes))]
    if st.session_state.get("train_normal_class", ALL_CLASSES) not in options:  # a class of the previous dataset
        st.session_state["train_normal_class"] = ALL_CLASSES
    labels = {ALL_CLASSES: t("train_all_classes"), **dict(enumerate(data.classes))}  # this run's language
    normal = right.selectbox(t("train_normal_class"), options, key="train_normal_class", format_func=labels.get,
                             disabled=disabled or not data.classes, help=t("train_normal_class_help"))
    normal_class = None if normal == ALL_CLASSES else normal
    suffix = "" if normal_class is None else f"-oneclass-{normal_class}"
    left, middle, _ = st.columns(3)
    broadcast = left.toggle(t("train_broadcast"), key="train_broadcast", help=t("train_broadcast_help"),
                            disabled=disabled or not family.startswith("conv"))
    tc_weight = middle.select_slider(t("train_tc"), [0.0, 1.0, 2.0, 4.0, 8.0], value=0.0, key="train_tc",
                                     help=t("train_tc_help"), format_func=lambda w: f"{w:g}",
                                     disabled=disabled or not is_variational(family))
    name = st.text_input(t("train_name"), value=f"{data.name}-{family}-{latent}{suffix}", key="train_name",
                         help=t("train_name_help"), disabled=disabled, max_chars=60)
    return train_config(data.dataset, family, latent, epochs, noise, beta, normal_class, data.train_images,
                        broadcast, tc_weight), name


def start(config: TrainConfig, name: str, data: DataChoice) -> None:
    """Submit the run and remember it as the session's, or say why it cannot start."""
    try:
        out = user_checkpoint_dir(name)
    except UserModelsFull as err:
        st.error(t("train_full").format(err=err), icon="⚠️")
        return
    except CheckpointError as err:
        st.error(t("train_bad_name").format(err=err), icon="⚠️")
        return
    if data.splits is not None:
        try:
            preflight(config, data.splits[0].image_shape)
        except ValueError as err:
            st.error(t("train_bad_model").format(err=err), icon="⚠️")
            return
    try:
        job = job_registry().submit(TrainingJob(config, out, *(data.splits or ())))
    except BusyError as err:
        st.warning(t("train_busy").format(err=err), icon="⏳")
        return
    st.session_state["train_job"] = job.id


def live_panel(job_id: str) -> None:
    """Progress, loss curve and latent map of the session's run; polls while it runs."""
    job = job_registry().get(job_id)
    if job is None:
        return
    view = job.view()
    if view.finished and st.session_state.get("train_announced") != view.id:
        st.session_state["train_announced"] = view.id
        model_catalogue.clear()  # the new checkpoint joins the pickers
        st.rerun()  # the whole app: the sidebar lists the model and this panel stops polling
    if view.finished:
        outcome(view)
    else:
        progress(view, job)
    loss_col, map_col = st.columns(2)
    if view.records:
        with loss_col:
            loss_chart(view)
    if view.snapshots:
        with map_col:
            epoch_map(view)


def outcome(view: JobView) -> None:
    epochs = len(view.records)
    if view.status == "done":
        st.success(t("train_done").format(name=view.name, epochs=epochs, elapsed=view.elapsed_s), icon="✅")
    elif view.status == "stopped" and view.checkpoint:
        st.info(t("train_stopped").format(name=view.name, epochs=epochs), icon="⏹️")
    elif view.status == "stopped":
        st.info(t("train_stopped_empty"), icon="⏹️")
    else:
        st.error(t("train_failed").format(err=view.error), icon="⚠️")


def progress(view: JobView, job: TrainingJob) -> None:
    """The progress bar of a queued or running job, with its stop button."""
    left, right = st.columns([5, 1])
    text = (t("train_status_running").format(name=view.name, epoch=len(view.records),
                                             epochs=view.config.epochs, elapsed=view.elapsed_s)
            if view.snapshots else t("train_status_queued").format(name=view.name))
    left.progress(view.progress, text=text)
    if right.button(t("train_stop"), key="train_stop", icon="⏹️"):
        job.stop()


def loss_chart(view: JobView) -> None:
    log = not is_variational(view.config.model)  # VAE losses are nats, far from zero
    st.plotly_chart(loss_figure(view.records, t("train_loss"), (t("train_loss_train"), t("train_loss_val")),
                                view.config.epochs, log, (t("train_word_epoch"), t("train_word_loss"))),
                    key="train_loss_chart", config=CHART_CONFIG)


def epoch_map(view: JobView) -> None:
    """The latent map of one epoch: the latest while following the run, else the one picked."""
    epochs = [s.epoch for s in view.snapshots]
    follow = not view.finished and st.checkbox(t("train_follow"), value=True, key="train_follow")
    if follow or st.session_state.get("train_map_epoch") not in epochs:
        st.session_state["train_map_epoch"] = epochs[-1]
    shown = epochs[-1]
    if len(epochs) > 1:  # while following, the slider shows the latest epoch; untick to scrub
        shown = st.select_slider(t("train_map_epoch"), epochs, key="train_map_epoch", disabled=follow)
    snap = view.snapshots[epochs.index(shown)]
    st.plotly_chart(snapshot_figure(snap.coords, view.snapshot_labels, view.classes,
                                    t("train_map").format(epoch=snap.epoch, share=snap.explained)),
                    key="train_map_chart", config=CHART_CONFIG)
