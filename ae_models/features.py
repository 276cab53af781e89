"""Latent codes as features: how well simple classifiers read the class from them.

A stratified train/test split of a labelled sample; a logistic regression and a k-nearest-neighbour
classifier are fitted on the train part and scored (accuracy) on the test part, for raw pixels,
PCA of the pixels at a given size (fitted on the train part only) and any model's latents.

    split = stratified_split(labels, test_share=0.3)
    probe_accuracy(latents, labels, split)          # {"logistic": 0.93, "knn": 0.95}
    probe_accuracy(pixels, labels, split, pca=16)   # the PCA baseline of the same size
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

PROBES = {"logistic": "logistic regression", "knn": "k-NN (k = 5)"}
TEST_SHARE = 0.3  # share of a sample held out to score the probes


@dataclass(frozen=True)
class Split:
    """Indices of the train and test parts of a sample."""

    train: np.ndarray
    test: np.ndarray


def stratified_split(labels: np.ndarray, test_share: float = TEST_SHARE, seed: int = 0) -> Split:
    """A train/test split keeping each class's share; classes with one image go to train."""
    labels = np.asarray(labels)
    index = np.arange(len(labels))
    counts = dict(zip(*np.unique(labels, return_counts=True), strict=True))
    single = np.array([counts[v] < 2 for v in labels])
    train, test = train_test_split(index[~single], test_size=test_share, random_state=seed,
                                   stratify=labels[~single])
    return Split(np.sort(np.concatenate([train, index[single]])), np.sort(test))


def _probe(kind: str):
    if kind == "logistic":
        # Standardised inputs make lbfgs converge in a few hundred steps for pixels and latents alike.
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=500))
    if kind == "knn":
        # Unscaled: k-NN should measure the feature space's own geometry (standardising pixels
        # blows up rarely-inked border pixels and costs 5 points of accuracy on MNIST).
        return KNeighborsClassifier(n_neighbors=5)
    raise ValueError(f"Unknown probe {kind!r}: choose one of {', '.join(PROBES)}.")


def probe_accuracy(features: np.ndarray, labels: np.ndarray, split: Split, pca: int | None = None,
                   probes: tuple[str, ...] = tuple(PROBES)) -> dict[str, float]:
    """Test accuracy of each probe fitted on `features[split.train]` (N, D).

    `pca=d` first reduces the features to d principal components fitted on the train part.
    """
    x = np.asarray(features, dtype=np.float64).reshape(len(features), -1)
    y = np.asarray(labels)
    if len(np.unique(y[split.train])) < 2:
        raise ValueError("The sample needs at least two classes to train a classifier.")
    x_train, x_test = x[split.train], x[split.test]
    # One BLAS thread: these fits are small, and on a busy server (training, other sessions)
    # multi-threaded BLAS was measured 100-300x slower here (lbfgs on 3,500×16: 9.6 s vs 0.03 s).
    with threadpool_limits(limits=1):
        if pca is not None:
            reducer = PCA(n_components=min(pca, *x_train.shape), random_state=0).fit(x_train)
            x_train, x_test = reducer.transform(x_train), reducer.transform(x_test)
        return {kind: float(_probe(kind).fit(x_train, y[split.train]).score(x_test, y[split.test]))
                for kind in probes}


def latents_csv(latents: np.ndarray, labels: np.ndarray | None = None) -> bytes:
    """CSV text (UTF-8) with a header `z0,…,z{d-1}[,label]`, one row per image."""
    latents = np.asarray(latents)
    columns = [f"z{i}" for i in range(latents.shape[1])]
    table = latents.astype(np.float64)
    fmt = ["%.6g"] * latents.shape[1]
    if labels is not None:
        columns.append("label")
        table = np.column_stack([table, np.asarray(labels)])
        fmt.append("%d")
    buffer = io.StringIO()
    np.savetxt(buffer, table, delimiter=",", header=",".join(columns), comments="", fmt=fmt)
    return buffer.getvalue().encode("utf-8")


def latents_npy(latents: np.ndarray) -> bytes:
    """The latents (N, d) as float32 .npy bytes (`np.load` reads them without pickle)."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(latents, dtype=np.float32), allow_pickle=False)
    return buffer.getvalue()
