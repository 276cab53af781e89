"""Plotly figures of the Denoise page: PSNR and SSIM against the noise strength, and the arrows
from clean to noisy codes on a model's PCA map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ae_models.denoising import NOISY_INPUT, MappedShift
from app_ui.common.figures import map_figure
from app_ui.common.pictures import PALETTE

METRIC_TITLES = {"psnr": "PSNR (dB)", "ssim": "SSIM"}


def curve_figures(table: pd.DataFrame, strength_title: str, input_label: str) -> tuple[go.Figure, go.Figure]:
    """PSNR and SSIM against the noise strength, a line per model and a dashed grey one for the noisy
    input (named `input_label`), from a `denoising.curve_table`."""
    figures = {metric: go.Figure() for metric in METRIC_TITLES}
    for j, name in enumerate(table["psnr"].columns):
        baseline = name == NOISY_INPUT
        style = {"dash": "dash", "color": "#555555"} if baseline else {"color": PALETTE[j % len(PALETTE)]}
        for metric, fig in figures.items():
            values = table[metric][name]
            if metric == "psnr":  # an uncorrupted input has infinite PSNR (shown as 100 dB): leave that point out
                values = values.where(values < 99.0)
            fig.add_trace(go.Scatter(x=table.index, y=values, name=input_label if baseline else name,
                                     mode="lines+markers", line=style, legendgroup=name,
                                     showlegend=metric == "psnr"))
    for metric, fig in figures.items():
        fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis_title=strength_title,
                          yaxis_title=METRIC_TITLES[metric])
    return figures["psnr"], figures["ssim"]


def shift_figure(embedding: np.ndarray, labels: np.ndarray, classes: tuple[str, ...], shift: MappedShift
                 ) -> go.Figure:
    """The sample's codes on the map (`embedding` (M, 2)) with an arrow per image from its clean
    code to its noisy one."""
    fig = map_figure(embedding, labels, classes, height=300)
    fig.update_layout(showlegend=False)
    for a, b in zip(shift.start, shift.end, strict=True):
        fig.add_annotation(x=b[0], y=b[1], ax=a[0], ay=a[1], xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowwidth=2, arrowcolor="#000000")
    return fig
