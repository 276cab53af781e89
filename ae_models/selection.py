"""What a lasso or box selection of map points does: its images page by page, its mean code, the
vector from one selection to another, the rest scored as anomalies, and an export.

Selections are arrays of point indices (into the map's codes), as the map's plotly selection
gives them; they do not depend on the projection, so a selection survives a switch of method.
"""

from __future__ import annotations

import io
import math

import numpy as np

from .anomaly import auroc

PAGE_SIZE = 48  # images per page of a selection's grid: 6 rows of 8


def as_selection(indices: np.ndarray | list[int], n_points: int) -> np.ndarray:
    """Sorted unique int64 indices, refusing any outside the map's `n_points`."""
    index = np.unique(np.asarray(indices, dtype=np.int64))
    if len(index) and (index[0] < 0 or index[-1] >= n_points):
        raise ValueError(f"A selection holds point indices from 0 to {n_points - 1}; got {index[0]}…{index[-1]}.")
    return index


def page_count(selection: np.ndarray, page_size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(len(selection) / page_size))


def selection_page(selection: np.ndarray, page: int, page_size: int = PAGE_SIZE) -> np.ndarray:
    """The indices shown on page `page` (0-based; clamped to the last page)."""
    page = min(max(page, 0), page_count(selection, page_size) - 1)
    return selection[page * page_size:(page + 1) * page_size]


def mean_code(codes: np.ndarray, selection: np.ndarray) -> np.ndarray:
    """(D,) the mean of the selected codes: decode it to see what the selection has in common."""
    if len(selection) == 0:
        raise ValueError("The selection is empty: draw a lasso or box around some points first.")
    return codes[selection].mean(axis=0)


def selection_vector(codes: np.ndarray, source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """(D,) the attribute vector from selection A to selection B: mean code of B − mean code of A."""
    return mean_code(codes, target) - mean_code(codes, source)


def rest_is_anomalous(n_points: int, selection: np.ndarray) -> np.ndarray:
    """(N,) bool: True for every point outside the selection ("treat the selection as normal")."""
    is_anomaly = np.ones(n_points, dtype=bool)
    is_anomaly[selection] = False
    return is_anomaly


def selection_auroc(scores: np.ndarray, selection: np.ndarray) -> float:
    """AUROC of anomaly `scores` (higher = more anomalous) separating the rest from the selection."""
    is_anomaly = rest_is_anomalous(len(scores), selection)
    if is_anomaly.all() or not is_anomaly.any():
        raise ValueError("Select some points, but not all of them: the rest are scored against the selection.")
    return auroc(scores, is_anomaly)


def selection_npy(codes: np.ndarray, selection: np.ndarray) -> bytes:
    """A .npy file of (M, 1 + D) float64: each selected point's index, then its code."""
    buffer = io.BytesIO()
    np.save(buffer, np.hstack([selection[:, None].astype(np.float64), codes[selection].astype(np.float64)]))
    return buffer.getvalue()
