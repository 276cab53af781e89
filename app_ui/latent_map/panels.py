"""Panels of the Latent Map page: the settings, a map, the projection's quality, the inspector of
a picked sample or map position, and the export."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch
from streamlit.delta_generator import DeltaGenerator

from ae_models.imaging import error_map, grid, to_uint8, upscale
from ae_models.latent_map import (
    class_counts,
    export_csv,
    export_npy,
    position_report,
    sample_report,
    shipped_map,
    uses_raw_latent,
)
from ae_models.latent_ops import decode_all
from ae_models.projections import METHOD_LABELS, METHODS, Projector
from app_ui.common.i18n import register, t
from app_ui.common.labels import class_name
from app_ui.common.loaders import ModelInfo, load_model, model_catalogue
from app_ui.common.pictures import picture
from app_ui.latent_map.data import (
    latent_neighbours,
    manifold_backdrop,
    map_neighbours,
    map_projector,
    projection_quality,
    reconstruction_errors,
    shipped_embedding,
)
from app_ui.latent_map.figures import Highlight, Pick, map_figure, pick_from_selection, png_export_config
from app_ui.latent_map.texts import TEXTS

register(TEXTS)
PICK_KEY = "map_pick"  # session state: (dataset, Pick) of the last click, box or lasso
BADGE_COLOURS = {"on_data": "green", "near_data": "orange", "hole": "red"}


@dataclass(frozen=True)
class MapView:
    """One map on the page: a model's latents under a projection."""

    model: ModelInfo
    method: str
    dims: int
    chart_key: str

    @property
    def raw(self) -> bool:
        return uses_raw_latent(self.model.latent_dim, self.dims)

    @property
    def source(self) -> tuple[str, str, int]:
        return (self.model.name, "raw" if self.raw else self.method, self.dims)

    @property
    def axis_titles(self) -> tuple[str, ...]:
        if self.raw:
            return ("z₁", "z₂", "z₃")[: self.dims]
        return tuple(f"{METHOD_LABELS[self.method]} {i + 1}" for i in range(self.dims))

    @property
    def stem(self) -> str:
        """File name stem of the map's exports, e.g. "digits-conv_ae-4-pca-2"."""
        return f"{self.model.name}-{'-'.join(map(str, self.source[1:]))}"


@dataclass(frozen=True)
class Settings:
    method: str
    dims: int
    backdrop: bool
    compare_with: ModelInfo | None

    def views(self, model: ModelInfo) -> list[MapView]:
        """The model's map, and the compared model's beside it."""
        views = [MapView(model, self.method, self.dims, "map_chart")]
        if self.compare_with is not None:
            views.append(MapView(self.compare_with, self.method, self.dims, "map_chart_compare"))
        return views


def settings_ui(model: ModelInfo) -> Settings:
    """Projection, 2-D/3-D, backdrop and comparison controls."""
    others = [m for m in model_catalogue()[0]
              if m.dataset == model.dataset and m.name != model.name and m.normal_class is None]
    left, mid, right = st.columns([2, 1, 2])
    method = left.segmented_control(t("map_projection"), METHODS, format_func=METHOD_LABELS.get,
                                    default="pca", required=True, key="map_method",
                                    disabled=model.latent_dim == 2)
    three_d = mid.toggle(t("map_3d"), key="map_3d", disabled=model.latent_dim < 3, help=t("map_3d_help"))
    backdrop = mid.toggle(t("map_backdrop"), key="map_backdrop", disabled=three_d, help=t("map_backdrop_help"))
    compare = right.toggle(t("map_compare"), key="map_compare", disabled=not others,
                           help=t("map_compare_help") if others else t("map_compare_none"))
    other = None
    if compare and others:
        by_name = {m.name: m for m in others}
        other = by_name[right.selectbox(t("map_compare_model"), list(by_name), key="map_compare_model",
                                        format_func=lambda n: by_name[n].label)]
    dims = 3 if three_d and model.latent_dim >= 3 else 2
    return Settings(method or "pca", dims, backdrop and dims == 2, other)


def map_layout(views: int) -> tuple[list[DeltaGenerator], DeltaGenerator]:
    """Columns for the maps and the place of the inspector: beside one map, below two."""
    if views == 1:
        map_column, side = st.columns([3, 2], gap="medium")
        return [map_column], side
    return list(st.columns(2, gap="medium")), st.container()


def fitted(view: MapView) -> Projector:
    """The view's projector; a spinner says what is being computed when it is not cached or shipped."""
    shipped = shipped_map(shipped_embedding(view.model.name, view.model.dataset), view.method, view.dims)
    if view.raw or view.method == "pca" or shipped is not None:
        return map_projector(view.model.name, view.model.dataset, view.method, view.dims)
    with st.spinner(t("map_computing").format(method=METHOD_LABELS[view.method], dims=view.dims)):
        return map_projector(view.model.name, view.model.dataset, view.method, view.dims)


def current_pick(dataset: str, size: int) -> Pick | None:
    """The remembered pick, if it belongs to this dataset and its indices exist."""
    stored = st.session_state.get(PICK_KEY)
    if not stored or stored[0] != dataset:
        return None
    pick = stored[1]
    return pick if all(0 <= i < size for i in pick.indices) else None


def remember_pick(chart_key: str, source: tuple[str, str, int], dataset: str) -> None:
    """on_select callback: keep the new pick; an emptied selection (a redraw) keeps the old one."""
    event = st.session_state.get(chart_key)
    pick = pick_from_selection(event["selection"] if event else None, source)
    if pick is not None:
        st.session_state[PICK_KEY] = (dataset, pick)


def draw_map(view: MapView, pick: Pick | None, labels: np.ndarray, classes: tuple[str, ...],
             backdrop: bool, titled: bool) -> None:
    """The map with the pick highlighted; a click, box or lasso on it becomes the new pick."""
    if titled:
        st.markdown(f"**{view.model.label}**")
    projector = fitted(view)
    highlight = Highlight(labels={"picked": t("map_picked"), "neighbours": t("map_neighbours"),
                                  "selected": t("map_selected"), "position": t("map_position")})
    if pick is not None and pick.kind == "sample":
        highlight.picked = pick.index
        highlight.neighbours = tuple(latent_neighbours(view.model.name, view.model.dataset).of(pick.index))
        highlight.selected = pick.indices[1:]
    elif pick is not None and pick.source == view.source:
        highlight.position = pick.position
    image = manifold_backdrop(view.model.name, view.model.dataset, view.method, view.dims) if backdrop else None
    fig = map_figure(projector.embedding_, labels, classes, view.axis_titles, highlight, image,
                     revision="/".join(map(str, view.source)))
    st.plotly_chart(fig, key=view.chart_key, on_select=lambda: remember_pick(view.chart_key, view.source,
                                                                             view.model.dataset),
                    selection_mode=("points", "box", "lasso"),
                    config=png_export_config(view.stem))
    if view.raw:
        st.caption(t("map_raw_caption"))
    hint = t("map_hint") if view.dims == 2 else t("map_hint_3d")
    st.caption(hint.format(n=len(labels)))


def quality_ui(views: list[MapView]) -> None:
    """Trustworthiness and neighbourhood kept of each map, side by side."""
    for view, column in zip(views, st.columns(len(views)), strict=True):
        quality = projection_quality(view.model.name, view.model.dataset, view.method, view.dims)
        left, right = column.columns(2)
        left.metric(t("map_trust"), f"{quality['trustworthiness']:.3f}", help=t("map_trust_help"))
        right.metric(t("map_kept"), f"{quality['neighbourhood_kept']:.3f}", help=t("map_kept_help"))


def inspector(pick: Pick | None, views: list[MapView], images: torch.Tensor, labels: np.ndarray,
              classes: tuple[str, ...]) -> None:
    """What was picked: a sample (or a group), a position on one of the maps, or a hint to pick."""
    if pick is None:
        st.info(t("map_pick_something"))
        return
    st.button(t("map_clear"), key="map_clear", on_click=lambda: st.session_state.pop(PICK_KEY, None))
    if pick.kind == "sample":
        inspect_sample(pick, views, images, labels, classes)
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
    if len(pick.indices) > 1:
        chosen = np.array(pick.indices)
        counts = ", ".join(f"{class_name(classes, c)}: {n}" for c, n in class_counts(labels[chosen]).items())
        st.markdown(t("map_group").format(n=len(chosen), counts=counts))
        tiles = to_uint8(images[chosen[:60]])
        st.image(upscale(grid(tiles, cols=min(12, len(tiles)), value=128), 560))


def inspect_position(pick: Pick, view: MapView) -> None:
    """The picked map position decoded, with how close to real data it lies."""
    name, dataset = view.model.name, view.model.dataset
    projector = fitted(view)
    points = None if projector.exact_inverse else map_neighbours(name, dataset, view.method, view.dims)
    report = position_report(projector, pick.position, latent_neighbours(name, dataset), points)
    st.markdown("#### " + t("map_decoded").format(pos=", ".join(f"{v:.2f}" for v in pick.position)))
    st.badge(t(f"map_{report.closeness}"), color=BADGE_COLOURS[report.closeness])  # type: ignore[arg-type]
    st.image(picture(decode_all(load_model(name), report.code)[0], 160), caption=view.model.label)
    if report.exact:
        st.caption(t("map_distance").format(d=report.distance, ratio=report.ratio))
        st.caption(t("map_inverse_exact"))
    else:
        st.caption(t("map_distance_map").format(ratio=report.ratio, d=report.distance))
        st.caption(t("map_inverse_knn"))


def export_ui(view: MapView, labels: np.ndarray, classes: tuple[str, ...]) -> None:
    """CSV and NPY downloads of the map: coordinates, latents, labels."""
    projector = fitted(view)
    st.markdown(t("map_export"))
    left, mid, right = st.columns([1, 1, 3])
    left.download_button("CSV", key="map_csv", file_name=f"{view.stem}.csv", mime="text/csv", on_click="ignore",
                         data=lambda: export_csv(projector.embedding_, projector.latents_, labels, classes))
    mid.download_button("NPY", key="map_npy", file_name=f"{view.stem}.npy", mime="application/octet-stream",
                        on_click="ignore",
                        data=lambda: export_npy(projector.embedding_, projector.latents_, labels))
    right.caption(t("map_export_help").format(dims=view.dims, d=view.model.latent_dim))
