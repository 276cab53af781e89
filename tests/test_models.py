from __future__ import annotations

import json
import typing

import pytest
import torch
from torch.distributions import Normal, kl_divergence

from ae_models import FAMILIES, build_model
from ae_models.models import Autoencoder, Family, MLPConfig, Posterior, VariationalConfig, is_variational

SHAPES = [(1, 8, 8), (1, 28, 28), (1, 13, 21)]


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("shape", SHAPES)
def test_interface_shapes_and_range(family: str, shape):
    model = build_model(family, image_shape=shape, latent_dim=3).eval()
    x = torch.rand(5, *shape)
    z = model.encode(x)
    assert z.shape == (5, 3)
    out = model.decode(z)
    assert out.shape == (5, *shape) and out.min() >= 0 and out.max() <= 1
    assert torch.equal(model(x), model.decode(model.encode(x)))
    terms = model.loss(x)
    assert set(terms) >= {"total", "reconstruction"}
    assert (set(terms) >= {"kl", "neg_elbo"}) == model.variational


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("shape", [(3, 32, 32), (3, 20, 36), (1, 28, 28)])  # colour, odd non-square, grey
@pytest.mark.parametrize("noise", [None, "gaussian:0.3"])  # plain and denoising
def test_every_family_trains_forward_and_backward_on_any_size(family: str, shape, noise):
    """Conv families pad to a multiple of 2**stages and crop back, so every (C, H, W) works."""
    from ae_models.noise import corrupt

    model = build_model(family, image_shape=shape, latent_dim=4)
    x = torch.rand(3, *shape)
    terms = model.loss(corrupt(x, noise, torch.Generator().manual_seed(0)), x, generator=torch.Generator())
    terms["total"].backward()
    grads = [p.grad for p in model.parameters()]
    assert all(g is not None and torch.isfinite(g).all() for g in grads)
    assert any(g.abs().sum() > 0 for g in grads[:2]) and any(g.abs().sum() > 0 for g in grads[-2:])
    assert model.eval()(x).shape == (3, *shape)


def test_bernoulli_likelihood_counts_every_channel():
    model = build_model("conv_vae", image_shape=(3, 5, 7), latent_dim=2)
    nll = model.reconstruction_nll(torch.zeros(2, 3, 5, 7), torch.ones(2, 3, 5, 7))
    assert torch.allclose(nll, torch.full((2,), 3 * 5 * 7 * 0.6931472))
    assert "bernoulli per pixel and channel" in model.likelihood_note() and "nats" in model.likelihood_note()
    gaussian = build_model("vae", image_shape=(3, 4, 4), likelihood="gaussian", gaussian_sigma=0.2)
    assert gaussian.likelihood_note().startswith("gaussian per pixel and channel, fixed σ=0.2")
    assert "squared error per pixel and channel" in build_model("ae").likelihood_note()


def test_registry_names_every_family():
    assert set(FAMILIES) == {"ae", "stacked_ae", "conv_ae", "vae", "conv_vae"}
    assert len(build_model("stacked_ae").config.hidden) >= 2 > len(build_model("ae").config.hidden)
    with pytest.raises(ValueError, match="Unknown model family"):
        build_model("gan")


@pytest.mark.parametrize("family", list(FAMILIES))
def test_registry_builds_each_family_from_its_json_config(family: str):
    config = FAMILIES[family].Config(image_shape=(1, 8, 8), latent_dim=3).to_dict()
    model = build_model(family, **json.loads(json.dumps(config)))  # as read back from a card
    assert type(model) is FAMILIES[family] and model.family == family
    assert model.config.to_dict() == config


def test_unknown_family_or_field_is_refused_with_the_choices():
    with pytest.raises(ValueError) as err:
        build_model("gan", latent_dim=2)
    assert all(family in str(err.value) for family in FAMILIES)
    with pytest.raises(ValueError, match="Unknown model family"):
        is_variational("gan")
    with pytest.raises(ValueError, match="unknown config fields"):
        build_model("ae", channels=(8, 16))


def test_family_literal_lists_the_registry():
    assert typing.get_args(Family) == tuple(FAMILIES)


def test_is_variational_exactly_for_the_vaes():
    assert {f for f in FAMILIES if is_variational(f)} == {"vae", "conv_vae"}
    for family, cls in FAMILIES.items():
        assert is_variational(family) == cls.variational == issubclass(cls.Config, VariationalConfig)
        assert isinstance(build_model(family).config, VariationalConfig) == is_variational(family)


def test_a_family_whose_config_disagrees_with_variational_is_refused():
    with pytest.raises(TypeError, match="VariationalConfig"):
        type("BadVAE", (Autoencoder,), {"family": "bad", "Config": MLPConfig, "variational": True})


@pytest.mark.parametrize("family", ["vae", "conv_vae"])
def test_vae_options_share_one_set_of_defaults(family: str):
    config, options = build_model(family).config, VariationalConfig()
    assert (config.likelihood, config.beta, config.gaussian_sigma) == (
        options.likelihood, options.beta, options.gaussian_sigma)


@pytest.mark.parametrize("family,sigma", [("ae", None), ("vae", 0.3), ("conv_vae", 0.05)])
def test_gaussian_reconstruction_matches_torch_normal(family: str, sigma):
    fields = {"gaussian_sigma": sigma} if sigma is not None else {}
    model = build_model(family, image_shape=(1, 4, 4), latent_dim=2, likelihood="gaussian", **fields)
    logits, target = torch.randn(3, 1, 4, 4), torch.rand(3, 1, 4, 4)
    scale = 1.0 if sigma is None else sigma  # deterministic AEs: unit variance
    reference = -Normal(torch.sigmoid(logits), scale).log_prob(target).flatten(1).sum(1)
    assert torch.allclose(model.reconstruction_nll(logits, target), reference, atol=1e-4)


def test_vae_encode_is_the_posterior_mean():
    model = build_model("vae", image_shape=(1, 8, 8), latent_dim=4).eval()
    x = torch.rand(6, 1, 8, 8)
    q = model.posterior(x)
    assert torch.equal(model.encode(x), q.mean)
    assert (q.std > 0).all()


def test_kl_matches_torch_distributions():
    mean, logvar = torch.randn(7, 5), torch.randn(7, 5)
    ours = Posterior(mean, logvar).kl_to_standard_normal()
    reference = kl_divergence(Normal(mean, torch.exp(0.5 * logvar)), Normal(0.0, 1.0))
    assert torch.allclose(ours, reference, atol=1e-5)


def test_beta_weights_only_the_kl_term():
    x = torch.rand(4, 1, 8, 8)
    terms = {}
    for beta in (0.5, 4.0):
        torch.manual_seed(0)
        model = build_model("vae", image_shape=(1, 8, 8), latent_dim=4, beta=beta)
        terms[beta] = model.loss(x, generator=torch.Generator().manual_seed(1))
    a, b = terms[0.5], terms[4.0]
    assert torch.allclose(a["kl"], b["kl"]) and torch.allclose(a["reconstruction"], b["reconstruction"])
    assert torch.allclose(b["total"] - a["total"], 3.5 * a["kl"], atol=1e-4)


def test_bernoulli_reconstruction_is_cross_entropy_in_nats():
    model = build_model("vae", image_shape=(1, 2, 2), latent_dim=1)
    logits = torch.zeros(1, 1, 2, 2)
    # p = 0.5 for every pixel: −log 0.5 per pixel, 4 pixels
    assert torch.allclose(model.reconstruction_nll(logits, torch.ones(1, 1, 2, 2)), torch.tensor([4 * 0.6931472]))


def test_denoising_loss_uses_the_clean_target():
    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=2).eval()
    x_noisy, x_clean = torch.rand(3, 1, 8, 8), torch.rand(3, 1, 8, 8)
    expected = ((model(x_noisy) - x_clean) ** 2).mean()
    assert torch.allclose(model.loss(x_noisy, x_clean)["reconstruction"], expected)


def test_sampling_from_the_prior_is_reproducible():
    model = build_model("conv_vae", image_shape=(1, 8, 8), latent_dim=3).eval()
    a = model.sample(4, torch.Generator().manual_seed(3))
    b = model.sample(4, torch.Generator().manual_seed(3))
    assert a.shape == (4, 1, 8, 8) and torch.equal(a, b)
