"""The map a cold start shows first: the shipped 2-D map of the selected model's sample
(`assets/embeddings/<model>.npz`) drawn by the quick map (`quick_map.py`, a canvas), before torch and
scikit-learn are imported (≈ 4 s on two busy cores) and before the browser has plotly's code (≈ 2 s),
so it is on screen, and clickable, that much sooner.

It is drawn on a session's first visit of the page when the settings (drawn above it, torch-free
too, so the map does not move when the rest arrives) ask for the default map: the sample in 2-D,
coloured by class. The plotly map of the same file follows it at once, under it (the quick map stands
over it until it has drawn: `assets/quick_map/`), and stays when it is the model's own map
(`FirstMap.matches`; else the page reruns and draws its own). A click on the quick map is the page's
pick (`view.PICK_KEY`), as a click on the plotly map is, through the relay the page draws above its
fragment (`quick_pick_relay`).

Any other first map of a session that is a single 2-D map gets the quick map too, drawn from its own
embedding once torch has made it (`first_paint`): a whole set's 70,000 points paint in milliseconds
on a canvas, and plotly's code and WebGL plot take seconds more.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ae_models.samples import SAMPLE_CLASSES, load_embedding
from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo, model_keyed
from app_ui.common.pictures import class_colour
from app_ui.latent_map.figures import MAP_HEIGHT, Pick, map_figure, marker_size
from app_ui.latent_map.quick_map import MAX_QUICK_CLASSES, QuickPick, quick_map, quick_map_data, quick_map_relay
from app_ui.latent_map.settings import Settings
from app_ui.latent_map.view import PICK_KEY, MapView, map_layout, show_map

DRAWN_KEY = "_map_first_drawn"  # session state: this session has drawn a map (plotly's code is in its tab)
MATCH_TOLERANCE = 1e-2  # of the map's extent: the shipped maps are float16 (a point moves < 1 px when redrawn)
# On a cold server the run pauses this long after the quick map, before the plotly map and torch: the
# browser still has to fetch the component code from this server to paint it, a torch import holding
# the GIL starves the server's static files (measured in Chromium, 4 cold starts each: quick map data
# received → painted 0.54–0.77 s without the pause, 0.25–0.42 s with it), and plotly's chart makes the
# browser evaluate 4.7 MB of code (≈ 0.9 s of its main thread).
HEAD_START_S = 0.3


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=16)
def shipped_arrays(model_name: str) -> dict[str, np.ndarray] | None:
    """The model's shipped embedding file as it is (float16), or None (`samples.load_embedding`)."""
    return load_embedding(model_name)


@dataclass(frozen=True)
class FirstMap:
    """The first map as drawn, and the place of the inspector beside it."""

    view: MapView
    embedding: np.ndarray  # (N, 2) as drawn
    labels: np.ndarray  # (N,)
    classes: tuple[str, ...]
    side: DeltaGenerator  # where the inspector goes, beside the map

    def matches(self, views: list[MapView], embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...]
                ) -> bool:
        """Whether the map the page would draw is this one: the same single view of (N, 2)
        `embedding`, `labels` and `classes` (a model retrained since its map was shipped: no)."""
        scale = MATCH_TOLERANCE * float(np.abs(embedding).max() + 1e-12)
        return (views == [self.view] and classes == self.classes and embedding.shape == self.embedding.shape
                and np.array_equal(labels, self.labels) and np.allclose(embedding, self.embedding, rtol=0, atol=scale))


def remember_quick_pick(pick: QuickPick) -> None:
    """A click on the quick map, kept as the page's pick of that map's point set."""
    picks = st.session_state.setdefault(PICK_KEY, {})
    key = (pick.dataset, pick.points)
    if pick.index is not None:
        picks[key] = Pick("sample", indices=(pick.index,), source=pick.source)
    elif pick.position is not None:
        picks[key] = Pick("position", position=pick.position, source=pick.source)


def quick_pick_relay() -> None:
    """The quick map's line to the server: drawn above the page's fragment (`quick_map_relay`)."""
    quick_map_relay(remember_quick_pick)


def _quick_map(view: MapView, embedding: np.ndarray, labels: np.ndarray, names: Sequence[str],
               colours: Sequence[str] | None) -> None:
    """The quick map of a 2-D `embedding` coloured by `labels` (indices into `names`, coloured by
    `colours` or the class palette): the first element of the map's column (see `view.map_layout`)."""
    colours = colours or [class_colour(i) for i in range(len(names))]
    data = quick_map_data(embedding, labels, names, colours, view.axis_titles[:2], MAP_HEIGHT,
                          marker_size(len(labels)), (view.model.dataset, view.points, *view.source))
    quick_map(view.chart_key, data, t("map_pick_pending"))


def first_map(model: ModelInfo, settings: Settings) -> FirstMap | None:
    """Draw the first map of this session from the shipped embedding in the page's map column; None
    when it was not drawn (a session that has drawn a map, no shipped map, not the default map)."""
    if DRAWN_KEY in st.session_state or not settings.plain:
        return None
    [view] = settings.views(model)
    stored, classes = shipped_arrays(model.name), SAMPLE_CLASSES.get(model.dataset)
    coords = "latents" if view.raw else view.method
    if stored is None or classes is None or coords not in stored or "labels" not in stored:
        return None
    st.session_state[DRAWN_KEY] = True
    embedding = stored[coords].astype(np.float32)
    labels = np.asarray(stored["labels"], dtype=np.int64)
    [column], side = map_layout(1)
    with column:
        _quick_map(view, embedding, labels, classes, None)
        if "torch" not in sys.modules:
            time.sleep(HEAD_START_S)
        show_map(view, map_figure(embedding.astype(np.float64), labels, tuple(classes), view.axis_titles,
                                  revision=view.revision("class")), len(labels))
    return FirstMap(view, embedding, labels, tuple(classes), side)


def first_paint(view: MapView, embedding: np.ndarray, labels: np.ndarray, names: Sequence[str],
                colours: Sequence[str] | None, alone: bool) -> None:
    """The first element of a map's column, before its plotly map (see `view.map_layout`): the quick
    map of the map's 2-D `embedding` when it is the first map this session draws and the only map,
    plain (`alone`: no pick, backdrop or comparison), with every label one of `names`; else an
    empty element in its place."""
    first = DRAWN_KEY not in st.session_state
    st.session_state[DRAWN_KEY] = True
    if (first and alone and embedding.shape[1] == 2 and len(names) <= MAX_QUICK_CLASSES
            and labels.min(initial=0) >= 0 and labels.max(initial=0) < len(names)):
        _quick_map(view, embedding, labels, names, colours)
    else:
        st.empty()
