"""The shipped samples and embeddings: shapes, dtypes, clear errors when files are missing, and
shipped latents trusted only for the checkpoint they were written by."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import ae_models
from ae_models import samples
from ae_models.data import DatasetError
from ae_models.latent_ops import encode_all
from ae_models.samples import SAMPLE_SIZE, load_embedding, load_sample, trusted_embedding
from ae_models.zoo import MANIFEST


@pytest.mark.parametrize("dataset", ["mnist", "fashion-mnist"])
def test_mnist_like_sample_shapes(dataset: str) -> None:
    sample = load_sample(dataset)
    assert sample.images.shape == (SAMPLE_SIZE, 1, 28, 28)
    assert sample.images.dtype == torch.float32
    assert sample.images.min() >= 0.0 and sample.images.max() <= 1.0
    assert sample.labels.shape == (SAMPLE_SIZE,) and sample.labels.dtype == torch.int64
    assert set(sample.labels.tolist()) == set(range(10))
    assert len(sample.classes) == 10


@pytest.mark.parametrize("dataset", ["mnist", "fashion-mnist"])
def test_sample_file_is_uint8_and_small(dataset: str) -> None:
    path = samples.sample_path(dataset)
    assert path.stat().st_size <= 4 * 2**20
    with np.load(path) as data:
        assert data["images"].dtype == np.uint8 and data["images"].shape == (SAMPLE_SIZE, 28, 28)


def test_shapes_sample_is_rendered_not_shipped() -> None:
    from ae_models.shapes import FACTOR_NAMES, SHAPES, load_shapes

    sample = load_sample("shapes")
    assert sample.images.shape == (SAMPLE_SIZE, 3, 64, 64) and sample.images.dtype == torch.float32
    assert sample.name == "shapes" and sample.classes == SHAPES and sample.factor_names == FACTOR_NAMES
    assert sample.factors.shape == (SAMPLE_SIZE, len(FACTOR_NAMES))
    test = load_shapes("test")
    assert torch.equal(sample.images, test.images[:SAMPLE_SIZE])
    assert torch.equal(sample.labels, test.labels[:SAMPLE_SIZE])
    assert sample.images.untyped_storage().nbytes() == sample.images.nbytes  # not a view of all 10,000
    assert not samples.sample_path("shapes").exists()


def test_digits_sample_is_the_test_split() -> None:
    sample = load_sample("digits")
    assert sample.images.shape[1:] == (1, 8, 8) and len(sample) == len(sample.labels) > 0


def test_missing_sample_raises_dataset_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(samples, "assets_dir", lambda: tmp_path)
    with pytest.raises(DatasetError, match="missing"):
        load_sample("mnist")
    with pytest.raises(DatasetError, match="No shipped sample.*shapes"):
        load_sample("cifar10")
    assert len(load_sample("shapes")) == SAMPLE_SIZE  # rendered: no file needed


def test_missing_embedding_is_none() -> None:
    assert load_embedding("no-such-checkpoint") is None


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e.name)
def test_embedding_matches_sample(entry) -> None:
    embedding = load_embedding(entry.name)
    if embedding is None:
        pytest.skip(f"{entry.name} has no shipped embedding")
    n = len(load_sample(entry.dataset))
    assert embedding["latents"].shape == (n, entry.latent_dim)
    assert embedding["latents"].dtype == np.float16
    assert embedding["labels"].shape == (n,)
    assert "pca" in embedding
    for method in ("pca", "tsne", "umap"):
        if method in embedding:
            assert embedding[method].shape == (n, 2) and np.isfinite(embedding[method]).all()
    if entry.headline and entry.latent_dim > 2:
        assert {"tsne", "umap"} <= set(embedding)


# --- shipped latents against the checkpoint ------------------------------------------------------------
def tiny_model(seed: int) -> ae_models.Autoencoder:
    torch.manual_seed(seed)
    return ae_models.build_model("conv_ae", latent_dim=3, image_shape=(1, 8, 8)).eval()


def embedding_of(model, images: torch.Tensor) -> dict[str, np.ndarray]:
    """What `assets/embeddings/` would hold for `model` (float16, as the zoo writes it)."""
    latents = encode_all(model, images)
    return {"latents": latents.astype(np.float16), "labels": np.arange(len(images)) % 3,
            "pca": latents[:, :2].astype(np.float16)}


def test_a_matching_embedding_is_trusted_as_float32() -> None:
    model, images = tiny_model(0), torch.rand(80, 1, 8, 8)
    stored = embedding_of(model, images)
    trusted = trusted_embedding(stored, model, images)
    assert set(trusted) == set(stored)
    assert trusted["latents"].dtype == np.float32 and trusted["pca"].dtype == np.float32
    np.testing.assert_array_equal(trusted["latents"], stored["latents"].astype(np.float32))
    np.testing.assert_array_equal(trusted["labels"], stored["labels"])


def test_an_embedding_that_does_not_match_is_refused() -> None:
    model, images = tiny_model(0), torch.rand(80, 1, 8, 8)
    stored = embedding_of(model, images)
    tampered = {**stored, "latents": stored["latents"] + np.float16(1.0)}
    assert trusted_embedding(tampered, model, images) == {}
    assert trusted_embedding(stored, tiny_model(1), images) == {}  # retrained under the same name
    assert trusted_embedding(stored, model, images[:70]) == {}  # another sample
    assert trusted_embedding(None, model, images) == {}
