"""The map a cold start shows first: the shipped 2-D map of the selected model's sample
(`assets/embeddings/<model>.npz`), drawn with NumPy and plotly before torch and scikit-learn are
imported (≈ 4 s on two busy cores), so it is on screen, and clickable, about that much sooner.

It is drawn on a session's first visit of the page when the settings (drawn above it, torch-free
too, so the map does not move when the rest arrives) ask for the default map: the sample in 2-D,
coloured by class. `FirstMap.matches` then holds it against the map the page draws from the model
(PCA refitted on the codes, which must re-encode: a model retrained since its embeddings were
written gets its own map), and the page reruns on a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ae_models.samples import SAMPLE_CLASSES, load_embedding
from app_ui.common.loaders import ModelInfo, model_keyed
from app_ui.latent_map.figures import map_figure
from app_ui.latent_map.settings import Settings
from app_ui.latent_map.view import MapView, map_layout, show_map

DRAWN_KEY = "_map_first_drawn"  # session state: this session has had its first map
MATCH_TOLERANCE = 1e-2  # of the map's extent: the shipped maps are float16 (a point moves < 1 px when redrawn)


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=16)
def shipped_arrays(model_name: str) -> dict[str, np.ndarray] | None:
    """The model's shipped embedding file as it is (float16), or None (`samples.load_embedding`)."""
    return load_embedding(model_name)


@dataclass(frozen=True)
class FirstMap:
    """The first map as drawn, and the page's places around it."""

    view: MapView
    embedding: np.ndarray  # (N, 2) as drawn
    labels: np.ndarray  # (N,)
    classes: tuple[str, ...]
    side: DeltaGenerator  # where the inspector goes, beside the map

    def matches(self, views: list[MapView], embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...]
                ) -> bool:
        """Whether the map the page would draw is this one: the same single view of (N, 2)
        `embedding`, `labels` and `classes`."""
        scale = MATCH_TOLERANCE * float(np.abs(embedding).max() + 1e-12)
        return (views == [self.view] and classes == self.classes and embedding.shape == self.embedding.shape
                and np.array_equal(labels, self.labels) and np.allclose(embedding, self.embedding, rtol=0, atol=scale))


def first_map(model: ModelInfo, settings: Settings) -> FirstMap | None:
    """Draw the first map of this session from the shipped embedding (once per session), in the
    page's map column; None when it was not drawn (later runs, no shipped map, not the default map)."""
    if DRAWN_KEY in st.session_state:
        return None
    st.session_state[DRAWN_KEY] = True
    if not settings.plain:
        return None
    [view] = settings.views(model)
    stored, classes = shipped_arrays(model.name), SAMPLE_CLASSES.get(model.dataset)
    coords = "latents" if view.raw else view.method
    if stored is None or classes is None or coords not in stored or "labels" not in stored:
        return None
    embedding = stored[coords].astype(np.float32).astype(np.float64)  # as the page's projectors hold them
    labels = np.asarray(stored["labels"], dtype=np.int64)
    [column], side = map_layout(1)
    with column:
        show_map(view, map_figure(embedding, labels, classes, view.axis_titles, revision=view.revision("class")),
                 len(labels))
    return FirstMap(view, embedding, labels, tuple(classes), side)
