"""Plotly figures of the Features page."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from app_ui.common.labels import class_name

PROBE_COLOURS = {"logistic": ("#4a6fa5", "#b8b8b8"), "knn": ("#2ca02c", "#8a8a8a")}  # (latent, baseline)


def accuracy_figure(names: list[str], baseline: list[bool], scores: list[dict[str, float]],
                    probe_names: dict[str, str], axis_title: str) -> go.Figure:
    """Grouped bars: one group per feature set, one bar per probe; baselines in grey."""
    fig = go.Figure()
    for probe, label in probe_names.items():
        latent_colour, base_colour = PROBE_COLOURS.get(probe, ("#4a6fa5", "#999"))
        values = [s[probe] for s in scores]
        fig.add_bar(x=names, y=values, name=label, text=[f"{v:.1%}" for v in values], textposition="outside",
                    marker_color=[base_colour if b else latent_colour for b in baseline],
                    marker_pattern_shape="/" if probe == "knn" else "",
                    hovertemplate="%{x}: %{y:.1%}<extra>" + label + "</extra>")
    low = min((v for s in scores for v in s.values()), default=0.0)
    fig.update_layout(barmode="group", height=420, plot_bgcolor="white",
                      margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=1.08))
    fig.update_yaxes(title=axis_title, tickformat=".0%", range=[max(0.0, low - 0.1), 1.04],
                     showgrid=True, gridcolor="#eee")
    fig.update_xaxes(type="category")
    return fig


def codes_rows(labels: np.ndarray | None, rows: int = 40, seed: int = 0) -> np.ndarray:
    """Which codes to show: up to `rows`, an even share per class, grouped by class (so codes of the
    same class can be seen to look alike); the first `rows` when there are no labels."""
    if labels is None or (np.asarray(labels) < 0).all():
        return np.arange(min(rows, 0 if labels is None else len(labels)))
    labels = np.asarray(labels)
    classes = np.unique(labels[labels >= 0])
    per_class = max(1, rows // len(classes))
    rng = np.random.default_rng(seed)
    picks = [np.sort(rng.permutation(np.flatnonzero(labels == c))[:per_class]) for c in classes]
    return np.concatenate(picks)[:rows]


def row_names(rows: np.ndarray, labels: np.ndarray | None, classes: Sequence[str]) -> list[str]:
    """A heat-map row's name: "#index · class", or "#index" for an image with no class."""
    names = [class_name(classes, labels[i], unknown="") if labels is not None else "" for i in rows]
    return [f"#{i} · {name}" if name else f"#{i}" for i, name in zip(rows, names, strict=True)]


def codes_heatmap(latents: np.ndarray, names: list[str]) -> go.Figure:
    """Codes as a heat map: one row per image (named by `names`), one column per latent number."""
    shown = np.asarray(latents, dtype=np.float64)
    limit = float(np.abs(shown).max()) if shown.size else 1.0
    fig = go.Figure(go.Heatmap(z=shown, x=[f"z{i}" for i in range(shown.shape[1])], y=names, colorscale="RdBu",
                               zmin=-limit, zmax=limit or 1.0,
                               hovertemplate="%{y}, %{x} = %{z:.3f}<extra></extra>"))
    fig.update_layout(height=min(560, 120 + 11 * len(shown)), margin=dict(l=10, r=10, t=10, b=10))
    fig.update_yaxes(autorange="reversed", type="category", tickfont=dict(size=9))
    return fig
