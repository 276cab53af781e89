"""Drawing helpers for the Generate and Denoise pages: crisp pictures and small PCA maps."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import torch

from ae_models.imaging import grid, to_uint8, upscale

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")


def picture(image: torch.Tensor | np.ndarray, size: int = 224) -> np.ndarray:
    """One image (C, H, W) / (H, W) in [0, 1] → uint8 (≈size, ≈size), nearest-neighbour upscaled."""
    return upscale(to_uint8(image), size)


def pictures(images: torch.Tensor, size: int = 112) -> list[np.ndarray]:
    """A batch (N, C, H, W) → a list of upscaled uint8 pictures."""
    return [picture(x, size) for x in images]


def picture_grid(images: torch.Tensor, cols: int, size: int = 56) -> np.ndarray:
    """A batch (N, C, H, W) tiled into one crisp picture, each cell ≈ `size` pixels."""
    cells = np.stack([upscale(u, size) for u in to_uint8(images).reshape(len(images), *images.shape[-2:])])
    return grid(cells, cols, pad=2)


def heat(image: np.ndarray, size: int = 224) -> np.ndarray:
    """A (H, W) array ≥ 0 → an RGB heat map (black → red → yellow → white), scaled to its maximum."""
    value = np.asarray(image, dtype=np.float64)
    value = value / value.max() if value.max() > 0 else value
    rgb = np.stack([np.clip(3 * value, 0, 1), np.clip(3 * value - 1, 0, 1), np.clip(3 * value - 2, 0, 1)], -1)
    factor = max(1, size // max(value.shape))
    return np.kron((rgb * 255).astype(np.uint8), np.ones((factor, factor, 1), dtype=np.uint8))


def map_figure(embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], height: int = 320,
               max_points: int = 2000) -> go.Figure:
    """The sample's codes on a 2-D PCA plane, faint and coloured by class, as a backdrop (a fixed
    random subset of `max_points`: a small map needs no more, and each slider move resends it)."""
    if len(embedding) > max_points:
        keep = np.sort(np.random.default_rng(0).choice(len(embedding), max_points, replace=False))
        embedding, labels = embedding[keep], labels[keep]
    fig = go.Figure()
    for c in np.unique(labels):
        pick = labels == c
        name = classes[c] if 0 <= c < len(classes) else "?"
        fig.add_trace(go.Scattergl(x=embedding[pick, 0], y=embedding[pick, 1], mode="markers", name=name,
                                   marker={"size": 4, "opacity": 0.35, "color": PALETTE[int(c) % 10]},
                                   hoverinfo="name"))
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title="PC 1", yaxis_title="PC 2",
                      legend={"itemsizing": "constant", "orientation": "h", "y": -0.25})
    return fig


def add_path(fig: go.Figure, points: np.ndarray, name: str, color: str = "black", markers: bool = True) -> None:
    """Draw a path (M, 2) of codes projected on the map."""
    fig.add_trace(go.Scatter(x=points[:, 0], y=points[:, 1], name=name, mode="lines+markers" if markers else "lines",
                             line={"color": color, "width": 2}, marker={"size": 6, "color": color}))


def add_point(fig: go.Figure, point: np.ndarray, name: str, color: str, symbol: str = "star") -> None:
    fig.add_trace(go.Scatter(x=[point[0]], y=[point[1]], name=name, mode="markers",
                             marker={"size": 16, "color": color, "symbol": symbol,
                                     "line": {"color": "white", "width": 1}}))
