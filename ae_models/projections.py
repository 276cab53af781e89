"""Projections of latent codes to 2-D/3-D (PCA, t-SNE via openTSNE, UMAP), how faithful they
are, and the way back from a map position to a latent code.

`Projector` follows scikit-learn's shape: parameters in `__init__`, `fit` returns self, fitted
state ends in `_`. PCA maps back exactly (on its plane); t-SNE and UMAP map back by a
distance-weighted mean of the latent codes of the nearest projected points.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import sys
import threading
import warnings
from collections.abc import Callable

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors

from .projection_methods import METHODS, Method

# openTSNE: 250 iterations after early exaggeration (default 500): same trustworthiness@10 on 10k
# MNIST latents (0.985 vs 0.984 for scikit-learn) in 0.4x scikit-learn's time.
TSNE_EXAGGERATION_ITER, TSNE_ITER, TSNE_REPORT_EVERY = 250, 250, 25
# (share done, stage): t-SNE and UMAP first find each code's neighbours ("neighbours", no finer
# report), then optimise the layout ("layout"), reported along the way; that share of the bar.
FitProgress = Callable[[float, str], None]
LAYOUT_FROM = 0.3


class Projector:
    """Fit a projection of latents (N, d) to (N, dims) and map positions back to latents.

    Args:
        method: "pca", "tsne" (openTSNE, exact `transform` for new points) or "umap".
        dims: 2 or 3.
        seed: random seed for t-SNE/UMAP (PCA is deterministic).
        inverse_neighbors: k for the nearest-neighbour inverse of t-SNE/UMAP.
    """

    def __init__(self, method: Method = "pca", dims: int = 2, seed: int = 0, inverse_neighbors: int = 8):
        if method not in METHODS:
            raise ValueError(f"Unknown projection {method!r}: choose one of {', '.join(METHODS)}.")
        if dims not in (2, 3):
            raise ValueError("dims must be 2 or 3")
        self.method, self.dims, self.seed, self.inverse_neighbors = method, dims, seed, inverse_neighbors

    def fit(self, latents: np.ndarray, embedding: np.ndarray | None = None,
            progress: FitProgress | None = None) -> Projector:
        """Fit on `latents` (N, d). A precomputed `embedding` (N, dims) of the same latents can be
        given for t-SNE/UMAP: it is then used for the map and the inverse, and `transform`
        of new points falls back to the nearest-neighbour average. t-SNE and UMAP call
        `progress(share done, stage)` (see `FitProgress`): t-SNE every `TSNE_REPORT_EVERY`
        iterations, UMAP every epoch. An exception raised by `progress` ends the fit (a cancel)."""
        latents = np.asarray(latents, dtype=np.float64)
        self.latents_ = latents
        self.model_ = None
        if self.method == "pca" or latents.shape[1] <= self.dims:
            self.model_ = PCA(n_components=min(self.dims, latents.shape[1]), random_state=self.seed)
            self.embedding_ = self.model_.fit_transform(latents)
        elif embedding is not None:
            self.embedding_ = np.asarray(embedding, dtype=np.float64)
        else:
            report = progress or _no_progress
            report(0.0, "neighbours")
            fit = _fit_tsne if self.method == "tsne" else _fit_umap
            self.model_, self.embedding_ = fit(latents, self.dims, self.seed,
                                               lambda share: report(LAYOUT_FROM + (1 - LAYOUT_FROM) * share, "layout"))
        if self.embedding_.shape[1] < self.dims:  # latent smaller than the map: pad with zeros
            pad = np.zeros((len(self.embedding_), self.dims - self.embedding_.shape[1]))
            self.embedding_ = np.hstack([self.embedding_, pad])
        self.embedding_ = np.asarray(self.embedding_, dtype=np.float64)
        self._map_index = NearestNeighbors(n_neighbors=min(self.inverse_neighbors, len(latents))
                                           ).fit(self.embedding_)
        self._latent_index = NearestNeighbors(n_neighbors=min(self.inverse_neighbors, len(latents))
                                              ).fit(latents)
        return self

    @property
    def exact_inverse(self) -> bool:
        return isinstance(self.model_, PCA)

    def transform(self, latents: np.ndarray) -> np.ndarray:
        """Project new latents (M, d) → (M, dims)."""
        latents = np.atleast_2d(np.asarray(latents, dtype=np.float64))
        if isinstance(self.model_, PCA):
            out = self.model_.transform(latents)
            return np.hstack([out, np.zeros((len(out), self.dims - out.shape[1]))])
        if self.model_ is not None and hasattr(self.model_, "transform"):
            return np.asarray(self.model_.transform(latents), dtype=np.float64)
        distances, index = self._latent_index.kneighbors(latents)
        return _weighted_mean(self.embedding_, distances, index)

    def inverse_transform(self, points: np.ndarray) -> np.ndarray:
        """Map positions (M, dims) back to latents (M, d): exact PCA inverse, else the
        distance-weighted mean of the latents of the k nearest projected points (a point lying
        exactly on a projected code gives that code back)."""
        points = np.atleast_2d(np.asarray(points, dtype=np.float64))
        if isinstance(self.model_, PCA):
            return self.model_.inverse_transform(points[:, : self.model_.n_components_])
        distances, index = self._map_index.kneighbors(points)
        return _weighted_mean(self.latents_, distances, index)

    def distance_to_data(self, latents: np.ndarray) -> np.ndarray:
        """Euclidean distance from each latent (M, d) to its nearest training latent."""
        distances, _ = self._latent_index.kneighbors(np.atleast_2d(latents), n_neighbors=1)
        return distances[:, 0]


def _no_progress(share: float, stage: str) -> None:
    """The default progress callback: report nothing."""


def _fit_tsne(latents: np.ndarray, dims: int, seed: int, layout: Callable[[float], None]):
    """openTSNE (FFT gradients in 2-D): (the fitted embedding, its (N, dims) array)."""
    from openTSNE import TSNE

    calls = itertools.count(1)
    total = (TSNE_EXAGGERATION_ITER + TSNE_ITER) / TSNE_REPORT_EVERY

    def report(iteration: int, error: float, embedding: np.ndarray) -> bool:
        layout(min(1.0, next(calls) / total))
        return False  # never stop early

    model = TSNE(n_components=dims, n_jobs=2, random_state=seed, neighbors="approx", n_iter=TSNE_ITER,
                 early_exaggeration_iter=TSNE_EXAGGERATION_ITER, callbacks=report,
                 callbacks_every_iters=TSNE_REPORT_EVERY,
                 negative_gradient_method="fft" if dims == 2 else "bh").fit(latents)
    return model, np.asarray(model)


class EpochStream(io.TextIOBase):
    """A file for the tqdm bar of UMAP's epochs (its only progress hook), formatted as "n/total":
    each write reports n / total to `layout`. After `layout` raises once, later writes (the bar
    closing) are dropped, so the exception ends the fit as raised."""

    BAR_FORMAT = "{n}/{total}"

    def __init__(self, layout: Callable[[float], None]):
        super().__init__()
        self._layout, self._failed = layout, False

    def write(self, text: str) -> int:
        counts = re.findall(r"(\d+)/(\d+)", text)
        if counts and not self._failed:
            done, total = map(int, counts[-1])
            try:
                self._layout(min(1.0, done / max(total, 1)))
            except BaseException:
                self._failed = True
                raise
        return len(text)


_UMAP_IMPORT = threading.Lock()


def import_umap():
    """umap-learn, imported with numba's `njit` caching what it compiles on disk by default.

    umap-learn 0.5 marks few of its functions `cache=True` (pynndescent marks most), so every new
    process compiled the rest again: ~20 s of a later process's first UMAP on 2 cores, against
    ~0 s with this (measured on 1,500 16-d codes). numba keeps the cache in the package's
    `__pycache__`, else in its user-wide folder, or in `NUMBA_CACHE_DIR`. Only the import is
    patched; an explicit `cache=False` still wins."""
    with _UMAP_IMPORT:
        if "umap" in sys.modules:
            return sys.modules["umap"]
        import numba

        plain = numba.njit
        numba.njit = functools.partial(plain, cache=True)
        try:
            import umap
        finally:
            numba.njit = plain
    return umap


UMAP_NEIGHBOURS = 15  # umap-learn's default n_neighbors
# umap-learn's default is 1. More weight on the repulsion of non-neighbours keeps more of each code's
# neighbours near it on the map (UMAP moves towards t-SNE; Böhm, Berens & Kobak, JMLR 2022). Measured
# on 20,000 MNIST codes of mnist-conv_ae-16, trustworthiness@10 on 3,000 of them: 0.964 at 1, 0.967 at 4
# (3 seeds), 0.969 at 6 and at 8, against scikit-learn t-SNE's 0.976, for ≈ 1.2× the time; the clusters
# stay where they were. Other settings moved it less: 500 epochs 0.965, min_dist 0 0.965, 10 negative
# samples 0.965, n_neighbors 5-30 0.962-0.964. On 5,000 codes: 0.966 at 1, 0.972 at 6.
UMAP_REPULSION = 6.0


def fit_settings(method: str) -> str:
    """The settings a fit of `method` is made with, as its cached maps are named after them (a map
    made with other settings is not read back): "" for PCA, which has none."""
    if method == "tsne":
        return f"exaggeration{TSNE_EXAGGERATION_ITER}-iterations{TSNE_ITER}"
    if method == "umap":
        return f"neighbours{UMAP_NEIGHBOURS}-repulsion{UMAP_REPULSION:g}"
    return ""


def _fit_umap(latents: np.ndarray, dims: int, seed: int, layout: Callable[[float], None]):
    """umap-learn on exact nearest neighbours (scikit-learn's, ≈ 0.6 s for 20,000 16-d codes):
    (None, its (N, dims) embedding); `Projector.transform` then places new codes by their
    neighbours' mean.

    UMAP's own neighbour search (pynndescent's NN-descent) is the part numba cannot cache
    ("dynamic globals"): every new process compiled it again, 37 s of a later process's first
    fit of 20,000 codes on 2 cores against a fit of 9 s; given the neighbours, that first fit
    pays ≈ 0.6 s of compile (measured in `python -m benchmarks map_scale`)."""
    umap = import_umap()
    k = min(UMAP_NEIGHBOURS, len(latents) - 1)
    distances, index = NearestNeighbors(n_neighbors=k).fit(latents).kneighbors(latents)  # itself first, as UMAP's
    bar = {"file": EpochStream(layout), "bar_format": EpochStream.BAR_FORMAT, "disable": False,
           "mininterval": 0, "miniters": 1}
    with warnings.catch_warnings():  # "transform ... unavailable" (we place new codes ourselves); n_jobs and seed
        warnings.simplefilter("ignore", UserWarning)
        model = umap.UMAP(n_components=dims, n_neighbors=k, random_state=seed, tqdm_kwds=bar,
                          precomputed_knn=(index, distances), repulsion_strength=UMAP_REPULSION)
        return None, model.fit_transform(latents)


def _weighted_mean(values: np.ndarray, distances: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Inverse-distance weighted mean of `values[index]`; an exact hit (distance 0) wins outright."""
    weights = 1.0 / np.maximum(distances, 1e-12) ** 2
    exact = distances[:, :1] <= 1e-12
    weights = np.where(exact, (distances <= 1e-12).astype(float), weights)
    weights /= weights.sum(axis=1, keepdims=True)
    return np.einsum("mk,mkd->md", weights, values[index])


def project(latents: np.ndarray, method: Method = "pca", dims: int = 2, seed: int = 0) -> np.ndarray:
    """Project latents (N, d) to (N, dims) with PCA, t-SNE or UMAP."""
    return Projector(method, dims, seed).fit(latents).embedding_


def neighbourhood_kept(latents: np.ndarray, embedding: np.ndarray, k: int = 10) -> float:
    """Mean share of each point's k nearest latent neighbours that are also among its k nearest
    neighbours on the map (1 = every neighbourhood kept)."""
    k = min(k, len(latents) - 1)
    high = NearestNeighbors(n_neighbors=k).fit(latents).kneighbors(return_distance=False)  # self excluded
    low = NearestNeighbors(n_neighbors=k).fit(embedding).kneighbors(return_distance=False)
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(high, low, strict=True)]))


def faithfulness(latents: np.ndarray, embedding: np.ndarray, k: int = 10, max_points: int = 3000,
                 seed: int = 0) -> dict[str, float]:
    """Trustworthiness@k (scikit-learn) and neighbourhood kept@k, on a subsample of `max_points`."""
    if len(latents) > max_points:
        pick = np.random.default_rng(seed).choice(len(latents), max_points, replace=False)
        latents, embedding = latents[pick], embedding[pick]
    k = min(k, len(latents) // 2 - 1)
    return {"trustworthiness": float(trustworthiness(latents, embedding, n_neighbors=k)),
            "neighbourhood_kept": neighbourhood_kept(latents, embedding, k)}


def pca_plane_grid(projector: Projector, decode: Callable[[np.ndarray], np.ndarray], steps: int = 12,
                   margin: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Decode a steps×steps grid spanning the projected data: returns (centres (S², 2), images).

    For PCA the grid points map back exactly; for t-SNE/UMAP through the neighbour inverse.
    """
    low, high = projector.embedding_[:, :2].min(0), projector.embedding_[:, :2].max(0)
    span = high - low
    xs = np.linspace(low[0] + margin * span[0], high[0] - margin * span[0], steps)
    ys = np.linspace(low[1] + margin * span[1], high[1] - margin * span[1], steps)
    centres = np.array([(x, y) for y in ys for x in xs])
    padded = np.hstack([centres, np.zeros((len(centres), projector.dims - 2))])
    return centres, decode(projector.inverse_transform(padded))
