"""Figures more than one page draws: the sample's codes as a faint PCA backdrop map."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from app_ui.common.labels import class_name
from app_ui.common.pictures import PALETTE


def backdrop_subset(embedding: np.ndarray, labels: np.ndarray, max_points: int) -> tuple[np.ndarray, np.ndarray]:
    """A fixed random subset of at most `max_points` codes (in their order): a small backdrop map
    needs no more, and the same points come back on every redraw."""
    if len(embedding) <= max_points:
        return embedding, labels
    keep = np.sort(np.random.default_rng(0).choice(len(embedding), max_points, replace=False))
    return embedding[keep], np.asarray(labels)[keep]


def map_figure(embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], height: int = 320,
               max_points: int = 2000) -> go.Figure:
    """The sample's codes on a 2-D PCA plane, faint and coloured by class, as a backdrop (see
    `backdrop_subset`)."""
    embedding, labels = backdrop_subset(embedding, labels, max_points)
    fig = go.Figure()
    for c in np.unique(labels):
        pick = labels == c
        name = class_name(classes, c)
        fig.add_trace(go.Scattergl(x=embedding[pick, 0], y=embedding[pick, 1], mode="markers", name=name,
                                   marker={"size": 4, "opacity": 0.35, "color": PALETTE[int(c) % 10]},
                                   hoverinfo="name"))
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title="PC 1", yaxis_title="PC 2",
                      legend={"itemsizing": "constant", "orientation": "h", "y": -0.25})
    return fig
