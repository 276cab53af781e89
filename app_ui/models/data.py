"""Cached data behind the Models page: the checks of an uploaded pair, keyed by the files' paths
(which hold their SHA-256) and the declared options."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ae_models.onnx.checks import Inspection, Options, inspect_pair


@st.cache_resource(show_spinner=False, max_entries=2)  # each holds two graphs of up to 100 MB
def inspection(encoder: str, decoder: str, dataset: str, layout: str | None, pixel_range: tuple[float, float],
               decoder_output: str, variational: bool | None) -> Inspection:
    """The checks of a pair against a dataset, once per content and options (one shared, read-only
    object: it holds both graphs' bytes)."""
    options = Options(layout=layout, pixel_range=pixel_range, decoder_output=decoder_output,  # type: ignore[arg-type]
                      variational=variational)
    return inspect_pair(Path(encoder), Path(decoder), dataset, options)
