"""ae_models.anomaly: scores, threshold metrics and curves, checked against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from ae_models import build_model
from ae_models.anomaly import (
    anomaly_scores,
    auroc,
    curves,
    default_threshold,
    extremes,
    one_class_labels,
    ood_labels,
    reconstructions,
    threshold_metrics,
)


def test_auroc_of_a_constructed_case():
    # 3 normal, 2 anomalous; of the 6 (anomaly, normal) pairs the anomaly scores higher in 5.
    scores = np.array([0.1, 0.2, 0.5, 0.4, 0.9])
    truth = np.array([False, False, False, True, True])
    assert auroc(scores, truth) == pytest.approx(5 / 6)
    assert curves(scores, truth).auroc == pytest.approx(5 / 6)
    assert auroc(np.arange(10.0), np.arange(10) >= 5) == 1.0  # perfectly separated
    assert auroc(-np.arange(10.0), np.arange(10) >= 5) == 0.0  # perfectly backwards


@pytest.mark.parametrize("threshold", [-5.0, 0.0, 0.3, 0.77, 2.0, 9.0])
def test_threshold_metrics_match_scikit_learn(threshold: float):
    rng = np.random.default_rng(0)
    truth = rng.random(400) < 0.3
    scores = rng.normal(size=400) + 1.5 * truth
    got = threshold_metrics(scores, truth, threshold)
    flagged = scores >= threshold
    tn, fp, fn, tp = confusion_matrix(truth, flagged, labels=[False, True]).ravel()
    assert (got.tp, got.fp, got.tn, got.fn) == (tp, fp, tn, fn)
    assert got.recall == pytest.approx(recall_score(truth, flagged, zero_division=0))
    assert got.precision == pytest.approx(precision_score(truth, flagged, zero_division=1))
    assert got.false_positive_rate == pytest.approx(fp / (fp + tn))


def test_threshold_sweep_traces_the_roc_curve():
    rng = np.random.default_rng(1)
    truth = rng.random(300) < 0.5
    scores = rng.normal(size=300) + truth
    roc = curves(scores, truth)
    for threshold, fpr, tpr in zip(roc.roc_thresholds[1:], roc.fpr[1:], roc.tpr[1:], strict=True):
        m = threshold_metrics(scores, truth, threshold)
        assert (m.false_positive_rate, m.recall) == pytest.approx((fpr, tpr))
    assert 0 < roc.average_precision <= 1 and 0 < roc.pr_auc <= 1


def test_curves_need_both_kinds():
    with pytest.raises(ValueError, match="both"):
        curves(np.ones(4), np.zeros(4, dtype=bool))


def test_labels_threshold_and_extremes():
    assert one_class_labels(np.array([3, 1, 3, 7]), 3).tolist() == [False, True, False, True]
    assert ood_labels(2, 3).tolist() == [False, False, True, True, True]
    scores = np.array([0.0, 5.0, 1.0, 3.0])
    most, least = extremes(scores, 2)
    assert most.tolist() == [1, 3] and least.tolist() == [0, 2]
    normal = np.arange(100.0)
    truth = np.zeros(100, dtype=bool)
    t = default_threshold(normal, truth, false_positive_rate=0.1)
    assert threshold_metrics(normal, truth, t).false_positive_rate == pytest.approx(0.1, abs=0.011)


@pytest.mark.parametrize("family", ["ae", "vae"])
def test_anomaly_scores_shapes_and_values(family: str):
    model = build_model(family, image_shape=(1, 8, 8), latent_dim=3)
    images = torch.rand(10, 1, 8, 8)
    scores = anomaly_scores(model, images)
    assert set(scores) == ({"mse", "neg_elbo"} if family == "vae" else {"mse"})
    with torch.no_grad():
        expected = (model(images) - images).pow(2).flatten(1).mean(1).double().numpy()
    np.testing.assert_allclose(scores["mse"], expected, rtol=1e-5)
    assert all(v.shape == (10,) for v in scores.values())
    from ae_models.evaluate import per_image_metrics

    reference = per_image_metrics(model, images)  # what cards and `evaluate` report
    for key, value in scores.items():
        np.testing.assert_allclose(value, reference[key].double().numpy(), rtol=1e-6)
    recon, errors = reconstructions(model, images[:4])
    assert recon.shape == errors.shape == (4, 8, 8)
    np.testing.assert_allclose((errors**2).reshape(4, -1).mean(1), expected[:4], rtol=1e-5)


def test_one_class_model_scores_other_digits_higher(tiny_zoo_dir, digits_test):
    from ae_models import load_pretrained

    model = load_pretrained(tiny_zoo_dir / "digits-oneclass-0", device="cpu")
    scores = anomaly_scores(model, digits_test.images)["mse"]
    assert auroc(scores, one_class_labels(digits_test.labels, 0)) > 0.8


def test_published_per_class_references_reproduce_the_papers_means():
    from ae_models.anomaly import REFERENCES_MNIST_AUROC

    means = [float(np.mean(v)) for v in REFERENCES_MNIST_AUROC.values()]
    assert means == pytest.approx([0.897, 0.948], abs=6e-4)  # the means quoted in the literature
    assert all(len(v) == 10 and all(0.5 < a <= 1 for a in v) for v in REFERENCES_MNIST_AUROC.values())


def test_per_class_figure_groups_ours_beside_each_reference_for_the_classes_shown():
    from app_ui.anomalies.figures import per_class_auroc_figure

    fig = per_class_auroc_figure(["2", "8"], [0.91, 0.88], {"DCAE": [0.854, 0.865], "SVDD": [0.917, 0.939]}, "ours")
    assert fig.layout.barmode == "group"
    assert [tuple(bar.y) for bar in fig.data] == [(0.91, 0.88), (0.854, 0.865), (0.917, 0.939)]
    assert [bar.name for bar in fig.data] == ["ours · mean 0.895", "DCAE · mean 0.859", "SVDD · mean 0.928"]
