"""ae_models.latent_map: which projector a map gets, the report on a picked map position (exact
and kNN inverse), the report on a picked sample, class counts."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.neighbors import NearestNeighbors

import ae_models
from ae_models.latent_map import (
    LatentNeighbours,
    RawProjector,
    class_counts,
    fit_map,
    position_report,
    sample_report,
    shipped_map,
)
from ae_models.latent_ops import reconstruct_all
from ae_models.metrics import mse_per_image
from ae_models.projections import Projector


def line(n: int = 100) -> np.ndarray:
    """Codes (n, 3) one unit apart on the first axis: the median gap between neighbours is 1."""
    codes = np.zeros((n, 3))
    codes[:, 0] = np.arange(n)
    return codes


def report(projector: Projector, position: tuple[float, ...]):
    return position_report(projector, position, LatentNeighbours(k=8).fit(projector.latents_),
                           LatentNeighbours(k=8).fit(projector.embedding_))


# --- which projector --------------------------------------------------------------------------------
def test_a_code_as_long_as_the_map_is_drawn_raw() -> None:
    codes = np.random.default_rng(0).normal(size=(30, 2))
    assert isinstance(fit_map(codes, "tsne", 2), RawProjector)
    assert not isinstance(fit_map(line(), "pca", 2), RawProjector)


def test_a_shipped_map_is_reused_and_only_in_2d() -> None:
    codes, shipped = line(), np.random.default_rng(1).normal(size=(100, 2))
    np.testing.assert_array_equal(fit_map(codes, "tsne", 2, embedding=shipped).embedding_, shipped)
    stored = {"latents": codes, "tsne": shipped}
    assert shipped_map(stored, "tsne", 2) is shipped
    assert shipped_map(stored, "tsne", 3) is None
    assert shipped_map(stored, "umap", 2) is None


# --- a picked map position ----------------------------------------------------------------------------
def test_an_exact_inverse_is_judged_by_the_latent_distance() -> None:
    projector = Projector("pca", 2).fit(line())
    on = report(projector, tuple(projector.embedding_[40]))
    assert on.exact and on.closeness == "on_data"
    np.testing.assert_allclose(on.code, line()[40], atol=1e-9)
    assert on.distance == pytest.approx(0.0, abs=1e-9)
    far = report(projector, tuple(projector.transform([[200.0, 0.0, 0.0]])[0]))
    np.testing.assert_allclose(far.code, [200.0, 0.0, 0.0], atol=1e-9)
    assert far.closeness == "hole"
    assert far.distance == pytest.approx(101.0) and far.ratio == pytest.approx(101.0)


def test_a_knn_inverse_is_judged_by_the_emptiness_of_the_map() -> None:
    codes = line()
    projector = Projector("tsne", 2).fit(codes, embedding=codes[:, :2])  # a precomputed map: no t-SNE run
    far = report(projector, (1000.0, 0.0))
    assert not far.exact
    # The blend of the end points' codes lies among real codes, but the spot is 901 gaps off the map.
    assert far.distance < 1.0
    assert far.closeness == "hole" and far.ratio == pytest.approx(901.0)
    on = report(projector, (40.0, 0.0))
    assert on.closeness == "on_data"
    np.testing.assert_allclose(on.code, codes[40])


def test_an_exact_inverse_needs_no_map_points_and_a_knn_one_does() -> None:
    codes = LatentNeighbours(k=8).fit(line())
    exact = Projector("pca", 2).fit(line())
    assert position_report(exact, tuple(exact.embedding_[40]), codes, None).closeness == "on_data"
    knn = Projector("tsne", 2).fit(line(), embedding=line()[:, :2])
    with pytest.raises(ValueError, match="map's points"):
        position_report(knn, (40.0, 0.0), codes, None)


def test_missing_map_coordinates_are_zero() -> None:
    projector = Projector("pca", 3).fit(np.random.default_rng(2).normal(size=(50, 5)))
    np.testing.assert_allclose(report(projector, (0.5, -1.0)).code, report(projector, (0.5, -1.0, 0.0)).code)


# --- neighbours among codes -----------------------------------------------------------------------------
def every_code_queried(codes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The reference: each code's k nearest other codes (N, k) and its gap (N,), from querying them all."""
    distances, rows = NearestNeighbors(n_neighbors=k + 1).fit(codes).kneighbors(codes)
    return np.array([row[row != i][:k] for i, row in enumerate(rows)]), distances[:, 1]


def test_neighbours_and_gaps_are_those_of_querying_every_code() -> None:
    codes = np.random.default_rng(3).normal(size=(400, 6))
    neighbours = LatentNeighbours(k=8).fit(codes)
    expected, gaps = every_code_queried(codes, 8)
    np.testing.assert_array_equal([neighbours.of(i) for i in range(len(codes))], expected)
    np.testing.assert_allclose(neighbours.gaps_, gaps)
    assert (neighbours.median_gap_, neighbours.far_gap_) == pytest.approx(tuple(np.quantile(gaps, [0.5, 0.95])))


def test_a_large_set_measures_its_gaps_on_a_subset_and_its_neighbours_exactly() -> None:
    codes = np.random.default_rng(4).normal(size=(6000, 4))
    neighbours = LatentNeighbours(k=8, gap_queries=1500).fit(codes)
    expected, gaps = every_code_queried(codes, 8)
    assert len(neighbours.gaps_) == 1500
    assert neighbours.median_gap_ == pytest.approx(np.median(gaps), rel=0.03)
    assert neighbours.far_gap_ == pytest.approx(np.quantile(gaps, 0.95), rel=0.03)
    for i in (0, 17, 5999):
        np.testing.assert_array_equal(neighbours.of(i), expected[i])


# --- a picked sample ---------------------------------------------------------------------------------
def test_the_sample_report_ranks_the_error_in_the_sample() -> None:
    torch.manual_seed(0)
    model = ae_models.build_model("conv_ae", latent_dim=3, image_shape=(1, 8, 8)).eval()
    images = torch.rand(20, 1, 8, 8)
    errors = mse_per_image(reconstruct_all(model, images), images).numpy()
    ranks = np.argsort(np.argsort(errors))
    for index in (int(np.argmin(errors)), 7, int(np.argmax(errors))):
        result = sample_report(model, images[index], errors)
        with torch.no_grad():
            torch.testing.assert_close(result.reconstruction, model(images[index: index + 1])[0])
        assert result.mse == pytest.approx(float(errors[index]), rel=1e-5)
        assert result.psnr == pytest.approx(-10 * np.log10(result.mse), rel=1e-5)
        assert result.percentile == pytest.approx(ranks[index] / len(errors))


def test_class_counts() -> None:
    assert class_counts(np.array([2, 0, 2, -1, 2])) == {-1: 1, 0: 1, 2: 3}
