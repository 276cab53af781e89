"""The two model options for disentangling: the spatial broadcast decoder and the β-TCVAE's total-correlation
penalty (`ConvConfig.decoder`, `VariationalConfig.tc_weight`)."""

from __future__ import annotations

import math

import pytest
import torch
from torch.distributions import Normal

from ae_models import build_model
from ae_models.checkpoints import load_pretrained, save_checkpoint
from ae_models.models import Posterior
from ae_models.models.base import log_normal, stratified_log_weights, total_correlation
from ae_models.models.conv import SpatialBroadcast


@pytest.mark.parametrize("shape,channels", [((3, 64, 64), (8, 16, 32)), ((1, 28, 28), (16, 32)), ((3, 20, 30), (8,))])
@pytest.mark.parametrize("family", ["conv_ae", "conv_vae"])
def test_broadcast_decoder_gives_the_image_shape_and_trains(family, shape, channels):
    model = build_model(family, image_shape=shape, latent_dim=5, channels=channels, decoder="broadcast")
    assert isinstance(model.decoder[0], SpatialBroadcast)
    x = torch.rand(3, *shape)
    model.loss(x)["total"].backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in model.parameters())
    assert model.eval()(x).shape == (3, *shape)
    assert not any(isinstance(m, torch.nn.Linear) for m in model.decoder)  # no dense layer: the code is tiled


def test_broadcast_tiles_the_code_beside_the_grid_coordinates():
    layer = SpatialBroadcast(3, 5)
    out = layer(torch.tensor([[7.0, -2.0]]))
    assert out.shape == (1, 4, 3, 5)
    assert (out[0, 0] == 7).all() and (out[0, 1] == -2).all()
    assert torch.allclose(out[0, 2, 0], torch.linspace(-1, 1, 5)) and (out[0, 2] == out[0, 2, :1]).all()  # x
    assert torch.allclose(out[0, 3, :, 0], torch.linspace(-1, 1, 3)) and (out[0, 3] == out[0, 3, :, :1]).all()  # y
    assert "coordinates" not in layer.state_dict()  # derived from the shape: never stored in a checkpoint


def test_a_broadcast_checkpoint_round_trips_and_an_old_card_means_transposed(tmp_path):
    model = build_model("conv_vae", image_shape=(3, 16, 16), latent_dim=4, channels=(8, 16), decoder="broadcast",
                        tc_weight=2.0).eval()
    save_checkpoint(model, tmp_path / "m", {"dataset": "shapes"})
    loaded = load_pretrained(tmp_path / "m", device="cpu")
    assert (loaded.config.decoder, loaded.config.tc_weight) == ("broadcast", 2.0)
    z = torch.randn(2, 4)
    assert torch.allclose(loaded.decode(z), model.decode(z))
    before = {k: v for k, v in model.config.to_dict().items() if k not in ("decoder", "tc_weight")}
    old = build_model("conv_vae", **before)  # a card written before the two options existed
    assert (old.config.decoder, old.config.tc_weight) == ("transposed", 0.0)


def test_unknown_decoder_and_negative_weights_are_refused():
    with pytest.raises(ValueError, match="decoder must be"):
        build_model("conv_ae", decoder="dense")
    with pytest.raises(ValueError, match="≥ 0"):
        build_model("conv_vae", tc_weight=-1.0)


def test_log_normal_matches_torch():
    z, mean, logvar = torch.randn(4, 3), torch.randn(4, 3), torch.randn(4, 3)
    assert torch.allclose(log_normal(z, mean, logvar), Normal(mean, torch.exp(0.5 * logvar)).log_prob(z), atol=1e-5)


def square_codes(angle_degrees: float, sd: float = 0.1) -> tuple[torch.Tensor, Posterior]:
    """Codes drawn from narrow posteriors whose means fill a square uniformly, turned by `angle_degrees`."""
    means = (torch.rand(400, 2, generator=torch.Generator().manual_seed(0)) - 0.5) * 3
    a = math.radians(angle_degrees)
    means = means @ torch.tensor([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    q = Posterior(means, torch.full_like(means, 2 * math.log(sd)))
    return q.sample(torch.Generator().manual_seed(1)), q


def test_total_correlation_is_zero_for_one_shared_posterior():
    """Every image with the same factorised posterior: the aggregate is that posterior, independent dims."""
    q = Posterior(torch.zeros(16, 3) + torch.tensor([0.5, -1.0, 2.0]), torch.full((16, 3), -1.0))
    assert abs(float(total_correlation(q.sample(torch.Generator().manual_seed(0)), q))) < 1e-5


def test_total_correlation_tells_a_turned_square_from_an_aligned_one():
    """x and y as two dimensions of a square (independent) or mixed in a square turned (same KL, same
    reconstruction, dependent dimensions): what a β-TCVAE penalises and a β-VAE cannot see. A uniform square
    turned by 45° has triangular marginals: TC = 2·(½ + log(s/√2)) − 2·log s = 1 − log 2 ≈ 0.307 nats; the
    posteriors' spread smooths the estimate a little below that."""
    estimates = [float(total_correlation(*square_codes(angle))) for angle in (0.0, 10.0, 20.0, 45.0)]
    assert estimates == sorted(estimates)
    assert abs(estimates[0]) < 0.1 and 0.6 * (1 - math.log(2)) < estimates[-1] < 1 - math.log(2)


def test_stratified_weights_make_each_row_a_mixture_over_the_data_set():
    weights = stratified_log_weights(5, 1000).exp()
    assert torch.allclose(weights.sum(1), torch.ones(5))
    assert torch.allclose(weights.diagonal(), torch.full((5,), 1e-3))  # the own image: 1 / data size
    assert torch.allclose(stratified_log_weights(4, 4).exp().sum(1), torch.ones(4))


def test_tc_weight_adds_the_weighted_penalty_to_the_total():
    x = torch.rand(8, 1, 8, 8)
    terms = {}
    for weight in (0.0, 3.0):
        torch.manual_seed(0)
        model = build_model("conv_vae", image_shape=(1, 8, 8), latent_dim=3, channels=(8,), tc_weight=weight)
        terms[weight] = model.loss(x, generator=torch.Generator().manual_seed(1))
    plain, tc = terms[0.0], terms[3.0]
    assert "total_correlation" not in plain
    assert torch.allclose(tc["total"] - plain["total"], 3.0 * tc["total_correlation"], atol=1e-3)
    assert torch.allclose(tc["neg_elbo"], plain["neg_elbo"])  # the ELBO itself is unchanged
    one = model.loss(x[:1])  # a batch of one has no aggregate to measure
    assert "total_correlation" not in one
