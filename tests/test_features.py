"""ae_models.features: the split, the probes and the exports."""

from __future__ import annotations

import io

import numpy as np
import pytest

from ae_models.features import latents_csv, latents_npy, probe_accuracy, stratified_split


def test_stratified_split_keeps_class_shares():
    labels = np.repeat(np.arange(4), [50, 30, 20, 1])
    split = stratified_split(labels, test_share=0.3, seed=0)
    assert len(np.intersect1d(split.train, split.test)) == 0
    assert len(split.train) + len(split.test) == len(labels)
    assert 100 in split.train  # a one-image class goes to train
    counts = np.bincount(labels[split.test], minlength=4)
    assert counts[:3].tolist() == [15, 9, 6]


def test_probes_read_separable_features_and_not_noise():
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(3), 60)
    separable = rng.normal(size=(180, 5)) + 6 * np.eye(5)[labels]
    noise = rng.normal(size=(180, 5))
    split = stratified_split(labels)
    good = probe_accuracy(separable, labels, split)
    assert set(good) == {"logistic", "knn"} and min(good.values()) > 0.95
    assert max(probe_accuracy(noise, labels, split).values()) < 0.6
    reduced = probe_accuracy(np.hstack([separable, rng.normal(size=(180, 40)) * 0.01]), labels, split, pca=3)
    assert min(reduced.values()) > 0.9


def test_probes_need_two_classes():
    with pytest.raises(ValueError, match="two classes"):
        probe_accuracy(np.ones((10, 2)), np.zeros(10, dtype=int), stratified_split(np.zeros(10, dtype=int)))


def test_exports_round_trip():
    latents = np.arange(6, dtype=np.float32).reshape(3, 2) / 7
    text = latents_csv(latents, np.array([4, 5, 6])).decode()
    assert text.splitlines()[0] == "z0,z1,label"
    table = np.loadtxt(io.StringIO(text), delimiter=",", skiprows=1)
    np.testing.assert_allclose(table[:, :2], latents, rtol=1e-5)
    assert table[:, 2].tolist() == [4, 5, 6]
    assert latents_csv(latents).decode().splitlines()[0] == "z0,z1"
    np.testing.assert_array_equal(np.load(io.BytesIO(latents_npy(latents)), allow_pickle=False), latents)
