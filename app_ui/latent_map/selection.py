"""What a box or lasso selection on the Latent Map does (the maths is `ae_models.selection`): its
images page by page, its mean code decoded, "selection A → selection B" as an attribute vector that
opens in Generate, "treat the selection as normal" (the AUROC of the rest by reconstruction error),
and CSV/NPY downloads of its indices and codes.

Plotly selections cannot be driven by AppTest, so everything here starts from a `Pick` (indices)
in session state: a test sets one and the panel runs as after a lasso.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models.imaging import grid, upscale
from ae_models.latent_map import class_counts, export_csv
from ae_models.latent_ops import decode_all
from ae_models.selection import (
    PAGE_SIZE,
    as_selection,
    mean_code,
    page_count,
    selection_auroc,
    selection_npy,
    selection_page,
    selection_vector,
)
from app_ui.common.i18n import t
from app_ui.common.labels import class_name
from app_ui.common.loaders import load_model
from app_ui.common.pictures import picture
from app_ui.common.sidebar import PAGES_DIR
from app_ui.generate.state import MapVector, hand_over_vector
from app_ui.latent_map.data import latent_codes, map_projector, point_pictures
from app_ui.latent_map.figures import Pick
from app_ui.latent_map.points import MapPoints
from app_ui.latent_map.view import MapView

A_KEY = "map_selection_a"  # session state: {(dataset, point set): indices of the stored selection A}
PAGE_KEY, SHOWN_KEY = "map_sel_page", "map_sel_shown"  # the grid's page, and the selection it belongs to
GRID_COLUMNS = 8
GENERATE_PAGE = PAGES_DIR / "generate.py"


def selection_panel(pick: Pick | None, view: MapView, points: MapPoints) -> None:
    """The panel of a selection of several points (of one, on a whole set, where the inspector has
    no full image): grid, mean code, A → B, the rest as anomalies, downloads."""
    if pick is None or pick.kind != "sample" or (len(pick.indices) < 2 and points.has_images):
        return
    chosen = as_selection(pick.indices, len(points))
    codes = latent_codes(view.model.name, view.model.dataset, view.points)
    st.divider()
    counts = ", ".join(f"{class_name(points.classes, c)}: {n}" for c, n in class_counts(points.labels[chosen]).items())
    st.markdown(t("map_sel_title").format(n=f"{len(chosen):,}", counts=counts))
    left, right = st.columns([3, 2], gap="medium")
    with left:
        selection_grid(chosen, points)
    with right:
        mean_picture(codes, chosen, view)
        vector_ui(codes, chosen, view, points)
        normal_ui(chosen, view)
        export_ui(codes, chosen, view, points)


def grid_page(chosen: np.ndarray) -> int:
    """The grid's page (0-based): back to the first for a new selection, kept within its pages."""
    signature = (len(chosen), int(chosen[0]), int(chosen[-1]), int(chosen.sum()))
    if st.session_state.get(SHOWN_KEY) != signature:
        st.session_state[SHOWN_KEY], st.session_state[PAGE_KEY] = signature, 1
    st.session_state[PAGE_KEY] = min(max(int(st.session_state.get(PAGE_KEY, 1)), 1), page_count(chosen))
    return st.session_state[PAGE_KEY] - 1


def selection_grid(chosen: np.ndarray, points: MapPoints) -> None:
    """The selection's images, `PAGE_SIZE` a page."""
    page, pages = grid_page(chosen), page_count(chosen)
    if pages > 1:
        st.columns([1, 3])[0].number_input(t("map_sel_page"), 1, pages, step=1, key=PAGE_KEY)
    shown = selection_page(chosen, page)
    tiles = points.tiles(shown)
    st.image(upscale(grid(tiles, cols=min(GRID_COLUMNS, len(tiles)), value=128), 56 * GRID_COLUMNS),
             caption=t("map_sel_pages").format(page=page + 1, pages=pages, first=f"{page * PAGE_SIZE + 1:,}",
                                               last=f"{page * PAGE_SIZE + len(shown):,}", n=f"{len(chosen):,}"))


def _decoded(view: MapView, code: np.ndarray) -> np.ndarray:
    return picture(decode_all(load_model(view.model.name), code)[0], 112)


def mean_picture(codes: np.ndarray, chosen: np.ndarray, view: MapView) -> None:
    """The decoder's picture of the selection's mean code: what its images have in common."""
    st.image(_decoded(view, mean_code(codes, chosen)), caption=t("map_sel_mean"))
    st.caption(t("map_sel_mean_help"))


def store_a(key: tuple[str, str], chosen: np.ndarray) -> None:
    st.session_state.setdefault(A_KEY, {})[key] = tuple(int(i) for i in chosen)


def forget_a(key: tuple[str, str]) -> None:
    st.session_state.get(A_KEY, {}).pop(key, None)


def stored_a(points: MapPoints) -> np.ndarray | None:
    """Selection A of this dataset and point set, if one is stored and fits the points."""
    indices = st.session_state.get(A_KEY, {}).get(points.key)
    if indices is None or not all(0 <= i < len(points) for i in indices):
        return None
    return np.asarray(indices, dtype=np.int64)


def map_vector(view: MapView, codes: np.ndarray, a: np.ndarray, b: np.ndarray) -> MapVector:
    """What Generate gets: mean code of B − mean code of A, for the view's model."""
    vector = selection_vector(codes, a, b)
    return MapVector(view.model.name, tuple(float(v) for v in vector),
                     t("map_sel_vector_label").format(a=f"{len(a):,}", b=f"{len(b):,}"))


def vector_ui(codes: np.ndarray, chosen: np.ndarray, view: MapView, points: MapPoints) -> None:
    """Keep this selection as A; with an A kept, this one is B: the vector A → B, opened in Generate."""
    st.markdown(t("map_sel_vector_title"))
    a = stored_a(points)
    if a is None:
        st.button(t("map_sel_store_a"), key="map_sel_store_a", on_click=store_a, args=(points.key, chosen))
        st.caption(t("map_sel_store_a_help"))
        return
    if np.array_equal(a, chosen):
        st.caption(t("map_sel_a_is_this").format(n=f"{len(a):,}"))
        st.button(t("map_sel_forget_a"), key="map_sel_forget_a", on_click=forget_a, args=(points.key,))
        return
    vector = map_vector(view, codes, a, chosen)
    st.image([_decoded(view, mean_code(codes, a)), _decoded(view, mean_code(codes, chosen))],
             caption=[t("map_sel_mean_a").format(n=f"{len(a):,}"), t("map_sel_mean_b").format(n=f"{len(chosen):,}")])
    st.caption(t("map_sel_vector").format(norm=float(np.linalg.norm(vector.vector))))
    go, again, drop = st.columns(3)
    if go.button(t("map_sel_open_generate"), key="map_sel_generate", type="primary"):
        hand_over_vector(vector)
        st.switch_page(GENERATE_PAGE, query_params={"model": view.model.name})
    again.button(t("map_sel_replace_a"), key="map_sel_replace_a", on_click=store_a, args=(points.key, chosen))
    drop.button(t("map_sel_forget_a"), key="map_sel_forget_a", on_click=forget_a, args=(points.key,))


def normal_ui(chosen: np.ndarray, view: MapView) -> None:
    """"Treat the selection as normal": how well the reconstruction error flags the rest (AUROC)."""
    if not st.toggle(t("map_sel_normal"), key="map_sel_normal", help=t("map_sel_normal_help")):
        return
    with st.spinner(t("map_sel_scoring")):  # the sample's scores come with its thumbnails, in the background
        errors = point_pictures(view.model.name, view.model.dataset, view.points).errors
    try:
        auroc = selection_auroc(errors, chosen)
    except ValueError:
        st.info(t("map_sel_auroc_all"))
        return
    st.metric(t("map_sel_auroc"), f"{auroc:.3f}")
    st.caption(t("map_sel_auroc_explain").format(rest=f"{len(errors) - len(chosen):,}", n=f"{len(chosen):,}"))


def export_ui(codes: np.ndarray, chosen: np.ndarray, view: MapView, points: MapPoints) -> None:
    """CSV (index, map coordinates, code, label, class) and NPY (index, code) of the selected points."""
    embedding = map_projector(*view.args).embedding_
    st.markdown(t("map_sel_export"))
    left, right = st.columns(2)
    left.download_button("CSV", key="map_sel_csv", file_name=f"{view.stem}-selection.csv", mime="text/csv",
                         on_click="ignore", data=lambda: export_csv(embedding[chosen], codes[chosen],
                                                                    points.labels[chosen], points.classes, chosen))
    right.download_button("NPY", key="map_sel_npy", file_name=f"{view.stem}-selection.npy",
                          mime="application/octet-stream", on_click="ignore",
                          data=lambda: selection_npy(codes, chosen))
    st.caption(t("map_sel_export_help").format(d=codes.shape[1]))
