"""Plotly figures of the Latent Map page, and the way back from a plotly selection to what was
picked. The two live together because the figure writes the `customdata` the selection reads:
each data point carries its sample index, each point of the invisible click grid carries -1.
"""

from __future__ import annotations

import base64
import colorsys
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from ae_models.imaging import grid, is_colour, png_bytes, upscale
from app_ui.common.labels import class_name
from app_ui.common.pictures import class_colour

GRID_MARK = -1  # customdata of the click-anywhere grid points
GRID_STEPS = 40  # the click grid is GRID_STEPS × GRID_STEPS points over the map
BACKDROP_STEPS = 14  # tiles per side of the decoded-manifold backdrop
REST_COLOUR = "#c4c4c4"  # the points outside a selection
MAP_HEIGHT = 620  # px
RANGE_PAD = 0.08  # of the data's span on each side of a 2-D map: the click grid (5 %) and its markers fit


def map_range(embedding: np.ndarray) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) of a 2-D map: the data's extent padded by RANGE_PAD (a flat axis gets a unit).
    The plotly map and the quick map that stands in for it on a cold start both use it, so a point
    stays where it was when one replaces the other."""
    low, high = embedding[:, :2].min(0).astype(float), embedding[:, :2].max(0).astype(float)
    span = np.where(high > low, high - low, 1.0)
    low, high = low - RANGE_PAD * span, high + RANGE_PAD * span
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


@dataclass(frozen=True)
class Pick:
    """What the user picked on a map: sample indices (a click gives one, a box or lasso several),
    or a map position with no sample under it. `source` names the map (model, projection, dims)
    a position belongs to."""

    kind: Literal["sample", "position"]
    indices: tuple[int, ...] = ()
    position: tuple[float, ...] = ()
    source: tuple[str, str, int] = ("", "", 2)

    @property
    def index(self) -> int:
        return self.indices[0]


def _custom_index(point: dict[str, Any]) -> int | None:
    """A point's customdata: a number, a one-element list, or (numpy customdata of shape (N, 1)
    arrives so from Scattergl) a dict {"0": number}."""
    value = point.get("customdata")
    if isinstance(value, dict):
        value = value.get("0", next(iter(value.values()), None))
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return None if value is None else int(value)


def pick_from_selection(selection: dict[str, Any] | None, source: tuple[str, str, int]) -> Pick | None:
    """Turn `st.plotly_chart(...).selection` into a Pick; None when nothing usable was selected.

    Data points win over grid points (a box drawn over data selects the data in it). Only grid
    points: the mean of their positions, i.e. the clicked spot or the centre of the drawn box.
    """
    points = (selection or {}).get("points") or []
    samples, spots = [], []
    for point in points:
        index = _custom_index(point)
        if index is None:
            continue
        if index == GRID_MARK:
            spots.append([point[axis] for axis in ("x", "y", "z") if point.get(axis) is not None])
        elif index >= 0 and index not in samples:
            samples.append(index)
    if samples:
        return Pick("sample", indices=tuple(samples), source=source)
    if spots:
        return Pick("position", position=tuple(float(v) for v in np.mean(spots, axis=0)), source=source)
    return None


@dataclass
class Highlight:
    """Samples to mark on a map: the picked one, its neighbours, a selection, and a decoded position."""

    picked: int | None = None
    neighbours: tuple[int, ...] = ()
    position: tuple[float, ...] | None = None
    labels: dict[str, str] = field(default_factory=dict)  # legend names: picked, neighbours, position, rest
    only: tuple[int, ...] | None = None  # a selection: only these points in colour, the rest in grey


def factor_colours(name: str, values: tuple) -> tuple[str, ...]:
    """A colour per value of a known factor: a hue factor (values in degrees) in its own hues, other
    numeric factors on a sequential ramp (small → large), named values (shapes) in the class palette."""
    if name.endswith("hue"):
        return tuple("#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in colorsys.hsv_to_rgb(v / 360.0, 0.9, 0.85)))
                     for v in values)
    if all(isinstance(v, (int, float)) for v in values):
        return tuple(sample_colorscale("Viridis", list(np.linspace(0.0, 1.0, len(values))), colortype="rgb"))
    return tuple(class_colour(i) for i in range(len(values)))


def marker_size(count: int) -> float:
    """Marker diameter (px) on a map of `count` points: 70,000 points must not blot the map out."""
    return 6.0 if count <= 2000 else 4.0 if count <= 20_000 else 2.5


def _points_trace(embedding: np.ndarray, index: np.ndarray, name: str, colour: str, three_d: bool,
                  size: float, opacity: float) -> go.BaseTraceType:
    """The points `index` (their sample indices are the customdata) in one colour, as one legend entry."""
    common = dict(mode="markers", name=name, legendgroup=name, customdata=index[:, None],
                  hovertemplate=f"#%{{customdata[0]}} · {name}<extra></extra>")
    if three_d:
        return go.Scatter3d(x=embedding[index, 0], y=embedding[index, 1], z=embedding[index, 2],
                            marker=dict(size=size * 0.6, color=colour, opacity=opacity + 0.05), **common)
    return go.Scattergl(x=embedding[index, 0], y=embedding[index, 1],
                        marker=dict(size=size, color=colour, opacity=opacity), **common)


def _class_traces(embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], three_d: bool,
                  size: float, colours: tuple[str, ...] | None = None,
                  members: np.ndarray | None = None) -> list[go.BaseTraceType]:
    """One trace per class (or per value of the labels `colours` gives, one colour per name in
    `classes`), so a legend click hides or shows it; only the points `members` when given."""
    members = np.arange(len(labels)) if members is None else members
    traces = []
    for label in np.unique(labels[members]):
        index = members[labels[members] == label]
        colour = colours[int(label)] if colours else class_colour(label)
        traces.append(_points_trace(embedding, index, class_name(classes, label, unknown="unlabelled"), colour,
                                    three_d, size, opacity=0.75))
    return traces


def _click_grid(embedding: np.ndarray, steps: int = GRID_STEPS) -> go.Scattergl:
    """An invisible steps×steps grid over the map, so a click on empty space reports a point."""
    low, high = embedding[:, :2].min(0), embedding[:, :2].max(0)
    pad = 0.05 * (high - low)
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], steps)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], steps)
    gx, gy = np.meshgrid(xs, ys)
    return go.Scattergl(x=gx.ravel(), y=gy.ravel(), mode="markers", name="grid", showlegend=False,
                        marker=dict(size=12, opacity=0), customdata=np.full((gx.size, 1), GRID_MARK),
                        hoverinfo="none")


def _highlight_traces(embedding: np.ndarray, highlight: Highlight, three_d: bool) -> list[go.BaseTraceType]:
    def trace(index: np.ndarray, name: str, marker: dict) -> go.BaseTraceType:
        coords = embedding[index]
        common = dict(mode="markers", name=name, customdata=index[:, None],
                      hovertemplate="#%{customdata[0]}<extra>" + name + "</extra>")
        if three_d:
            return go.Scatter3d(x=coords[:, 0], y=coords[:, 1], z=coords[:, 2], marker=marker, **common)
        return go.Scattergl(x=coords[:, 0], y=coords[:, 1], marker=marker, **common)

    names = highlight.labels
    traces = []
    if highlight.neighbours:
        traces.append(trace(np.array(highlight.neighbours), names.get("neighbours", "neighbours"),
                            dict(size=13, color="rgba(0,0,0,0)", line=dict(width=2.5, color="#111"))))
    if highlight.picked is not None:
        traces.append(trace(np.array([highlight.picked]), names.get("picked", "picked"),
                            dict(size=18, color="#ffd400", symbol="star", line=dict(width=1.5, color="#111"))))
    if highlight.position is not None and not three_d:
        x, y = highlight.position[:2]
        traces.append(go.Scattergl(x=[x], y=[y], mode="markers", name=names.get("position", "position"),
                                   hoverinfo="skip",
                                   marker=dict(size=16, symbol="x", color="#111", line=dict(width=1))))
    return traces


def backdrop_image(centres: np.ndarray, images: np.ndarray, steps: int, invert: bool = True) -> dict:
    """A plotly layout image tiling decoded pictures (steps², H, W) or (steps², H, W, 3) uint8 at
    their grid `centres` (steps², 2), rows of `centres` ordered y-major as `pca_plane_grid` returns
    them. Grey pictures are inverted (dark strokes on white) by default so the coloured points stay
    visible on top; colour ones keep their colours, which inverting would turn into their opposites."""
    h, w = images.shape[1:3]
    tiles = images.reshape(steps, steps, *images.shape[1:])[::-1].reshape(images.shape)  # rows run top → bottom
    if invert and not is_colour(images):
        tiles = 255 - tiles
    picture = upscale(grid(tiles, cols=steps, pad=0), size=steps * max(h, w) * 4)
    xs, ys = np.unique(centres[:, 0]), np.unique(centres[:, 1])
    cell_x = (xs[-1] - xs[0]) / max(steps - 1, 1)
    cell_y = (ys[-1] - ys[0]) / max(steps - 1, 1)
    uri = "data:image/png;base64," + base64.b64encode(png_bytes(picture)).decode()
    return dict(source=uri, xref="x", yref="y", x=xs[0] - cell_x / 2, y=ys[-1] + cell_y / 2,
                sizex=cell_x * steps, sizey=cell_y * steps, xanchor="left", yanchor="top",
                sizing="stretch", opacity=0.55, layer="below")


def map_figure(embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...],
               axis_titles: tuple[str, ...], highlight: Highlight | None = None,
               backdrop: dict | None = None, click_grid: bool = True, height: int = MAP_HEIGHT,
               revision: str = "map", colours: tuple[str, ...] | None = None) -> go.Figure:
    """The latent map: 2-D (Scattergl, with the click grid under the data) or 3-D (Scatter3d),
    coloured by class with one legend entry per class (or by any labels, with `colours` for their
    names). Zoom and hidden classes survive updates of the same `revision` (e.g. a new highlight)
    and reset when it changes (a new projection)."""
    three_d = embedding.shape[1] == 3
    labels = np.asarray(labels)
    size = marker_size(len(labels))
    traces: list[go.BaseTraceType] = []
    if click_grid and not three_d:
        traces.append(_click_grid(embedding))
    members = None
    if highlight is not None and highlight.only is not None:  # a selection: the rest stays visible, in grey
        members = np.asarray(highlight.only, dtype=np.int64)
        rest = np.setdiff1d(np.arange(len(labels)), members)
        traces.append(_points_trace(embedding, rest, highlight.labels.get("rest", "not selected"), REST_COLOUR,
                                    three_d, size, opacity=0.35))
    traces += _class_traces(embedding, labels, classes, three_d, size, colours, members)
    if highlight is not None:
        traces += _highlight_traces(embedding, highlight, three_d)
    fig = go.Figure(traces)
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), legend_title_text="",
                      legend=dict(itemsizing="constant"), uirevision=revision, hovermode="closest",
                      clickmode="event+select", plot_bgcolor="white")
    if three_d:
        fig.update_layout(scene=dict(xaxis_title=axis_titles[0], yaxis_title=axis_titles[1],
                                     zaxis_title=axis_titles[2]))
    else:
        x0, x1, y0, y1 = map_range(embedding)
        fig.update_xaxes(title=axis_titles[0], showgrid=False, zeroline=False, range=[x0, x1])
        fig.update_yaxes(title=axis_titles[1], showgrid=False, zeroline=False, range=[y0, y1])
    if backdrop is not None and not three_d:
        fig.add_layout_image(**backdrop)
    return fig


def png_export_config(filename: str) -> dict:
    """`st.plotly_chart(config=...)`: the modebar's camera button saves a 2× PNG in the browser."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
