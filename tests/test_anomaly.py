"""ae_models.anomaly: scores, threshold metrics and curves, checked against scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import confusion_matrix, precision_score, recall_score

from ae_models import build_model
from ae_models.anomaly import (
    REFERENCE_MEANS_AUROC,
    REFERENCES_MNIST_AUROC,
    SCORES,
    ScoreSelection,
    anomaly_scores,
    auroc,
    card_score,
    card_test_auroc,
    class_label,
    curves,
    dataset_order,
    default_threshold,
    extremes,
    has_both_kinds,
    held_out_anomalies,
    image_classes,
    model_per_class,
    nearest_option,
    one_class_auroc,
    one_class_case,
    one_class_datasets,
    one_class_labels,
    one_class_models,
    ood_case,
    ood_labels,
    ood_sources,
    per_class_table,
    published_references,
    reconstructions,
    reference_means,
    score_names,
    select_score,
    stored_auroc,
    threshold_metrics,
    threshold_options,
)
from ae_models.data import DatasetError, ImageDataset, from_uint8


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
    assert recon.shape == (4, 1, 8, 8) and errors.shape == (4, 8, 8)
    np.testing.assert_allclose((errors**2).reshape(4, -1).mean(1), expected[:4], rtol=1e-5)


def test_one_class_model_scores_other_digits_higher(tiny_zoo_dir, digits_test):
    from ae_models import load_pretrained

    model = load_pretrained(tiny_zoo_dir / "digits-oneclass-0", device="cpu")
    scores = anomaly_scores(model, digits_test.images)["mse"]
    assert auroc(scores, one_class_labels(digits_test.labels, 0)) > 0.8


def test_published_per_class_references_reproduce_the_papers_means():
    means = [float(np.mean(v)) for v in REFERENCES_MNIST_AUROC.values()]
    assert means == pytest.approx([0.897, 0.948], abs=6e-4)  # the means quoted in the literature
    assert all(len(v) == 10 and all(0.5 < a <= 1 for a in v) for v in REFERENCES_MNIST_AUROC.values())


def test_threshold_options_reach_both_ends():
    scores = np.random.default_rng(0).lognormal(-4, 1, size=500)
    options = threshold_options(scores)
    assert options[0] == scores.min() and options[-1] == scores.max()
    assert options == sorted(set(options)) and 100 < len(options) <= 201
    assert nearest_option(options, 1e9) == options[-1]
    assert nearest_option(options, options[7] * 1.0001) == options[7]
    assert threshold_options(np.array([-1.0, 0.0, 2.0]))[0] == -1.0  # linear when scores are not all positive
    assert threshold_options(np.full(4, 0.3)) == [0.3]


def test_has_both_kinds():
    assert has_both_kinds(np.array([False, True]))
    assert not has_both_kinds(np.zeros(3, dtype=bool)) and not has_both_kinds(np.ones(3, dtype=bool))


def digits_like(n: int = 6, classes: tuple[str, ...] = ("zero", "one"), seed: int = 0) -> ImageDataset:
    rng = np.random.default_rng(seed)
    labels = np.array([0, 1, 0, 1, 1, -1][:n])
    return from_uint8(rng.integers(0, 256, size=(n, 8, 8)), labels, "toy", classes)


def test_class_names_of_images_and_of_classes():
    data = digits_like()
    assert image_classes(data).tolist() == ["zero", "one", "zero", "one", "one", "?"]  # -1: unlabelled
    assert class_label(("zero", "one"), 1) == "one" and class_label(("zero", "one"), 7) == "7"


@pytest.mark.parametrize("family", ["ae", "vae"])
def test_one_class_and_ood_cases_score_every_image_with_its_truth_and_name(family: str):
    model = build_model(family, image_shape=(1, 8, 8), latent_dim=3)
    data = digits_like()
    case = one_class_case(model, data, normal_class=1)
    assert case.is_anomaly.tolist() == [True, False, True, False, False, True]
    assert case.images.dtype == np.uint8 and case.images.shape == (6, 8, 8)
    torch.testing.assert_close(case.images_at(np.array([4, 0])), data.images[[4, 0]])  # uint8 round trip
    np.testing.assert_allclose(case.scores["mse"], anomaly_scores(model, data.images)["mse"], rtol=1e-6)
    other = digits_like(3, ("a", "b"), seed=1)
    mixed = ood_case(model, data, other, "other")
    assert mixed.is_anomaly.tolist() == [False] * 6 + [True] * 3
    assert mixed.classes.tolist()[5:] == ["?", "other: a", "other: b", "other: a"]
    uploads = from_uint8(np.zeros((2, 8, 8)), None, "uploads", ())
    assert ood_case(model, data, uploads, "upload").classes.tolist()[-2:] == ["upload", "upload"]


def test_ood_sources_keep_readable_sets_of_the_models_shape():
    def load(name: str) -> ImageDataset:
        if name == "fashion-mnist":
            raise DatasetError("not downloaded")
        if name == "shapes":
            return from_uint8(np.zeros((2, 64, 64, 3)), None, name, ())
        return digits_like() if name == "digits" else from_uint8(np.zeros((2, 28, 28)), None, name, ())

    assert ood_sources((1, 28, 28), "digits", load) == ["mnist"]
    assert ood_sources((1, 28, 28), "mnist", load) == []
    assert ood_sources((1, 8, 8), "mnist", load) == ["digits"]
    assert ood_sources((3, 64, 64), "blobs", load) == ["shapes"]


def test_ood_sources_do_not_load_sets_whose_shape_cannot_fit():
    loaded = []

    def load(name: str) -> ImageDataset:
        loaded.append(name)
        return from_uint8(np.zeros((2, 28, 28)), None, name, ())

    assert ood_sources((1, 28, 28), "digits", load) == ["mnist", "fashion-mnist"]
    assert loaded == ["mnist", "fashion-mnist"]  # not digits (its own), not shapes (3×64×64)


def test_a_cards_auroc_counts_only_for_the_same_sample():
    card = {"sample_metrics": {"auroc": 0.93, "images": 360}}
    assert stored_auroc(card, 360) == 0.93
    assert stored_auroc(card, 5000) is None
    assert stored_auroc({"sample_metrics": None}, 360) is None and stored_auroc({}, 360) is None


def test_one_class_model_choice_per_dataset_and_class():
    models = [("m-oc-3b", "mnist", 3), ("m-oc-1", "mnist", 1), ("m-ae", "mnist", None), ("m-oc-3a", "mnist", 3),
              ("d-oc-0", "digits", 0), ("f-ae", "fashion-mnist", None)]
    assert one_class_datasets(models) == ["mnist", "digits"]  # MNIST first: it has per-class references
    assert sorted(["digits", "mnist", "shapes", "fashion-mnist"], key=dataset_order) == [
        "mnist", "fashion-mnist", "shapes", "digits"]
    assert one_class_models(models, "mnist") == [("m-oc-1", 1), ("m-oc-3a", 3), ("m-oc-3b", 3)]
    assert model_per_class(models, "mnist") == {1: "m-oc-1", 3: "m-oc-3a"}  # one model per class
    assert model_per_class(models, "fashion-mnist") == {}


def test_per_class_table_puts_ours_beside_the_references_for_the_classes_shown():
    references = published_references("mnist", [2, 8])
    assert references == {name: [v[2], v[8]] for name, v in REFERENCES_MNIST_AUROC.items()}
    assert published_references("digits", [2, 8]) == {}
    table = per_class_table(["2", "8"], [0.91, 0.88], references, "class", "ours", "mean")
    assert list(table.columns) == ["class", "ours", *REFERENCES_MNIST_AUROC]
    assert table["class"].tolist() == ["2", "8", "mean"]
    assert table["ours"].iloc[-1] == pytest.approx(0.895)
    assert table.iloc[-1, 2] == pytest.approx((0.854 + 0.865) / 2)


def colour_data(n: int = 6, side: tuple[int, int] = (12, 16), seed: int = 0) -> ImageDataset:
    g = torch.Generator().manual_seed(seed)
    return ImageDataset("rgb", torch.rand(n, 3, *side, generator=g), torch.tensor([0, 1, 0, 1, 1, 0][:n]),
                        ("a", "b"))


def test_colour_reconstructions_and_error_maps_average_the_channels():
    torch.manual_seed(0)
    model = build_model("conv_ae", image_shape=(3, 16, 16), latent_dim=4).eval()
    images = colour_data(side=(16, 16)).images
    recon, errors = reconstructions(model, images)
    assert recon.shape == (6, 3, 16, 16) and errors.shape == (6, 16, 16)
    with torch.no_grad():
        x_hat = model(images)
    np.testing.assert_allclose(recon, x_hat.numpy(), rtol=1e-6)
    np.testing.assert_allclose(errors, (images - x_hat).abs().mean(1).numpy(), rtol=1e-6)
    mse = anomaly_scores(model, images)["mse"]  # over every channel's values
    np.testing.assert_allclose(mse, (images - x_hat).pow(2).flatten(1).mean(1).double().numpy(), rtol=1e-5)


@pytest.mark.parametrize("family", ["ae", "vae"])
def test_colour_cases_keep_colour_pictures_and_round_trip(family: str):
    model = build_model(family, image_shape=(3, 12, 16), latent_dim=3)
    data = colour_data()
    case = one_class_case(model, data, normal_class=0)
    assert case.images.dtype == np.uint8 and case.images.shape == (6, 12, 16, 3)  # RGB pictures
    np.testing.assert_array_equal(case.images[..., 2], np.round(data.images[:, 2].numpy() * 255))  # blue stays blue
    index = np.array([5, 1])
    torch.testing.assert_close(case.images_at(index), data.images[index], atol=0.5 / 255, rtol=0)
    assert set(case.scores) == ({"mse", "neg_elbo"} if family == "vae" else {"mse"})
    mixed = ood_case(model, data, colour_data(3, seed=1), "other")
    assert mixed.is_anomaly.tolist() == [False] * 6 + [True] * 3 and mixed.images.shape == (9, 12, 16, 3)


def test_an_ood_set_of_another_shape_is_a_clear_error():
    model = build_model("ae", image_shape=(3, 12, 16), latent_dim=3)
    grey = from_uint8(np.zeros((2, 12, 16)), None, "uploads", ())
    with pytest.raises(DatasetError, match="12×16 grey.*12×16 RGB"):
        ood_case(model, colour_data(), grey, "upload")


def test_ood_sources_match_the_channels_too():
    def load(name: str) -> ImageDataset:
        return colour_data(2, (64, 64)) if name == "shapes" else from_uint8(np.zeros((2, 28, 28)), None, name, ())

    assert ood_sources((3, 28, 28), "mnist", load) == []  # the 28×28 sets are grey
    assert ood_sources((3, 64, 64), "mnist", load) == ["shapes"]
    assert "shapes" not in ood_sources((1, 64, 64), "mnist", load)


# --- the score a one-class model uses, chosen on held-out training images ----------------------------
def test_ssim_error_is_one_minus_the_reported_ssim():
    from ae_models.evaluate import per_image_metrics

    model = build_model("conv_vae", image_shape=(1, 8, 8), latent_dim=2, channels=(4,), dense=8).eval()
    images = torch.rand(6, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    scores = anomaly_scores(model, images, ssim=True)
    assert list(scores) == ["mse", "ssim_error", "neg_elbo"] == score_names(model)
    np.testing.assert_allclose(scores["ssim_error"], 1 - per_image_metrics(model, images)["ssim"].double().numpy(),
                               rtol=1e-6)
    assert "ssim_error" not in anomaly_scores(model, images)  # only when asked: SSIM is the slow part


def test_held_out_anomalies_are_other_classes_seeded_and_capped(digits_train):
    picked = held_out_anomalies(digits_train, 3, normal_images=20, seed=0)
    assert len(picked) == 9 * 20 and not bool((picked.labels == 3).any())
    assert torch.equal(picked.images, held_out_anomalies(digits_train, 3, 20, seed=0).images)
    assert not torch.equal(picked.images, held_out_anomalies(digits_train, 3, 20, seed=1).images)
    everything = held_out_anomalies(digits_train, 3, normal_images=10_000, seed=0)
    assert len(everything) == int((digits_train.labels != 3).sum())


def test_select_score_measures_every_candidate_and_ties_go_to_the_first(tiny_zoo_dir, digits_train):
    from ae_models import load_pretrained

    model = load_pretrained(tiny_zoo_dir / "digits-oneclass-0", device="cpu")
    normal = digits_train.of_class(0).subset(slice(0, 30))
    anomalies = held_out_anomalies(digits_train, 0, len(normal), seed=0)
    selection = select_score(model, normal, anomalies)
    truth = ood_labels(len(normal), len(anomalies))
    scores = anomaly_scores(model, torch.cat([normal.images, anomalies.images]), ssim=True)
    assert selection.aurocs == {name: auroc(scores[name], truth) for name in ("mse", "ssim_error")}
    assert selection.winner == max(selection.aurocs, key=selection.aurocs.get)
    assert selection.to_card()["normal_images"] == 30 and selection.to_card()["anomalous_images"] == 270
    assert ScoreSelection({"neg_elbo": 0.9, "mse": 0.9, "ssim_error": 0.8}, 1, 1).winner == "mse"
    assert list(SCORES) == ["mse", "ssim_error", "neg_elbo"]
    assert one_class_auroc(model, digits_train, 0, "mse") == pytest.approx(
        auroc(anomaly_scores(model, digits_train.images)["mse"], one_class_labels(digits_train.labels, 0)))


def test_cards_say_their_score_and_test_auroc_and_fashion_shows_only_means():
    assert card_score({}) == "mse" and card_score({"anomaly_score": "ssim_error"}) == "ssim_error"
    assert card_test_auroc({"test_metrics": {"auroc": 0.9}}) == 0.9 and card_test_auroc({"test_metrics": {}}) is None
    assert published_references("fashion-mnist", range(10)) == {}  # no per-class rows that could not be checked
    assert reference_means("fashion-mnist") == REFERENCE_MEANS_AUROC["fashion-mnist"]
    assert reference_means("fashion-mnist")["Deep SVDD"] == 0.848 and reference_means("mnist") == {}
