"""Latent Map: the test sample's latent codes projected to 2-D or 3-D (PCA, t-SNE, UMAP).

Click a point to inspect it (original, reconstruction, error, its 8 nearest latent neighbours),
click empty space to decode that spot of the map, draw a box or lasso to select a group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st
import torch

from ae_models.imaging import error_map, grid, to_uint8, upscale
from ae_models.latent_map import export_csv, export_npy
from ae_models.latent_ops import decode_all
from ae_models.metrics import mse_per_image, psnr
from ae_models.projections import METHOD_LABELS, METHODS
from app_ui.common.i18n import register, t
from app_ui.common.loaders import ModelInfo, load_images, load_model, model_catalogue
from app_ui.common.sidebar import current_selection, require_model
from app_ui.latent_map.data import (
    latent_neighbours,
    manifold_backdrop,
    map_neighbours,
    map_projector,
    projection_quality,
    reconstruction_errors,
    shipped_projection,
    uses_raw_latent,
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


@dataclass(frozen=True)
class Settings:
    method: str
    dims: int
    backdrop: bool
    compare_with: ModelInfo | None


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


def fitted(view: MapView):
    """The view's projector; a spinner says what is being computed when it is not cached or shipped."""
    slow = not view.raw and view.method != "pca" and not shipped_projection(
        view.model.name, view.model.dataset, view.method, view.dims)
    if not slow:
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
             backdrop: bool) -> None:
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
                    config=png_export_config(f"{view.model.name}-{'-'.join(map(str, view.source[1:]))}"))
    if view.raw:
        st.caption(t("map_raw_caption"))
    hint = t("map_hint") if view.dims == 2 else t("map_hint_3d")
    st.caption(hint.format(n=len(labels)))


def quality_ui(view: MapView) -> None:
    quality = projection_quality(view.model.name, view.model.dataset, view.method, view.dims)
    left, right = st.columns(2)
    left.metric(t("map_trust"), f"{quality['trustworthiness']:.3f}", help=t("map_trust_help"))
    right.metric(t("map_kept"), f"{quality['neighbourhood_kept']:.3f}", help=t("map_kept_help"))


def thumb(image: torch.Tensor, size: int) -> np.ndarray:
    return upscale(to_uint8(image), size)


def inspect_sample(pick: Pick, views: list[MapView], images: torch.Tensor, labels: np.ndarray,
                   classes: tuple[str, ...]) -> None:
    index = pick.index
    x = images[index: index + 1]  # (1, C, H, W)
    st.markdown(f"#### #{index} · {class_name(labels[index], classes)}")
    for view, column in zip(views, st.columns(len(views)), strict=True):
        with column:
            model = load_model(view.model.name)
            with torch.no_grad():
                x_hat = model(x.to(model.device)).cpu()
            mse = float(mse_per_image(x_hat, x)[0])
            worse = float((reconstruction_errors(view.model.name, view.model.dataset) < mse).mean())
            if len(views) > 1:
                st.markdown(f"**{view.model.label}**")
            st.image([thumb(x[0], 112), thumb(x_hat[0], 112), upscale(error_map(x[0], x_hat[0]), 112)],
                     caption=[t("map_original"), t("map_reconstruction"), t("map_error")])
            st.caption(t("map_errors").format(mse=mse, psnr=float(psnr(x_hat, x)[0]), worse=worse))
            near = latent_neighbours(view.model.name, view.model.dataset).of(index)
            same = int(np.sum(labels[near] == labels[index]))
            st.markdown(t("map_neighbours_title").format(k=len(near), same=same))
            strip = grid(to_uint8(images[near]), cols=len(near), value=128)
            st.image(upscale(strip, 56 * len(near)),
                     caption=" · ".join(f"#{j} {class_name(labels[j], classes)}" for j in near))
    if len(pick.indices) > 1:
        chosen = np.array(pick.indices)
        counts = {class_name(c, classes): int(n) for c, n in zip(*np.unique(labels[chosen], return_counts=True),
                                                                  strict=True)}
        st.markdown(t("map_group").format(n=len(chosen), counts=", ".join(f"{k}: {v}" for k, v in counts.items())))
        tiles = to_uint8(images[chosen[:60]])
        st.image(upscale(grid(tiles, cols=min(12, len(tiles)), value=128), 560))


def inspect_position(pick: Pick, view: MapView) -> None:
    projector = fitted(view)
    model = load_model(view.model.name)
    point = np.zeros((1, view.dims))
    point[0, : len(pick.position)] = pick.position[: view.dims]
    z = projector.inverse_transform(point)  # (1, latent_dim)
    distance = float(projector.distance_to_data(z)[0])
    neighbours = latent_neighbours(view.model.name, view.model.dataset)
    if projector.exact_inverse:  # the decoded code itself may lie far from every real code
        closeness, ratio = neighbours.closeness(distance), neighbours.gap_ratio(distance)
    else:  # the kNN inverse always blends real codes: how empty the map is there tells more
        spots = map_neighbours(view.model.name, view.model.dataset, view.method, view.dims)
        map_distance = float(spots.distance_to(point)[0])
        closeness, ratio = spots.closeness(map_distance), spots.gap_ratio(map_distance)
    st.markdown("#### " + t("map_decoded").format(pos=", ".join(f"{v:.2f}" for v in pick.position)))
    st.badge(t(f"map_{closeness}"), color=BADGE_COLOURS[closeness])  # type: ignore[arg-type]
    st.image(thumb(decode_all(model, z)[0], 160), caption=view.model.label)
    if projector.exact_inverse:
        st.caption(t("map_distance").format(d=distance, ratio=ratio))
        st.caption(t("map_inverse_exact"))
    else:
        st.caption(t("map_distance_map").format(ratio=ratio, d=distance))
        st.caption(t("map_inverse_knn"))


def class_name(label: int, classes: tuple[str, ...]) -> str:
    return classes[label] if 0 <= label < len(classes) else "?"


def export_ui(view: MapView, labels: np.ndarray, classes: tuple[str, ...]) -> None:
    projector = fitted(view)
    stem = f"{view.model.name}-{'-'.join(map(str, view.source[1:]))}"
    st.markdown(t("map_export"))
    left, mid, right = st.columns([1, 1, 3])
    left.download_button("CSV", key="map_csv", file_name=f"{stem}.csv", mime="text/csv", on_click="ignore",
                         data=lambda: export_csv(projector.embedding_, projector.latents_, labels, classes))
    mid.download_button("NPY", key="map_npy", file_name=f"{stem}.npy", mime="application/octet-stream",
                        on_click="ignore",
                        data=lambda: export_npy(projector.embedding_, projector.latents_, labels))
    right.caption(t("map_export_help").format(dims=view.dims, d=view.model.latent_dim))


@st.fragment
def explorer(model: ModelInfo) -> None:
    settings = settings_ui(model)
    views = [MapView(model, settings.method, settings.dims, "map_chart")]
    if settings.compare_with is not None:
        views.append(MapView(settings.compare_with, settings.method, settings.dims, "map_chart_compare"))
    sample = load_images(model.dataset)
    labels, classes = sample.labels.numpy(), tuple(sample.classes)
    pick = current_pick(model.dataset, len(labels))

    if len(views) == 1:
        map_column, side = st.columns([3, 2], gap="medium")
        map_columns = [map_column]
    else:
        map_columns = st.columns(2, gap="medium")
        side = st.container()
    for view, column in zip(views, map_columns, strict=True):
        with column:
            if len(views) > 1:
                st.markdown(f"**{view.model.label}**")
            draw_map(view, pick, labels, classes, settings.backdrop)
    with side:
        quality_columns = st.columns(len(views))
        for view, column in zip(views, quality_columns, strict=True):
            with column:
                quality_ui(view)
        if pick is None:
            st.info(t("map_pick_something"))
        else:
            st.button(t("map_clear"), key="map_clear", on_click=lambda: st.session_state.pop(PICK_KEY, None))
            if pick.kind == "sample":
                inspect_sample(pick, views, sample.images, labels, classes)
            else:
                view = next((v for v in views if v.source == pick.source), None)
                if view is None:
                    st.info(t("map_pick_something"))
                else:
                    inspect_position(pick, view)
    export_ui(views[0], labels, classes)


selection = current_selection()
require_model(selection)
st.title(t("map_title"))
st.caption(t("map_intro"))
explorer(selection.model)
