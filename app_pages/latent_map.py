"""Latent Map: the latent codes of the shipped sample, the whole test split or train + test,
projected to 2-D or 3-D (PCA, t-SNE, UMAP); the choices live in the URL.

Hover a point for its image and reconstruction, click it to inspect it, click empty space to decode
that spot of the map, draw a box or lasso to select a group and do something with it.
"""

from __future__ import annotations

import streamlit as st

from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo
from app_ui.common.preload import preload_plotly
from app_ui.common.sidebar import current_selection, require_model, require_selection
from app_ui.latent_map.first_map import first_map, first_paint, quick_pick_relay
from app_ui.latent_map.settings import settings_ui
from app_ui.latent_map.view import map_layout


@st.fragment
def explorer(model: ModelInfo) -> None:
    settings = settings_ui(model)  # point set, projection (both in the URL), 3-D, backdrop, comparison, colour
    first = first_map(model, settings)  # a session's first visit: the shipped map on a canvas, before torch
    # The rest imports torch and scikit-learn (≈ 4 s on a cold start): here, after the first map is out.
    from app_ui.latent_map.panels import colouring, current_pick, draw_map, export_ui, fitted, inspector, quality_ui
    from app_ui.latent_map.points import hover_ui, map_points, map_ready
    from app_ui.latent_map.selection import selection_panel

    require_model(current_selection())
    views = settings.views(model)
    if not map_ready(views[0]):  # a whole set's background job: its progress; the page stays usable
        return
    points = map_points(views[0])
    colours = colouring(points, settings.colour_by)  # by class, or by a known factor (shapes)
    pick = current_pick(points)

    if first is None:
        map_columns, side = map_layout(len(views))
    elif pick is None and first.matches(views, fitted(views[0]).embedding_, colours.labels, points.classes):
        map_columns, side = [], first.side
    else:  # e.g. a model retrained since its shipped map was made: the rerun draws the page's own map
        st.rerun()
    with side:
        quality = st.container()  # filled after the maps: its first computation does not hold them up
        inspector(pick, views, points)  # before the maps: a click's answer does not wait for their figures
    alone = len(views) == 1 and pick is None and not settings.backdrop
    for view, column in zip(views, map_columns, strict=False):  # none on a first visit's shipped map (drawn)
        with column:
            first_paint(view, fitted(view).embedding_, colours.labels, colours.names, colours.colours, alone)
            draw_map(view, pick, colours, settings.backdrop, titled=len(views) > 1)
    with quality:
        quality_ui(views)
    selection_panel(pick, views[0], points)  # a box or lasso: grid, mean code, A → B, AUROC, downloads
    export_ui(views[0], points)
    hover_ui(views, pick)  # last: never holds up the map


preload_plotly()  # first: the browser fetches the chart code while this run draws the rest
quick_pick_relay()  # outside the fragment: a click on the quick map reruns the whole page
selection = require_selection(current_selection())
st.title(t("map_title"))
st.caption(t("map_intro"))
explorer(selection.model)
