"""Train: a small model trained in a background thread on the server, on a built-in dataset or the
user's own images (an uploaded .zip, or a folder/.zip/.npz on the server), with a live loss curve
and the latent map after every epoch; the result is saved as `user-<name>` and joins the pickers."""

from __future__ import annotations

import streamlit as st

import app_ui.train.texts  # noqa: F401  (registers the page's texts)
from ae_models.jobs import SNAPSHOT_IMAGES, TrainingJob
from app_ui.common.i18n import keep_choices, t
from app_ui.train.jobs import MAX_RUNNING, job_registry
from app_ui.train.panels import live_panel, settings_ui, start
from app_ui.train.sources import data_ui


def session_job() -> tuple[TrainingJob | None, bool]:
    """This session's latest run and whether it is still queued or running."""
    job = job_registry().get(st.session_state.get("train_job"))
    return job, job is not None and not job.view().finished


keep_choices("train_normal_class", "train_source")  # their labels are translated
st.header(t("train_title"))
st.caption(t("train_intro").format(n=SNAPSHOT_IMAGES))
job, running_here = session_job()
others = [j for j in job_registry().running() if j is not job]
data = data_ui(disabled=running_here)
if data is not None:
    config, name = settings_ui(data, disabled=running_here)
    if others and not running_here:
        st.info(t("train_other_running").format(name=others[0].name, max=MAX_RUNNING), icon="⏳")
    if st.button(t("train_start"), key="train_start", type="primary", icon="🏋️",
                 disabled=running_here or len(others) >= MAX_RUNNING):
        start(config, name, data)
        job, running_here = session_job()
if job is not None:
    st.fragment(live_panel, run_every=1.0 if running_here else None)(job.id)
