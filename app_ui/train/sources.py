"""The Train page's data panel: a built-in dataset, or the user's images (an uploaded .zip, or a
folder/.zip/.npz on the server's disk) with a preview grid, the class counts, the image size and
the split."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ae_models.archives import MIB, ArchiveCaps, server_dataset, store_archive
from ae_models.data import MAX_IMAGE_PIXELS, MAX_SIDE, MIN_IMAGES, MNIST_CLASSES, DatasetError, ImageDataset
from ae_models.jobs import PREVIEW_COLUMNS, DataOverview
from ae_models.samples import SAMPLE_CLASSES
from app_ui.common.i18n import t
from app_ui.common.labels import class_name
from app_ui.common.pictures import picture_grid
from app_ui.train.data import archive_report, overview, user_data
from app_ui.train.figures import class_count_figure
from app_ui.train.jobs import MNIST_LIMIT, trainable_datasets

SOURCES = ("builtin", "upload", "server")
CAPS = ArchiveCaps()
SKIPPED_NAMES = 5  # skipped files named in the message


@dataclass(frozen=True)
class DataChoice:
    """The data a run trains on: `dataset` is what `load_dataset` takes (a name or a path)."""

    dataset: str
    name: str  # short display name
    classes: tuple[str, ...]
    splits: tuple[ImageDataset, ImageDataset] | None = None  # a user dataset's train and test, loaded
    train_images: int | None = None  # None for the built-in sets, whose sizes train_config knows


def data_ui(disabled: bool) -> DataChoice | None:
    """The data source and, for the user's images, their overview; None until they are usable."""
    labels = {s: t(f"train_source_{s}") for s in SOURCES}  # in this run's language, also when called later
    source = st.radio(t("train_source"), SOURCES, key="train_source", horizontal=True, disabled=disabled,
                      format_func=labels.get)
    if source == "builtin":
        dataset = st.selectbox(t("train_dataset"), trainable_datasets(), key="train_dataset", disabled=disabled,
                               help=t("train_dataset_help").format(limit=MNIST_LIMIT))
        return DataChoice(dataset, dataset, SAMPLE_CLASSES.get(dataset, MNIST_CLASSES))
    found = uploaded_archive(disabled) if source == "upload" else server_path(disabled)
    return None if found is None else user_data_panel(*found)


def uploaded_archive(disabled: bool) -> tuple[str, str] | None:
    """The uploaded .zip, stored once in the data folder under its digest: (path, fingerprint)."""
    upload = st.file_uploader(t("train_upload"), type=["zip"], key="train_upload", disabled=disabled,
                              max_upload_size=CAPS.max_archive_bytes // MIB,
                              help=t("train_upload_help").format(
                                  archive=CAPS.max_archive_bytes // MIB, files=CAPS.max_files, min=MIN_IMAGES,
                                  total=CAPS.max_total_bytes // MIB, per_file=CAPS.max_file_bytes // MIB))
    if upload is None:
        return None
    stored = st.session_state.get("train_upload_stored")
    if stored is None or stored[0] != upload.file_id:  # hash and write the bytes once per upload
        try:
            path = store_archive(upload.getvalue(), upload.name, CAPS)
        except (DatasetError, OSError) as err:
            st.error(t("train_data_bad").format(err=err), icon="⚠️")
            return None
        stored = st.session_state["train_upload_stored"] = (upload.file_id, str(path))
    return stored[1], ""  # the path holds the content's SHA-256


def server_path(disabled: bool) -> tuple[str, str] | None:
    text = st.text_input(t("train_path"), key="train_path", disabled=disabled, help=t("train_path_help"),
                         placeholder="/data/flowers  ·  /data/flowers.zip  ·  /data/images.npz")
    if not text.strip():
        return None
    try:
        path, fingerprint = server_dataset(text, CAPS)
    except (DatasetError, OSError) as err:
        st.error(t("train_data_bad").format(err=err), icon="⚠️")
        return None
    return str(path), fingerprint


def user_data_panel(dataset: str, fingerprint: str) -> DataChoice | None:
    """Load the user's dataset (refused when under 50 images or of one class) and show it."""
    try:
        with st.spinner(t("train_loading")):
            report = archive_report(dataset) if dataset.lower().endswith(".zip") else None
            splits = user_data(dataset, fingerprint)
            view = overview(dataset, fingerprint)
    except (DatasetError, OSError) as err:
        st.error(t("train_data_bad").format(err=err), icon="⚠️")
        return None
    if report is not None and report.skipped:
        skipped_note(report.skipped)
    show_overview(view, dataset)
    return DataChoice(dataset, view.name, view.classes, splits, view.sizes[0])


def skipped_note(skipped: tuple[tuple[str, str], ...]) -> None:
    """Which files of the archive were left out and why (the first few by name)."""
    names = [f"{name} ({t(f'train_skip_{why}').format(pixels=MAX_IMAGE_PIXELS)})"
             for name, why in skipped[:SKIPPED_NAMES]]
    if len(skipped) > SKIPPED_NAMES:
        names.append(t("train_more").format(n=len(skipped) - SKIPPED_NAMES))
    st.info(t("train_skipped").format(count=len(skipped), names=", ".join(names)), icon="ℹ️")


def show_overview(view: DataOverview, dataset: str) -> None:
    """The preview grid (colour when the images are), the class counts and the facts of the set."""
    left, right = st.columns([3, 2])
    rows = ", ".join(class_name(view.classes, k, t("train_no_class")) for k in view.preview_labels)
    left.image(picture_grid(view.preview, cols=PREVIEW_COLUMNS, size=48),
               caption=t("train_preview").format(rows=rows))
    right.plotly_chart(class_count_figure(view.counts, view.classes, t("train_no_class"), t("train_counts"),
                                          t("train_images")), key="train_counts_chart", config={"displaylogo": False})
    channels, height, width = view.image_shape
    split = t("train_split_npz") if Path(dataset).suffix.lower() == ".npz" else t("train_split_folder")
    st.markdown(t("train_facts").format(name=view.name, train=view.sizes[0], test=view.sizes[1], h=height, w=width,
                                        mode=t("train_colour") if channels == 3 else t("train_grey"), side=MAX_SIDE,
                                        split=split))
