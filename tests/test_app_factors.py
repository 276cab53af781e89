"""AppTest of what the app shows for a model of a dataset with known factors (`shapes`): sliders
labelled with the factor each dimension knows most about and ordered by it (in the browser editor's
payload and on the server sliders), the Known factors tab (scores, the latent × factor heatmap,
factor traversals), the β explorer's MIG against reconstruction error, the Latent Map coloured by a
factor; and that a model of a dataset without factors shows none of it.

The models are tiny 64×64 conv AEs/VAEs trained for a few seconds (their factors are barely
learnt: the tests check that the page shows what the scores say, not that the scores are good)."""

from __future__ import annotations

import base64
import json
import shutil

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest
from test_app_generate import APP, TABS, component_data, server_editor  # noqa: F401 (a fixture)

from ae_models.checkpoints import read_card
from ae_models.disentanglement import card_report, score_model
from ae_models.shapes import load_shapes

TABS = {**TABS, "factors": "Known factors"}
SCORED = ("shapes-conv_ae-5", "shapes-conv_vae-5")  # cards with disentanglement scores
UNSCORED = "shapes-conv_vae-5-beta4"  # as the Train page leaves it: the app scores it itself
SHAPES_ZOO = {"shapes-conv_ae-5": ("conv_ae", None), "shapes-conv_vae-5": ("conv_vae", None),
              UNSCORED: ("conv_vae", 4.0)}
PLAIN = "digits-conv_ae-4"  # a dataset without known factors


@pytest.fixture(scope="module")
def shapes_zoo_dir(tmp_path_factory: pytest.TempPathFactory, tiny_zoo_dir):
    """Three tiny shapes checkpoints (64×64 RGB, latent 5; one epoch of 256 images, ≈ 5 s each on two
    busy cores), two of them scored as `python -m ae_models.zoo report` scores the shipped ones, and a
    digits model."""
    from ae_models.train import TrainConfig, train

    split = load_shapes("test", tmp_path_factory.mktemp("shapes-data"))  # rendering the train split takes 15 s
    train_data = split.subset(torch.arange(5000, 5256))  # images the app's sample (the first 5,000) lacks
    test = split.subset(torch.arange(1000))
    root = tmp_path_factory.mktemp("pretrained-shapes")
    for name, (family, beta) in SHAPES_ZOO.items():
        model = train(TrainConfig(model=family, dataset="shapes", latent_dim=5, epochs=1, batch_size=32, lr=3e-3,
                                  channels=(4, 8), dense=16, beta=beta, val_size=25, quiet=True, out=str(root / name)),
                      train_data=train_data, test_data=test.subset(slice(0, 200)))
        if name in SCORED:
            card_path = root / name / "card.json"
            card = json.loads(card_path.read_text())
            card["disentanglement"] = {**score_model(model, test).to_card(), "split": "test", "images": len(test)}
            card_path.write_text(json.dumps(card, indent=2))
    shutil.copytree(tiny_zoo_dir / PLAIN, root / PLAIN)
    return root


@pytest.fixture(scope="module")
def shapes_zoo(shapes_zoo_dir):
    """The app and library pointed at the shapes zoo, with caches kept across this module's tests
    (encoding the 5,000-image sample is the slow part) and cleared before and after."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AE_PRETRAINED_DIR", str(shapes_zoo_dir))
        yield shapes_zoo_dir
    st.cache_data.clear()
    st.cache_resource.clear()


def open_app(page: str, model: str, language: str = "en", tab: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    if language != "en":
        at.sidebar.radio(key="language").set_value(language).run()
    at.switch_page(page).run()
    if at.selectbox(key="model").value != model:
        dataset = "digits" if model == PLAIN else "shapes"
        at.selectbox(key="dataset").set_value(dataset).run()
        at.selectbox(key="model").set_value(model).run()
    assert not at.exception, [e.value for e in at.exception]
    return open_tab(at, tab) if tab else at


def open_tab(at: AppTest, tab: str) -> AppTest:
    """Open a Generate tab by its short name, the Known factors tab too (see test_app_generate)."""
    at.session_state["gen_tab"] = TABS[tab]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_generate(model: str, tab: str | None = None, language: str = "en") -> AppTest:
    return open_app("app_pages/generate.py", model, language, tab)


def report_of(root, name: str):
    return card_report(read_card(root / name))


def labels_of(report) -> list[str]:
    return [f"z{d} · {name} {share:.2f}" for d, (name, share) in enumerate(report.dimension_factors())]


def array(value) -> np.ndarray:
    """A plotly JSON array: a list, or numpy data as plotly writes it ({"dtype", "bdata", "shape"})."""
    if not isinstance(value, dict):
        return np.asarray(value)
    flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return flat.reshape([int(n) for n in value["shape"].split(",")]) if "shape" in value else flat


def importance_order(name: str) -> list[int]:
    """The order the sliders had before known factors (by variance or KL), from the page's cache."""
    from app_ui.generate.data import latent_summary

    return latent_summary(name, "shapes").order.tolist()


def chart(at: AppTest, key: str) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id and key in c.proto.id]
    assert len(specs) == 1, f"{len(specs)} charts keyed {key}"
    return specs[0]


# --- the Generate page --------------------------------------------------------------------------------
def test_browser_sliders_are_labelled_with_their_factor_and_ordered_by_it(shapes_zoo):
    at = open_generate("shapes-conv_vae-5")
    report = report_of(shapes_zoo, "shapes-conv_vae-5")
    sent, _ = component_data(at)
    dims = sent["payload"]["dims"]
    assert report.slider_order().tolist() != importance_order("shapes-conv_vae-5")  # else the next line proves little
    assert [d["index"] for d in dims] == report.slider_order().tolist()
    assert [d["label"] for d in dims] == [labels_of(report)[d] for d in report.slider_order()]
    assert sent["labels"]["dims"].startswith("Latent dimensions, labelled with the factor")
    assert TABS["factors"] in [tab.label for tab in at.tabs]


def test_server_sliders_and_traversals_are_labelled_and_ordered_by_factor(shapes_zoo, server_editor):  # noqa: F811
    at = open_generate("shapes-conv_ae-5")
    report = report_of(shapes_zoo, "shapes-conv_ae-5")
    labels, order = labels_of(report), report.slider_order().tolist()
    assert order != importance_order("shapes-conv_ae-5")
    sliders = [s for s in at.slider if s.key.startswith("gen_z_")]
    assert [s.key for s in sliders] == [f"gen_z_{d}" for d in order]
    assert [s.label for s in sliders] == [labels[d] for d in order]
    open_tab(at, "trav")
    captions = [image.captions[0] for image in at.image]
    assert [c.split(":")[0] for c in captions] == [labels[d] for d in order[:len(captions)]]


def test_known_factors_tab_shows_the_scores_the_heatmap_and_factor_rows(shapes_zoo):
    at = open_generate("shapes-conv_vae-5", tab="factors")
    assert not at.error, [e.value for e in at.error]
    report = report_of(shapes_zoo, "shapes-conv_vae-5")
    assert at.metric[0].value == f"{report.mig:.3f}"
    assert any("the full test split" in c.value for c in at.caption)
    heatmap = chart(at, "gen_factor_heatmap")["data"][0]
    order = report.slider_order()
    assert heatmap["type"] == "heatmap" and (heatmap["zmin"], heatmap["zmax"]) == (0, 1)
    assert heatmap["x"] == list(report.factor_names) and heatmap["y"] == [f"z{d}" for d in order]
    np.testing.assert_allclose(array(heatmap["z"]), report.normalised_mi[order])
    rows = [image.captions[0] for image in at.image]
    assert [row.split(":")[0] for row in rows] == list(report.factor_names)
    assert rows[5].startswith(f"x_position: z{report.factor_dimension('x_position')} (share ")
    at.multiselect(key="gen_factor_pick").set_value(["scale", "y_position"]).run()
    assert [image.captions[0].split(":")[0] for image in at.image] == ["scale", "y_position"]


def test_a_card_without_scores_is_scored_on_the_first_test_images(shapes_zoo):
    from ae_models import load_pretrained
    from ae_models.samples import load_sample

    expected = score_model(load_pretrained(shapes_zoo / UNSCORED), load_sample("shapes").subset(torch.arange(2000)))
    at = open_generate(UNSCORED)
    dims = component_data(at)[0]["payload"]["dims"]
    assert [d["label"] for d in dims] == [labels_of(expected)[d] for d in expected.slider_order()]
    open_tab(at, "factors")
    assert any("measured here on the first 2,000 test images" in c.value for c in at.caption)
    assert at.metric[0].value == f"{expected.mig:.3f}"


def test_beta_explorer_plots_mig_against_reconstruction_error_from_the_cards(shapes_zoo):
    at = open_generate("shapes-conv_vae-5", tab="beta")
    assert not at.error, [e.value for e in at.error]
    assert list(at.select_slider(key="gen_beta").options) == ["1", "4"]  # the VAE sweep is still there
    figure = chart(at, "gen_beta_mig")
    points, ring = figure["data"]
    cards = [read_card(shapes_zoo / name) for name in SCORED]  # the unscored β = 4 model is not on it
    assert points["text"] == ["plain AE", "β=1"]
    assert points["x"] == [c["test_metrics"]["mse"] for c in cards]
    assert points["y"] == [c["disentanglement"]["mig"] for c in cards]
    assert (ring["x"], ring["y"]) == (points["x"][1:], points["y"][1:])  # the selected model
    assert figure["layout"]["yaxis"]["title"]["text"] == "MIG"
    assert any("Why β matters" in c.value for c in at.caption)
    ae = open_generate("shapes-conv_ae-5", tab="beta")  # an AE has no β sweep, but sits on this figure
    assert any("No β sweep" in i.value for i in ae.info)
    assert chart(ae, "gen_beta_mig")["data"][1]["x"] == [cards[0]["test_metrics"]["mse"]]


def test_a_model_without_known_factors_looks_as_before(shapes_zoo):
    at = open_generate("shapes-conv_vae-5", tab="factors")
    at.selectbox(key="dataset").set_value("digits").run()  # the open tab is not offered for digits
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="model").value == PLAIN
    assert [tab.label for tab in at.tabs] == [TABS[k] for k in ("edit", "interp", "attr", "trav", "sample",
                                                                "uncert", "beta")]
    assert at.session_state["gen_tab"] == TABS["edit"]  # Streamlit opens the first tab
    dims = component_data(at)[0]["payload"]["dims"]
    assert [d["label"] for d in dims] == [f"z{d['index']}" for d in dims]
    assert component_data(at)[0]["labels"]["dims"] == "Latent dimensions (most important first)"
    open_tab(at, "beta")
    assert not [c for c in at.get("plotly_chart") if "gen_beta_mig" in c.proto.id]


def test_the_factor_texts_are_in_korean(shapes_zoo):
    at = open_generate("shapes-conv_vae-5", tab="factors")
    # Start from the zero code: AppTest formats the start picker's class box outside the script run,
    # in English, and then fails to find "any" among the Korean options.
    at.radio(key="gen_start_mode").set_value("zero").run()
    at.sidebar.radio(key="language").set_value("ko").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "알려진 요인" in [tab.label for tab in at.tabs] and at.session_state["gen_tab"] == "알려진 요인"
    assert any("분리된(disentangled) 코드" in c.value for c in at.caption)
    at.session_state["gen_tab"] = "β 탐색"
    at.run()
    assert any("β가 중요한 이유" in c.value for c in at.caption)


# --- the Latent Map -------------------------------------------------------------------------------------
def test_latent_map_colours_the_points_by_any_known_factor(shapes_zoo):
    def legend(at: AppTest) -> list[str]:
        (figure,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        return [trace["name"] for trace in figure["data"] if trace.get("showlegend", True)]

    at = open_app("app_pages/latent_map.py", "shapes-conv_vae-5")
    colour = at.selectbox(key="map_colour")
    assert colour.options == ["class", "shape", "object_hue", "background_hue", "scale", "rotation",
                              "x_position", "y_position"]
    assert legend(at) == ["square", "circle", "triangle", "star", "heart"]
    colour.set_value("x_position").run()
    assert not at.exception, [e.value for e in at.exception]
    assert legend(at) == [f"x_position {14 + 4 * i}" for i in range(10)]
    from ae_models.samples import load_sample

    (figure,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    x = load_sample("shapes").factors[:, 5].numpy()
    first = next(trace for trace in figure["data"] if trace.get("name") == "x_position 14")
    np.testing.assert_array_equal(array(first["customdata"]).ravel(), np.flatnonzero(x == 0))
    at.selectbox(key="map_colour").set_value("object_hue").run()
    hues = [trace["marker"]["color"] for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"][1:]]
    assert hues[0] == "#d91616"  # 0°: red, in the shapes' own saturation and value
    plain = open_app("app_pages/latent_map.py", PLAIN)
    assert "map_colour" not in {s.key for s in plain.selectbox}


# --- the shipped β-VAE of the zoo ---------------------------------------------------------------------
SHIPPED = "shapes-conv_vae-10-beta4"


@pytest.fixture
def shipped_zoo(monkeypatch):
    """The app on the checkpoints in `pretrained/`, with clean caches."""
    import streamlit as st

    from ae_models.checkpoints import pretrained_dir

    monkeypatch.delenv("AE_PRETRAINED_DIR", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield pretrained_dir()
    st.cache_data.clear()
    st.cache_resource.clear()


def test_the_shipped_beta_vae_labels_its_sliders_and_shows_its_card_scores(shipped_zoo):
    """The Korean texts of these pieces are checked on the fixture models above."""
    report = report_of(shipped_zoo, SHIPPED)
    order = report.slider_order().tolist()
    at = open_app("app_pages/generate.py", SHIPPED)
    sent, _ = component_data(at)
    dims = sent["payload"]["dims"]
    assert [d["index"] for d in dims] == order
    assert [d["label"] for d in dims] == [labels_of(report)[d] for d in order]
    assert labels_of(report)[report.factor_dimension("x_position")].split(" · ")[1].startswith("x_position ")
    assert sent["labels"]["dims"].startswith("Latent dimensions, labelled with the factor")
    open_tab(at, "factors")
    assert not at.error, [e.value for e in at.error]
    assert at.metric[0].value == f"{read_card(shipped_zoo / SHIPPED)['disentanglement']['mig']:.3f}"
    np.testing.assert_allclose(array(chart(at, "gen_factor_heatmap")["data"][0]["z"]),
                               report.normalised_mi[order])
    assert [image.captions[0].split(":")[0] for image in at.image] == list(report.factor_names)


def test_a_beta_tcvae_sits_beside_the_plain_sweep_it_is_not_a_step_of(shipped_zoo):
    tc = "shapes-conv_vae-10-beta4-tc4"
    at = open_app("app_pages/generate.py", tc, tab="beta")
    assert not at.error, [e.value for e in at.error]
    assert any("the plain β-VAEs" in c.value for c in at.caption)  # no sweep of its own: the plain one
    assert list(at.select_slider(key="gen_beta").options) == ["1", "4", "12"]
    assert at.select_slider(key="gen_beta").value == 4.0  # its own β
    sweep, penalised, ring = chart(at, "gen_beta_mig")["data"]
    assert sweep["text"] == ["plain AE", "β=1", "β=4", "β=12"]  # joined by β
    assert penalised["text"] == ["β=4 + TC×4"] and penalised["marker"]["symbol"] == "diamond"
    card = read_card(shipped_zoo / tc)
    assert (ring["x"], ring["y"]) == ([card["test_metrics"]["mse"]], [card["disentanglement"]["mig"]])
