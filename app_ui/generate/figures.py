"""Figures of the Generate page: paths on the small PCA map, the ghost map, distance, posterior and β
charts, and the latent × factor heatmap."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw

from ae_models.disentanglement import TradeOffPoint
from ae_models.latent_ops import RateDistortion
from app_ui.common.figures import backdrop_subset
from app_ui.common.pictures import PALETTE


def add_path(fig: go.Figure, points: np.ndarray, name: str, color: str = "black", markers: bool = True) -> None:
    """Draw a path (M, 2) of codes projected on the map."""
    fig.add_trace(go.Scatter(x=points[:, 0], y=points[:, 1], name=name, mode="lines+markers" if markers else "lines",
                             line={"color": color, "width": 2}, marker={"size": 6, "color": color}))


def add_ellipse(fig: go.Figure, outline: np.ndarray, name: str) -> None:
    """Draw a closed outline (M, 2), e.g. a posterior's 1-s.d. ellipse, filled in faint red."""
    fig.add_trace(go.Scatter(x=outline[:, 0], y=outline[:, 1], mode="lines", name=name,
                             line={"color": "#d62728", "width": 2}, fill="toself", fillcolor="rgba(214,39,40,0.15)"))


def distance_figure(distances: np.ndarray, spacing: float, title: str, typical: str, step: str) -> go.Figure:
    """Each path step's distance to the nearest real code, against the typical gap `spacing`."""
    fig = go.Figure(go.Scatter(x=list(range(len(distances))), y=distances, mode="lines+markers", name="d"))
    fig.add_hline(y=spacing, line_dash="dot", annotation_text=typical)
    fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=title,
                      xaxis_title=step, yaxis_title="d")
    return fig


def posterior_figure(mean: np.ndarray, std: np.ndarray, order: np.ndarray, title: str) -> go.Figure:
    """Bars of a posterior's mean per unit (in `order`) with ±1 s.d. whiskers."""
    fig = go.Figure(go.Bar(x=[f"z{i}" for i in order], y=mean[order], error_y={"type": "data", "array": std[order]}))
    fig.update_layout(height=280, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=title)
    return fig


def add_ring(fig: go.Figure, x: float, y: float) -> None:
    """Ring the point (x, y) in red: the selected one."""
    fig.add_trace(go.Scatter(x=[x], y=[y], mode="markers", showlegend=False, hoverinfo="skip",
                             marker={"size": 18, "symbol": "circle-open", "color": "#d62728", "line": {"width": 3}}))


def ringed_scatter(xs: list[float], ys: list[float], names: list[str], chosen: int | None, x_title: str,
                   y_title: str) -> go.Figure:
    """Named points joined in order, the `chosen` one (an index, or None) ringed in red."""
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="lines+markers+text", text=names, textposition="top right",
                               marker={"size": 9}, cliponaxis=False))
    if chosen is not None:
        add_ring(fig, xs[chosen], ys[chosen])
    fig.update_layout(height=320, showlegend=False, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title=x_title, yaxis_title=y_title)
    return fig


def rate_distortion_figure(points: dict[float, RateDistortion], chosen: float, rate: str, distortion: str) -> go.Figure:
    """The β sweep's VAEs on the rate–distortion plane (`points`: β → RateDistortion), `chosen` ringed."""
    return ringed_scatter([p.rate for p in points.values()], [p.distortion for p in points.values()],
                          [f"β={b:g}" for b in points], list(points).index(chosen), rate, distortion)


def tradeoff_figure(points: list[TradeOffPoint], chosen: str, ae_name: str, error: str, mig: str) -> go.Figure:
    """The checkpoints' MIG against their reconstruction error: the plain AE and the β-VAEs joined by β, each
    β-TCVAE a diamond of its own (it is not a step of the sweep), the `chosen` one ringed."""
    sweep = [p for p in points if not p.tc_weight]
    fig = ringed_scatter([p.mse for p in sweep], [p.mig for p in sweep], [p.label or ae_name for p in sweep], None,
                         error, mig)
    penalised = [p for p in points if p.tc_weight]
    if penalised:
        fig.add_trace(go.Scatter(x=[p.mse for p in penalised], y=[p.mig for p in penalised], mode="markers+text",
                                 text=[p.label for p in penalised], textposition="top left", cliponaxis=False,
                                 marker={"size": 12, "symbol": "diamond", "color": "#2ca02c"}))
    ringed = next((p for p in points if p.name == chosen), None)
    if ringed is not None:
        add_ring(fig, ringed.mse, ringed.mig)
    fig.update_layout(margin={"l": 10, "r": 40, "t": 30, "b": 10})
    fig.update_yaxes(rangemode="tozero")
    return fig


def factor_heatmap(normalised_mi: np.ndarray, factor_names: tuple[str, ...], order: np.ndarray,
                   colour_title: str) -> go.Figure:
    """The normalised MI (D, K) in [0, 1]: a row per dimension (in `order`, the first on top, as the
    sliders are), a column per factor."""
    fig = go.Figure(go.Heatmap(z=np.asarray(normalised_mi)[order], x=list(factor_names), y=[f"z{d}" for d in order],
                               zmin=0.0, zmax=1.0, colorscale="Viridis", texttemplate="%{z:.2f}",
                               colorbar={"title": {"text": colour_title}},
                               hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>"))
    fig.update_layout(height=60 + 28 * len(order), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category")
    return fig


def active_units_figure(points: dict[float, RateDistortion], chosen: float, latent_dim: int, title: str) -> go.Figure:
    """Bars of each β's active units (of `latent_dim`), the `chosen` β in red."""
    fig = go.Figure(go.Bar(x=[f"β={b:g}" for b in points], y=[p.active_units for p in points.values()],
                           marker_color=["#d62728" if b == chosen else "#1f77b4" for b in points]))
    fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, yaxis_range=[0, latent_dim],
                      title=title)
    return fig


def _hex(colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), alpha


class GhostMap:
    """The sample's codes on a 2-D plane drawn once as a picture; `draw` adds a path and the current
    point. A picture, not a chart: the server editor redraws it on every slider move, and a 2,000-point
    plotly chart cost the browser ≈ 230 ms of work per move (Chromium, measured), a picture ≈ 1 ms."""

    def __init__(self, embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], size: int = 320,
                 max_points: int = 2000) -> None:
        points = np.asarray(embedding, dtype=np.float64)[:, :2]
        self.low, self.high = points.min(0), points.max(0)
        self.size, self.pad, legend = size, 12, 18 * (1 + (len(classes) - 1) // 5)
        points, labels = backdrop_subset(points, labels, max_points)
        self.backdrop = Image.new("RGBA", (size, size + legend), (255, 255, 255, 255))
        layer = Image.new("RGBA", self.backdrop.size, (255, 255, 255, 0))
        draw = ImageDraw.Draw(layer)
        for (x, y), label in zip(self.pixels(points), labels, strict=True):
            draw.rectangle((x - 1, y - 1, x + 1, y + 1), fill=_hex(PALETTE[int(label) % 10], 110))
        self.backdrop.alpha_composite(layer)
        draw = ImageDraw.Draw(self.backdrop)
        for k, name in enumerate(classes):  # the legend: five classes a row
            x, y = 6 + (k % 5) * (size // 5), size + 4 + 18 * (k // 5)
            draw.rectangle((x, y + 3, x + 8, y + 11), fill=_hex(PALETTE[k % 10]))
            draw.text((x + 12, y), str(name)[:10], fill=(60, 60, 60, 255))

    def pixels(self, points: np.ndarray) -> list[tuple[float, float]]:
        """Plane coordinates (M, 2) → pixel centres, inside the frame (far points sit on its edge)."""
        span = np.where(self.high > self.low, self.high - self.low, 1.0)
        unit = np.clip((np.asarray(points, dtype=np.float64)[:, :2] - self.low) / span, -0.02, 1.02)
        inner = self.size - 2 * self.pad
        return [(self.pad + u * inner, self.size - self.pad - v * inner) for u, v in unit]

    def draw(self, path: np.ndarray) -> np.ndarray:
        """The backdrop with `path` (M, 2) drawn: a line, a ring at its start and a red dot at its end."""
        picture = self.backdrop.copy()
        draw = ImageDraw.Draw(picture)
        xy = self.pixels(path)
        if len(xy) > 1:
            draw.line(xy, fill=(40, 40, 40, 255), width=2)
        (x0, y0), (x1, y1) = xy[0], xy[-1]
        draw.ellipse((x0 - 5, y0 - 5, x0 + 5, y0 + 5), outline=(0, 0, 0, 255), fill=(255, 255, 255, 255), width=2)
        draw.ellipse((x1 - 7, y1 - 7, x1 + 7, y1 + 7), outline=(255, 255, 255, 255), fill=(225, 17, 17, 255))
        return np.asarray(picture.convert("RGB"))
