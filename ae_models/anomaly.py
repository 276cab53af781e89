"""Anomaly detection with autoencoders: per-image scores, a threshold's confusion counts, ROC/PR.

An autoencoder trained on normal data reconstructs normal images well and anomalies badly, so
the reconstruction error is an anomaly score; for VAEs the negative ELBO (−log-likelihood bound)
is a second one. Higher score = more anomalous. Labels are booleans: True = anomaly.

    scores = anomaly_scores(model, images)                 # {"mse": (N,), "neg_elbo": (N,) for VAEs}
    y = one_class_labels(labels, normal_class=3)           # anomalies: every other class
    threshold_metrics(scores["mse"], y, threshold=0.02)    # precision, recall, FPR, counts
    curves(scores["mse"], y).auroc
    case = one_class_case(model, data, normal_class=3)    # a scored set-up, for the app's panels
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import auc, average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

from .data import BUILTIN_DATASETS, BUILTIN_IMAGE_SHAPES, DatasetError, ImageDataset, from_uint8
from .evaluate import per_image_metrics
from .imaging import to_uint8
from .latent_ops import reconstruct_all
from .models import Autoencoder

SCORES = {"mse": "reconstruction error (MSE per pixel)", "neg_elbo": "negative ELBO (nats)"}

# Ruff et al. 2018, "Deep One-Class Classification" (ICML), Table 1: one-class MNIST AUROC per
# normal class 0–9 (means 0.897 and 0.948). The Deep SVDD (one-class) row matches the copy of the
# table in a public reimplementation's README; the DCAE row reproduces the paper's mean.
REFERENCES_MNIST_AUROC: dict[str, tuple[float, ...]] = {
    "DCAE (Ruff et al. 2018)": (0.976, 0.983, 0.854, 0.867, 0.865, 0.782, 0.946, 0.923, 0.865, 0.904),
    "Deep SVDD (Ruff et al. 2018)": (0.980, 0.997, 0.917, 0.919, 0.949, 0.885, 0.983, 0.946, 0.939, 0.965),
}
REFERENCE_CITATION = ("L. Ruff, R. Vandermeulen, N. Görnitz et al., “Deep One-Class Classification”, "
                      "ICML 2018, Table 1 (one-class MNIST, AUROC per normal class).")


@torch.no_grad()
def anomaly_scores(model: Autoencoder, images: torch.Tensor, seed: int = 0,
                   batch_size: int = 512) -> dict[str, np.ndarray]:
    """Per-image anomaly scores of `images` (N, C, H, W) in [0, 1].

    Returns {"mse": (N,)} and, for VAEs, also "neg_elbo": (N,) in nats (one sample, fixed seed).
    The values of `evaluate.per_image_metrics` without its PSNR and SSIM, which made scoring 3×
    slower (6.9 s vs 2.4 s for 5,000 MNIST images on a CPU).
    """
    metrics = per_image_metrics(model, images, seed=seed, batch_size=batch_size, quality=False)
    return {k: v.double().numpy() for k, v in metrics.items()}


def reconstructions(model: Autoencoder, images: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Reconstructions (N, C, H, W) in [0, 1] of a few images (N, C, H, W), and their absolute
    errors per pixel (N, H, W), averaged over the colour channels."""
    x_hat = reconstruct_all(model, images)
    return x_hat.numpy(), (images.cpu() - x_hat).abs().mean(1).numpy()


def one_class_labels(labels: np.ndarray | torch.Tensor, normal_class: int) -> np.ndarray:
    """True where an image is an anomaly, i.e. not of `normal_class`."""
    return np.asarray(labels) != normal_class


def ood_labels(n_normal: int, n_anomalous: int) -> np.ndarray:
    """Labels for in-distribution images followed by out-of-distribution ones."""
    return np.concatenate([np.zeros(n_normal, dtype=bool), np.ones(n_anomalous, dtype=bool)])


@dataclass(frozen=True)
class ThresholdMetrics:
    """What flagging `score >= threshold` as an anomaly gives (anomaly = the positive class)."""

    threshold: float
    tp: int  # anomalies flagged
    fp: int  # normal images flagged (false alarms)
    tn: int  # normal images passed
    fn: int  # anomalies missed

    @property
    def precision(self) -> float:
        """Share of flagged images that are anomalies (1 when nothing is flagged, as scikit-learn's
        precision_recall_curve does at the top threshold)."""
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """True-positive rate: share of anomalies flagged."""
        positives = self.tp + self.fn
        return self.tp / positives if positives else 0.0

    @property
    def false_positive_rate(self) -> float:
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else 0.0

    @property
    def accuracy(self) -> float:
        return (self.tp + self.tn) / max(self.tp + self.fp + self.tn + self.fn, 1)

    @property
    def f1(self) -> float:
        return 2 * self.tp / max(2 * self.tp + self.fp + self.fn, 1)


def threshold_metrics(scores: np.ndarray, is_anomaly: np.ndarray, threshold: float) -> ThresholdMetrics:
    """Confusion counts of flagging `scores >= threshold` against the truth `is_anomaly` (N,)."""
    flagged = np.asarray(scores) >= threshold
    truth = np.asarray(is_anomaly, dtype=bool)
    return ThresholdMetrics(float(threshold), tp=int(np.sum(flagged & truth)), fp=int(np.sum(flagged & ~truth)),
                            tn=int(np.sum(~flagged & ~truth)), fn=int(np.sum(~flagged & truth)))


def has_both_kinds(is_anomaly: np.ndarray) -> bool:
    """Whether the truth (N,) holds both normal images and anomalies (ROC and PR need both)."""
    truth = np.asarray(is_anomaly, dtype=bool)
    return bool(truth.any() and not truth.all())


@dataclass(frozen=True)
class Curves:
    """ROC and precision-recall curves of a score, with AUROC and average precision."""

    fpr: np.ndarray
    tpr: np.ndarray
    roc_thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    auroc: float
    average_precision: float
    pr_auc: float  # trapezoidal area under the PR curve (AP is the step-wise one)


def curves(scores: np.ndarray, is_anomaly: np.ndarray) -> Curves:
    """ROC and PR curves (scikit-learn). Needs both normal images and anomalies."""
    if not has_both_kinds(is_anomaly):
        raise ValueError("ROC and PR curves need both normal images and anomalies.")
    truth = np.asarray(is_anomaly, dtype=bool)
    fpr, tpr, thresholds = roc_curve(truth, scores)
    precision, recall, _ = precision_recall_curve(truth, scores)
    return Curves(fpr, tpr, thresholds, precision, recall, float(roc_auc_score(truth, scores)),
                  float(average_precision_score(truth, scores)), float(auc(recall, precision)))


def auroc(scores: np.ndarray, is_anomaly: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a random anomaly scores above a random normal image."""
    return float(roc_auc_score(np.asarray(is_anomaly, dtype=bool), scores))


def default_threshold(scores: np.ndarray, is_anomaly: np.ndarray, false_positive_rate: float = 0.05) -> float:
    """The threshold that flags `false_positive_rate` of the normal images (a common operating point)."""
    normal = np.asarray(scores)[~np.asarray(is_anomaly, dtype=bool)]
    pool = normal if len(normal) else np.asarray(scores)
    return float(np.quantile(pool, 1.0 - false_positive_rate))


def extremes(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the k highest scores (most anomalous first) and the k lowest (most normal first)."""
    order = np.argsort(scores, kind="stable")
    k = min(k, len(order))
    return order[::-1][:k], order[:k]


def threshold_options(scores: np.ndarray, steps: int = 201) -> list[float]:
    """Candidate thresholds spanning the scores: geometric when all are positive (error scores are
    skewed), else linear; inner ones rounded to 4 significant digits so a slider's labels read well."""
    low, high = float(np.min(scores)), float(np.max(scores))
    if high <= low:
        return [low]
    grid = np.geomspace(low, high, steps) if low > 0 else np.linspace(low, high, steps)
    inner = {float(f"{v:.4g}") for v in grid[1:-1]} - {low, high}
    return [low, *sorted(v for v in inner if low < v < high), high]  # exact ends: all / none flagged


def nearest_option(options: Sequence[float], value: float) -> float:
    """The option closest to `value`."""
    return options[int(np.argmin(np.abs(np.asarray(options) - value)))]


# --- scored set-ups ------------------------------------------------------------------------
OOD_IMAGES = 2000  # images per side in the out-of-distribution set-up (scoring stays ~1 s on a CPU)


@dataclass(frozen=True)
class AnomalyCase:
    """A scored set-up: which images are anomalies, and each image's scores."""

    images: np.ndarray  # uint8 pictures (N, H, W) or (N, H, W, 3), for the gallery (4× smaller than floats)
    scores: dict[str, np.ndarray]  # "mse" (and "neg_elbo" for VAEs) → (N,)
    is_anomaly: np.ndarray  # (N,) bool
    classes: np.ndarray  # (N,) the images' own class names (for hover and captions)

    def images_at(self, index: np.ndarray) -> torch.Tensor:
        """The images at `index` as a float batch (k, C, H, W) in [0, 1]."""
        return from_uint8(self.images[index], None, "", ()).images


def class_label(classes: Sequence[str], k: int) -> str:
    """Class `k`'s name, or its number when the dataset does not name it."""
    return classes[k] if 0 <= k < len(classes) else str(k)


def image_classes(data: ImageDataset) -> np.ndarray:
    """Each image's class name (N,), "?" for unlabelled images."""
    names = np.array([*data.classes, "?"], dtype=object)
    labels = data.labels.numpy()
    return names[np.where((labels >= 0) & (labels < len(data.classes)), labels, len(data.classes))]


def score_case(model: Autoencoder, images: torch.Tensor, is_anomaly: np.ndarray, classes: np.ndarray
               ) -> AnomalyCase:
    """Score `images` (N, C, H, W) in [0, 1] against the truth `is_anomaly` (N,)."""
    return AnomalyCase(to_uint8(images), anomaly_scores(model, images), is_anomaly, classes)


def one_class_case(model: Autoencoder, data: ImageDataset, normal_class: int) -> AnomalyCase:
    """All of `data`; anomalies = every class but `normal_class`."""
    return score_case(model, data.images, one_class_labels(data.labels.numpy(), normal_class), image_classes(data))


def ood_case(model: Autoencoder, normal: ImageDataset, anomalies: ImageDataset, source: str) -> AnomalyCase:
    """Normal = `normal`'s images, then anomalies = `anomalies`' images, named "{source}: {class}"
    (just `source` when they have no classes, e.g. uploads). Raises DatasetError when the two image
    shapes (C, H, W) differ, e.g. grey uploads for a colour model."""
    if anomalies.image_shape != normal.image_shape:
        raise DatasetError(f"{source} images are {shape_in_words(anomalies.image_shape)}, the model's are "
                           f"{shape_in_words(normal.image_shape)}.")
    names = ([f"{source}: {c}" for c in image_classes(anomalies)] if anomalies.classes
             else [source] * len(anomalies))
    classes = np.concatenate([image_classes(normal), np.array(names, dtype=object)])
    return score_case(model, torch.cat([normal.images, anomalies.images]),
                      ood_labels(len(normal), len(anomalies)), classes)


def shape_in_words(image_shape: Sequence[int]) -> str:
    """(C, H, W) in words: "28×28 grey", "64×64 RGB" (or "C channels")."""
    channels, height, width = image_shape
    mode = {1: "grey", 3: "RGB"}.get(channels, f"{channels} channels")
    return f"{height}×{width} {mode}"


def ood_sources(image_shape: Sequence[int], own: str, load: Callable[[str], ImageDataset]) -> list[str]:
    """Built-in datasets (other than `own`) whose images `load` can read and that have the model's
    image shape (C, H, W)."""
    found = []
    for name in BUILTIN_DATASETS:
        if name == own or BUILTIN_IMAGE_SHAPES[name] != tuple(image_shape):  # never load a set that cannot fit
            continue
        try:
            if load(name).image_shape == tuple(image_shape):
                found.append(name)
        except DatasetError:
            continue
    return found


def stored_auroc(card: Mapping, images: int) -> float | None:
    """A card's `sample_metrics.auroc` when it was computed on a sample of `images` images (the
    zoo's report uses the same score, MSE), else None."""
    stored = card.get("sample_metrics") or {}
    if "auroc" in stored and stored.get("images") == images:
        return float(stored["auroc"])
    return None


# --- which models, in which order ---------------------------------------------------------------
def dataset_order(name: str) -> tuple[bool, str]:
    """Sort key: MNIST-like sets first (they have the published references), then by name."""
    return name == "digits", name


def one_class_datasets(models: Iterable[tuple[str, str, int | None]]) -> list[str]:
    """Datasets with at least one one-class model, from (name, dataset, normal class) triples."""
    return sorted({dataset for _, dataset, k in models if k is not None}, key=dataset_order)


def one_class_models(models: Iterable[tuple[str, str, int | None]], dataset: str) -> list[tuple[str, int]]:
    """`dataset`'s one-class models as (name, normal class), by class, then name."""
    found = [(name, int(k)) for name, d, k in models if k is not None and d == dataset]
    return sorted(found, key=lambda m: (m[1], m[0]))


def model_per_class(models: Iterable[tuple[str, str, int | None]], dataset: str) -> dict[int, str]:
    """Which one-class model serves each normal class of `dataset`: the first by name (classes
    ascending)."""
    chosen: dict[int, str] = {}
    for name, k in one_class_models(models, dataset):
        chosen.setdefault(k, name)
    return chosen


def published_references(dataset: str, classes: Iterable[int]) -> dict[str, list[float]]:
    """Each reference's published one-class AUROC for the normal `classes` (MNIST only, else {})."""
    if dataset != "mnist":
        return {}
    classes = list(classes)
    return {name: [per_class[k] for k in classes] for name, per_class in REFERENCES_MNIST_AUROC.items()}


def per_class_table(labels: Sequence[str], ours: Sequence[float], references: Mapping[str, Sequence[float]],
                    class_column: str, ours_column: str, mean_label: str) -> pd.DataFrame:
    """One row per normal class (its label, our AUROC, each reference's), then a row of means."""
    table = pd.DataFrame({class_column: list(labels), ours_column: list(ours),
                          **{name: list(values) for name, values in references.items()}})
    mean_row = {column: (mean_label if i == 0 else table[column].mean()) for i, column in enumerate(table.columns)}
    return pd.concat([table, pd.DataFrame([mean_row])], ignore_index=True)
