"""The quick map's data (what the browser draws from) and its clicks (what the server makes of
them): a cold start's first map, `app_ui/latent_map/quick_map.py`."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from app_ui.latent_map.figures import map_figure, map_range
from app_ui.latent_map.quick_map import LEVELS, QuickPick, decoded_points, quick_map_data, quick_pick

VIEW = ("digits", "sample", "digits-conv_ae-4", "pca", 2)


def data_of(embedding: np.ndarray, labels: np.ndarray, classes=("a", "b", "c")) -> dict:
    return quick_map_data(embedding, labels, classes, ("#111", "#222", "#333"), ("PCA 1", "PCA 2"), 620, 4.0, VIEW)


def test_the_browser_decodes_the_points_and_labels_the_server_sent() -> None:
    rng = np.random.default_rng(0)
    embedding = rng.normal(size=(500, 2)).astype(np.float32) * [3.0, 0.5] + [10.0, -2.0]
    labels = rng.integers(0, 3, 500)
    data = data_of(embedding, labels)
    x0, x1, y0, y1 = data["range"]
    step = np.array([x1 - x0, y1 - y0]) / LEVELS
    assert (np.abs(decoded_points(data) - embedding) <= step).all()  # within one step of 65,535
    assert np.array_equal(np.frombuffer(base64.b64decode(data["labels"]), dtype=np.uint8), labels)
    assert data["view"] == (*VIEW, 500)
    assert all(isinstance(data[k], tuple) for k in ("range", "classes", "colours", "axes"))  # see quick_map_data


def test_the_quick_map_and_the_plotly_map_share_their_axis_ranges() -> None:
    """So a point stays where it was when the plotly map replaces the quick map."""
    rng = np.random.default_rng(1)
    embedding = rng.normal(size=(300, 2)) * [5.0, 1.0]
    labels = rng.integers(0, 3, 300)
    fig = map_figure(embedding, labels, ("a", "b", "c"), ("PCA 1", "PCA 2"))
    x0, x1, y0, y1 = data_of(embedding, labels)["range"]
    assert tuple(fig.layout.xaxis.range) == (x0, x1) and tuple(fig.layout.yaxis.range) == (y0, y1)
    assert x0 < embedding[:, 0].min() and x1 > embedding[:, 0].max()  # every point inside
    flat = map_range(np.array([[1.0, 2.0], [1.0, 3.0]]))  # a flat axis still has a width
    assert flat[1] > flat[0]


def test_more_classes_than_a_byte_holds_are_refused() -> None:
    with pytest.raises(ValueError, match="255 classes"):
        quick_map_data(np.zeros((2, 2)), np.zeros(2), [str(i) for i in range(300)], ["#000"] * 300,
                       ("a", "b"), 620, 4.0, VIEW)


SENT_VIEW = [*VIEW, 500]  # as the browser sends it back


@pytest.mark.parametrize(("value", "expected"), [
    ({"index": 7, "view": SENT_VIEW}, QuickPick("digits", "sample", ("digits-conv_ae-4", "pca", 2), index=7)),
    ({"position": [0.5, -1], "view": SENT_VIEW},
     QuickPick("digits", "sample", ("digits-conv_ae-4", "pca", 2), position=(0.5, -1.0))),
    ({"index": 500, "view": SENT_VIEW}, None),  # past the map's points
    ({"index": -1, "view": SENT_VIEW}, None),
    ({"index": True, "view": SENT_VIEW}, None),
    ({"position": [float("nan"), 0.0], "view": SENT_VIEW}, None),
    ({"position": [1.0], "view": SENT_VIEW}, None),
    ({"index": 7, "view": SENT_VIEW[:5]}, None),
    ({"index": 7, "view": ["digits", "sample", "m", "pca", "2", 500]}, None),
    ({"index": 7}, None),
    (None, None),
    ("7", None),
])
def test_a_click_from_the_browser_becomes_a_pick_only_when_well_formed(value: object, expected) -> None:
    assert quick_pick(value) == expected


def remember_and_show(index: int | None, position: tuple[float, float] | None) -> None:
    import streamlit as st

    from app_ui.latent_map.first_map import remember_quick_pick
    from app_ui.latent_map.quick_map import QuickPick
    from app_ui.latent_map.view import PICK_KEY

    remember_quick_pick(QuickPick("digits", "sample", ("digits-conv_ae-4", "pca", 2), index, position))
    st.session_state["seen"] = st.session_state[PICK_KEY][("digits", "sample")]


@pytest.mark.parametrize(("index", "position", "kind"), [(11, None, "sample"), (None, (0.25, 4.0), "position")])
def test_a_quick_map_click_is_the_pages_pick_of_that_point_set(index, position, kind) -> None:
    at = AppTest.from_function(remember_and_show, kwargs={"index": index, "position": position})
    at.run()
    pick = at.session_state["seen"]
    assert (pick.kind, pick.source) == (kind, ("digits-conv_ae-4", "pca", 2))
    assert pick.indices == ((index,) if index is not None else ()) and pick.position == (position or ())


def paint_runs(alone: bool, dims: int, top_label: int) -> None:
    """A map column's first element on each run: `first_paint` with a (30, dims) map labelled 0..top_label."""
    import numpy as np
    import streamlit as st

    from app_ui.common.loaders import ModelInfo
    from app_ui.latent_map import quick_map
    from app_ui.latent_map.first_map import first_paint
    from app_ui.latent_map.view import MapView

    mount = quick_map._COMPONENT
    drawn = st.session_state.setdefault("quick_maps", [])
    quick_map._COMPONENT = lambda **kwargs: (drawn.append(kwargs["data"]), mount(**kwargs))[1]
    try:
        model = ModelInfo("digits-conv_ae-4", "digits", "conv_ae", 4, None, None, "MSE 0.01")
        labels = np.arange(30) % (top_label + 1)
        embedding = np.random.default_rng(0).normal(size=(30, dims))
        first_paint(MapView(model, "pca", dims, "map_chart", "all"), embedding, labels, ("a", "b", "c"), None, alone)
    finally:
        quick_map._COMPONENT = mount


@pytest.mark.parametrize(("alone", "dims", "top_label", "quick"), [
    (True, 2, 2, True),
    (False, 2, 2, False),  # a pick, a backdrop or a second map: plotly draws what the quick map cannot
    (True, 3, 2, False),  # a 3-D map
    (True, 2, 3, False),  # a label with no name ("unlabelled" on the plotly map)
])
def test_only_a_sessions_first_map_is_painted_quick_when_it_can_show_what_plotly_will(alone, dims, top_label,
                                                                                       quick) -> None:
    at = AppTest.from_function(paint_runs, kwargs={"alone": alone, "dims": dims, "top_label": top_label})
    at.run()
    at.run()
    assert not at.exception
    drawn = at.session_state["quick_maps"]
    assert len(drawn) == (1 if quick else 0)  # never on the second run: plotly's code is in the tab by then
    if quick:
        assert drawn[0]["view"] == ("digits", "all", "digits-conv_ae-4", "pca", 2, 30)
