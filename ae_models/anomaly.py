"""Anomaly detection with autoencoders: per-image scores, a threshold's confusion counts, ROC/PR.

An autoencoder trained on normal data reconstructs normal images well and anomalies badly, so
the reconstruction error is an anomaly score; for VAEs the negative ELBO (−log-likelihood bound)
is a second one. Higher score = more anomalous. Labels are booleans: True = anomaly.

    scores = anomaly_scores(model, images)                 # {"mse": (N,), "neg_elbo": (N,) for VAEs}
    anomaly_scores(model, images, ssim=True)["ssim_error"]  # 1 − SSIM, (N,)
    y = one_class_labels(labels, normal_class=3)           # anomalies: every other class
    threshold_metrics(scores["mse"], y, threshold=0.02)    # precision, recall, FPR, counts
    curves(scores["mse"], y).auroc
    case = one_class_case(model, data, normal_class=3)    # a scored set-up, for the app's panels
    select_score(model, held_out_normal, held_out_anomalies(train, 3, len(held_out_normal), seed=0))

Which score a one-class model uses is measured, not assumed: `select_score` takes the one with the
highest AUROC on images of the training split the model never trained on (`train.one_class_report`).
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

SCORES = {"mse": "reconstruction error (MSE per pixel)", "ssim_error": "structural error (1 − SSIM)",
          "neg_elbo": "negative ELBO (nats)"}  # in this order: a tie goes to the first
HELD_OUT_ANOMALY_RATIO = 9  # anomalies per normal image in the held-out set, as in a balanced 10-class test split

# Ruff et al. 2018, "Deep One-Class Classification" (ICML), Table 1: one-class MNIST AUROC per
# normal class 0–9 (means 0.897 and 0.948). The Deep SVDD (one-class) row matches the copy of the
# table in a public reimplementation's README; the DCAE row reproduces the paper's mean.
REFERENCES_MNIST_AUROC: dict[str, tuple[float, ...]] = {
    "DCAE (Ruff et al. 2018)": (0.976, 0.983, 0.854, 0.867, 0.865, 0.782, 0.946, 0.923, 0.865, 0.904),
    "Deep SVDD (Ruff et al. 2018)": (0.980, 0.997, 0.917, 0.919, 0.949, 0.885, 0.983, 0.946, 0.939, 0.965),
}
REFERENCE_CITATION = ("L. Ruff, R. Vandermeulen, N. Görnitz et al., “Deep One-Class Classification”, "
                      "ICML 2018, Table 1 (one-class MNIST, AUROC per normal class).")
# One-class Fashion-MNIST mean AUROC over the ten classes. Ruff et al. 2018 has MNIST and CIFAR-10 only; these
# means are as later papers' tables give them, and no copy of those tables could be read here to check them or
# their per-class rows, so only the means are shown, and said to be unverified.
REFERENCE_MEANS_AUROC: dict[str, dict[str, float]] = {
    "fashion-mnist": {"Deep SVDD": 0.848, "Deep SAD (γ = 0)": 0.892, "GeoTrans": 0.935},
}
REFERENCE_MEANS_NOTE = "as reported in later papers' tables, not verified here"


@torch.no_grad()
def anomaly_scores(model: Autoencoder, images: torch.Tensor, seed: int = 0,
                   batch_size: int = 512, ssim: bool = False) -> dict[str, np.ndarray]:
    """Per-image anomaly scores of `images` (N, C, H, W) in [0, 1].

    Returns {"mse": (N,)}, with `ssim` also "ssim_error": 1 − SSIM (N,), and for VAEs "neg_elbo": (N,)
    in nats (one sample, fixed seed). SSIM is asked for only where it is used: it makes scoring 3×
    slower (6.9 s vs 2.4 s for 5,000 MNIST images on a CPU).
    """
    metrics = per_image_metrics(model, images, seed=seed, batch_size=batch_size, quality=ssim)
    scores = {"mse": metrics["mse"]} | ({"ssim_error": 1.0 - metrics["ssim"]} if ssim else {})
    if "neg_elbo" in metrics:
        scores["neg_elbo"] = metrics["neg_elbo"]
    return {k: v.double().numpy() for k, v in scores.items()}


def score_names(model: Autoencoder) -> list[str]:
    """The scores `model` can give, in `SCORES` order (−ELBO for VAEs only)."""
    return [name for name in SCORES if name != "neg_elbo" or model.variational]


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


def one_class_auroc(model: Autoencoder, data: ImageDataset, normal_class: int, score: str = "mse") -> float:
    """AUROC of `score` on all of `data`, anomalies = every class but `normal_class`."""
    scores = anomaly_scores(model, data.images, ssim=score == "ssim_error")[score]
    return auroc(scores, one_class_labels(data.labels.numpy(), normal_class))


# --- choosing the score on held-out training images ---------------------------------------
def held_out_anomalies(train: ImageDataset, normal_class: int, normal_images: int, seed: int,
                       ratio: int = HELD_OUT_ANOMALY_RATIO) -> ImageDataset:
    """`ratio` × `normal_images` training images of the other classes (all of them if fewer), a seeded
    random choice: a one-class model never trained on them, so with its held-out normal images they
    measure scores without touching the test split."""
    others = train.subset(train.labels != normal_class)
    order = torch.randperm(len(others), generator=torch.Generator().manual_seed(seed))
    return others.subset(order[: ratio * normal_images])


@dataclass(frozen=True)
class ScoreSelection:
    """Each candidate score's AUROC on the held-out images, and the winner (ties: `SCORES` order)."""

    aurocs: dict[str, float]
    normal_images: int
    anomalous_images: int

    @property
    def winner(self) -> str:
        return max(self.aurocs, key=lambda name: (self.aurocs[name], -list(SCORES).index(name)))

    def to_card(self) -> dict[str, object]:
        return {"winner": self.winner, "held_out_auroc": {k: round(v, 6) for k, v in self.aurocs.items()},
                "normal_images": self.normal_images, "anomalous_images": self.anomalous_images,
                "held_out": "the normal class's validation images (never trained on) and other classes' training "
                            "images"}


def select_score(model: Autoencoder, normal: ImageDataset, anomalies: ImageDataset) -> ScoreSelection:
    """Every score `model` can give, measured by AUROC on `normal` against `anomalies` (held-out images)."""
    images = torch.cat([normal.images, anomalies.images])
    truth = ood_labels(len(normal), len(anomalies))
    scores = anomaly_scores(model, images, ssim=True)
    return ScoreSelection({name: auroc(scores[name], truth) for name in score_names(model)}, len(normal),
                          len(anomalies))


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


def score_case(model: Autoencoder, images: torch.Tensor, is_anomaly: np.ndarray, classes: np.ndarray,
               ssim: bool = False) -> AnomalyCase:
    """Score `images` (N, C, H, W) in [0, 1] against the truth `is_anomaly` (N,)."""
    return AnomalyCase(to_uint8(images), anomaly_scores(model, images, ssim=ssim), is_anomaly, classes)


def one_class_case(model: Autoencoder, data: ImageDataset, normal_class: int, ssim: bool = False) -> AnomalyCase:
    """All of `data`; anomalies = every class but `normal_class` (`ssim`: also score 1 − SSIM)."""
    return score_case(model, data.images, one_class_labels(data.labels.numpy(), normal_class), image_classes(data),
                      ssim)


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
    zoo's report uses the card's own score, as `card_score` says), else None."""
    stored = card.get("sample_metrics") or {}
    if "auroc" in stored and stored.get("images") == images:
        return float(stored["auroc"])
    return None


def card_score(card: Mapping) -> str:
    """The anomaly score a one-class model's card chose on held-out training images (MSE for cards from
    before the choice was made)."""
    return str(card.get("anomaly_score", "mse"))


def card_held_out_auroc(card: Mapping) -> float | None:
    """A one-class card's AUROC on held-out training images with the score it chose; None before the
    choice existed."""
    selection = card.get("score_selection")
    return None if not selection else float(selection["held_out_auroc"][selection["winner"]])


def card_test_auroc(card: Mapping) -> float | None:
    """A one-class card's AUROC on its whole test split, with its own score; None if it has none."""
    value = (card.get("test_metrics") or {}).get("auroc")
    return None if value is None else float(value)


def reference_means(dataset: str) -> dict[str, float]:
    """Published mean one-class AUROCs for `dataset` where only the means are shown (`REFERENCE_MEANS_NOTE`)."""
    return dict(REFERENCE_MEANS_AUROC.get(dataset, {}))


# --- which models, in which order ---------------------------------------------------------------
def dataset_order(name: str) -> tuple[bool, bool, str]:
    """Sort key: MNIST first (published per-class references), then the others by name, digits last."""
    return name != "mnist", name == "digits", name


def one_class_datasets(models: Iterable[tuple[str, str, int | None]]) -> list[str]:
    """Datasets with at least one one-class model, from (name, dataset, normal class) triples."""
    return sorted({dataset for _, dataset, k in models if k is not None}, key=dataset_order)


def one_class_models(models: Iterable[tuple[str, str, int | None]], dataset: str) -> list[tuple[str, int]]:
    """`dataset`'s one-class models as (name, normal class), by class, then name."""
    found = [(name, int(k)) for name, d, k in models if k is not None and d == dataset]
    return sorted(found, key=lambda m: (m[1], m[0]))


def model_per_class(models: Iterable[tuple[str, str, int | None]], dataset: str,
                    held_out: Mapping[str, float] | None = None) -> dict[int, str]:
    """Which one-class model serves each normal class of `dataset` (classes ascending): the one with the
    highest held-out AUROC in `held_out` (name → `card_held_out_auroc`; a model without one comes last),
    ties and the rest by name. Chosen on training images, so the test split stays out of it."""
    held_out = held_out or {}
    chosen: dict[int, str] = {}
    for name, k in one_class_models(models, dataset):
        best = chosen.get(k)
        if best is None or held_out.get(name, -1.0) > held_out.get(best, -1.0):
            chosen[k] = name
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
