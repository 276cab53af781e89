"""Disentanglement scores on codes whose answer is known: one dimension per factor scores ≈ 1, a
rotation of the same code scores low, and the card round trip keeps what the app reads."""

import numpy as np
import pytest

from ae_models.disentanglement import (
    DisentanglementReport,
    dci,
    discretise,
    disentanglement_report,
    factor_entropies,
    mutual_information,
)

NAMES = ("shape", "hue", "x")


def known_factors(n: int = 4000, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack([rng.integers(0, 3, n), rng.integers(0, 8, n), rng.integers(0, 10, n)], axis=1)


def perfect_code(factors: np.ndarray, noise_dims: int = 2, seed: int = 0) -> np.ndarray:
    """Each factor in its own dimension (standardised, slightly noisy), plus pure-noise dimensions."""
    rng = np.random.default_rng(seed)
    signal = (factors - factors.mean(0)) / factors.std(0) + 0.01 * rng.normal(size=factors.shape)
    return np.concatenate([signal, rng.normal(size=(len(factors), noise_dims))], axis=1)


def rotated(codes: np.ndarray, seed: int = 1) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(codes.shape[1],) * 2))
    return codes @ q


def test_discretise_uses_equal_width_bins_per_dimension():
    codes = np.array([[0.0, 10.0], [0.5, 20.0], [1.0, 30.0]])
    binned = discretise(codes, bins=2)
    assert binned[:, 0].tolist() == [0, 1, 1] and binned[:, 1].tolist() == [0, 1, 1]
    assert discretise(np.random.default_rng(0).normal(size=(500, 3)), bins=20).max() == 19


def test_mutual_information_of_a_copied_factor_is_its_entropy():
    factors = known_factors()
    mi = mutual_information(perfect_code(factors, noise_dims=0), factors)
    entropies = factor_entropies(factors)
    np.testing.assert_allclose(np.diag(mi), entropies, rtol=1e-9)
    assert entropies[2] == pytest.approx(np.log(10), abs=0.01)  # 10 uniform values
    off_diagonal = mi[~np.eye(3, dtype=bool)]
    assert off_diagonal.max() < 0.05  # only the estimator's small positive bias


def test_a_perfect_code_scores_about_one_and_a_rotation_of_it_scores_low():
    factors = known_factors()
    perfect = disentanglement_report(perfect_code(factors), factors, NAMES)
    mixed = disentanglement_report(rotated(perfect_code(factors)), factors, NAMES)
    assert perfect.mig > 0.9 and perfect.dci.disentanglement > 0.9 and perfect.dci.completeness > 0.9
    assert mixed.mig < 0.3 and mixed.dci.disentanglement < 0.5
    assert mixed.mig < perfect.mig / 3
    assert perfect.dci.informativeness > 0.95  # every factor is recoverable from either code
    assert mixed.dci.informativeness > 0.6


def test_a_code_that_holds_one_factor_twice_has_no_gap_for_it():
    factors = known_factors()
    code = perfect_code(factors, noise_dims=0)
    doubled = np.concatenate([code, code[:, 2:3] + 0.001], axis=1)  # x in two dimensions
    report = disentanglement_report(doubled, factors, NAMES)
    assert report.mig_per_factor[2] < 0.05
    assert report.mig_per_factor[0] > 0.9 and report.mig_per_factor[1] > 0.9


def test_report_names_each_dimensions_factor_and_orders_sliders():
    factors = known_factors()
    code = perfect_code(factors)[:, [4, 2, 0, 3, 1]]  # noise, x, shape, noise, hue
    report = disentanglement_report(code, factors, NAMES)
    named = report.dimension_factors()
    assert [name for name, _ in named[1:3]] == ["x", "shape"] and named[4][0] == "hue"
    assert named[1][1] > 0.95 and named[0][1] < 0.05
    assert report.factor_dimension("x") == 1 and report.factor_dimension("hue") == 4
    assert set(report.slider_order()[:3].tolist()) == {1, 2, 4}


def test_card_round_trip_keeps_scores_and_labels():
    factors = known_factors(1500)
    report = disentanglement_report(perfect_code(factors), factors, NAMES)
    again = DisentanglementReport.from_card(report.to_card())
    assert again.mig == pytest.approx(report.mig, abs=1e-3)
    pairs = zip(report.dimension_factors(), again.dimension_factors(), strict=True)
    for (name, share), (name_again, share_again) in pairs:
        assert name == name_again and share == pytest.approx(share_again, abs=1e-3)
    assert again.dci.completeness == pytest.approx(report.dci.completeness, abs=1e-3)


def test_dci_importances_are_normalised_per_factor():
    factors = known_factors(1500)
    result = dci(perfect_code(factors), factors)
    np.testing.assert_allclose(result.importance.sum(axis=0), 1.0)
    assert result.importance.argmax(axis=0).tolist() == [0, 1, 2]


def test_mismatched_inputs_are_refused_with_a_message():
    with pytest.raises(ValueError, match="do not match"):
        disentanglement_report(np.zeros((10, 2)), np.zeros((9, 3), dtype=int), NAMES)


# --- what the app shows -------------------------------------------------------------------------
def test_factor_correlation_signs_say_which_way_each_factor_grows():
    from ae_models.disentanglement import factor_correlation

    factors = known_factors()
    code = perfect_code(factors, noise_dims=1) * np.array([1, -1, 1, 1])  # hue runs backwards
    correlation = factor_correlation(code, factors)
    assert correlation.shape == (4, 3)
    assert np.diag(correlation)[[0, 2]].min() > 0.99 and correlation[1, 1] < -0.99
    assert np.abs(correlation[3]).max() < 0.05  # the noise dimension
    constant = factor_correlation(np.zeros((10, 2)), factors[:10])
    assert not np.isnan(constant).any() and (constant == 0).all()


def test_a_factor_sweep_moves_only_its_dimension_with_the_factor_growing_left_to_right():
    from ae_models.disentanglement import factor_correlation, factor_sweep

    factors = known_factors()
    code = perfect_code(factors)[:, [4, 2, 0, 3, 1]] * np.array([1, -1, 1, 1, 1])  # x in dimension 1, reversed
    report = disentanglement_report(code, factors, NAMES)
    mean, std, z = code.mean(0), code.std(0), code[7]
    sweep = factor_sweep(report, "x", z, mean, std, factor_correlation(code, factors), steps=5)
    assert sweep.dimension == 1 and sweep.share > 0.95 and sweep.descending
    assert sweep.codes.shape == (5, 5) and sweep.codes.flags.c_contiguous  # torch takes no negative strides
    np.testing.assert_allclose(sweep.codes[:, 1], mean[1] + std[1] * np.array([3, 1.5, 0, -1.5, -3]))
    np.testing.assert_array_equal(np.delete(sweep.codes, 1, axis=1), np.repeat(np.delete(z, 1)[None], 5, 0))
    plain = factor_sweep(report, "x", z, mean, std, steps=5)  # without correlations: low to high code
    assert not plain.descending and plain.codes[0, 1] < plain.codes[-1, 1]


def test_tradeoff_points_come_from_scored_and_evaluated_cards_only():
    from ae_models.disentanglement import tradeoff_point

    scores = {"mig": 0.31}
    vae = {"family": "conv_vae", "config": {"beta": 4.0}, "disentanglement": scores, "test_metrics": {"mse": 0.02}}
    ae = {"family": "conv_ae", "config": {}, "disentanglement": scores, "test_metrics": {"mse": 0.01}}
    point = tradeoff_point("v", vae)
    assert (point.name, point.beta, point.mig, point.mse) == ("v", 4.0, 0.31, 0.02)
    assert tradeoff_point("a", ae).beta is None
    assert tradeoff_point("x", {**vae, "disentanglement": None}) is None
    assert tradeoff_point("y", {**vae, "test_metrics": {}}) is None
