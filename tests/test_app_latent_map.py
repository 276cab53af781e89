"""Latent Map page: the selection → pick logic, the figure, and the page under AppTest."""

from __future__ import annotations

import json

import numpy as np
import pytest
from apptest import open_page
from streamlit.testing.v1 import AppTest

from app_ui.latent_map.figures import GRID_MARK, GRID_STEPS, Pick, map_figure, pick_from_selection

PAGE = "app_pages/latent_map.py"
SOURCE = ("digits-conv_ae-4", "pca", 2)


@pytest.fixture(autouse=True)
def _no_job_left_running():
    """The page's background jobs (the sample's thumbnails, a whole set's map) end with their test."""
    yield
    finish_jobs()


# --- selection → pick ---------------------------------------------------------------------------
def point(customdata, x: float = 0.0, y: float = 0.0) -> dict:
    return {"curve_number": 1, "point_index": 0, "x": x, "y": y, "customdata": customdata}


@pytest.mark.parametrize("customdata", [7, [7], {"0": 7}])  # the shapes plotly reports customdata in
def test_a_clicked_point_picks_its_sample(customdata) -> None:
    pick = pick_from_selection({"points": [point(customdata)]}, SOURCE)
    assert pick == Pick("sample", indices=(7,), source=SOURCE)
    assert pick.index == 7


def test_a_click_on_empty_space_picks_the_position() -> None:
    pick = pick_from_selection({"points": [point({"0": GRID_MARK}, 1.5, -2.0)]}, SOURCE)
    assert pick == Pick("position", position=(1.5, -2.0), source=SOURCE)


def test_a_box_over_data_picks_the_data_and_over_nothing_its_centre() -> None:
    grid_points = [point([GRID_MARK], 0, 0), point([GRID_MARK], 2, 4)]
    over_data = pick_from_selection({"points": [*grid_points, point([3]), point([9]), point([3])]}, SOURCE)
    assert over_data is not None and over_data.indices == (3, 9)
    over_nothing = pick_from_selection({"points": grid_points}, SOURCE)
    assert over_nothing is not None and over_nothing.position == (1.0, 2.0)


@pytest.mark.parametrize("selection", [None, {}, {"points": []}, {"points": [{"x": 1, "y": 2}]}])
def test_an_empty_selection_picks_nothing(selection) -> None:
    assert pick_from_selection(selection, SOURCE) is None


# --- the figure -----------------------------------------------------------------------------------
def test_the_figure_has_a_click_grid_and_one_trace_per_class() -> None:
    rng = np.random.default_rng(0)
    embedding, labels = rng.normal(size=(50, 2)), np.repeat([0, 1, 2, 3, 4], 10)
    fig = map_figure(embedding, labels, ("a", "b", "c", "d", "e"), ("x", "y"))
    click_grid, *classes = fig.data
    assert click_grid.type == "scattergl" and click_grid.marker.opacity == 0
    assert len(click_grid.x) == GRID_STEPS**2 and np.all(np.asarray(click_grid.customdata) == GRID_MARK)
    assert [t.name for t in classes] == ["a", "b", "c", "d", "e"]
    assert np.asarray(classes[2].customdata).ravel().tolist() == list(range(20, 30))


def test_the_3d_figure_uses_scatter3d_and_no_grid() -> None:
    embedding, labels = np.random.default_rng(1).normal(size=(30, 3)), np.arange(30) % 3
    fig = map_figure(embedding, labels, ("a", "b", "c"), ("x", "y", "z"))
    assert {t.type for t in fig.data} == {"scatter3d"}


# --- the page -------------------------------------------------------------------------------------
def open_map(language: str = "en") -> AppTest:
    return open_page(PAGE, language=language)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_page_renders_in_both_languages(tiny_zoo, language: str) -> None:
    at = open_map(language)
    assert at.title[0].value == ("Latent map" if language == "en" else "잠재 공간 지도")
    assert len(figures(at)) == 1
    assert len(at.metric) == 2  # trustworthiness and neighbourhood kept
    assert at.download_button(key="map_csv") and at.download_button(key="map_npy")


def shipped(name: str, wrong_latents: bool = False) -> dict[str, np.ndarray]:
    """What `assets/embeddings/<name>.npz` would hold for a tiny-zoo model (a random "t-SNE")."""
    import torch

    import ae_models

    images = ae_models.load_dataset("digits", "test").images
    with torch.no_grad():
        latents = ae_models.load_pretrained(name).encode(images).numpy()
    if wrong_latents:  # e.g. the model was retrained after the maps were written
        latents = latents + 1.0
    rng = np.random.default_rng(0)
    return {"latents": latents.astype(np.float16), "labels": np.zeros(len(images)),
            "tsne": rng.normal(size=(len(images), 2)).astype(np.float16)}


def test_shipped_maps_are_used_only_when_they_match_the_checkpoint(tiny_zoo, monkeypatch) -> None:
    import ae_models.samples
    from app_ui.latent_map.data import map_projector, shipped_embedding

    monkeypatch.setattr(ae_models.samples, "load_embedding", lambda name: shipped(name))
    stored = shipped_embedding("digits-conv_ae-4", "digits")
    projector = map_projector("digits-conv_ae-4", "digits", "tsne", 2)  # no t-SNE run: it is shipped
    np.testing.assert_array_equal(projector.embedding_, stored["tsne"])
    monkeypatch.setattr(ae_models.samples, "load_embedding", lambda name: shipped(name, wrong_latents=True))
    assert shipped_embedding("digits-vae-4", "digits") == {}


def test_switching_model_and_projection_updates_the_map(tiny_zoo, monkeypatch: pytest.MonkeyPatch) -> None:
    import ae_models.samples

    monkeypatch.setattr(ae_models.samples, "load_embedding", shipped)  # so the test runs no t-SNE
    at = open_map()
    first = figures(at)[0]["data"]
    at.sidebar.selectbox(key="model").set_value("digits-vae-4").run()
    assert not at.exception
    by_model = figures(at)[0]["data"]
    assert by_model != first
    at.segmented_control(key="projection").set_value("tsne").run()
    assert not at.exception
    by_method = figures(at)[0]["data"]
    assert by_method != by_model
    assert figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "t-SNE 1"


def test_a_picked_sample_shows_the_inspector_on_both_maps(tiny_zoo) -> None:
    at = open_map()
    at.session_state["map_pick"] = {("digits", "sample"): Pick("sample", indices=(5, 6, 7), source=SOURCE)}
    at.toggle(key="map_compare").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("#### #5") for m in at.markdown)
    maps = figures(at)
    assert len(maps) == 2
    for figure in maps:  # the same sample is starred on both maps, its neighbours ringed, the rest grey
        names = [trace["name"] for trace in figure["data"]]
        assert "picked" in names and "8 latent neighbours" in names and "not selected" in names
    assert len(at.image) == 2 * 2 + 2  # per model: original/reconstruction/error, neighbours; the group's grid, mean


def test_a_picked_position_is_decoded_with_a_distance_badge(tiny_zoo) -> None:
    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-conv_ae-4")
    at.session_state["map_pick"] = {("digits", "sample"): Pick("position", position=(0.1, -0.2), source=SOURCE)}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("#### Decoded map position") for m in at.markdown)
    assert any(trace["name"] == "decoded spot" for trace in figures(at)[0]["data"])


def hover_data(at: AppTest) -> dict:
    """What the map's hover component was sent (once the sample's thumbnails and the decoder are ready).
    The decoder's export starts in the run that first has the thumbnails; the browser's page reruns when
    it is done (`points.poll`), which AppTest does not: the second run here."""
    from apptest import page_components

    for _ in range(2):
        finish_jobs()
        at.run()
    (element,) = [e for e in page_components(at) if e.key == "map_chart-hover"]
    return json.loads(element.proto.json)


def test_a_2d_map_sends_the_browser_its_decoder_and_inverse_to_decode_clicked_spots(tiny_zoo) -> None:
    from ae_models import load_pretrained
    from ae_models.onnx.browser import browser_decoder

    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-conv_ae-4")
    at.session_state["map_pick"] = {("digits", "sample"): Pick("position", position=(0.1, -0.2), source=SOURCE)}
    at.run()
    spots = hover_data(at)["spots"]
    assert not at.exception, [e.value for e in at.exception]
    decoder = browser_decoder("digits-conv_ae-4", load_pretrained("digits-conv_ae-4", device="cpu"))
    assert spots["decoder"] == {**decoder.reading(), "url": spots["decoder"]["url"]}
    assert spots["inverse"] == {"kind": "linear", "k": 0, "latent_dim": 4, "url": spots["inverse"]["url"]}
    assert spots["title"] == "Decoded map position ({pos})"
    assert hover_data(at)["picked_position"] == [0.1, -0.2]  # the preview of that spot goes: the inspector shows it
    at.toggle(key="map_3d").set_value(True).run()
    assert hover_data(at)["spots"] is None  # a 3-D map's clicks are the server's alone


def test_a_spot_far_out_on_a_tsne_map_is_a_hole(tiny_zoo, monkeypatch: pytest.MonkeyPatch) -> None:
    import ae_models.samples

    monkeypatch.setattr(ae_models.samples, "load_embedding", shipped)
    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-conv_ae-4").run()
    at.segmented_control(key="projection").set_value("tsne")
    source = ("digits-conv_ae-4", "tsne", 2)
    at.session_state["map_pick"] = {("digits", "sample"): Pick("position", position=(40.0, 40.0), source=source)}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("hole" in m.value for m in at.markdown)  # st.badge renders as markdown


def test_a_pick_from_another_dataset_is_ignored(tiny_zoo) -> None:
    at = open_map()
    at.session_state["map_pick"] = {("mnist", "sample"): Pick("sample", indices=(4999,), source=SOURCE)}
    at.run()
    assert not at.exception
    assert at.info  # "click a point…"


def test_a_2d_latent_is_shown_raw(tiny_zoo) -> None:
    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-ae-2").run()
    assert not at.exception
    assert figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "z₁"
    assert at.segmented_control(key="projection").disabled


def test_3d_map_and_backdrop(tiny_zoo) -> None:
    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-conv_ae-4")
    at.toggle(key="map_backdrop").set_value(True).run()
    assert not at.exception
    assert figures(at)[0]["layout"]["images"][0]["source"].startswith("data:image/png;base64,")
    at.toggle(key="map_3d").set_value(True).run()
    assert not at.exception
    assert {t["type"] for t in figures(at)[0]["data"]} == {"scatter3d"}


# --- a colour model -------------------------------------------------------------------------------
def test_a_colour_model_shows_its_samples_neighbours_and_backdrop_in_colour(tiny_colour_zoo, colour_npz,
                                                                            shown_pictures) -> None:
    import base64
    import io

    from PIL import Image

    at = open_map()
    dataset = at.sidebar.selectbox(key="dataset").value
    source = ("blobs-conv_ae-4", "pca", 2)
    at.session_state["map_pick"] = {(dataset, "sample"): Pick("sample", indices=(5, 6, 7), source=source)}
    at.toggle(key="map_backdrop").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    original, reconstruction, error = at.image[0].value  # the picked sample, then its neighbours, the group
    assert shown_pictures.is_colour(original) and shown_pictures.is_colour(reconstruction)
    assert shown_pictures(error).ndim == 2  # the error per pixel, averaged over the channels
    assert all(shown_pictures.is_colour(image.value[0]) for image in at.image[1:])
    uri = figures(at)[0]["layout"]["images"][0]["source"]
    backdrop = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    assert backdrop.shape[-1] == 3 and (backdrop[..., 0] != backdrop[..., 2]).mean() > 0.5  # not grey in RGB
    at.session_state["map_pick"] = {(dataset, "sample"): Pick("position", position=(0.1, -0.2), source=source)}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert shown_pictures.is_colour(at.image[0].value[0])  # the decoded map position


def test_factor_colours_follow_hues_ramp_ordered_values_and_keep_the_class_palette_for_names() -> None:
    from app_ui.common.pictures import PALETTE
    from app_ui.latent_map.figures import factor_colours

    assert factor_colours("object_hue", (0.0, 120.0, 240.0)) == ("#d91616", "#16d916", "#1616d9")
    ramp = factor_colours("x_position", (14.0, 18.0, 22.0))
    assert len(set(ramp)) == 3 and ramp[0] == "rgb(68, 1, 84)"  # Viridis, small → large
    assert factor_colours("shape", ("square", "circle")) == PALETTE[:2]  # shape is the class: same colours
    fig = map_figure(np.zeros((4, 2)), np.array([0, 1, 1, 0]), ("a", "b"), ("x", "y"), colours=("#000001", "#000002"))
    assert [t.marker.color for t in fig.data[1:]] == ["#000001", "#000002"]


# --- point sets and the URL ------------------------------------------------------------------------
def finish_jobs() -> None:
    """Wait for the page's background jobs (AppTest does not poll fragments as a browser does)."""
    from app_ui.latent_map.data import map_jobs
    from app_ui.latent_map.spots import decoder_jobs

    for job in map_jobs().running() + decoder_jobs().running():
        assert job.wait(120), job.key


def values(array) -> np.ndarray:
    """A figure array as plotly writes numpy arrays into its JSON (typed `bdata`), or a plain list."""
    import base64

    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array)


def shown_points(figure: dict) -> dict[str, int]:
    return {trace["name"]: len(values(trace["x"])) for trace in figure["data"] if trace["name"] != "grid"}


def test_the_whole_test_split_and_train_plus_test_are_offered_with_their_sizes(tiny_zoo) -> None:
    at = open_map()
    control = at.segmented_control(key="points")
    assert control.options == ["Sample · 360", "Test split · 360", "Train + test · 1,797"]
    control.set_value("all").run()
    finish_jobs()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert sum(shown_points(figures(at)[0]).values()) == 1797  # every image, none sampled away
    assert any(c.value.startswith("**1,797 points** (Train + test)") for c in at.caption)
    assert at.toggle(key="map_3d").disabled and at.toggle(key="map_compare").disabled


def test_missing_data_disables_the_choice_and_says_how_to_get_it(tiny_zoo, monkeypatch) -> None:
    from pathlib import Path

    import app_ui.latent_map.settings
    from ae_models.point_sets import MissingData

    missing = MissingData(Path("/data/mnist"), "python -m ae_models.data download mnist")
    monkeypatch.setattr(app_ui.latent_map.settings, "points_missing", lambda d, p: None if p == "sample" else missing)
    at = open_map()
    assert at.segmented_control(key="points").disabled
    assert any("`python -m ae_models.data download mnist`" in c.value and "AE_DATA_DIR" in c.value
               for c in at.caption)
    assert any(c.value.startswith("**360 points** (Sample)") for c in at.caption)


def test_a_link_reopens_the_same_map(tiny_zoo, monkeypatch) -> None:
    from apptest import APP

    from ae_models.map_store import MapStore

    monkeypatch.setattr(MapStore, "projection", lambda self, codes, method, dims=2, seed=0, progress=None:
                        np.random.default_rng(0).normal(size=(len(codes.codes), dims)))  # a stand-in t-SNE
    link = {"model": "digits-vae-4", "points": "test", "projection": "tsne"}
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(link)  # AppTest's first run is the default page: the sidebar reads ?model= there
    at.run()
    at.switch_page(PAGE)  # a switch clears the URL, as in the browser: the link again, as the page opens with it
    at.query_params.update(link)
    at.run()
    finish_jobs()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.selectbox(key="model").value == "digits-vae-4"
    assert at.segmented_control(key="points").value == "test"
    assert at.segmented_control(key="projection").value == "tsne"
    assert figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "t-SNE 1"
    at.segmented_control(key="points").set_value("all").run()
    assert at.query_params["points"] == "all" and at.query_params["model"] == "digits-vae-4"  # the new link


def test_a_sessions_first_map_of_a_whole_set_is_painted_first_by_a_quick_map_of_its_points(tiny_zoo,
                                                                                            monkeypatch) -> None:
    """The quick map (a canvas) paints a whole set's points while plotly loads; every point where
    the plotly map draws it, once per session."""
    from apptest import APP

    from app_ui.latent_map import quick_map
    from app_ui.latent_map.quick_map import decoded_points

    quick, mount = [], quick_map._COMPONENT
    monkeypatch.setattr(quick_map, "_COMPONENT", lambda **kwargs: (quick.append(kwargs["data"]), mount(**kwargs))[1])
    link = {"model": "digits-conv_ae-4", "points": "all"}
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(link)
    at.run()
    at.switch_page(PAGE)
    at.query_params.update(link)
    at.run()
    finish_jobs()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [data] = quick
    assert data["view"] == ("digits", "all", "digits-conv_ae-4", "pca", 2, 1797)
    plotted = np.full((1797, 2), np.nan)
    for trace in figures(at)[0]["data"]:
        if trace["name"] != "grid":
            plotted[values(trace["customdata"]).ravel()] = np.stack([values(trace["x"]), values(trace["y"])], 1)
    x0, x1, y0, y1 = data["range"]
    assert np.all(np.abs(decoded_points(data) - plotted) <= [(x1 - x0) / 65535, (y1 - y0) / 65535])
    at.run()
    assert len(quick) == 1 and len(figures(at)) == 1  # a later run: plotly alone


# --- selections ---------------------------------------------------------------------------------------
def latents(name: str) -> np.ndarray:
    import ae_models
    from ae_models.latent_ops import encode_all

    return encode_all(ae_models.load_pretrained(name), ae_models.load_dataset("digits", "test").images)


def select(at: AppTest, indices, points: str = "sample") -> None:
    """What a lasso or box does: the chart's on_select callback stores a pick of sample indices."""
    at.session_state["map_pick"] = {("digits", points): Pick("sample", indices=tuple(indices), source=SOURCE)}


def test_a_selection_shows_its_pages_and_mean_and_its_vector_opens_in_generate(tiny_zoo) -> None:
    from ae_models.selection import selection_vector

    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-conv_ae-4")
    select(at, range(60))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("#### Selected: 60 point") for m in at.markdown)
    assert at.number_input(key="map_sel_page").max == 2  # 48 a page
    assert shown_points(figures(at)[0])["not selected"] == 300  # the rest, grey
    at.button(key="map_sel_store_a").click().run()
    select(at, range(100, 130))
    at.segmented_control(key="projection").set_value("pca").run()
    assert any(c.value.startswith("A → B = mean code of B − mean code of A") for c in at.caption)
    at.button(key="map_sel_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    handed = at.session_state["gen_map_vector"]
    codes = latents("digits-conv_ae-4")
    np.testing.assert_allclose(handed.vector, selection_vector(codes, np.arange(60), np.arange(100, 130)), atol=1e-5)
    assert at.title[0].value.startswith("Generate")  # switched, with the attribute tab open and the vector applied
    assert [s.value for s in at.subheader][0] == "From the Latent Map: A (60 points) → B (30 points)"
    assert at.slider(key="gen_map_vector_strength").value == 1.0


def test_treating_a_selection_as_normal_gives_the_auroc_of_the_rest(tiny_zoo) -> None:
    import ae_models
    from ae_models.anomaly import anomaly_scores
    from ae_models.selection import selection_auroc

    at = open_map()
    at.sidebar.selectbox(key="model").set_value("digits-conv_ae-4")
    chosen = np.arange(0, 360, 3)
    select(at, chosen)
    at.run()
    at.toggle(key="map_sel_normal").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    images = ae_models.load_dataset("digits", "test").images
    scores = anomaly_scores(ae_models.load_pretrained("digits-conv_ae-4"), images)
    metric = next(m for m in at.metric if m.label == "AUROC of the rest")
    assert float(metric.value) == pytest.approx(selection_auroc(scores["mse"], chosen), abs=5e-4)
    assert at.download_button(key="map_sel_csv") and at.download_button(key="map_sel_npy")


def test_a_selection_survives_a_projection_switch(tiny_zoo, monkeypatch) -> None:
    import ae_models.samples

    monkeypatch.setattr(ae_models.samples, "load_embedding", shipped)
    at = open_map()
    select(at, [4, 8, 15, 16, 23, 42])
    at.run()
    at.segmented_control(key="projection").set_value("tsne").run()
    assert not at.exception, [e.value for e in at.exception]
    assert shown_points(figures(at)[0])["not selected"] == 354
    assert any(m.value.startswith("#### Selected: 6 point") for m in at.markdown)


def test_a_point_of_a_whole_set_shows_its_thumbnail_reconstruction_and_selection(tiny_zoo) -> None:
    at = open_map()
    at.segmented_control(key="points").set_value("all").run()
    finish_jobs()
    select(at, [1500], points="all")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(m.value.startswith("#### #1500") for m in at.markdown)  # the inspector
    assert any(m.value.startswith("#### Selected: 1 point") for m in at.markdown)  # and the selection panel
    assert at.download_button(key="map_sel_npy")
