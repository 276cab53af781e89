"""The logic behind a latent map: a map that is the latent itself (2-D codes), nearest neighbours
in the latent space, how far a decoded map position lies from real data, and export tables.

    projector = RawProjector().fit(latents)           # latents (N, 2): the map is z itself
    neighbours = LatentNeighbours(k=8).fit(latents)   # neighbours.of(17) → 8 sample indices
    neighbours.closeness(0.4)                         # "on_data" | "near_data" | "hole"
"""

from __future__ import annotations

import io
from typing import Literal

import numpy as np
from sklearn.neighbors import NearestNeighbors

from .projections import Projector

Closeness = Literal["on_data", "near_data", "hole"]


class RawProjector(Projector):
    """The identity map for latents with as many dimensions as the map (2-D codes on a 2-D map):
    the map shows z₁, z₂ themselves and a map position decodes exactly."""

    def __init__(self, dims: int = 2, inverse_neighbors: int = 8):
        super().__init__("pca", dims, inverse_neighbors=inverse_neighbors)

    def fit(self, latents: np.ndarray, embedding: np.ndarray | None = None) -> RawProjector:
        latents = np.asarray(latents, dtype=np.float64)
        if latents.shape[1] != self.dims:
            raise ValueError(f"RawProjector needs {self.dims}-D latents, got {latents.shape[1]}-D")
        super().fit(latents)  # builds the neighbour indices used by distance_to_data
        self.embedding_ = latents
        return self

    @property
    def exact_inverse(self) -> bool:
        return True

    def transform(self, latents: np.ndarray) -> np.ndarray:
        return np.atleast_2d(np.asarray(latents, dtype=np.float64))

    def inverse_transform(self, points: np.ndarray) -> np.ndarray:
        return np.atleast_2d(np.asarray(points, dtype=np.float64))


class LatentNeighbours:
    """Nearest neighbours among the latents (N, d) of a sample, and the typical gap between them
    (it works for any point cloud: the map's points too).

    `gaps_` (N,) holds each code's distance to its nearest other code; a decoded position is
    "on_data" when it is no farther from the data than the median gap, "near_data" up to the 95th
    percentile of gaps, and in a "hole" beyond that, where the decoder has seen nothing.
    """

    def __init__(self, k: int = 8):
        self.k = k

    def fit(self, latents: np.ndarray) -> LatentNeighbours:
        latents = np.asarray(latents, dtype=np.float64)
        self.k_ = min(self.k, len(latents) - 1)
        self.index_ = NearestNeighbors(n_neighbors=self.k_ + 1).fit(latents)
        distances, self.neighbours_ = self.index_.kneighbors(latents)  # column 0: the point itself
        self.gaps_ = distances[:, 1]
        self.median_gap_, self.far_gap_ = np.quantile(self.gaps_, [0.5, 0.95])
        return self

    def of(self, index: int) -> np.ndarray:
        """The k nearest other samples of sample `index` (k,), nearest first."""
        row = self.neighbours_[index]
        return row[row != index][: self.k_]

    def distance_to(self, points: np.ndarray) -> np.ndarray:
        """Distance (M,) from each of `points` (M, d) to the nearest fitted point."""
        distances, _ = self.index_.kneighbors(np.atleast_2d(points), n_neighbors=1)
        return distances[:, 0]

    def closeness(self, distance: float) -> Closeness:
        """Classify a distance to the nearest code against the typical gaps between codes."""
        if distance <= self.median_gap_:
            return "on_data"
        return "near_data" if distance <= self.far_gap_ else "hole"

    def gap_ratio(self, distance: float) -> float:
        """The distance in units of the median gap between neighbouring codes."""
        return float(distance / max(self.median_gap_, 1e-12))


def export_columns(dims: int, latent_dim: int) -> list[str]:
    """Column names of the export: map coordinates, latent units, label."""
    return [*"xyz"[:dims], *(f"z{i + 1}" for i in range(latent_dim)), "label"]


def export_array(embedding: np.ndarray, latents: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """One float32 table (N, dims + latent_dim + 1): map coordinates, latents, label."""
    return np.hstack([embedding, latents, np.asarray(labels).reshape(-1, 1)]).astype(np.float32)


def export_csv(embedding: np.ndarray, latents: np.ndarray, labels: np.ndarray,
               classes: tuple[str, ...]) -> bytes:
    """CSV with a header: sample index, map coordinates, latents, label and class name."""
    table = export_array(embedding, latents, labels)
    names = ["index", *export_columns(embedding.shape[1], latents.shape[1]), "class"]
    lines = [",".join(names)]
    for i, row in enumerate(table):
        label = int(row[-1])
        name = classes[label] if 0 <= label < len(classes) else ""
        values = ",".join(f"{v:.6g}" for v in row[:-1])
        lines.append(f'{i},{values},{label},"{name}"')
    return ("\n".join(lines) + "\n").encode()


def export_npy(embedding: np.ndarray, latents: np.ndarray, labels: np.ndarray) -> bytes:
    """`export_array` as the bytes of a .npy file (columns as in `export_columns`)."""
    buffer = io.BytesIO()
    np.save(buffer, export_array(embedding, latents, labels))
    return buffer.getvalue()
