"""AppTest of the Generate page on the tiny zoo: the code editor (in the browser, and on the server
for a decoder the browser cannot run), interpolation, shareable links."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from apptest import page_components
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
DECODED = "Decoded from the edited code"
TABS = {"edit": "Edit the code", "interp": "Interpolate", "attr": "Attribute vectors",
        "trav": "Traversals", "sample": "Sampling", "uncert": "VAE uncertainty", "beta": "β explorer"}


@pytest.fixture
def server_editor(monkeypatch):
    """Every decoder counts as one the browser cannot run: the editor falls back to server sliders."""
    from ae_models.onnx.browser import BrowserDecoderError
    from app_ui.common import browser_decoder
    from app_ui.generate import live_decoder

    def refuse(name, model):
        raise BrowserDecoderError("no in-browser decoder in this test")

    monkeypatch.setattr(browser_decoder, "served_decoder", refuse)
    live_decoder.live_decoder_spec.clear()
    yield
    live_decoder.live_decoder_spec.clear()


def open_tab(at: AppTest, tab: str) -> AppTest:
    """Click a tab (AppTest cannot click one; the tabs' key holds the open tab's label)."""
    at.session_state["gen_tab"] = TABS[tab]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_generate(query: dict[str, str] | None = None, model: str | None = None, tab: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/generate.py").run()
    if model is not None:
        at.selectbox(key="model").set_value(model).run()
    assert not at.exception, [e.value for e in at.exception]
    return open_tab(at, tab) if tab else at


def image_url(at: AppTest, caption: str, position: int = 0) -> str:
    """Streamlit names media files by a hash of their bytes: equal URLs mean identical PNGs."""
    for element in at.get("image"):
        if caption in element.captions:
            return element.value[element.captions.index(caption) + position]
    raise AssertionError(f"no image captioned {caption!r}")


def component_data(at: AppTest) -> tuple[dict, int]:
    """What the browser editor was sent, and its size in bytes."""
    import json

    (element,) = page_components(at)
    return json.loads(element.proto.json), len(element.proto.json)


def link_of(at: AppTest) -> dict[str, str]:
    return {key: at.query_params[key][0] if isinstance(at.query_params[key], list) else at.query_params[key]
            for key in at.query_params}


@pytest.mark.parametrize("model", ["digits-ae-2", "digits-conv_ae-4", "digits-vae-4"])
def test_every_tab_renders_and_only_the_open_tab_runs(tiny_zoo, model: str):
    at = open_generate(model=model)
    assert at.session_state["gen_tab"] == TABS["edit"]
    latent = int(model.rsplit("-", 1)[1])
    server_sliders = {f"gen_z_{i}" for i in range(latent)} | {"gen_pc_0"}
    seen, editors = {}, {}
    for tab in TABS:
        open_tab(at, tab)
        assert not at.error, (tab, [e.value for e in at.error])
        seen[tab] = {s.key for s in at.slider} | {n.key for n in at.number_input}
        editors[tab] = len(page_components(at))
    assert editors == {tab: int(tab == "edit") for tab in TABS}  # the browser editor, on its tab only
    assert not server_sliders & set().union(*seen.values())  # every tiny model decodes in the browser
    assert "gen_interp_a" in seen["interp"] and "gen_interp_a" not in seen["edit"]
    assert "gen_trav_rows" in seen["trav"] and "gen_trav_rows" not in seen["interp"]


def test_a_decoder_the_browser_cannot_run_gets_server_sliders(tiny_zoo, server_editor):
    at = open_generate(model="digits-conv_ae-4")
    assert any("cannot run" in i.value and "no in-browser decoder in this test" in i.value for i in at.info)
    assert not page_components(at)
    assert {f"gen_z_{i}" for i in range(4)} <= {s.key for s in at.slider}
    image_url(at, DECODED)


def test_moving_a_slider_changes_the_image_and_reset_restores_it(tiny_zoo, server_editor):
    at = open_generate(model="digits-vae-4", tab="edit")
    start_url, start_z = image_url(at, DECODED), at.session_state["gen_current_z"].copy()
    first = at.slider(key="gen_z_0")
    first.set_value(first.max if first.value < (first.min + first.max) / 2 else first.min).run()
    assert image_url(at, DECODED) != start_url
    assert not np.array_equal(at.session_state["gen_current_z"], start_z)
    assert "z" in at.query_params  # the edit is in the link
    at.slider(key="gen_pc_1").set_value(2.0).run()
    at.button(key="gen_reset_all").click().run()
    assert image_url(at, DECODED) == start_url
    np.testing.assert_array_equal(at.session_state["gen_current_z"], start_z)
    # One slider's own reset button puts only that dimension back.
    at.slider(key="gen_z_2").set_value(at.slider(key="gen_z_2").max).run()
    at.button(key="gen_reset_2").click().run()
    assert image_url(at, DECODED) == start_url


def test_edits_survive_a_visit_to_another_page_and_the_sliders_still_work(tiny_zoo, server_editor):
    """Streamlit drops the state of widgets a run does not draw; coming back from another page
    used to leave every slider at its minimum and the image deaf to them. Hidden tabs do not run, so
    the same holds for a visit to another tab."""
    at = open_generate(model="digits-vae-4", tab="edit")
    first = at.slider(key="gen_z_0")
    edited = first.max if first.value < (first.min + first.max) / 2 else first.min
    first.set_value(edited).run()
    at.slider(key="gen_pc_1").set_value(1.5).run()
    edited_url, edited_z = image_url(at, DECODED), at.session_state["gen_current_z"].copy()
    at.switch_page("app_pages/home.py").run()
    at.switch_page("app_pages/generate.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["gen_tab"] == TABS["edit"]  # the same tab is open
    assert at.slider(key="gen_z_0").value == edited and at.slider(key="gen_pc_1").value == 1.5
    assert image_url(at, DECODED) == edited_url
    np.testing.assert_array_equal(at.session_state["gen_current_z"], edited_z)
    open_tab(at, "trav")
    assert "gen_z_0" not in {s.key for s in at.slider}
    open_tab(at, "edit")
    assert at.slider(key="gen_z_0").value == edited and image_url(at, DECODED) == edited_url
    second = at.slider(key="gen_z_1")
    second.set_value(second.max if second.value < (second.min + second.max) / 2 else second.min).run()
    assert image_url(at, DECODED) != edited_url


def test_interpolation_endpoints_decode_to_the_reconstructions(tiny_zoo):
    at = open_generate(model="digits-conv_ae-4", tab="interp")
    at.number_input(key="gen_interp_a").set_value(5).run()
    at.number_input(key="gen_interp_b").set_value(17).run()
    for method in ("linear", "slerp"):
        at.radio(key="gen_interp_method").set_value(method).run()
        steps = at.slider(key="gen_interp_steps").value
        assert image_url(at, "0: d=0.00") == image_url(at, "A · reconstruction")
        assert image_url(at, f"{steps - 1}: d=0.00") == image_url(at, "B · reconstruction")


def test_a_link_from_the_server_editor_reopens_the_same_code_in_either_editor(tiny_zoo, server_editor,
                                                                              monkeypatch):
    at = open_generate(model="digits-vae-4", tab="edit")
    at.number_input(key="gen_start_pos").set_value(7).run()
    at.slider(key="gen_z_1").set_value(at.slider(key="gen_z_1").min).run()
    at.slider(key="gen_pc_0").set_value(-1.5).run()
    link = link_of(at)
    assert link["model"] == "digits-vae-4" and link["start"] == "7" and "z" in link and "pc" in link
    reopened = open_generate(query=link, model="digits-vae-4")
    np.testing.assert_array_equal(reopened.session_state["gen_current_z"], at.session_state["gen_current_z"])
    assert image_url(reopened, DECODED) == image_url(at, DECODED)
    # A browser that can decode opens the same link in the browser editor, at the same code.
    monkeypatch.undo()
    from app_ui.generate.live_decoder import live_decoder_spec

    live_decoder_spec.clear()
    in_browser = open_generate(query=link, model="digits-vae-4")
    sent, _ = component_data(in_browser)
    np.testing.assert_allclose(sent["value"], at.session_state["gen_current_z"], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(in_browser.session_state["gen_live_kept"][2], at.session_state["gen_current_z"])


def test_a_released_code_goes_into_the_link_which_reopens_it_bit_for_bit(tiny_zoo):
    at = open_generate(model="digits-vae-4")
    at.number_input(key="gen_start_pos").set_value(7).run()
    assert "z" not in at.query_params and link_of(at)["start"] == "7"  # nothing edited yet
    start = np.array(component_data(at)[0]["start"])
    released = start + np.array([0.1, -0.2, 1 / 3, 0.0])  # what the browser sends back on release
    at.session_state["gen_live_kept"] = ("digits-vae-4", "7", released)  # as a release leaves it
    at.run()
    link = link_of(at)
    assert link["start"] == "7" and "pc" not in link
    reopened = open_generate(model="digits-vae-4", tab="trav")  # a session elsewhere follows the link
    for key, value in link.items():
        reopened.query_params[key] = value
    del reopened.session_state["gen_url_pending"]
    reopened.run()
    assert reopened.session_state["gen_tab"] == TABS["edit"]  # a link with edits opens them
    sent, _ = component_data(reopened)
    assert sent["value"] == released.tolist()  # exact, so the browser decodes the same image
    assert any(c.value == "[" + ", ".join(f"{v:+.3f}" for v in released) + "]" for c in reopened.code)


def test_a_link_opens_its_model_in_a_new_session(tiny_zoo):
    at = open_generate(query={"model": "digits-vae-4", "start": "3"})
    assert at.session_state["model"] == "digits-vae-4"
    assert at.number_input(key="gen_start_pos").value == 3


def test_a_link_for_another_model_offers_to_open_it(tiny_zoo):
    at = open_generate()  # a session already on another model follows a link to digits-vae-4
    at.query_params["model"], at.query_params["start"] = "digits-vae-4", "3"
    del at.session_state["gen_url_pending"]
    at.run()
    assert at.session_state["model"] != "digits-vae-4"
    at.button(key="gen_link_open").click().run()
    assert at.session_state["model"] == "digits-vae-4"
    assert at.number_input(key="gen_start_pos").value == 3


def test_beta_explorer_swaps_between_the_sweep_models(tiny_zoo_dir, tmp_path, monkeypatch, digits_train,
                                                      digits_test):
    import shutil

    import streamlit as st

    from ae_models.train import TrainConfig, train

    root = tmp_path / "pretrained"
    shutil.copytree(tiny_zoo_dir, root)
    train(TrainConfig(model="vae", latent_dim=4, beta=4.0, epochs=3, quiet=True, lr=3e-3,
                      out=str(root / "digits-vae-4-beta4")), train_data=digits_train, test_data=digits_test)
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(root))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_generate(model="digits-vae-4", tab="beta")
    beta = at.select_slider(key="gen_beta")
    assert list(beta.options) == ["1", "4"] and beta.value == 1.0
    assert not at.info or all("β sweep" not in i.value for i in at.info)
    charts = {c.key if hasattr(c, "key") else None for c in at.get("plotly_chart")}
    beta.set_value(4.0).run()
    assert not at.exception and at.select_slider(key="gen_beta").value == 4.0
    assert len(at.get("plotly_chart")) >= len(charts)
    ae = open_generate(model="digits-ae-2", tab="beta")
    assert any("No β sweep" in i.value for i in ae.info)


def test_the_editor_shows_the_released_code_and_its_real_neighbours(tiny_zoo):
    at = open_generate(model="digits-conv_ae-4")
    model, start, z = at.session_state["gen_live_kept"]
    assert (model, start) == ("digits-conv_ae-4", "0")
    np.testing.assert_allclose(z, component_data(at)[0]["start"], atol=1e-5)  # nothing moved: the start code
    assert any("8 real test images" in c.value and "distance 0.00" in c.value for c in at.caption)
    assert not at.warning


def test_the_editor_comes_back_with_the_code_last_released_there(tiny_zoo):
    """A hidden tab's widgets lose their state; the editor is given back its released code."""
    at = open_generate(model="digits-conv_ae-4")
    released = at.session_state["gen_live_kept"][2] + 1.5
    at.session_state["gen_live_kept"] = ("digits-conv_ae-4", "0", released)
    open_tab(at, "trav")
    open_tab(at, "edit")
    shown = "[" + ", ".join(f"{v:+.3f}" for v in released) + "]"
    assert any(c.value == shown for c in at.code)
    assert not any("distance 0.00" in c.value for c in at.caption)
    at.number_input(key="gen_start_pos").set_value(3).run()  # another start: the kept code no longer applies
    assert at.session_state["gen_live_kept"][1] == "3" and not any(c.value == shown for c in at.code)


def test_a_released_code_far_from_the_data_is_flagged(tiny_zoo):
    at = open_generate(model="digits-conv_ae-4")
    assert not at.warning
    at.session_state["gen_live_kept"] = ("digits-conv_ae-4", "0", at.session_state["gen_live_kept"][2] + 50.0)
    at.run()
    assert any("extrapolating" in w.value for w in at.warning)


def test_ghost_map_picture_marks_the_start_and_the_current_code_and_keeps_far_codes_in_frame():
    from app_ui.generate.figures import GhostMap

    rng = np.random.default_rng(0)
    ghost = GhostMap(rng.normal(size=(3000, 2)), rng.integers(0, 3, 3000), ("a", "b", "c"), size=200)
    assert ghost.backdrop.size == (200, 218)  # the map and one legend row
    picture = ghost.draw(np.array([[0.0, 0.0], [50.0, -50.0]]))  # the second code lies far outside the data
    (x0, y0), (x1, y1) = ghost.pixels(np.array([[0.0, 0.0], [50.0, -50.0]]))
    assert 0 < x1 < 200 and 0 < y1 < 200  # pinned to the frame
    assert tuple(picture[round(y1), round(x1)]) == (225, 17, 17)  # the red dot of the current code
    assert tuple(picture[round(y0), round(x0)]) == (255, 255, 255)  # the ring's white centre at the start
    assert picture.shape == (218, 200, 3) and picture.dtype == np.uint8


def test_a_decoder_the_browser_failed_to_run_falls_back_to_the_server(tiny_zoo):
    """onnxruntime-web may refuse a graph (an operator it lacks): the browser reports it and the
    editor decodes on the server for the rest of the session, saying why."""
    from app_ui.generate.live_decoder import FAILED

    at = open_generate(model="digits-conv_ae-4")
    assert page_components(at)
    at.session_state[FAILED] = {"digits-conv_ae-4": "no kernel for op Foo"}  # as the component's error leaves it
    at.run()
    assert not page_components(at) and any("no kernel for op Foo" in i.value for i in at.info)
    assert {f"gen_z_{i}" for i in range(4)} <= {s.key for s in at.slider}


def test_the_browser_gets_the_decoder_as_onnx_with_the_runtime_it_loads(tiny_zoo):
    import base64

    import onnx

    at = open_generate()  # the session's first run: the browser has no decoder yet
    sent, _ = component_data(at)
    spec, latent = sent["spec"], int(at.session_state["model"].rsplit("-", 1)[1])
    assert (spec["image_shape"], spec["latent_dim"], spec["layout"], spec["output"]) == ([1, 8, 8], latent, "NCHW",
                                                                                         "pixels")
    graph = onnx.load_from_string(base64.b64decode(spec["onnx"]))
    assert graph.graph.node[-1].op_type == "Sigmoid"  # pixels in [0, 1]
    assert sent["runtime"].startswith("/component/") and sent["runtime"].endswith("onnxruntime_web/")


def test_a_user_onnx_model_is_decoded_in_the_browser_by_its_own_decoder(tmp_path, monkeypatch):
    """The tiny colour VAE (BatchNorm, LeakyReLU, Upsample on 32×32 RGB) added as ONNX: the browser is
    sent its decoder.onnx as it was installed, with the card's layout and output."""
    import base64

    import streamlit as st
    from onnx_models import tiny_vae_folder

    from ae_models.checkpoints import resolve_checkpoint
    from ae_models.onnx.install import AddRequest, add

    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path / "no-zoo"))
    name = add(AddRequest.build(tiny_vae_folder()))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_generate()
    assert at.session_state["model"] == name and not at.info
    spec = component_data(at)[0]["spec"]
    assert base64.b64decode(spec["onnx"]) == (resolve_checkpoint(name) / "decoder.onnx").read_bytes()
    assert spec["image_shape"] == [3, 32, 32] and spec["latent_dim"] == 6
    st.cache_data.clear()
    st.cache_resource.clear()


def test_live_editor_sends_the_model_once_then_only_the_code(tiny_zoo):
    """The decoder and the map/neighbour payload go to the browser once per session and model; a
    release or another start sends a few hundred bytes, not the whole payload again."""
    at = open_generate()  # the session's first run of the page: the default model is new to the browser
    first, first_size = component_data(at)
    assert first["spec"]["onnx"] and first["payload"]["nearest_pool"]
    at.number_input(key="gen_start_pos").set_value(5).run()
    later, later_size = component_data(at)
    assert later["spec"] is None and later["payload"] is None and later["start"] != first["start"]
    assert later_size < first_size / 10


def test_the_browser_gets_every_code_for_its_nearest_code_distance():
    """The editor's readout (computed in the browser) and the neighbours under it (computed here)
    must name the same distance: the browser searches every code, not the map's sample."""
    from ae_models import latent_ops
    from app_ui.generate.live_decoder import MAP_POINTS, editor_payload

    latents = np.random.default_rng(0).normal(size=(MAP_POINTS + 1000, 3))
    payload = editor_payload(latents, np.zeros(len(latents), dtype=int), np.arange(3),
                             latent_ops.slider_ranges(latents), latent_ops.PrincipalDirections(2).fit(latents),
                             latent_ops.typical_spacing(latents))
    assert len(payload["pca"]["points"]) == MAP_POINTS  # the map shows a sample
    pool, z = np.array(payload["nearest_pool"]), np.array([0.3, -1.2, 2.0])
    browser = np.sqrt(((pool - z) ** 2).sum(1).min())  # what component.js computes
    assert browser == pytest.approx(latent_ops.nearest_distance(latents, z)[0], abs=1e-3)


# --- a colour model ---------------------------------------------------------------------------------
def colour_pictures(at: AppTest, shown) -> dict[str, bool]:
    """Whether each picture on the page (by its caption, or its URL when it has none) is in colour."""
    return {caption or url: shown.is_colour(url) for image in at.image
            for url, caption in zip(image.value, image.captions, strict=True)}


@pytest.mark.parametrize("model", ["blobs-conv_ae-4", "blobs-conv_vae-4"])
def test_every_tab_shows_a_colour_model_in_colour(tiny_colour_zoo, shown_pictures, model: str):
    at = open_generate(model=model)
    assert any("8 real test images" in c.value for c in at.caption)
    assert all(colour_pictures(at, shown_pictures).values())  # the released code's real neighbours
    for tab in ("interp", "attr", "trav", "sample", "uncert", "beta"):
        open_tab(at, tab)
        assert not at.error, (tab, [e.value for e in at.error])
        pictures = colour_pictures(at, shown_pictures)
        if model.startswith("blobs-conv_ae") and tab in ("uncert", "beta"):
            assert not pictures  # VAEs only: the tab says so
            continue
        assert pictures and all(pictures.values()), (tab, pictures)
        if tab == "uncert":  # the variance of the posterior samples, averaged over the channels
            (heat,) = (image.value[0] for image in at.image if image.captions[0].startswith("Per-pixel variance"))
            assert shown_pictures(heat).shape == (224, 224, 3)  # 16×16 pixels, ×14, on a heat ramp


def test_the_server_editor_paints_a_colour_model_in_colour(tiny_colour_zoo, shown_pictures, server_editor):
    at = open_generate(model="blobs-conv_ae-4")
    pictures = colour_pictures(at, shown_pictures)
    assert pictures[DECODED] and pictures["Input image"]
    before = image_url(at, DECODED)
    first = at.slider(key="gen_z_0")
    first.set_value(first.max).run()
    assert not at.exception and image_url(at, DECODED) != before
    assert colour_pictures(at, shown_pictures)[DECODED]
