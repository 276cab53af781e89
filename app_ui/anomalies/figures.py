"""Plotly figures and pictures of the Anomalies page: score histograms with the threshold, ROC and
PR curves with the current operating point, the confusion counts, per-class AUROC beside the
published references, and strips of image / reconstruction / error map."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ae_models.anomaly import Curves, ThresholdMetrics
from ae_models.imaging import heat_rgb, is_colour, to_uint8

NORMAL_COLOUR, ANOMALY_COLOUR, THRESHOLD_COLOUR = "#1f77b4", "#d62728", "#111111"
LAYOUT = dict(margin=dict(l=10, r=10, t=40, b=10), plot_bgcolor="white", legend=dict(orientation="h", y=-0.3))
WORDS = {"images": "images", "chance": "chance", "threshold": "threshold", "fpr": "false-positive rate",
         "tpr": "true-positive rate (recall)", "recall": "recall", "precision": "precision",
         "normal_class": "normal class"}  # axis and legend words; pages pass translations


def score_histogram(scores: np.ndarray, is_anomaly: np.ndarray, threshold: float, names: tuple[str, str],
                    axis_title: str, log: bool, bins: int = 60, words: dict[str, str] = WORDS) -> go.Figure:
    """Overlaid histograms of normal and anomalous scores with the threshold as a vertical line;
    the flagged side (score ≥ threshold) is shaded."""
    scores = np.asarray(scores, dtype=np.float64)
    low, high = scores.min(), scores.max()
    edges = np.geomspace(low, high, bins + 1) if log else np.linspace(low, high, bins + 1)
    fig = go.Figure()
    for mask, name, colour in ((~is_anomaly, names[0], NORMAL_COLOUR), (is_anomaly, names[1], ANOMALY_COLOUR)):
        counts, _ = np.histogram(scores[mask], bins=edges)
        centres = np.sqrt(edges[:-1] * edges[1:]) if log else (edges[:-1] + edges[1:]) / 2
        fig.add_bar(x=centres, y=counts, width=np.diff(edges), name=f"{name} ({int(mask.sum())})",
                    marker_color=colour, opacity=0.6,
                    hovertemplate="%{y} · %{x:.4g}<extra>" + name + "</extra>")
    fig.add_vrect(x0=threshold, x1=high, fillcolor=ANOMALY_COLOUR, opacity=0.06, line_width=0)
    fig.add_vline(x=threshold, line=dict(color=THRESHOLD_COLOUR, width=2, dash="dash"))
    fig.update_layout(barmode="overlay", bargap=0, height=330, **LAYOUT)
    fig.update_xaxes(title=axis_title, type="log" if log else "linear", showgrid=False)
    fig.update_yaxes(title=words["images"], showgrid=True, gridcolor="#eee")
    return fig


def _curve_figure(x: np.ndarray, y: np.ndarray, name: str, colour: str, chance: tuple[list, list, str],
                  point: tuple[float, float], title: str, axis_titles: tuple[str, str], threshold: str) -> go.Figure:
    """A curve in the unit square with its chance line and the threshold's operating point (×)."""
    fig = go.Figure()
    fig.add_scatter(x=chance[0], y=chance[1], mode="lines", line=dict(color="#bbb", dash="dot"), name=chance[2],
                    hoverinfo="skip")
    fig.add_scatter(x=x, y=y, mode="lines", line=dict(color=colour, width=2), name=name,
                    hovertemplate=f"{axis_titles[0]} %{{x:.3f}}, {axis_titles[1]} %{{y:.3f}}<extra></extra>")
    fig.add_scatter(x=[point[0]], y=[point[1]], mode="markers", name=threshold,
                    marker=dict(size=13, color=THRESHOLD_COLOUR, symbol="x"))
    fig.update_layout(title=title, height=340, **LAYOUT)
    fig.update_xaxes(title=axis_titles[0], range=[0, 1], showgrid=True, gridcolor="#eee")
    fig.update_yaxes(title=axis_titles[1], range=[0, 1.02], showgrid=True, gridcolor="#eee")
    return fig


def roc_figure(roc: Curves, point: ThresholdMetrics, title: str, words: dict[str, str] = WORDS) -> go.Figure:
    return _curve_figure(roc.fpr, roc.tpr, f"AUROC {roc.auroc:.3f}", ANOMALY_COLOUR,
                         ([0, 1], [0, 1], words["chance"]), (point.false_positive_rate, point.recall), title,
                         (words["fpr"], words["tpr"]), words["threshold"])


def pr_figure(roc: Curves, point: ThresholdMetrics, base_rate: float, title: str,
              words: dict[str, str] = WORDS) -> go.Figure:
    return _curve_figure(roc.recall, roc.precision, f"AP {roc.average_precision:.3f}", NORMAL_COLOUR,
                         ([0, 1], [base_rate, base_rate], f"{words['chance']} ({base_rate:.2f})"),
                         (point.recall, point.precision), title, (words["recall"], words["precision"]),
                         words["threshold"])


def confusion_figure(m: ThresholdMetrics, names: tuple[str, str], flagged: str, passed: str) -> go.Figure:
    """The 2×2 confusion counts as a heat map: rows = truth, columns = decision."""
    counts = np.array([[m.tn, m.fp], [m.fn, m.tp]])
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    text = [[f"{counts[r, c]}<br>({share[r, c]:.1%})" for c in range(2)] for r in range(2)]
    fig = go.Figure(go.Heatmap(z=share, x=[passed, flagged], y=list(names), text=text, texttemplate="%{text}",
                               colorscale=[[0, "#f7f7f7"], [1, "#4a6fa5"]], zmin=0, zmax=1, showscale=False,
                               hoverinfo="skip"))
    fig.update_layout(height=240, margin=dict(l=10, r=10, t=10, b=10))
    fig.update_yaxes(autorange="reversed")
    return fig


def score_comparison(first: np.ndarray, second: np.ndarray, is_anomaly: np.ndarray, names: tuple[str, str],
                     titles: tuple[str, str]) -> go.Figure:
    """Scatter of two scores of the same images (e.g. MSE vs −ELBO), normal vs anomalous."""
    fig = go.Figure()
    for mask, name, colour in ((~is_anomaly, names[0], NORMAL_COLOUR), (is_anomaly, names[1], ANOMALY_COLOUR)):
        fig.add_scattergl(x=first[mask], y=second[mask], mode="markers", name=name,
                          marker=dict(size=4, color=colour, opacity=0.5))
    fig.update_layout(height=360, **LAYOUT)
    fig.update_xaxes(title=titles[0], type="log" if first.min() > 0 else "linear", showgrid=False)
    fig.update_yaxes(title=titles[1], showgrid=True, gridcolor="#eee")
    return fig


def per_class_auroc_figure(classes: list[str], values: list[float], references: dict[str, list[float]],
                           ours: str, words: dict[str, str] = WORDS,
                           reference_means: dict[str, float] | None = None) -> go.Figure:
    """Grouped bars of one-class AUROC per normal class: `ours` beside each published reference (its
    figures for the same classes); every legend entry names its mean over the classes shown. Published
    means without per-class figures (`reference_means`) are dashed horizontal lines."""
    fig = go.Figure()
    colours = ("#b0b0b0", "#707070", "#404040")
    series = {ours: (values, "#4a6fa5"),
              **{name: (refs, colour) for (name, refs), colour in zip(references.items(), colours, strict=False)}}
    for name, (ys, colour) in series.items():
        mean = float(np.mean(ys)) if len(ys) else float("nan")
        fig.add_bar(x=classes, y=ys, name=f"{name} · mean {mean:.3f}", marker_color=colour,
                    hovertemplate=f"{name}<br>%{{x}}: %{{y:.3f}}<extra></extra>")
    means = reference_means or {}
    for (name, mean), colour in zip(means.items(), colours, strict=False):
        fig.add_hline(y=mean, line=dict(color=colour, dash="dash", width=1.5),
                      annotation_text=f"{name} · mean {mean:.3f}", annotation_position="top left")
    low = min([*values, *(v for refs in references.values() for v in refs), *means.values(), 0.8]) - 0.05
    fig.update_layout(height=400, barmode="group", **LAYOUT)
    fig.update_yaxes(title="AUROC", range=[max(0.0, low), 1.0], showgrid=True, gridcolor="#eee")
    fig.update_xaxes(title=words["normal_class"], type="category")
    return fig


def strip(image: np.ndarray, reconstruction: np.ndarray, error: np.ndarray, size: int = 96) -> np.ndarray:
    """One column picture (H', W', 3): the image and its reconstruction (C, H, W) in [0, 1], grey or in
    colour, and the heat map of its per-pixel error (H, W), stacked."""
    pictures = [to_uint8(a) for a in (image, reconstruction)]  # (H, W) grey or (H, W, 3) colour
    tiles = [p if is_colour(p) else np.repeat(p[..., None], 3, axis=-1) for p in pictures] + [heat_rgb(error)]
    pad = np.full((2, tiles[0].shape[1], 3), 255, dtype=np.uint8)
    column = np.concatenate([tiles[0], pad, tiles[1], pad, tiles[2]], axis=0)
    factor = max(1, size // max(image.shape[-2:]))  # nearest-neighbour: crisp pixels
    return np.kron(column, np.ones((factor, factor, 1), dtype=np.uint8))
