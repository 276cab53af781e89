"""AppTest of the Features page on the tiny zoo (digits)."""

from __future__ import annotations

import io

import numpy as np
from apptest import open_page
from streamlit.testing.v1 import AppTest


def features_page() -> AppTest:
    return open_page("app_pages/features.py")


def test_features_page_compares_pixels_pca_and_latents(tiny_zoo):
    at = features_page()
    assert not at.exception, at.exception
    assert not at.warning
    chosen = at.multiselect(key="feat_models").value
    assert "digits-oneclass-0" not in at.multiselect(key="feat_models").options  # one-class models are left out
    assert len(chosen) == 4
    charts = at.get("plotly_chart")
    assert len(charts) == 2  # the accuracy bars and the codes' heat map
    assert len(at.get("download_button")) == 2


def test_export_of_uploaded_images(tiny_zoo):
    at = features_page()
    at.radio(key="feat_export_source").set_value("upload").run()
    assert at.info  # asks for files
    buffer = io.BytesIO()
    np.savez(buffer, images=np.random.default_rng(0).random((5, 8, 8)))
    at.file_uploader(key="feat_upload").set_value([("codes.npz", buffer.getvalue(), "application/octet-stream")]).run()
    assert not at.exception, at.exception
    assert any("5" in c.value for c in at.caption)
    assert len(at.get("download_button")) == 2


def test_the_page_speaks_korean(tiny_zoo):
    at = open_page("app_pages/features.py", language="ko")
    assert "특징" in at.header[0].value


def test_heat_map_rows_are_named_by_index_and_class():
    from app_ui.features.figures import row_names

    assert row_names(np.array([0, 1, 2]), np.array([1, -1, 0]), ("a", "b")) == ["#0 · b", "#1", "#2 · a"]
    assert row_names(np.array([4]), None, ("a", "b")) == ["#4"]
