"""The Home page's drawing of a model: one box per layer, its height following the layer's width,
from the input through the encoder to the code and out through the decoder."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from ae_models.architecture import LayerRow, describe_shape

PART_COLOURS = {"input": "#9e9e9e", "encoder": "#1f77b4", "code": "#ff7f0e", "decoder": "#2ca02c"}
MIN_HEIGHT = 0.06  # so a 2-number code still shows as a box


def box_heights(rows: list[LayerRow]) -> list[float]:
    """Box heights in (0, 1]: the square root of each layer's width relative to the widest, so a
    784-pixel image and a 4-number code both stay visible."""
    widest = max(row.units for row in rows)
    return [max(MIN_HEIGHT, math.sqrt(row.units / widest)) for row in rows]


def architecture_figure(rows: list[LayerRow], part_names: dict[str, str], height: int = 420) -> go.Figure:
    """Boxes left to right, centred on one axis; hover a box for its module, shape and weights."""
    heights = box_heights(rows)
    # Shapes and annotations go in as two lists: plotly validates the whole list again on each
    # add_shape/add_annotation call (103 ms for a 16-layer model; 33 ms this way).
    shapes = [dict(type="line", x0=0, x1=len(rows) - 1, y0=0, y1=0, layer="below", line=dict(color="#bbb", width=2))]
    annotations = []
    for i, (row, h) in enumerate(zip(rows, heights, strict=True)):
        colour = PART_COLOURS[row.part]
        shapes.append(dict(type="rect", x0=i - 0.32, x1=i + 0.32, y0=-h / 2, y1=h / 2, fillcolor=colour,
                           opacity=0.85, line=dict(color="#333", width=1)))
        annotations.append(dict(x=i, y=-h / 2 - 0.03, text=describe_shape(row.shape), showarrow=False,
                                textangle=-60, xanchor="left", yanchor="top", font=dict(size=11)))
        annotations.append(dict(x=i, y=h / 2 + 0.03, text=row.kind, showarrow=False, textangle=-60,
                                xanchor="left", yanchor="bottom", font=dict(size=11, color=colour)))
    for part in ("encoder", "code", "decoder"):  # a title over each part
        where = [i for i, row in enumerate(rows) if row.part == part]
        if where:
            annotations.append(dict(x=(where[0] + where[-1]) / 2, y=1.02, yref="paper", showarrow=False,
                                    text=f"<b>{part_names.get(part, part)}</b>",
                                    font=dict(size=14, color=PART_COLOURS[part])))
    hover = go.Scatter(
        x=list(range(len(rows))), y=[0.0] * len(rows), mode="markers", showlegend=False,
        marker=dict(size=28, opacity=0), hoverinfo="text",
        hovertext=[f"{row.name} · {row.kind}<br>{describe_shape(row.shape)} = {row.units:,} numbers"
                   + (f"<br>{row.parameters:,} weights" if row.parameters else "") for row in rows])
    fig = go.Figure(hover, layout=dict(
        shapes=shapes, annotations=annotations, height=height, margin=dict(l=10, r=10, t=40, b=10),
        plot_bgcolor="white", dragmode=False, xaxis=dict(visible=False, range=[-0.8, len(rows) + 0.2]),
        yaxis=dict(visible=False, range=[-1.05, 1.05])))
    return fig
