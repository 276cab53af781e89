"""Cached data behind the Train page: a user dataset's splits and overview, and an archive's
report, keyed by its path (an upload's path holds its SHA-256) and a fingerprint of it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ae_models.archives import ArchiveReport, unpack
from ae_models.data import ImageDataset, load_dataset
from ae_models.jobs import DataOverview, data_overview


@st.cache_data(show_spinner=False, max_entries=16)
def archive_report(zip_path: str) -> ArchiveReport:
    """Unpack a .zip once (safely, with the caps) and say what it held."""
    return unpack(Path(zip_path))


@st.cache_resource(show_spinner=False, max_entries=2)
def user_data(dataset: str, fingerprint: str) -> tuple[ImageDataset, ImageDataset]:
    """The train and test splits of a user dataset, once per process and version of the files (a
    big dataset is hundreds of MB: one shared copy, never modified)."""
    return load_dataset(dataset, "train", download=False), load_dataset(dataset, "test", download=False)


@st.cache_resource(show_spinner=False, max_entries=8)
def overview(dataset: str, fingerprint: str) -> DataOverview:
    return data_overview(*user_data(dataset, fingerprint))
