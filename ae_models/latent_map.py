"""The logic behind a latent map: a map that is the latent itself (2-D codes), nearest neighbours
in the latent space, how far a decoded map position lies from real data, what a picked sample's
reconstruction looks like against the rest, and export tables.

    projector = fit_map(latents, "tsne", 2, embedding=shipped)   # RawProjector when latents are 2-D
    neighbours = LatentNeighbours(k=8).fit(latents)   # neighbours.of(17) → 8 sample indices
    neighbours.closeness(0.4)                         # "on_data" | "near_data" | "hole"
    report = position_report(projector, (0.1, -0.2), neighbours, map_neighbours)
    inverse = map_inverse(projector)                  # the same inverse as tables, for the browser
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import torch
from sklearn.neighbors import NearestNeighbors

from .latent_ops import reconstruct_all
from .metrics import mse_per_image, psnr
from .models import Autoencoder
from .projection_methods import uses_raw_latent
from .projections import Method, Projector

Closeness = Literal["on_data", "near_data", "hole"]


def shipped_map(embedding: dict[str, np.ndarray], method: str, dims: int) -> np.ndarray | None:
    """The precomputed map (N, 2) of `method` in a shipped embedding, if any: only 2-D maps ship."""
    return embedding.get(method) if dims == 2 else None


def fit_map(latents: np.ndarray, method: Method, dims: int, embedding: np.ndarray | None = None) -> Projector:
    """The projector of a latent map: the raw latent when it has `dims` numbers, else `method`
    fitted on `latents` (N, d), reusing a precomputed `embedding` (N, dims) when given."""
    if uses_raw_latent(latents.shape[1], dims):
        return RawProjector(dims).fit(latents)
    return Projector(method, dims).fit(latents, embedding=embedding)


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


# Codes whose gap to their nearest other code is measured: every code of a shipped sample (5,000),
# a fixed random 5,000 of a larger set. Querying all 70,000 16-d MNIST codes took ~20 s on 2 cores
# (brute force: ~4 ns per pair of codes); 5,000 of them ~1.3 s, and the quantiles barely move.
GAP_QUERIES = 5000


class LatentNeighbours:
    """Nearest neighbours among the latents (N, d) of a sample, and the typical gap between them
    (it works for any point cloud: the map's points too).

    `gaps_` (M,) holds the distance of each of M = min(N, `gap_queries`) codes (all of them, or a
    random subset drawn with `seed`) to its nearest other code; a decoded position is "on_data"
    when it is no farther from the data than the median gap, "near_data" up to the 95th percentile
    of gaps, and in a "hole" beyond that, where the decoder has seen nothing. A code's neighbours
    are looked up when asked for (`of`), not all at `fit`.
    """

    def __init__(self, k: int = 8, gap_queries: int = GAP_QUERIES, seed: int = 0):
        self.k, self.gap_queries, self.seed = k, gap_queries, seed

    def fit(self, latents: np.ndarray) -> LatentNeighbours:
        self.latents_ = np.asarray(latents, dtype=np.float64)
        n = len(self.latents_)
        self.k_ = min(self.k, n - 1)
        self.index_ = NearestNeighbors(n_neighbors=self.k_ + 1).fit(self.latents_)
        probes = (slice(None) if n <= self.gap_queries
                  else np.sort(np.random.default_rng(self.seed).choice(n, self.gap_queries, replace=False)))
        distances, _ = self.index_.kneighbors(self.latents_[probes], n_neighbors=2)  # column 0: the code itself
        self.gaps_ = distances[:, 1]
        self.median_gap_, self.far_gap_ = np.quantile(self.gaps_, [0.5, 0.95])
        return self

    def of(self, index: int) -> np.ndarray:
        """The k nearest other samples of sample `index` (k,), nearest first."""
        row = self.index_.kneighbors(self.latents_[index: index + 1], return_distance=False)[0]
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


@dataclass(frozen=True)
class MapInverse:
    """A 2-D map's inverse (`Projector.inverse_transform`) as one float32 table that another runtime,
    the browser (`assets/map_spots/inverse.js`), evaluates the same way.

    "linear" (PCA, the raw latent): `table` is (1 + axes, d), the mean then one row per map axis, and
    a position (x, y) decodes from mean + x·axis₁ + y·axis₂. "nearest" (t-SNE, UMAP): `table` is
    (N, 2 + d), each point's map position then its code, and a position decodes from the
    inverse-distance² weighted mean of the codes of its `k` nearest points.
    """

    kind: Literal["linear", "nearest"]
    table: np.ndarray
    k: int
    latent_dim: int


def map_inverse(projector: Projector) -> MapInverse:
    """The inverse of a fitted 2-D map as a `MapInverse`."""
    if projector.dims != 2:
        raise ValueError("only a 2-D map's inverse is given as tables")
    latents = projector.latents_
    d = latents.shape[1]
    if isinstance(projector, RawProjector):
        rows = np.vstack([np.zeros((1, d)), np.eye(d)])
    elif projector.exact_inverse:  # PCA: X·components + mean (no whitening)
        rows = np.vstack([projector.model_.mean_[None], projector.model_.components_])
    else:
        rows = np.hstack([projector.embedding_, latents])
        return MapInverse("nearest", rows.astype(np.float32), min(projector.inverse_neighbors, len(latents)), d)
    return MapInverse("linear", rows.astype(np.float32), 0, d)


@dataclass(frozen=True)
class PositionReport:
    """What a map position decodes from and how close to the data it lies.

    `code` (d,) is the latent the position maps back to and `distance` its distance to the nearest
    real code. `closeness` and `ratio` (a distance in median gaps) judge the latent distance when
    the map's inverse is `exact`, else the position's distance to the nearest point of the map.
    """

    code: np.ndarray
    distance: float
    closeness: Closeness
    ratio: float
    exact: bool


def position_report(projector: Projector, position: Sequence[float], codes: LatentNeighbours,
                    points: LatentNeighbours | None) -> PositionReport:
    """Map `position` (up to `projector.dims` coordinates, missing ones 0) back to a latent code.

    `codes` are the neighbours among the fitted latents, `points` among the map's points (needed only
    when the inverse is not exact, so a caller may pass None then and skip building them). An exact
    inverse (PCA, raw latent) can give a code far from every real code, so the latent distance
    tells whether the decoder has seen anything there; a kNN inverse always blends real codes, so
    how empty the map is at the position tells more.
    """
    point = np.zeros((1, projector.dims))
    given = np.asarray(position, dtype=np.float64)[: projector.dims]
    point[0, : len(given)] = given
    code = projector.inverse_transform(point)  # (1, d)
    distance = float(projector.distance_to_data(code)[0])
    if projector.exact_inverse:
        judged, gap = codes, distance
    elif points is None:
        raise ValueError("a kNN inverse is judged by the map's points: pass them")
    else:
        judged, gap = points, float(points.distance_to(point)[0])
    return PositionReport(code[0], distance, judged.closeness(gap), judged.gap_ratio(gap), projector.exact_inverse)


@dataclass(frozen=True)
class SampleReport:
    """One sample's reconstruction and where its error ranks in the sample."""

    reconstruction: torch.Tensor  # (C, H, W) on the CPU
    mse: float  # mean squared error per pixel
    psnr: float  # dB, data range 1
    percentile: float  # share of the sample reconstructed better: 0 = best, 1 = worst


def sample_report(model: Autoencoder, image: torch.Tensor, sample_errors: np.ndarray) -> SampleReport:
    """Reconstruct `image` (C, H, W) and rank its MSE among `sample_errors` (N,), the MSE of every
    sample image."""
    x = image.unsqueeze(0)  # (1, C, H, W)
    x_hat = reconstruct_all(model, x)
    mse = float(mse_per_image(x_hat, x)[0])
    return SampleReport(x_hat[0], mse, float(psnr(x_hat, x)[0]), float((np.asarray(sample_errors) < mse).mean()))


def class_counts(labels: np.ndarray) -> dict[int, int]:
    """How many times each label occurs, smallest label first."""
    values, counts = np.unique(np.asarray(labels), return_counts=True)
    return {int(v): int(n) for v, n in zip(values, counts, strict=True)}


def export_columns(dims: int, latent_dim: int) -> list[str]:
    """Column names of the export: map coordinates, latent units, label."""
    return [*"xyz"[:dims], *(f"z{i + 1}" for i in range(latent_dim)), "label"]


def export_array(embedding: np.ndarray, latents: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """One float32 table (N, dims + latent_dim + 1): map coordinates, latents, label."""
    return np.hstack([embedding, latents, np.asarray(labels).reshape(-1, 1)]).astype(np.float32)


def export_csv(embedding: np.ndarray, latents: np.ndarray, labels: np.ndarray,
               classes: tuple[str, ...], indices: np.ndarray | None = None) -> bytes:
    """CSV with a header: point index (`indices`, default 0…N−1), map coordinates, latents, label and
    class name."""
    table = export_array(embedding, latents, labels)
    indices = np.arange(len(table)) if indices is None else indices
    names = ["index", *export_columns(embedding.shape[1], latents.shape[1]), "class"]
    lines = [",".join(names)]
    for i, row in zip(indices, table, strict=True):
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
