"""The Models page's panels: the user models (rename, remove), the upload of a pair of ONNX graphs
with the options the graphs cannot say, the checks' results with what was inferred and a few
reconstructions, and adding the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from ae_models.archives import ArchiveCaps, store_archive
from ae_models.checkpoints import CheckpointError, models_dir
from ae_models.data import BUILTIN_DATASETS, DatasetError
from ae_models.model_data import parse_dataset_key
from ae_models.onnx.checks import Inspection, Options
from ae_models.onnx.graphs import OnnxModelError, max_file_bytes
from ae_models.onnx.install import AddRequest, add, store_upload
from ae_models.onnx.model import DecoderOutput, Layout
from ae_models.user_models import MB, max_bytes, model_sizes, remove_user_model, rename_user_model
from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo, forget_models, model_catalogue
from app_ui.common.pictures import picture_grid
from app_ui.common.sidebar import pick_next
from app_ui.models.data import inspection

OTHER, UPLOAD = "other", "upload"  # the dataset choices that open a path field, an upload
ARCHIVE_CAPS = ArchiveCaps()
LAYOUTS: tuple[Layout | None, ...] = (None, "NCHW", "NHWC", "NHW", "flat")
RANGES = ((0.0, 1.0), (-1.0, 1.0), (0.0, 255.0))
ICONS = {"ok": "✅", "warn": "⚠️", "fail": "❌"}


def your_models() -> None:
    """The user models as a table, with renaming and removing one."""
    st.subheader(t("models_yours"))
    try:
        sizes, folder = model_sizes(), models_dir()
    except CheckpointError as err:
        st.error(str(err), icon="⚠️")
        return
    st.caption(t("models_folder").format(folder=folder, used=sum(sizes.values()) / MB, cap=max_bytes() / MB))
    mine = [m for m in model_catalogue()[0] if m.user]
    if not mine:
        st.info(t("models_none"))
        return
    st.dataframe([{t("models_col_name"): m.name, t("models_col_kind"): t("models_kind_onnx" if m.onnx else
                                                                          "models_kind_trained"),
                   t("models_col_family"): m.family, t("models_col_latent"): m.latent_dim,
                   t("models_col_dataset"): m.dataset_name or m.dataset,
                   t("models_col_size"): round(sizes.get(m.name, 0) / MB, 2)} for m in mine],
                 key="models_table", hide_index=True)
    by_name = {m.name: m for m in mine}
    name = st.selectbox(t("models_pick"), list(by_name), key="models_pick")
    left, right = st.columns(2)
    with left:
        rename_ui(by_name[name])
    with right:
        remove_ui(by_name[name])


def rename_ui(info: ModelInfo) -> None:
    new_name = st.text_input(t("models_new_name"), key="models_new_name", max_chars=60, help=t("models_name_help"))
    if st.button(t("models_rename"), key="models_rename", disabled=not new_name.strip()):
        try:
            renamed = rename_user_model(info.name, new_name)
        except (CheckpointError, OSError) as err:
            st.error(t("models_bad").format(err=err), icon="⚠️")
            return
        changed(t("models_renamed").format(name=renamed), renamed if st.session_state.get("model") == info.name
                else st.session_state.get("model"))


def remove_ui(info: ModelInfo) -> None:
    sure = st.checkbox(t("models_confirm").format(name=info.name), key="models_confirm")
    if st.button(t("models_remove"), key="models_remove", disabled=not sure, type="secondary"):
        try:
            remove_user_model(info.name)
        except (CheckpointError, OSError) as err:
            st.error(t("models_bad").format(err=err), icon="⚠️")
            return
        st.session_state.pop("models_confirm", None)
        changed(t("models_removed").format(name=info.name), st.session_state.get("model"))


def changed(message: str, selected: str | None) -> None:
    """After a model was added, renamed or removed: forget what its name keyed, keep (or make) the
    sidebar's choice, and say what happened on the next run."""
    forget_models()
    pick_next(selected)
    st.session_state["models_message"] = message
    st.rerun()


def last_message() -> None:
    message = st.session_state.pop("models_message", None)
    if message:
        st.success(message, icon="✅")


# --- bringing a model -----------------------------------------------------------------------------
def request_ui() -> AddRequest | None:
    """The two uploads, the dataset and the declared options; None until both files are there."""
    st.subheader(t("models_bring"))
    left, right = st.columns(2)
    cap = max_file_bytes() // MB
    files = {role: column.file_uploader(t(f"models_{role}"), type=["onnx"], key=f"models_{role}_upload",
                                        max_upload_size=cap, help=t("models_upload_help").format(mb=cap))
             for role, column in (("encoder", left), ("decoder", right))}
    dataset = dataset_ui()
    options = options_ui()
    if None in files.values() or not dataset:
        return None
    try:
        paths = {role: stored(upload, role) for role, upload in files.items()}
    except (OnnxModelError, OSError) as err:
        st.error(f"{t('models_refused')} {err}", icon="❌")
        return None
    stem = files["encoder"].name.rsplit(".", 1)[0]
    return AddRequest(paths["encoder"], paths["decoder"], dataset, options, stem if stem != "encoder" else "my-model")


def stored(upload, role: str) -> Path:
    """The uploaded file saved once per upload under its digest (`store_upload`)."""
    key = f"models_{role}_stored"
    if st.session_state.get(key, ("",))[0] != upload.file_id:  # hash and write the bytes once per upload
        st.session_state[key] = (upload.file_id, store_upload(upload.getvalue(), role))
    return st.session_state[key][1]


def dataset_ui() -> str:
    """A built-in set, one a user model already uses, a .zip of images uploaded, or a path typed
    for the server's disk."""
    used = sorted({parse_dataset_key(m.dataset)[0] for m in model_catalogue()[0]} - set(BUILTIN_DATASETS))
    choices = [*BUILTIN_DATASETS, *used, UPLOAD, OTHER]
    labels = {OTHER: t("models_dataset_other"), UPLOAD: t("models_dataset_upload")}
    dataset = st.selectbox(t("models_dataset"), choices, key="models_dataset", help=t("models_dataset_help"),
                           format_func=lambda d: labels.get(d, Path(d).name))
    if dataset == OTHER:
        return st.text_input(t("models_path"), key="models_path", placeholder="/data/faces.zip").strip()
    if dataset != UPLOAD:
        return dataset
    archive = st.file_uploader(t("models_data_upload"), type=["zip"], key="models_data_upload",
                               max_upload_size=ARCHIVE_CAPS.max_archive_bytes // MB)
    if archive is None:
        return ""
    try:
        return str(store_archive(archive.getvalue(), archive.name, ARCHIVE_CAPS))
    except (DatasetError, OSError) as err:
        st.error(t("models_bad").format(err=err), icon="⚠️")
        return ""


def options_ui() -> Options:
    with st.expander(t("models_options")):
        left, middle, right = st.columns(3)
        layout: Layout | None = left.selectbox(t("models_layout"), LAYOUTS, key="models_layout",
                                               format_func=lambda v: v or t("models_infer"))
        pixel_range = middle.selectbox(t("models_range"), RANGES, key="models_range",
                                       format_func=lambda r: f"{r[0]:g} … {r[1]:g}")
        output: DecoderOutput = right.radio(t("models_output"), ("pixels", "logits"), key="models_output",
                                            format_func=lambda o: t(f"models_output_{o}"))
        split = st.checkbox(t("models_split"), key="models_split")
    return Options(layout=layout, pixel_range=pixel_range, decoder_output=output, variational=True if split else None)


def checked(request: AddRequest) -> Inspection:
    o = request.options
    with st.spinner(t("models_checking")):
        return inspection(str(request.encoder), str(request.decoder), request.dataset, o.layout, o.pixel_range,
                          o.decoder_output, o.variational)


def report_ui(report: Inspection) -> None:
    """The checks, what was inferred and the probe's pictures."""
    if not report.ok:
        st.error(t("models_refused"), icon="❌")
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**{t('models_checks')}**")
        st.markdown("\n".join(f"- {ICONS[c.status]} **{c.name}**: {c.message}" for c in report.checks))
    with right:
        if report.spec is not None:
            st.markdown(f"**{t('models_inferred')}**")
            st.dataframe([{"": k, " ": v} for k, v in report.inferred().items()], key="models_inferred_table",
                         hide_index=True)
    if report.images is not None and report.reconstructions is not None and report.samples is not None:
        st.image(picture_grid(np.concatenate([report.images.numpy(), report.reconstructions.numpy()]),
                              cols=len(report.images), size=64), caption=t("models_recon"))
        st.image(picture_grid(report.samples, cols=len(report.samples), size=48), caption=t("models_samples"))


def add_ui(request: AddRequest, report: Inspection) -> None:
    name = st.text_input(t("models_name"), value=request.name, key="models_name", max_chars=60,
                         help=t("models_name_help"))
    if st.button(t("models_add"), key="models_add", type="primary", icon="🧩", disabled=not name.strip()):
        try:
            added = add(AddRequest(request.encoder, request.decoder, request.dataset, request.options, name), report)
        except (OnnxModelError, CheckpointError, OSError) as err:
            st.error(t("models_bad").format(err=err), icon="⚠️")
            return
        changed(t("models_added").format(name=added), added)
