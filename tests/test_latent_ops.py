"""Unit tests of latent-space operations: interpolation, importance, directions, attributes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_models import build_model, latent_ops

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("method", ["linear", "slerp"])
def test_interpolation_endpoints_are_exact(method: str):
    a, b = RNG.normal(size=6), RNG.normal(size=6) * 3
    path = latent_ops.interpolate(a, b, 7, method)
    assert path.shape == (7, 6)
    assert np.array_equal(path[0], a) and np.array_equal(path[-1], b)


def test_linear_interpolation_is_evenly_spaced_on_the_segment():
    a, b = np.array([0.0, 2.0]), np.array([4.0, -2.0])
    np.testing.assert_allclose(latent_ops.lerp(a, b, 5),
                               [[0, 2], [1, 1], [2, 0], [3, -1], [4, -2]])


def test_slerp_interpolates_norms_and_angles_evenly():
    a, b = np.array([2.0, 0.0, 0.0]), np.array([0.0, 5.0, 0.0])
    path = latent_ops.slerp(a, b, 5)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), np.linspace(2, 5, 5))
    angles = np.arctan2(path[:, 1], path[:, 0])
    np.testing.assert_allclose(angles, np.linspace(0, np.pi / 2, 5), atol=1e-12)


def test_slerp_keeps_the_norm_of_equal_norm_codes_where_lerp_shrinks_it():
    a = RNG.normal(size=16)
    b = -a + RNG.normal(size=16) * 0.3
    b *= np.linalg.norm(a) / np.linalg.norm(b)
    middle_slerp = latent_ops.slerp(a, b, 5)[2]
    middle_lerp = latent_ops.lerp(a, b, 5)[2]
    assert np.isclose(np.linalg.norm(middle_slerp), np.linalg.norm(a))
    assert np.linalg.norm(middle_lerp) < 0.5 * np.linalg.norm(a)


@pytest.mark.parametrize("b", [np.array([2.0, 0.0]), np.array([0.0, 0.0])])
def test_slerp_falls_back_to_lerp_for_parallel_or_zero_codes(b):
    a = np.array([1.0, 0.0])
    np.testing.assert_allclose(latent_ops.slerp(a, b, 4), latent_ops.lerp(a, b, 4))


def test_interpolation_rejects_bad_arguments():
    with pytest.raises(ValueError):
        latent_ops.interpolate(np.zeros(2), np.ones(2), 1)
    with pytest.raises(ValueError):
        latent_ops.interpolate(np.zeros(2), np.ones(2), 3, "cubic")


def test_importance_orders_ae_dimensions_by_variance():
    latents = RNG.normal(size=(500, 4)) * np.array([0.1, 3.0, 1.0, 0.0])
    scores = latent_ops.dimension_importance(latents)
    np.testing.assert_allclose(scores, latents.var(0))
    assert latent_ops.importance_order(scores).tolist() == [1, 2, 0, 3]


def test_importance_of_vae_units_is_the_mean_kl_and_matches_torch():
    mean = RNG.normal(size=(50, 3)) * np.array([2.0, 0.0, 0.5])
    logvar = np.log(np.array([0.1, 1.0, 0.5]) * np.ones((50, 3)))
    scores = latent_ops.dimension_importance(mean, logvar)
    q = torch.distributions.Normal(torch.tensor(mean), torch.tensor(np.exp(0.5 * logvar)))
    kl = torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).mean(0).numpy()
    np.testing.assert_allclose(scores, kl)
    assert scores[1] == pytest.approx(0.0) and latent_ops.importance_order(scores).tolist() == [0, 2, 1]


def test_slider_ranges_cover_three_sd_and_every_code():
    latents = RNG.normal(size=(200, 3))
    latents[0, 0] = 40.0  # an outlier must still be reachable
    r = latent_ops.slider_ranges(latents)
    assert np.all(r.low <= r.mean - 3 * r.std) and np.all(r.high >= r.mean + 3 * r.std)
    assert np.all(latents >= r.low) and np.all(latents <= r.high)


def test_principal_directions_are_orthonormal_and_shift_in_sd_units():
    latents = RNG.normal(size=(1000, 5)) * np.array([5.0, 1.0, 0.5, 0.2, 0.1])
    dirs = latent_ops.PrincipalDirections(k=3).fit(latents)
    np.testing.assert_allclose(dirs.components_ @ dirs.components_.T, np.eye(3), atol=1e-10)
    assert abs(dirs.components_[0, 0]) > 0.99 and dirs.scales_[0] == pytest.approx(latents[:, 0].std(ddof=1), 0.01)
    z = np.zeros(5)
    moved = dirs.shift(z, np.array([2.0, 0.0, 0.0]))
    assert np.linalg.norm(moved - z) == pytest.approx(2 * dirs.scales_[0])
    np.testing.assert_array_equal(dirs.shift(z, np.zeros(3)), z)


def test_attribute_vector_is_the_class_mean_difference_and_moves_a_code_between_means():
    latents = np.vstack([RNG.normal(size=(30, 2)) + [0, 0], RNG.normal(size=(30, 2)) + [5, 1]])
    labels = np.array([3] * 30 + [8] * 30)
    means = latent_ops.class_means(latents, labels)
    vector = latent_ops.attribute_vector(latents, labels, 3, 8)
    np.testing.assert_allclose(vector, means[8] - means[3])
    np.testing.assert_allclose(latent_ops.apply_attribute(means[3], vector, 1.0), means[8])
    np.testing.assert_allclose(latent_ops.apply_attribute(means[3], vector, 0.5), (means[3] + means[8]) / 2)
    with pytest.raises(ValueError):
        latent_ops.attribute_vector(latents, labels, 3, 7)


def test_analogy_is_a_minus_b_plus_c():
    np.testing.assert_array_equal(latent_ops.analogy(np.array([1.0, 2]), np.array([0.5, 1]), np.array([3.0, 0])),
                                  [3.5, 1.0])


def test_traversal_sweeps_one_dimension_per_row():
    z, mean, std = np.array([1.0, 2.0, 3.0]), np.zeros(3), np.array([1.0, 2.0, 0.5])
    codes = latent_ops.traversal(z, np.array([1, 2]), mean, std, steps=5)
    assert codes.shape == (2, 5, 3)
    np.testing.assert_allclose(codes[0, :, 1], np.linspace(-6, 6, 5))
    np.testing.assert_allclose(codes[1, :, 2], np.linspace(-1.5, 1.5, 5))
    assert np.all(codes[0, :, [0, 2]] == np.array([[1.0], [3.0]]))


def test_distances_to_data():
    latents = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 0.0]])
    np.testing.assert_allclose(latent_ops.nearest_distance(latents, [[3.0, 4.0], [0.0, 1.0]]), [0.0, 1.0])
    assert latent_ops.typical_spacing(latents) == pytest.approx(5.0)


def test_nearest_codes_match_a_brute_force_search_nearest_first():
    latents, queries = RNG.normal(size=(300, 5)), RNG.normal(size=(4, 5))
    indices, distances = latent_ops.nearest_codes(latents, queries, k=8)
    brute = np.linalg.norm(latents[None] - queries[:, None], axis=2)  # (4, 300)
    assert indices.shape == distances.shape == (4, 8)
    np.testing.assert_array_equal(indices, np.argsort(brute, axis=1)[:, :8])
    np.testing.assert_allclose(distances, np.sort(brute, axis=1)[:, :8], atol=1e-9)
    np.testing.assert_allclose(latent_ops.nearest_distance(latents, queries), distances[:, 0])
    one, one_distances = latent_ops.nearest_codes(latents, latents[17], k=3)  # one query: (k,) arrays
    assert one.shape == (3,) and one[0] == 17 and one_distances[0] == pytest.approx(0.0, abs=1e-6)


def test_principal_projection_gives_coordinates_along_the_directions():
    latents = RNG.normal(size=(400, 4)) * np.array([4.0, 2.0, 1.0, 0.5])
    dirs = latent_ops.PrincipalDirections(k=3).fit(latents)
    coords = dirs.project(latents, 2)
    assert coords.shape == (400, 2)
    np.testing.assert_allclose(coords.mean(0), 0.0, atol=1e-10)  # the centre of the codes is the origin
    np.testing.assert_allclose(coords.std(0, ddof=1), dirs.scales_[:2])
    z = latents[5]
    np.testing.assert_allclose(dirs.project(dirs.shift(z, [1.5, -2.0, 0.0])) - dirs.project(z),
                               [1.5 * dirs.scales_[0], -2.0 * dirs.scales_[1], 0.0], atol=1e-10)


def test_prior_codes_are_seeded_and_scaled_by_temperature():
    a = latent_ops.prior_codes(2000, 4, temperature=0.5, seed=1)
    np.testing.assert_array_equal(a, latent_ops.prior_codes(2000, 4, temperature=0.5, seed=1))
    assert a.std() == pytest.approx(0.5, abs=0.02)


def test_posterior_spread_of_a_vae():
    torch.manual_seed(0)
    model = build_model("vae", image_shape=(1, 8, 8), latent_dim=3, hidden=(16,)).eval()
    x = torch.rand(1, 1, 8, 8)
    spread = latent_ops.posterior_spread(model, x, k=6)
    q = model.posterior(x)
    np.testing.assert_allclose(spread.mean, q.mean[0].detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(spread.std, q.std[0].detach().numpy(), rtol=1e-6)
    assert spread.samples.shape == (6, 1, 8, 8) and spread.pixel_variance.shape == (8, 8)
    assert torch.all(spread.pixel_variance >= 0)
    torch.testing.assert_close(spread.pixel_variance, spread.samples[:, 0].var(0, unbiased=False))
    with pytest.raises(ValueError):
        latent_ops.posterior_spread(build_model("ae", image_shape=(1, 8, 8), latent_dim=3), x)


def test_posterior_spread_of_a_colour_vae_averages_the_variance_over_channels():
    torch.manual_seed(0)
    model = build_model("conv_vae", image_shape=(3, 8, 12), latent_dim=3, channels=(4,), dense=8).eval()
    spread = latent_ops.posterior_spread(model, torch.rand(1, 3, 8, 12), k=5)
    assert spread.samples.shape == (5, 3, 8, 12) and spread.pixel_variance.shape == (8, 12)
    per_channel = spread.samples.var(0, unbiased=False)  # (3, 8, 12)
    assert not torch.allclose(per_channel[0], per_channel[1])
    torch.testing.assert_close(spread.pixel_variance, per_channel.mean(0))


def test_rate_distortion_matches_the_loss_terms_and_counts_active_units():
    import torch

    from ae_models import build_model
    from ae_models.latent_ops import rate_distortion

    model = build_model("vae", image_shape=(1, 8, 8), latent_dim=4).eval()
    x = torch.rand(64, 1, 8, 8)
    rd = rate_distortion(model, x, seed=3)
    terms = model.loss(x, generator=torch.Generator().manual_seed(3))
    assert abs(rd.rate - terms["kl"].item()) < 1e-4
    assert abs(rd.distortion - terms["reconstruction"].item()) < 1e-3
    assert rd.active_units == int((rd.unit_activity > 0.01).sum()) and 0 <= rd.active_units <= 4
    with torch.no_grad():  # a unit whose posterior mean never moves is inactive
        model.encoder[-1][-1].weight[0].zero_()
    assert rate_distortion(model, x).unit_activity[0] == 0


def test_projected_ellipse_has_the_projected_standard_deviations():
    from ae_models.latent_ops import projected_ellipse

    components = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    outline = projected_ellipse(np.array([1.0, 2.0, 5.0]), np.array([0.5, 2.0, 9.0]), components, np.zeros(3))
    assert np.allclose(outline.mean(0), [1.0, 2.0], atol=1e-2)
    assert np.allclose(np.ptp(outline, 0), [1.0, 4.0], atol=1e-2)  # ±1 s.d. along each map axis


@pytest.mark.parametrize("family", ["ae", "vae"])
def test_summary_scores_units_by_variance_or_kl_and_orders_them(family: str):
    torch.manual_seed(0)
    model = build_model(family, image_shape=(1, 8, 8), latent_dim=3, hidden=(16,)).eval()
    images, labels = torch.rand(40, 1, 8, 8), torch.arange(40) % 4
    summary = latent_ops.summarise_latents(model, images, labels, batch_size=16)
    latents = latent_ops.encode_all(model, images)
    np.testing.assert_allclose(summary.latents, latents, rtol=1e-6)
    if family == "vae":
        q = model.posterior(images)
        kl = torch.distributions.kl_divergence(torch.distributions.Normal(q.mean, q.std),
                                               torch.distributions.Normal(0.0, 1.0)).mean(0)
        np.testing.assert_allclose(summary.scores, kl.detach().numpy(), rtol=1e-4, atol=1e-6)
    else:
        np.testing.assert_allclose(summary.scores, latents.var(0), rtol=1e-5)
    assert summary.order.tolist() == np.argsort(-summary.scores).tolist()
    np.testing.assert_array_equal(summary.labels, labels.numpy())
    assert summary.spacing == pytest.approx(latent_ops.typical_spacing(latents))
    given = latent_ops.summarise_latents(model, images, labels, latents=latents + 1.0)  # already encoded codes
    np.testing.assert_allclose(given.ranges.mean, latents.mean(0) + 1.0, rtol=1e-6)
