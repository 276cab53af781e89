"""One map on the Latent Map page: what it shows (`MapView`), where it goes and how it is put on the
page (the chart, whose click, box or lasso becomes the pick, and its captions). Imports neither
torch nor scikit-learn: a cold start draws the shipped map with this before they are imported."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ae_models.projection_methods import METHOD_LABELS, uses_raw_latent
from app_ui.common.i18n import register, t
from app_ui.common.loaders import ModelInfo
from app_ui.latent_map.figures import pick_from_selection, png_export_config
from app_ui.latent_map.texts import TEXTS

register(TEXTS)
PICK_KEY = "map_pick"  # session state: {(dataset, point set): Pick} of the last click, box or lasso


@dataclass(frozen=True)
class MapView:
    """One map on the page: a model's latents of a point set under a projection."""

    model: ModelInfo
    method: str
    dims: int
    chart_key: str
    points: str = "sample"

    @property
    def raw(self) -> bool:
        return uses_raw_latent(self.model.latent_dim, self.dims)

    @property
    def source(self) -> tuple[str, str, int]:
        return (self.model.name, "raw" if self.raw else self.method, self.dims)

    @property
    def args(self) -> tuple[str, str, str, int, str]:
        """What the cached map data of `data.py` is keyed by: model, dataset, method, dims, point set."""
        return (self.model.name, self.model.dataset, self.method, self.dims, self.points)

    @property
    def axis_titles(self) -> tuple[str, ...]:
        if self.raw:
            return ("z₁", "z₂", "z₃")[: self.dims]
        return tuple(f"{METHOD_LABELS[self.method]} {i + 1}" for i in range(self.dims))

    def revision(self, colouring: str) -> str:
        """The figure's `uirevision`: zoom and hidden classes survive a new pick, not a new
        projection or colouring."""
        return "/".join(map(str, (*self.source, colouring)))

    @property
    def stem(self) -> str:
        """File name stem of the map's exports, e.g. "digits-conv_ae-4-pca-2" (the sample) or
        "digits-conv_ae-4-all-tsne-2"."""
        points = "" if self.points == "sample" else f"-{self.points}"
        return f"{self.model.name}{points}-{'-'.join(map(str, self.source[1:]))}"


def map_layout(views: int) -> tuple[list[DeltaGenerator], DeltaGenerator]:
    """Columns for the maps and the place of the inspector: beside one map, below two. In a map's
    column the chart is the second element on every run: a session's first map has the quick map
    standing over it as the first (`first_map.py`), an `st.empty` takes that place on the runs after,
    so the chart keeps its place in the page, and its zoom."""
    if views == 1:
        map_column, side = st.columns([3, 2], gap="medium")
        return [map_column], side
    return list(st.columns(2, gap="medium")), st.container()


def remember_pick(chart_key: str, source: tuple[str, str, int], key: tuple[str, str]) -> None:
    """on_select callback: keep the new pick; an emptied selection (a redraw) keeps the old one."""
    event = st.session_state.get(chart_key)
    pick = pick_from_selection(event["selection"] if event else None, source)
    if pick is not None:
        st.session_state.setdefault(PICK_KEY, {})[key] = pick


def show_map(view: MapView, fig: go.Figure, count: int) -> None:
    """Put the map `fig` of `count` points on the page; a click, box or lasso on it becomes the pick."""
    key = (view.model.dataset, view.points)
    st.plotly_chart(fig, key=view.chart_key, on_select=lambda: remember_pick(view.chart_key, view.source, key),
                    selection_mode=("points", "box", "lasso"),
                    config=png_export_config(view.stem))
    if view.raw:
        st.caption(t("map_raw_caption"))
    hint = t("map_hint") if view.dims == 2 else t("map_hint_3d")
    st.caption(hint.format(n=f"{count:,}", points=t(f"map_points_{view.points}")))
