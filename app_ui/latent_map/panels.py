"""Panels of the Latent Map page: the colouring (class or a known factor), a map, the
projection's quality, the inspector of a picked point or map position, and the export. Which points
a map shows is `points.py`; how a map is put on the page, `view.py` (a cold start's first map:
`first_map.py`); what a box or lasso selection does, `selection.py`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from ae_models.imaging import error_map, grid, to_uint8, upscale
from ae_models.latent_map import class_counts, export_csv, export_npy, position_report, sample_report, shipped_map
from ae_models.latent_ops import decode_all
from ae_models.projection_methods import METHOD_LABELS
from ae_models.projections import Projector
from app_ui.common.i18n import register, t
from app_ui.common.labels import class_name
from app_ui.common.loaders import load_model
from app_ui.common.pictures import picture
from app_ui.latent_map.data import (
    latent_codes,
    latent_neighbours,
    manifold_backdrop,
    map_neighbours,
    map_projector,
    point_pictures,
    projection_quality,
    reconstruction_errors,
    shipped_embedding,
)
from app_ui.latent_map.figures import Highlight, Pick, factor_colours, map_figure
from app_ui.latent_map.points import MapPoints
from app_ui.latent_map.texts import TEXTS
from app_ui.latent_map.view import PICK_KEY, MapView, show_map

register(TEXTS)
BADGE_COLOURS = {"on_data": "green", "near_data": "orange", "hole": "red"}


@dataclass(frozen=True)
class Colouring:
    """What the map's points are coloured by: (N,) indices into `names`, and a colour per name
    (None: the class palette)."""

    key: str  # "class" or a factor's name
    labels: np.ndarray
    names: tuple[str, ...]
    colours: tuple[str, ...] | None = None


def _value_name(factor: str, value: object) -> str:
    return f"{factor} {value:g}" if isinstance(value, (int, float)) else str(value)


def colouring(points: MapPoints, colour_by: str) -> Colouring:
    """The points coloured by class, or by the known factor `colour_by` (`settings.colour_ui`)."""
    sample = points.sample
    if points.factors is None or colour_by not in sample.factor_names:
        return Colouring("class", points.labels, points.classes)
    k = sample.factor_names.index(colour_by)
    values = sample.factor_values[k]
    return Colouring(colour_by, points.factors[:, k], tuple(_value_name(colour_by, v) for v in values),
                     factor_colours(colour_by, values))


def fitted(view: MapView) -> Projector:
    """The view's projector; a spinner says what is being computed when it is not cached or shipped
    (a whole set's t-SNE/UMAP comes from its background job, done before the map is drawn)."""
    shipped = shipped_map(shipped_embedding(view.model.name, view.model.dataset), view.method, view.dims)
    if view.raw or view.method == "pca" or shipped is not None or view.points != "sample":
        return map_projector(*view.args)
    with st.spinner(t("map_computing").format(method=METHOD_LABELS[view.method], dims=view.dims)):
        return map_projector(*view.args)


def current_pick(points: MapPoints) -> Pick | None:
    """The remembered pick of this dataset and point set, if its indices exist. Picks are indices,
    so one survives a switch of projection (or of model: the indices name the same images)."""
    pick = st.session_state.get(PICK_KEY, {}).get(points.key)
    return pick if pick is not None and all(0 <= i < len(points) for i in pick.indices) else None


def forget_pick(key: tuple[str, str]) -> None:
    st.session_state.get(PICK_KEY, {}).pop(key, None)


def draw_map(view: MapView, pick: Pick | None, colouring: Colouring, backdrop: bool, titled: bool) -> None:
    """The map with the pick highlighted (a selection in colour, the rest in grey); a click, box or
    lasso on it becomes the new pick."""
    if titled:
        st.markdown(f"**{view.model.label}**")
    projector = fitted(view)
    highlight = Highlight(labels={"picked": t("map_picked"), "neighbours": t("map_neighbours"),
                                  "rest": t("map_rest"), "position": t("map_position")})
    if pick is not None and pick.kind == "sample":
        highlight.picked = pick.index
        if view.points == "sample":  # on a whole set the selection panel says more than 8 neighbours
            highlight.neighbours = tuple(latent_neighbours(view.model.name, view.model.dataset).of(pick.index))
        if len(pick.indices) > 1:
            highlight.only = pick.indices
    elif pick is not None and pick.source == view.source:
        highlight.position = pick.position
    image = manifold_backdrop(*view.args) if backdrop else None
    fig = map_figure(projector.embedding_, colouring.labels, colouring.names, view.axis_titles, highlight, image,
                     revision=view.revision(colouring.key), colours=colouring.colours)
    show_map(view, fig, len(colouring.labels))


def quality_ui(views: list[MapView]) -> None:
    """Trustworthiness and neighbourhood kept of each map, side by side."""
    for view, column in zip(views, st.columns(len(views)), strict=True):
        quality = projection_quality(*view.args)
        left, right = column.columns(2)
        left.metric(t("map_trust"), f"{quality['trustworthiness']:.3f}", help=t("map_trust_help"))
        right.metric(t("map_kept"), f"{quality['neighbourhood_kept']:.3f}", help=t("map_kept_help"))


def inspector(pick: Pick | None, views: list[MapView], points: MapPoints) -> None:
    """What was picked: a point (the first of a group: the group is the selection panel's), a
    position on one of the maps, or a hint to pick."""
    if pick is None:
        st.info(t("map_pick_something"))
        return
    st.button(t("map_clear"), key="map_clear", on_click=forget_pick, args=(points.key,))
    if pick.kind == "sample" and points.has_images:
        inspect_sample(pick, views, points.sample.images, points.labels, points.classes)
        return
    if pick.kind == "sample":
        inspect_point(pick.index, views[0], points)
        return
    view = next((v for v in views if v.source == pick.source), None)
    if view is None:  # a position on a map that is no longer shown
        st.info(t("map_pick_something"))
    else:
        inspect_position(pick, view)


def inspect_sample(pick: Pick, views: list[MapView], images: torch.Tensor, labels: np.ndarray,
                   classes: tuple[str, ...]) -> None:
    """The picked sample's reconstruction by each model and its latent neighbours; the group's classes."""
    index = pick.index
    x = images[index]  # (C, H, W)
    st.markdown(f"#### #{index} · {class_name(classes, labels[index])}")
    for view, column in zip(views, st.columns(len(views)), strict=True):
        with column:
            report = sample_report(load_model(view.model.name), x,
                                   reconstruction_errors(view.model.name, view.model.dataset))
            if len(views) > 1:
                st.markdown(f"**{view.model.label}**")
            st.image([picture(x, 112), picture(report.reconstruction, 112),
                      upscale(error_map(x, report.reconstruction), 112)],
                     caption=[t("map_original"), t("map_reconstruction"), t("map_error")])
            st.caption(t("map_errors").format(mse=report.mse, psnr=report.psnr, worse=report.percentile))
            near = latent_neighbours(view.model.name, view.model.dataset).of(index)
            same = class_counts(labels[near]).get(int(labels[index]), 0)
            st.markdown(t("map_neighbours_title").format(k=len(near), same=same))
            strip = grid(to_uint8(images[near]), cols=len(near), value=128)
            st.image(upscale(strip, 56 * len(near)),
                     caption=" · ".join(f"#{j} {class_name(classes, labels[j])}" for j in near))


def inspect_point(index: int, view: MapView, points: MapPoints) -> None:
    """A point of a whole set: its thumbnail, its reconstruction decoded from its code, its error."""
    errors = point_pictures(view.model.name, view.model.dataset, view.points).errors
    st.markdown(f"#### #{index} · {class_name(points.classes, points.labels[index])}")
    code = latent_codes(view.model.name, view.model.dataset, view.points)[index]
    st.image([upscale(points.tiles(np.array([index]))[0], 112), picture(decode_all(load_model(view.model.name),
                                                                                   code)[0], 112)],
             caption=[t("map_original"), t("map_reconstruction")])
    st.caption(t("map_point_error").format(mse=errors[index], worse=float((errors < errors[index]).mean())))


def inspect_position(pick: Pick, view: MapView) -> None:
    """The picked map position decoded, with how close to real data it lies."""
    name, dataset = view.model.name, view.model.dataset
    projector = fitted(view)
    if projector.exact_inverse:  # judged by the gaps between latent codes (70,000 16-d codes: ~1 s, once)
        with st.spinner(t("map_measuring")):
            codes, points = latent_neighbours(name, dataset, view.points), None
    else:  # judged by the gaps between the map's points: `position_report` does not read the codes' then
        codes = points = map_neighbours(*view.args)
    report = position_report(projector, pick.position, codes, points)
    st.markdown("#### " + t("map_decoded").format(pos=", ".join(f"{v:.2f}" for v in pick.position)))
    st.badge(t(f"map_{report.closeness}"), color=BADGE_COLOURS[report.closeness])  # type: ignore[arg-type]
    st.image(picture(decode_all(load_model(name), report.code)[0], 160), caption=view.model.label)
    if report.exact:
        st.caption(t("map_distance").format(d=report.distance, ratio=report.ratio))
        st.caption(t("map_inverse_exact"))
    else:
        st.caption(t("map_distance_map").format(ratio=report.ratio, d=report.distance))
        st.caption(t("map_inverse_knn"))


def export_ui(view: MapView, points: MapPoints) -> None:
    """CSV and NPY downloads of the map: coordinates, latents, labels."""
    projector = fitted(view)
    labels, classes = points.labels, points.classes
    st.markdown(t("map_export"))
    left, mid, right = st.columns([1, 1, 3])
    left.download_button("CSV", key="map_csv", file_name=f"{view.stem}.csv", mime="text/csv", on_click="ignore",
                         data=lambda: export_csv(projector.embedding_, projector.latents_, labels, classes))
    mid.download_button("NPY", key="map_npy", file_name=f"{view.stem}.npy", mime="application/octet-stream",
                        on_click="ignore",
                        data=lambda: export_npy(projector.embedding_, projector.latents_, labels))
    right.caption(t("map_export_help").format(dims=view.dims, d=view.model.latent_dim))
