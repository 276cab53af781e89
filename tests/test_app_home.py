"""Home page: theory in both languages, links to the pages, the selected model drawn."""

from __future__ import annotations

import json

import numpy as np
import pytest
from apptest import open_page
from streamlit.testing.v1 import AppTest

from ae_models.architecture import LayerRow
from app_ui.common.i18n import TEXTS
from app_ui.common.sidebar import PAGES
from app_ui.home.figures import architecture_figure, box_heights


def open_home(language: str = "en") -> AppTest:
    return open_page(language=language)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_home_renders_in_both_languages(tiny_zoo, language: str) -> None:
    at = open_home(language)
    title = at.title[0].value
    assert title == ("What does an autoencoder learn?" if language == "en" else "오토인코더는 무엇을 배울까?")
    assert len(at.latex) == 3  # the AE loss, the denoising loss, the ELBO
    assert any("ELBO" in m.value for m in at.markdown)
    if language == "ko":
        assert any("잠재 벡터" in m.value for m in at.markdown)
    links = [link.proto.page.strip("/") for link in at.get("page_link")]
    assert set(links) >= {"latent-map", "generate", "denoise", "anomalies"}  # url paths of the pages
    architecture = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert architecture["layout"]["shapes"]  # the layer boxes
    assert len(at.image) == 1  # originals over reconstructions


def test_home_draws_the_selected_model(tiny_zoo) -> None:
    at = open_home()
    at.sidebar.selectbox(key="model").set_value("digits-vae-4").run()
    assert not at.exception
    assert any("**vae**" in m.value for m in at.markdown)
    hover = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["hovertext"]
    assert any("4 = 4 numbers" in h for h in hover) and any("8 = 8 numbers" in h for h in hover)


def test_home_without_models_still_teaches_and_says_how_to_train(tmp_path, monkeypatch) -> None:
    import streamlit as st

    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_home()
    assert len(at.latex) == 3
    assert any("ae_models.train" in c.value for c in at.code)


def test_the_navigation_is_titled_in_the_sidebar_language(tiny_zoo, monkeypatch) -> None:
    import streamlit as st

    built = []  # the pages app.py hands to st.navigation, run by run
    navigation = st.navigation
    monkeypatch.setattr(st, "navigation", lambda pages, **kw: built.append(pages) or navigation(pages, **kw))
    at = open_home("ko")
    assert [p.url_path for p in built[-1]] == ["", "latent-map", "generate", "denoise", "anomalies",
                                               "features", "train"]  # "" = the default page, also at /home
    assert [p.title for p in built[-1]] == [TEXTS[key]["ko"] for _, key, _, _ in PAGES]
    assert built[-1][0].title != built[0][0].title  # the first run was in English
    at.sidebar.radio(key="language").set_value("en").run()
    assert [p.title for p in built[-1]] == [p.title for p in built[0]]


def test_box_heights_follow_layer_width() -> None:
    rows = [LayerRow("input", "Input", "input", (1, 28, 28)), LayerRow("e", "Linear", "encoder", (196,)),
            LayerRow("code", "Code z", "code", (2,))]
    heights = box_heights(rows)
    assert heights[0] == 1.0 and heights[1] == pytest.approx(0.5) and heights[2] == pytest.approx(0.06)
    fig = architecture_figure(rows, {"encoder": "Encoder"})
    boxes = [s for s in fig.layout.shapes if s.type == "rect"]
    assert np.allclose([b.y1 - b.y0 for b in boxes], heights)


def test_damaged_checkpoints_are_hidden_with_a_warning_and_the_rest_works(tiny_zoo_dir, tmp_path, monkeypatch):
    import shutil

    import streamlit as st

    root = tmp_path / "pretrained"
    shutil.copytree(tiny_zoo_dir, root)
    weights = root / "digits-vae-4" / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[:-100])  # truncated: the card's checksum no longer matches
    (root / "digits-ae-2" / "card.json").write_text("{ not json")
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_home()
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "digits-vae-4" in warnings and "checksum" in warnings
    assert "digits-ae-2" in warnings or "card.json" in warnings
    offered = at.sidebar.selectbox(key="model").options
    assert offered and not any("vae" in o or "z=2" in o for o in offered)
    assert len(at.image) == 1  # the healthy default model still reconstructs
