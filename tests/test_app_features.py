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


def test_a_colour_dataset_is_compared_and_exported_and_colour_uploads_are_encoded(tiny_colour_zoo, monkeypatch):
    from PIL import Image

    from app_ui.features import data

    at = features_page()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert len(at.multiselect(key="feat_models").value) == 4  # every colour model
    assert len(at.get("plotly_chart")) == 2 and len(at.get("download_button")) == 2
    seen = []  # the uploads as the model gets them
    encode_all = data.encode_all
    monkeypatch.setattr(data, "encode_all", lambda model, images: seen.append(images) or encode_all(model, images))
    at.radio(key="feat_export_source").set_value("upload").run()
    picture = io.BytesIO()
    Image.fromarray(np.full((20, 30, 3), (200, 30, 30), dtype=np.uint8)).save(picture, format="PNG")
    arrays = io.BytesIO()
    np.savez(arrays, images=np.random.default_rng(0).integers(0, 256, (4, 16, 16, 3), dtype=np.uint8))
    at.file_uploader(key="feat_upload").set_value([("red.png", picture.getvalue(), "image/png"),
                                                   ("more.npz", arrays.getvalue(), "application/octet-stream")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert seen[-1].shape == (5, 3, 16, 16)  # in the model's channels and size
    assert seen[-1][0, 0].mean() > 0.7 > 0.2 > seen[-1][0, 1].mean()  # the red picture stays red
    assert len(at.get("download_button")) == 2
