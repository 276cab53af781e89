"""Latent Map: the test sample's latent codes projected to 2-D or 3-D (PCA, t-SNE, UMAP).

Click a point to inspect it (original, reconstruction, error, its 8 nearest latent neighbours),
click empty space to decode that spot of the map, draw a box or lasso to select a group.
"""

from __future__ import annotations

import streamlit as st

from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo, load_images
from app_ui.common.sidebar import current_selection, require_model
from app_ui.latent_map.panels import (
    current_pick,
    draw_map,
    export_ui,
    inspector,
    map_layout,
    quality_ui,
    settings_ui,
)


@st.fragment
def explorer(model: ModelInfo) -> None:
    settings = settings_ui(model)
    views = settings.views(model)
    sample = load_images(model.dataset)
    labels, classes = sample.labels.numpy(), tuple(sample.classes)
    pick = current_pick(model.dataset, len(labels))

    map_columns, side = map_layout(len(views))
    for view, column in zip(views, map_columns, strict=True):
        with column:
            draw_map(view, pick, labels, classes, settings.backdrop, titled=len(views) > 1)
    with side:
        quality_ui(views)
        inspector(pick, views, sample.images, labels, classes)
    export_ui(views[0], labels, classes)


selection = current_selection()
require_model(selection)
st.title(t("map_title"))
st.caption(t("map_intro"))
explorer(selection.model)
