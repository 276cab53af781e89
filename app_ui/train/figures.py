"""Plotly figures of the Train page: the loss curves and the latent map of one epoch."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ae_models.train import EpochRecord
from app_ui.common.labels import class_name
from app_ui.common.pictures import class_colour

LAYOUT = dict(plot_bgcolor="white", margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.2))


def loss_figure(records: tuple[EpochRecord, ...], title: str, names: tuple[str, str], total_epochs: int,
                log: bool, axis_titles: tuple[str, str] = ("epoch", "loss")) -> go.Figure:
    """Training and validation loss per epoch; the x axis spans all requested epochs."""
    epochs = [r.epoch for r in records]
    fig = go.Figure()
    fig.add_scatter(x=epochs, y=[r.train_loss for r in records], mode="lines+markers", name=names[0],
                    line=dict(color="#4a6fa5"))
    fig.add_scatter(x=epochs, y=[r.val_loss for r in records], mode="lines+markers", name=names[1],
                    line=dict(color="#d62728", dash="dash"))
    fig.update_layout(title=title, height=360, **LAYOUT)
    fig.update_xaxes(title=axis_titles[0], range=[0.5, max(total_epochs, 1) + 0.5], dtick=max(1, total_epochs // 10),
                     showgrid=False)
    fig.update_yaxes(title=axis_titles[1], type="log" if log else "linear", showgrid=True, gridcolor="#eee")
    return fig


def snapshot_figure(coords: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], title: str) -> go.Figure:
    """The 2-D map of the snapshot images' codes, one trace (legend entry) per class."""
    fig = go.Figure()
    for label in np.unique(labels):
        index = labels == label
        name = class_name(classes, int(label))
        fig.add_scattergl(x=coords[index, 0], y=coords[index, 1], mode="markers", name=name,
                          marker=dict(size=6, color=class_colour(int(label)), opacity=0.8),
                          hovertemplate=name + "<extra></extra>")
    fig.update_layout(title=title, height=420, **LAYOUT)
    fig.update_xaxes(title="PC 1", showgrid=False, zeroline=False)
    fig.update_yaxes(title="PC 2", showgrid=False, zeroline=False, scaleanchor="x", scaleratio=1)
    return fig


def class_count_figure(counts: tuple[tuple[int, int], ...], classes: tuple[str, ...], unknown: str, title: str,
                       axis_title: str) -> go.Figure:
    """One bar per label, (label, count) pairs, in the label's colour; label -1 is `unknown`."""
    fig = go.Figure()
    fig.add_bar(x=[class_name(classes, label, unknown) for label, _ in counts], y=[n for _, n in counts],
                marker_color=[class_colour(label) for label, _ in counts], hovertemplate="%{x}: %{y}<extra></extra>")
    fig.update_layout(title=title, height=300, **LAYOUT)
    fig.update_xaxes(type="category", showgrid=False)
    fig.update_yaxes(title=axis_title, showgrid=True, gridcolor="#eee", rangemode="tozero")
    return fig
