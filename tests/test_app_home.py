"""Home page: theory in both languages, links to the pages, the selected model drawn."""

from __future__ import annotations

import json

import numpy as np
import pytest
from apptest import APP, open_page
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
                                               "features", "train", "models"]  # "" = the default page, also at /home
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


def test_a_colour_model_is_shown_in_colour_by_its_dataset_short_name(tiny_colour_zoo, shown_pictures) -> None:
    at = open_home()
    dataset = at.sidebar.selectbox(key="dataset")
    assert dataset.options == ["blobs"]  # the picker shows the short name ...
    assert dataset.value.endswith("/blobs.npz@3x16x16")  # ... of the path and image shape the loaders need
    assert at.sidebar.selectbox(key="model").value == "blobs-conv_ae-4"
    assert any("**blobs** (16×16 colour images)" in m.value for m in at.markdown)
    assert not any("grey" in c.value for c in at.caption)
    (recon,) = at.image
    assert shown_pictures(recon.value[0]).shape[-1] == 3 and shown_pictures.is_colour(recon.value[0])


def test_a_model_trained_in_grey_on_colour_pictures_says_so(tiny_zoo_dir, tmp_path, monkeypatch) -> None:
    import shutil

    import streamlit as st

    root = tmp_path / "pretrained"
    shutil.copytree(tiny_zoo_dir, root)
    for card_path in root.glob("*/card.json"):  # as if digits were colour photos, trained in grey
        card = json.loads(card_path.read_text())
        card_path.write_text(json.dumps({**card, "grey": True, "dataset_name": "digit photos"}))
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_home()
    assert at.sidebar.selectbox(key="dataset").options == ["digit photos"]
    assert any("**digit photos** (8×8 grey images)" in m.value for m in at.markdown)
    assert any("turned grey" in c.value for c in at.caption)


def test_models_of_one_dataset_at_two_shapes_each_get_their_test_images(tiny_colour_zoo_dir, colour_npz, tmp_path,
                                                                         monkeypatch, shown_pictures) -> None:
    import shutil

    import streamlit as st

    from ae_models.train import TrainConfig, train

    root = tmp_path / "pretrained"
    shutil.copytree(tiny_colour_zoo_dir, root)
    for name, grey in (("blobs-small-ae", False), ("blobs-grey-ae", True)):  # read by `load_dataset` itself
        train(TrainConfig(model="ae", dataset=str(colour_npz), image_size=(8, 12), grey=grey, latent_dim=2,
                          epochs=1, hidden=(16,), quiet=True, out=str(root / name)))
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    options = open_home().sidebar.selectbox(key="dataset").options
    assert sorted(options) == ["blobs · 1×8×12", "blobs · 3×16×16", "blobs · 3×8×12"]
    for key, model, size, colour in (("@3x8x12", "blobs-small-ae", "8×12 colour", True),
                                     ("@1x8x12", "blobs-grey-ae", "8×12 grey", False)):
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["dataset"], at.session_state["model"] = str(colour_npz) + key, model
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(f"**blobs** ({size} images)" in m.value for m in at.markdown)
        assert shown_pictures.is_colour(at.image[0].value[0]) == colour


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_vae_text_quotes_the_zoos_binarised_likelihood_when_a_card_has_it(tiny_zoo_dir, tmp_path, monkeypatch,
                                                                               language: str) -> None:
    import shutil

    import streamlit as st

    root = tmp_path / "pretrained"
    shutil.copytree(tiny_zoo_dir, root)
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    assert not any("log p(x)" in m.value for m in open_home(language).markdown)  # no card has the figure yet
    path = root / "digits-vae-4" / "card.json"
    record = {"images": 10_000, "importance_sampled": {"nll": 89.4321, "samples": 5000, "images": 10_000,
                                                       "std_error_mc": 0.01, "std_error_images": 0.28},
              "one_sample": {"nll": 93.87, "samples": 1, "images": 10_000, "std_error_images": 0.3}}
    path.write_text(json.dumps({**json.loads(path.read_text()), "binarised_test_nll": record}))
    st.cache_data.clear()
    at = open_home(language)
    quoted = [m.value for m in at.markdown if "log p(x)" in m.value]
    assert len(quoted) == 1 and "`digits-vae-4`" in quoted[0] and "MLP 64–" in quoted[0]
    assert all(figure in quoted[0] for figure in ("89.43", "93.87", "5,000", "10,000", "0.28", "89.78", "86.76"))
    picker = at.sidebar.selectbox(key="model")  # the picker's label carries the same figure
    assert sum("NLL 89.43 nats (binarised, k = 5,000)" in option for option in picker.options) == 1, picker.options
