"""The projections a latent map offers, by name, apart from `projections.py` so the app can name
them and draw a shipped map without importing scikit-learn (≈ 2 s, with scipy and pandas)."""

from __future__ import annotations

from typing import Literal

Method = Literal["pca", "tsne", "umap"]
METHODS: tuple[str, ...] = ("pca", "tsne", "umap")
METHOD_LABELS = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP"}


def uses_raw_latent(latent_dim: int, dims: int) -> bool:
    """A code with as many numbers as the map has axes is drawn as is, with no projection."""
    return latent_dim == dims
