"""The pretrained zoo: a manifest of checkpoints, trained with this library into `pretrained/`.

Usage:

    AE_DATA_DIR=../shared/data python -m ae_models.zoo build             # train what is missing, then report
    AE_DATA_DIR=../shared/data python -m ae_models.zoo build --only mnist-conv_ae-16 --force
    AE_DATA_DIR=../shared/data python -m ae_models.zoo report            # only the derived files
    AE_DATA_DIR=../shared/data python -m ae_models.zoo report --only mnist-conv_ae-16    # one entry's, and the README
    python -m ae_models.zoo list                                         # the manifest

`report` regenerates everything derived from the checkpoints: the shipped test samples
(`assets/samples/`), each card's `sample_metrics`, the latent embeddings of the samples
(`assets/embeddings/`) and `pretrained/README.md`. MNIST/Fashion-MNIST must be in the data folder
(`AE_DATA_DIR`) for training, for writing the samples and for the PCA baselines; once written,
the samples and baselines are reused. A binarised entry's report also estimates its test NLL with
k = 5,000 importance samples per image (≈ 10–25 min on 2 CPU cores; reused while its weights are the
same). `shapes` is rendered (`ae_models/shapes.py`, cached in the
data folder): its sample is not shipped but rendered where it is used.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .anomaly import (
    REFERENCE_MEANS_AUROC,
    REFERENCE_MEANS_NOTE,
    card_held_out_auroc,
    card_score,
    card_test_auroc,
    model_per_class,
    one_class_auroc,
)
from .atomic import atomic_path, atomic_write_text
from .checkpoints import CARD_FILE, WEIGHTS_FILE, load_pretrained, pretrained_dir, read_card
from .data import FACTOR_DATASETS, DatasetError, ImageDataset, load_dataset
from .disentanglement import DisentanglementReport, score_model
from .evaluate import evaluate
from .features import Split, probe_accuracy
from .latent_ops import encode_all
from .metrics import importance_sampled_nll
from .models import Autoencoder, ConvDecoder
from .projections import project
from .samples import (
    RENDERED_SAMPLES,
    SAMPLE_CLASSES,
    SAMPLE_SIZE,
    embedding_path,
    load_embedding,
    load_sample,
    sample_path,
)
from .train import TEST_BINARISATION_SEED, TrainConfig, binarisation_note, binarise, train

DENOISE_NOISE = "gaussian:0.5"
BASELINES_FILE = "pca_baselines.json"
SMALL_CONV = {"channels": (16, 32), "dense": 128}  # ≈ 2.7× faster than the default (32, 64)/256 on CPU
# The two headline conv AEs: wide enough for the MSE targets, small enough that the browser decodes
# a frame in ≈ 7 ms (Node.js; (32, 64)/256 takes 12 ms, over the 16.7-ms budget in Chromium).
HEADLINE_CONV = {"channels": (24, 48), "dense": 256}
# 64×64 RGB `shapes`: three stages, narrow enough that the browser decodes a colour frame within a
# 60-fps budget; 805 images/s on 2 free cores at batch 64, so an epoch of 60,000 takes ≈ 75 s. The
# AE gets 8 epochs (its validation loss moved 11 % from epoch 4 to 8); so do the VAEs, the same for every
# β so that the sweep compares β only (≈ 500 images/s each on one thread, channels-last, two at a time).
SHAPES_CONV = {"channels": (8, 16, 32), "dense": 128, "latent_dim": 10, "batch_size": 64}
SHAPES_VAE = {**SHAPES_CONV, "decoder": "broadcast", "epochs": 8}
# A VAE on binarised MNIST (ReLU MLP 784–512–512–40, Bernoulli decoder), trained on dynamically binarised
# pixels. pythae's reproduction uses 784–400–40 for 100 epochs; that scored 90.65 nats here (validation
# −ELBO still falling), so ours is one layer deeper and trains longer. EPOCHS_NOTE says how epochs were sized.
BINARISED_VAE = {"hidden": (512, 512), "latent_dim": 40, "batch_size": 100, "epochs": 250, "patience": 20,
                 "binarise": True}  # patience 20: a late plateau of the cosine schedule is not the end
# Like MNIST's one-class models (≈ 5,400 training images each, batch 32 for enough optimiser steps).
FASHION_ONE_CLASS = {"latent_dim": 16, "epochs": 10, "batch_size": 32, "channels": (8, 16), "dense": 64}
NLL_SAMPLES, NLL_SEED = 5000, 0  # importance samples per test image (Burda et al. 2015's k), seed of the draws
NLL_BATCH = 100  # test images per batch of the estimate: with the seed, it fixes which draw goes to which image


@dataclass(frozen=True)
class ZooEntry:
    """One shipped checkpoint: its folder name and the training settings (see `TrainConfig`)."""

    name: str
    model: str
    dataset: str
    latent_dim: int = 16
    epochs: int = 12
    batch_size: int = 128
    noise: str | None = None
    beta: float | None = None
    channels: tuple[int, ...] | None = None
    dense: int | None = None
    decoder: ConvDecoder | None = None
    tc_weight: float | None = None
    hidden: tuple[int, ...] | None = None
    normal_class: int | None = None
    binarise: bool = False  # dynamic binarisation; the report adds the k = 5,000 test NLL (`binarised_test_nll`)
    patience: int = 3
    headline: bool = False  # also gets t-SNE and UMAP projections (≈ 30 s each)

    def train_config(self, out: Path) -> TrainConfig:
        fields = {f.name for f in dataclasses.fields(TrainConfig)}
        settings = {k: v for k, v in dataclasses.asdict(self).items() if k in fields}
        return TrainConfig(**settings, out=str(out), half=True, quiet=True)


def _conv(name: str, model: str, dataset: str, **kw: Any) -> ZooEntry:
    return ZooEntry(name, model, dataset, **{**SMALL_CONV, **kw})


# In training order: cheap and most-used first, so a cut-short build still ships the headline models.
# Epoch counts are what the 2 shared CPU cores of the first build afforded (≈ 1,500 images/s).
MANIFEST: tuple[ZooEntry, ...] = (
    ZooEntry("digits-ae-8", "ae", "digits", latent_dim=8, epochs=60, headline=True),
    ZooEntry("digits-conv_ae-8", "conv_ae", "digits", latent_dim=8, epochs=60, channels=(16, 32), dense=128),
    ZooEntry("digits-vae-8", "vae", "digits", latent_dim=8, epochs=60, headline=True),
    ZooEntry("mnist-conv_ae-16", "conv_ae", "mnist", epochs=20, headline=True, **HEADLINE_CONV),
    _conv("mnist-conv_ae-16-denoise-gauss0.5", "conv_ae", "mnist", noise=DENOISE_NOISE),
    _conv("mnist-conv_vae-16", "conv_vae", "mnist", epochs=6, headline=True),
    ZooEntry("mnist-vae-16", "vae", "mnist", epochs=10),
    ZooEntry("mnist-ae-16", "ae", "mnist", epochs=50),  # MLPs: ≈ 3 s per epoch, so long runs are cheap
    ZooEntry("mnist-stacked_ae-16", "stacked_ae", "mnist", epochs=50),
    _conv("mnist-conv_ae-2", "conv_ae", "mnist", latent_dim=2, epochs=6),
    _conv("mnist-conv_vae-2", "conv_vae", "mnist", latent_dim=2, epochs=6),
    ZooEntry("fashion-mnist-conv_ae-16", "conv_ae", "fashion-mnist", epochs=20, headline=True, **HEADLINE_CONV),
    # One-class: ~5,400 images each, so small batches give enough optimiser steps (batch 128 underfit).
    *(ZooEntry(f"mnist-oneclass-{digit}", "conv_ae", "mnist", latent_dim=16, epochs=10, batch_size=32,
               channels=(8, 16), dense=64, normal_class=digit) for digit in range(10)),
    _conv("fashion-mnist-conv_ae-16-denoise-gauss0.5", "conv_ae", "fashion-mnist", epochs=6,
          noise=DENOISE_NOISE),
    ZooEntry("fashion-mnist-vae-16", "vae", "fashion-mnist", epochs=10),
    _conv("fashion-mnist-conv_vae-16", "conv_vae", "fashion-mnist", epochs=6),
    _conv("mnist-conv_vae-16-beta0.25", "conv_vae", "mnist", epochs=6, beta=0.25),
    _conv("mnist-conv_vae-16-beta4", "conv_vae", "mnist", epochs=6, beta=4.0),
    ZooEntry("shapes-conv_ae-10", "conv_ae", "shapes", epochs=8, headline=True, **SHAPES_CONV),
    # The VAEs decode with the spatial broadcast decoder: with the dense one, x and y came out tangled in every
    # β-VAE (linearly readable at most 73 % / 57 %, MIG ≤ 0.15); with it they are straight lines in the code
    # (99.6 %), left only to be turned onto the axes (`models/conv.py`). 8 epochs: ≈ 15 min on one thread.
    ZooEntry("shapes-conv_vae-10", "conv_vae", "shapes", **SHAPES_VAE),
    # The β sweep for disentanglement (issue 21): β = 1 above, 4 and 12 here. β is per image: the Bernoulli
    # term sums 12,288 values (dSprites: 4,096), so Higgins et al.'s β = 4 on dSprites is β ≈ 12 on these images.
    *(ZooEntry(f"shapes-conv_vae-10-beta{beta:g}", "conv_vae", "shapes", beta=beta, **SHAPES_VAE)
      for beta in (4.0, 12.0)),
    # β = 4 with a total-correlation penalty (β-TCVAE, Chen et al. 2018): KL and reconstruction cannot tell a
    # code whose x and y are turned in their plane from one with x and y on two axes; the penalty can.
    ZooEntry("shapes-conv_vae-10-beta4-tc4", "conv_vae", "shapes", beta=4.0, tc_weight=4.0, **SHAPES_VAE),
    # Issue 24: a VAE whose test NLL stands beside the literature's, and one-class Fashion-MNIST.
    ZooEntry("mnist-vae-40-binarised", "vae", "mnist", **BINARISED_VAE),
    *(ZooEntry(f"fashion-mnist-oneclass-{k}", "conv_ae", "fashion-mnist", normal_class=k, **FASHION_ONE_CLASS)
      for k in range(10)),
    *(ZooEntry(f"fashion-mnist-oneclass-vae-{k}", "conv_vae", "fashion-mnist", normal_class=k, **FASHION_ONE_CLASS)
      for k in range(10)),
)
BY_NAME = {entry.name: entry for entry in MANIFEST}


# --- training -----------------------------------------------------------------
def is_complete(folder: Path) -> bool:
    """A checkpoint whose training finished (an interrupted one has no test metrics yet)."""
    card = folder / CARD_FILE
    return card.is_file() and "test_metrics" in json.loads(card.read_text(encoding="utf-8"))


def check_names(names: list[str] | None) -> None:
    unknown = set(names or ()) - set(BY_NAME)
    if unknown:
        raise ValueError(f"Not in the manifest: {', '.join(sorted(unknown))}")


def build(names: list[str] | None = None, force: bool = False, budget_s: float | None = None) -> list[str]:
    """Train the manifest entries (all, or `names`) missing from `pretrained/`.

    Stops starting new entries once `budget_s` seconds have passed. Returns the names trained.
    """
    check_names(names)
    root = pretrained_dir()
    started, trained = time.perf_counter(), []
    cache: dict[tuple[str, str], ImageDataset] = {}
    for entry in MANIFEST:
        if names and entry.name not in names:
            continue
        if is_complete(root / entry.name) and not force:
            print(f"skip {entry.name} (present; --force retrains)", file=sys.stderr)
            continue
        if budget_s is not None and time.perf_counter() - started > budget_s:
            print(f"budget spent: {entry.name} and later entries left out", file=sys.stderr)
            break
        for split in ("train", "test"):
            if (entry.dataset, split) not in cache:
                cache[entry.dataset, split] = load_dataset(entry.dataset, split)
        t0 = time.perf_counter()
        model = train(entry.train_config(root / entry.name), train_data=cache[entry.dataset, "train"],
                      test_data=cache[entry.dataset, "test"])
        metrics = "  ".join(f"{k} {v:.5g}" for k, v in model.card.get("test_metrics", {}).items())
        print(f"trained {entry.name} in {time.perf_counter() - t0:.0f} s: {metrics}", file=sys.stderr)
        trained.append(entry.name)
    return trained


# --- derived files ------------------------------------------------------------
def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """`np.savez_compressed`, atomically."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        np.savez_compressed(handle, **arrays)


def write_samples() -> None:
    """Write `assets/samples/<dataset>.npz` (first 5,000 test images, uint8) where missing."""
    for dataset in SAMPLE_CLASSES:
        path = sample_path(dataset)
        if path.is_file() or dataset in RENDERED_SAMPLES:
            continue
        test = load_dataset(dataset, "test").subset(slice(0, SAMPLE_SIZE))
        images = (test.images[:, 0] * 255).round().to(torch.uint8).numpy()  # (N, H, W), exact
        save_npz(path, images=images, labels=test.labels.numpy().astype(np.int64))
        print(f"wrote {path}", file=sys.stderr)


def present_entries() -> list[ZooEntry]:
    root = pretrained_dir()
    return [entry for entry in MANIFEST if is_complete(root / entry.name)]


def linear_probe(entry: ZooEntry, model: Autoencoder) -> dict[str, Any] | None:
    """Test accuracy of a logistic regression on the entry's standardised latents (posterior
    means), fitted on the whole training split; None when the full dataset is not in the data folder."""
    try:
        train_set, test_set = (load_dataset(entry.dataset, split, download=False) for split in ("train", "test"))
    except DatasetError:
        return None
    latents = np.concatenate([encode_all(model, train_set.images), encode_all(model, test_set.images)])
    labels = np.concatenate([train_set.labels.numpy(), test_set.labels.numpy()])
    split = Split(np.arange(len(train_set)), np.arange(len(train_set), len(labels)))
    accuracy = probe_accuracy(latents, labels, split, probes=("logistic",))["logistic"]
    return {"accuracy": round(accuracy, 6), "train_images": len(train_set), "test_images": len(test_set),
            "probe": "logistic regression on standardised latents"}


def _rounded(summary: dict[str, float | int]) -> dict[str, float | int | None]:
    """An NLL summary for a card: 4 decimals, NaN (no Monte-Carlo error for k = 1) as null."""
    return {k: None if isinstance(v, float) and math.isnan(v) else round(v, 4) if isinstance(v, float) else v
            for k, v in summary.items()}


def binarised_test_nll(entry: ZooEntry, model: Autoencoder, card: dict[str, Any]) -> dict[str, Any] | None:
    """−log p(x) in nats on the full test split binarised once (`TEST_BINARISATION_SEED`): importance
    sampled with k = `NLL_SAMPLES` draws per image, and the one-sample −ELBO (k = 1), each with its standard
    errors (`metrics.NLLEstimate.summary`). Reused while the card's weights and k are the same: k = 5,000
    on 10,000 images is 5·10⁷ decodes (README: how long it took). None when the data is not in the data folder."""
    stored = card.get("binarised_test_nll")
    if (stored and stored.get("weights_sha256") == card.get("weights_sha256")
            and stored["importance_sampled"]["samples"] == NLL_SAMPLES):
        return stored
    try:
        test = load_dataset(entry.dataset, "test", download=False)
    except DatasetError:
        return stored
    images = binarise(test.images, torch.Generator().manual_seed(TEST_BINARISATION_SEED))
    started = time.perf_counter()
    record: dict[str, Any] = {"split": "test", "images": len(images), "sampling_seed": NLL_SEED,
                              "binarisation": binarisation_note(TEST_BINARISATION_SEED)}
    first = {"images": min(NLL_BATCH, len(images))}  # a batch a test can recompute exactly in seconds
    for name, k in (("importance_sampled", NLL_SAMPLES), ("one_sample", 1)):
        estimate = importance_sampled_nll(model, images, samples=k, batch_size=NLL_BATCH, progress=True,
                                          generator=torch.Generator().manual_seed(NLL_SEED))
        record[name] = _rounded(estimate.summary())
        first[name] = round(float(estimate.nll[:NLL_BATCH].mean()), 4)
    return {**record, "first_batch": first, "seconds": round(time.perf_counter() - started, 1),
            "threads": torch.get_num_threads(), "weights_sha256": card.get("weights_sha256")}


def update_sample_metrics(entry: ZooEntry) -> dict[str, Any]:
    """Evaluate the checkpoint on its shipped sample and store the figures in its card."""
    folder = pretrained_dir() / entry.name
    model = load_pretrained(folder, device="cpu")
    sample = load_sample(entry.dataset)
    card = dict(model.card)
    card["sample_metrics"] = {"images": len(sample), **evaluate(model, sample.images)}
    card["sample_metrics_first1000"] = {"images": min(1000, len(sample)),
                                        **evaluate(model, sample.images[:1000])}
    if entry.normal_class is not None:
        score = card.get("anomaly_score", "mse")  # chosen in training on held-out training images
        card["sample_metrics"]["auroc"] = round(one_class_auroc(model, sample, entry.normal_class, score), 6)
    elif entry.model == "conv_ae" and entry.dataset in SAMPLE_CLASSES:
        card["sample_metrics_noisy"] = {"noise": DENOISE_NOISE,
                                        **evaluate(model, sample.images, DENOISE_NOISE)}
    if entry.dataset in FACTOR_DATASETS:
        test = load_dataset(entry.dataset, "test")
        card["disentanglement"] = {**score_model(model, test).to_card(), "split": "test", "images": len(test)}
    if entry.binarise:
        nll = binarised_test_nll(entry, model, card)
        if nll is not None:  # else keep the figure measured when the data was there
            card["binarised_test_nll"] = nll
    if entry.normal_class is None and entry.dataset in SAMPLE_CLASSES:
        probe = linear_probe(entry, model)
        if probe is not None:  # else keep the figure measured when the data was there
            card["linear_probe"] = probe
    atomic_write_text(folder / CARD_FILE, json.dumps(card, indent=2) + "\n")  # weights untouched
    return card


def write_embedding(entry: ZooEntry) -> None:
    """`assets/embeddings/NAME.npz`: the sample's latents and their 2-D maps, float16.

    t-SNE and UMAP (≈ 30 s each) only for headline entries, and reused while the embedding file
    is newer than the weights."""
    path = embedding_path(entry.name)
    weights = pretrained_dir() / entry.name / WEIGHTS_FILE
    fresh = path.is_file() and path.stat().st_mtime > weights.stat().st_mtime
    old = load_embedding(entry.name) if fresh else None
    model = load_pretrained(weights.parent, device="cpu")
    sample = load_sample(entry.dataset)
    latents = encode_all(model, sample.images)
    arrays = {"latents": latents.astype(np.float16), "labels": sample.labels.numpy().astype(np.int16),
              "pca": project(latents, "pca").astype(np.float16)}
    if entry.headline and latents.shape[1] > 2:
        for method in ("tsne", "umap"):
            arrays[method] = (old[method] if old is not None and method in old
                              else project(latents, method, seed=0).astype(np.float16))
    save_npz(path, **arrays)


def pca_baselines(entries: list[ZooEntry]) -> dict[str, dict[str, float]]:
    """Test MSE/pixel of PCA with each entry's latent size, fitted on the training split.

    Cached in `pretrained/pca_baselines.json`; computed only for missing (dataset, size) pairs
    whose data is available."""
    from sklearn.decomposition import PCA

    path = pretrained_dir() / BASELINES_FILE
    cached: dict[str, dict[str, float]] = json.loads(path.read_text()) if path.is_file() else {}
    wanted = sorted({(e.dataset, e.latent_dim) for e in entries if e.normal_class is None})
    for dataset, dim in wanted:
        key = f"{dataset}-{dim}"
        if key in cached:
            continue
        try:
            train_x = load_dataset(dataset, "train").images.flatten(1).numpy()
            test_x = load_dataset(dataset, "test").images.flatten(1).numpy()
        except DatasetError as err:
            print(f"no PCA baseline for {key}: {err}", file=sys.stderr)
            continue
        # A full SVD of 60,000 × 12,288 colour pixels would take hours; the randomized one gives the same
        # MSE to 1e-5 (MNIST-16, measured: 0.026860 either way, 12 s instead of 82 s).
        solver = "full" if train_x.shape[1] <= 28 * 28 else "randomized"
        pca = PCA(n_components=dim, svd_solver=solver, random_state=0).fit(train_x)
        recon = pca.inverse_transform(pca.transform(test_x))
        cached[key] = {"mse": round(float(np.mean((recon - test_x) ** 2)), 6), "test_images": len(test_x)}
    atomic_write_text(path, json.dumps(cached, indent=2, sort_keys=True) + "\n")
    return cached


def report(names: list[str] | None = None) -> None:
    """Regenerate samples, sample metrics and embeddings (of every present entry, or of `names` only:
    the others' cards are read as they are), then `pretrained/README.md` from all the cards."""
    check_names(names)
    write_samples()
    entries = present_entries()
    cards = {}
    for entry in entries:
        if names and entry.name not in names:
            cards[entry.name] = read_card(entry.name)
            continue
        t0 = time.perf_counter()
        cards[entry.name] = update_sample_metrics(entry)
        write_embedding(entry)
        print(f"report {entry.name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    baselines = pca_baselines(entries)
    atomic_write_text(pretrained_dir() / "README.md", readme(entries, cards, baselines))
    print(f"wrote {pretrained_dir() / 'README.md'}", file=sys.stderr)


# --- README -------------------------------------------------------------------
TARGET_MIG, TARGET_MIG_GAIN = 0.30, 2.0  # issue 21: the best β-VAE's MIG, and its ratio to the conv AE's
# Ruff et al. 2018 (Deep SVDD), one-class MNIST mean AUROC; issue 4's quality targets.
RUFF_2018 = {"DCAE": 0.897, "Deep SVDD": 0.948}
TARGETS = {"mnist-conv_ae-16": 0.006, "fashion-mnist-conv_ae-16": 0.010}  # test MSE/pixel
TARGET_DENOISE_PSNR, TARGET_DENOISE_GAIN = 17.0, 3.0
TITLES = {"mnist": "MNIST", "fashion-mnist": "Fashion-MNIST"}  # section titles
TARGET_ONECLASS_AUROC = {"mnist": 0.92, "fashion-mnist": 0.90}  # mean over the ten classes (issues 4 and 24)
# Binarised MNIST, VAE test NLL in nats (issue 24's anchors and targets).
BINARISED_MNIST_NLL = {"pythae's VAE reproduction (static binarisation, MLP 784–400–40, k = 200)": 89.78,
                       "Burda et al. 2015 (IWAE paper), VAE with one stochastic layer, k = 5,000": 86.76}
TARGET_NLL, STRETCH_NLL = 89.78, 88.0
# How BINARISED_VAE's epochs were sized (measured on one thread; the other core was busy for the first ≈ 40 min).
EPOCHS_NOTE = ("250 epochs with cosine decay, early stopping after 20 without a better validation −ELBO (it ran "
               "all 250): an MLP 784–400–40 trained for 100 epochs scored 90.65 nats with its validation −ELBO "
               "still falling, so this one is a layer deeper and trains 2.5× longer; 4,706 s on one CPU thread, "
               "11–26 s per epoch of 55,000 images")
PROBE_MODEL, TARGET_PROBE, TARGET_PCA_RATIO = "mnist-conv_ae-16", 0.95, 3.0


def _num(value: Any, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def class_in_words(dataset: str, k: int) -> str:
    """A normal class as the README shows it: its number, and its name where that is not the number."""
    names = SAMPLE_CLASSES.get(dataset, ())
    name = names[k] if 0 <= k < len(names) else str(k)
    return str(k) if name == str(k) else f"{k} {name}"


def one_class_choice(dataset: str, entries: list[ZooEntry], cards: dict[str, dict[str, Any]]) -> dict[int, str]:
    """The checkpoint that serves each normal class of `dataset`, as the Anomalies page picks it: the
    highest held-out AUROC (`anomaly.model_per_class`)."""
    held_out = {e.name: card_held_out_auroc(cards[e.name]) for e in entries}
    return model_per_class([(e.name, dataset, e.normal_class) for e in entries], dataset,
                           {name: value for name, value in held_out.items() if value is not None})


def one_class_section(dataset: str, entries: list[ZooEntry], cards: dict[str, dict[str, Any]]) -> list[str]:
    """README rows of `dataset`'s one-class checkpoints: the score each chose on held-out training images,
    its held-out and test AUROC, which one serves its class, the mean of those, the published references
    and the target."""
    lines = ["", f"## One-class anomaly detection ({TITLES.get(dataset, dataset)})", "",
             "A small conv autoencoder trained on one class only; AUROC against all other classes of the full test "
             "split (10,000 images) and of the shipped sample. Score: the one with the highest AUROC on a held-out "
             "part of the training split (the class's validation images, never trained on, and 9× as many "
             "training images of the other classes), chosen per model among MSE and 1 − SSIM (and −ELBO for "
             "VAEs) before the test split is scored (`ae_models.anomaly.select_score`); *mse (fixed)*: trained "
             "before the selection existed, scored by MSE. Used: the model that serves its class in the mean and "
             "on the Anomalies page, the one with the higher held-out AUROC where a class has two.", "",
             "| normal class | checkpoint | family | params | epochs | train s | score | held-out AUROC "
             "| AUROC test | AUROC sample | used |",
             "|---|---|---|---:|---:|---:|---|---:|---:|---:|:---:|"]
    used = set(one_class_choice(dataset, entries, cards).values())
    by_family: dict[str, list[float]] = {}
    aurocs, winners = [], []
    for entry in sorted(entries, key=lambda e: (e.normal_class, e.name)):
        card = cards[entry.name]
        score = card_score(card) if "score_selection" in card else "mse (fixed)"
        auroc = card_test_auroc(card)
        if auroc is not None:
            by_family.setdefault(entry.model, []).append(auroc)
        if entry.name in used:
            aurocs.append(auroc)
            winners.append(score)
        lines.append(f"| {class_in_words(dataset, entry.normal_class)} | `{entry.name}` | {entry.model} "
                     f"| {card['parameters']:,} | {card['training']['epochs_run']} "
                     f"| {card['training'].get('wall_time_s', 0):.0f} | {score} "
                     f"| {_num(card_held_out_auroc(card), '.4f')} | {_num(auroc, '.4f')} "
                     f"| {_num(card['sample_metrics'].get('auroc'), '.4f')} | {'✓' if entry.name in used else ''} |")
    mean = float(np.mean([a for a in aurocs if a is not None]))
    lines += [f"| **mean** (used) | | | | | | | | **{mean:.4f}** | | |", ""]
    counts = ", ".join(f"{name} ×{winners.count(name)}" for name in dict.fromkeys(winners))
    notes = [f"Scores of the models used: {counts}."]
    if len(by_family) > 1:
        notes.append("Test AUROC means by family, for the record (the choice above was made without them): "
                     + ", ".join(f"{family} {np.mean(values):.4f}" for family, values in by_family.items()) + ".")
    if dataset == "mnist":
        notes.append(f"Ruff et al. 2018 (Deep SVDD paper), one-class MNIST mean AUROC: DCAE ≈ {RUFF_2018['DCAE']}, "
                     f"Deep SVDD {RUFF_2018['Deep SVDD']}.")
    if dataset in REFERENCE_MEANS_AUROC:
        listed = ", ".join(f"{name} ≈ {value}" for name, value in REFERENCE_MEANS_AUROC[dataset].items())
        notes.append(f"Published mean AUROC, {REFERENCE_MEANS_NOTE}: {listed}.")
    target = TARGET_ONECLASS_AUROC.get(dataset)
    if target is not None:
        notes.append(f"Target mean ≥ {target}: {'met' if mean >= target else '**missed**'}.")
    return [*lines, " ".join(notes)]


def architecture_in_words(card: dict[str, Any]) -> str:
    """An MLP as its widths (784–400–40), other families by their name."""
    config = card["config"]
    if "hidden" not in config:
        return card["family"]
    widths = [math.prod(config["image_shape"]), *config["hidden"], config["latent_dim"]]
    return "MLP " + "–".join(map(str, widths))


def best_binarised_nll(cards: Mapping[str, Mapping[str, Any]]) -> tuple[str, dict[str, Any]] | None:
    """The checkpoint with the lowest binarised-MNIST test NLL (k = 5,000) among `cards` (name → card),
    and its `binarised_test_nll` record; None when no card has one."""
    scored = {name: card["binarised_test_nll"] for name, card in cards.items() if "binarised_test_nll" in card}
    if not scored:
        return None
    name = min(scored, key=lambda n: scored[n]["importance_sampled"]["nll"])
    return name, scored[name]


def binarised_section(entries: list[ZooEntry], cards: dict[str, dict[str, Any]]) -> list[str]:
    """README rows of the VAEs trained and scored on binarised MNIST, beside the literature."""
    scored = [e for e in entries if "binarised_test_nll" in cards[e.name]]
    if not scored:
        return []
    first = cards[scored[0].name]["binarised_test_nll"]
    lines = ["", "## Likelihood on binarised MNIST", "",
             f"Trained on dynamically binarised pixels ({EPOCHS_NOTE}); scored on the full test split "
             f"({first['images']:,} images) binarised once: {first['binarisation']}. "
             f"−log p(x): importance sampling with k = {NLL_SAMPLES:,} draws of q(z|x) per image (Burda et al. "
             "2015; `ae_models.metrics.importance_sampled_nll`, draws seeded with "
             f"{first['sampling_seed']}), in nats; k = 1 is the one-sample −ELBO. s.e. (draws): the Monte-Carlo "
             "standard error of the mean from the importance weights (delta method); s.e. (images): the standard "
             "deviation of the per-image figures over √N, the test set's own sampling error.", "",
             f"| checkpoint | architecture | latent | epochs | train s | −log p(x), k = {NLL_SAMPLES:,} "
             "| s.e. (draws) | s.e. (images) | −ELBO, k = 1 | s.e. (images) | IS s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    best = math.inf
    for entry in scored:
        card = cards[entry.name]
        nll = card["binarised_test_nll"]
        sampled, one = nll["importance_sampled"], nll["one_sample"]
        best = min(best, sampled["nll"])
        lines.append(f"| `{entry.name}` | {architecture_in_words(card)} | {card['latent_dim']} "
                     f"| {card['training']['epochs_run']} | {card['training'].get('wall_time_s', 0):.0f} "
                     f"| {sampled['nll']:.2f} | {_num(sampled['std_error_mc'], '.3f')} "
                     f"| {sampled['std_error_images']:.2f} | {one['nll']:.2f} | {one['std_error_images']:.2f} "
                     f"| {nll['seconds']:.0f} |")
    anchors = "; ".join(f"{name}: {value}" for name, value in BINARISED_MNIST_NLL.items())
    lines += ["", f"Published VAE test NLL on binarised MNIST, nats: {anchors}. Target ≤ {TARGET_NLL}: "
              f"{'met' if best <= TARGET_NLL else '**missed**'}; stretch ≤ {STRETCH_NLL:g}: "
              f"{'met' if best <= STRETCH_NLL else 'missed'} (best {best:.2f})."]
    return lines


def disentanglement_section(entries: list[ZooEntry], cards: dict[str, dict[str, Any]]) -> list[str]:
    """README rows for the checkpoints scored against known factors (MIG, DCI), and the target."""
    scored = [e for e in entries if "disentanglement" in cards[e.name]]
    if not scored:
        return []
    lines = ["", "## Disentanglement (shapes: 7 known factors)", "",
             "On the full test split (10,000 images), from the posterior means (AEs: the codes). MIG: Chen et "
             "al. 2018, 20-bin histogram MI; DCI: Eastwood & Williams 2018 with random-forest importances "
             "(`ae_models/disentanglement.py`). Factor: the one each dimension knows most about, and the share "
             "of it (normalised MI) it holds.", "",
             "| checkpoint | β | MSE/px | −ELBO | MIG | DCI D | DCI C | DCI I | dimensions (factor: share) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    migs = {}
    for entry in scored:
        card, test = cards[entry.name], cards[entry.name].get("test_metrics", {})
        scores = card["disentanglement"]
        report = DisentanglementReport.from_card(scores)
        migs[entry.name] = report.mig
        dims = ", ".join(f"{name} {share:.2f}" for name, share in report.dimension_factors())
        beta = card["config"].get("beta", 1.0) if entry.model.endswith("vae") else None
        tc = card["config"].get("tc_weight", 0.0)
        lines.append(f"| `{entry.name}` | {_num(beta, 'g')}{f' + TC×{tc:g}' if tc else ''} "
                     f"| {_num(test.get('mse'), '.5f')} "
                     f"| {_num(test.get('neg_elbo'), '.1f')} | {report.mig:.3f} | {report.dci.disentanglement:.3f} "
                     f"| {report.dci.completeness:.3f} | {report.dci.informativeness:.3f} | {dims} |")
    vaes = {name: mig for name, mig in migs.items() if "vae" in name}
    plain = next((mig for name, mig in migs.items() if "conv_ae" in name), None)
    if vaes and plain is not None:
        best = max(vaes, key=vaes.get)
        met = vaes[best] >= TARGET_MIG and vaes[best] >= TARGET_MIG_GAIN * plain
        lines += ["", f"Target: the best β-VAE's MIG ≥ {TARGET_MIG} and ≥ {TARGET_MIG_GAIN:g}× the plain conv AE's "
                  f"({plain:.3f}): `{best}` {vaes[best]:.3f} ({vaes[best] / max(plain, 1e-9):.1f}×): "
                  f"{'met' if met else '**missed**'}."]
        without_tc = {name: mig for name, mig in vaes.items() if not cards[name]["config"].get("tc_weight")}
        if without_tc and best not in without_tc:
            runner = max(without_tc, key=without_tc.get)
            lines += ["", f"Without the total-correlation penalty the best is `{runner}`, {without_tc[runner]:.3f}."]
    broadcast = [f"`{e.name}`" for e in scored if cards[e.name]["config"].get("decoder") == "broadcast"]
    if broadcast:
        lines += ["", f"Spatial broadcast decoder (Watters et al. 2019; x and y come out as straight lines in the "
                  f"code, `ae_models/models/conv.py`): {', '.join(broadcast)}; the others decode with transposed "
                  "convolutions from a dense layer."]
    return lines


def readme(entries: list[ZooEntry], cards: dict[str, dict[str, Any]],
           baselines: dict[str, dict[str, float]]) -> str:
    """`pretrained/README.md`, generated from the cards (test split figures unless said otherwise)."""
    lines = [
        "# Pretrained checkpoints",
        "",
        "Generated by `python -m ae_models.zoo report` from the cards; do not edit by hand. Rebuild "
        "everything with `AE_DATA_DIR=../shared/data python -m ae_models.zoo build` (the manifest is "
        "in `ae_models/zoo.py`). Trained on CPU (2 cores) with `ae_models.train`; weights stored as "
        "float16. Metrics on the full official test split (10,000 images; digits: its 360-image test "
        "split); *sample* columns on the shipped sample in `assets/samples/` (first 5,000 test images).",
        "",
        "−ELBO: one-sample negative ELBO in nats per image under the decoder likelihood named "
        "(Bernoulli on the grey-level pixels, not on binarised MNIST, so it is not comparable with "
        "the 86–90 nats reported for dynamically binarised MNIST; the binarised-MNIST VAE's own section "
        "has figures that are). PCA: test MSE/pixel of PCA with "
        "the same number of components, fitted on the training split.",
        "",
        "× PCA: how many times lower the checkpoint's test MSE is than PCA's. Linear probe: test accuracy "
        "of a logistic regression on the standardised latents (VAEs: posterior means), fitted on the "
        "whole training split.",
        "",
        "| checkpoint | family | data | latent | noise | params | epochs | train s | MSE/px | PSNR dB "
        "| SSIM | −ELBO (likelihood) | PCA MSE/px | × PCA | linear probe | sample MSE/px |",
        "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    total_s = 0.0
    for entry in entries:
        card = cards[entry.name]
        if entry.normal_class is not None:
            continue
        test, sample = card.get("test_metrics", {}), card.get("sample_metrics", {})
        training = card["training"]
        total_s += training.get("wall_time_s", 0.0)
        elbo = (f"{test['neg_elbo']:.1f} ({card['config']['likelihood']})" if "neg_elbo" in test else "–")
        if card["config"].get("beta", 1.0) != 1.0:
            elbo += f", β = {card['config']['beta']:g}"
        if card["config"].get("tc_weight"):
            elbo += f" + TC×{card['config']['tc_weight']:g}"
        if card["training"].get("binarise"):
            elbo += "; trained binarised: test NLL in its section"
        pca = baselines.get(f"{entry.dataset}-{entry.latent_dim}", {}).get("mse")
        ratio = pca / test["mse"] if pca and test.get("mse") else None
        probe = card.get("linear_probe", {}).get("accuracy")
        lines.append(
            f"| `{entry.name}` | {entry.model} | {entry.dataset} | {entry.latent_dim} | {entry.noise or '–'} "
            f"| {card['parameters']:,} | {training['epochs_run']} | {training.get('wall_time_s', 0):.0f} "
            f"| {_num(test.get('mse'), '.5f')} | {_num(test.get('psnr'), '.2f')} "
            f"| {_num(test.get('ssim'), '.3f')} "
            f"| {elbo} | {_num(pca, '.5f')} | {_num(ratio, '.1f')} | {_num(probe, '.2%')} "
            f"| {_num(sample.get('mse'), '.5f')} |")

    denoise_rows = []
    for dataset in SAMPLE_CLASSES:
        noisy = {name: cards.get(f"{dataset}-{name}", {}).get("sample_metrics_noisy", {}).get("psnr")
                 for name in ("conv_ae-16", "conv_ae-16-denoise-gauss0.5")}
        plain, dae = noisy.values()
        if plain is None or dae is None:
            continue
        met = dae >= TARGET_DENOISE_PSNR and dae - plain >= TARGET_DENOISE_GAIN
        denoise_rows.append(f"| {dataset} | {plain:.2f} | {dae:.2f} | {dae - plain:+.2f} | "
                     f"≥ {TARGET_DENOISE_PSNR:g} dB and ≥ +{TARGET_DENOISE_GAIN:g} dB: "
                     f"{'met' if met else '**missed**'} |")
    if denoise_rows:
        lines += ["", "## Denoising (Gaussian noise σ = 0.5 on the input, clean target)", "",
                  "PSNR of the reconstruction of the noisy shipped sample against the clean images.", "",
                  "| data | plain conv_ae PSNR dB | denoising conv_ae PSNR dB | gain dB | target |",
                  "|---|---:|---:|---:|---|", *denoise_rows]

    one_class = [e for e in entries if e.normal_class is not None]
    total_s += sum(cards[e.name]["training"].get("wall_time_s", 0.0) for e in one_class)
    for dataset in dict.fromkeys(e.dataset for e in one_class):
        lines += one_class_section(dataset, [e for e in one_class if e.dataset == dataset], cards)
    lines += binarised_section(entries, cards)
    lines += disentanglement_section(entries, cards)

    targets = []
    for name, target in TARGETS.items():
        mse = cards.get(name, {}).get("test_metrics", {}).get("mse")
        if mse is not None:
            targets.append(f"- `{name}` test MSE/pixel {mse:.5f} (target ≤ {target}): "
                         f"{'met' if mse <= target else '**missed**'}.")
    probe = cards.get(PROBE_MODEL, {}).get("linear_probe", {}).get("accuracy")
    if probe is not None:
        targets.append(f"- `{PROBE_MODEL}` linear probe {probe:.2%} (target ≥ {TARGET_PROBE:.0%}): "
                       f"{'met' if probe >= TARGET_PROBE else '**missed**'}."
                       + ("" if probe >= TARGET_PROBE else
                          " Reconstruction never asks for classes that a line can separate, and better "
                          "reconstruction barely moves it: the 2.7× smaller conv AE of the first zoo (MSE "
                          "0.0069) scored 94.0%; the denoising and VAE codes score lower still (table)."))
    mnist_pca = baselines.get("mnist-16", {}).get("mse")
    deterministic = [e for e in entries if e.dataset == "mnist" and e.latent_dim == 16 and e.normal_class is None
                     and e.noise is None and not e.model.endswith("vae")]
    if mnist_pca:
        ratios = {e.name: mnist_pca / cards[e.name]["test_metrics"]["mse"] for e in deterministic}
        listed = ", ".join(f"`{name}` {r:.1f}×" for name, r in ratios.items())
        met = all(r >= TARGET_PCA_RATIO for r in ratios.values())
        targets.append(f"- Autoencoders on MNIST at latent 16, test MSE lower than PCA-16 by ≥ {TARGET_PCA_RATIO:g}×: "
                       f"{listed}: {'met' if met else '**missed**'}. Denoising models and VAEs are left out on "
                       "purpose: they are trained for another job (restoring noisy input; a usable prior, which "
                       "the KL term buys with reconstruction, as the β sweep shows); see × PCA in the table.")
    if targets:
        lines += ["", "## Targets (issue 4)", "", *targets]
    lines += ["", f"Total training time of the checkpoints listed: {total_s / 60:.1f} min.", ""]
    return "\n".join(lines)


# --- command line -------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_models.zoo", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="train missing checkpoints, then write the derived files")
    build_cmd.add_argument("--only", nargs="+", metavar="NAME", help="train only these manifest entries")
    build_cmd.add_argument("--force", action="store_true", help="retrain entries that are already present")
    build_cmd.add_argument("--budget-min", type=float, default=None,
                           help="start no new entry after this many minutes")
    build_cmd.add_argument("--skip-report", action="store_true", help="train only; no derived files")
    report_cmd = commands.add_parser("report", help="regenerate samples, sample metrics, embeddings and README")
    report_cmd.add_argument("--only", nargs="+", metavar="NAME",
                            help="only these entries' sample metrics and embeddings (the README: all)")
    commands.add_parser("list", help="print the manifest")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for entry in MANIFEST:
                print(entry.name)
            return 0
        if args.command == "build":
            build(args.only, args.force, None if args.budget_min is None else 60 * args.budget_min)
            if args.skip_report:
                return 0
        report(args.only)
    except (DatasetError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
