from __future__ import annotations

import pytest
import torch

from ae_models.noise import NoiseSpec, corrupt, parse_noise

X = torch.full((64, 1, 28, 28), 0.5)


def gen() -> torch.Generator:
    return torch.Generator().manual_seed(0)


@pytest.mark.parametrize("spec", ["gaussian:0.5", "salt_pepper:0.3", "mask:0.4", "blocks:0.3"])
def test_noise_stays_in_range_and_is_seeded(spec: str):
    out = corrupt(X, spec, gen())
    assert out.shape == X.shape and out.min() >= 0 and out.max() <= 1
    assert torch.equal(out, corrupt(X, spec, gen()))
    assert not torch.equal(out, X)


def test_gaussian_has_the_stated_sigma():
    out = corrupt(X, "gaussian:0.1", gen())  # 0.5 ± 0.1: clipping is negligible
    assert abs((out - X).std().item() - 0.1) < 0.005


@pytest.mark.parametrize("p", [0.1, 0.3])
def test_salt_pepper_flips_a_fraction_p_half_each(p: float):
    out = corrupt(X, f"salt_pepper:{p}", gen())
    salt, pepper = (out == 1).float().mean().item(), (out == 0).float().mean().item()
    assert abs(salt + pepper - p) < 0.01 and abs(salt - pepper) < 0.01


def test_mask_hides_a_fraction_p():
    assert abs((corrupt(X, "mask:0.25", gen()) == 0).float().mean().item() - 0.25) < 0.01


def test_blocks_hide_about_p():
    hidden = (corrupt(X, "blocks:0.3", gen()) == 0).float().mean().item()
    assert 0.2 < hidden < 0.4


def test_clean_specs_and_bad_specs():
    assert parse_noise(None) is None and parse_noise("none") is None
    assert str(parse_noise("salt-pepper:0.1")) == "salt_pepper:0.1"
    assert torch.equal(corrupt(X, None), X)
    for bad in ("blur:1", "gaussian", "mask:1.5", "gaussian:abc", "mask:-0.1"):
        with pytest.raises(ValueError):
            parse_noise(bad)


def test_a_noise_spec_object_is_the_same_noise_as_its_string():
    spec = NoiseSpec("salt_pepper", 0.3)
    assert parse_noise(str(spec)) == spec and parse_noise(spec) is spec
    assert torch.equal(corrupt(X, spec, gen()), corrupt(X, "salt_pepper:0.3", gen()))


@pytest.mark.parametrize(("kind", "amount"),
                         [("blur", 0.1), ("mask", 1.5), ("gaussian", -0.1), ("blocks", float("nan"))])
def test_a_noise_spec_rejects_what_parse_noise_rejects(kind: str, amount: float):
    with pytest.raises(ValueError):
        NoiseSpec(kind, amount)  # type: ignore[arg-type]
    assert NoiseSpec("gaussian", 1.5).amount == 1.5  # σ may exceed 1


RGB = torch.full((32, 3, 12, 20), 0.5)  # colour, not square


def test_gaussian_and_salt_pepper_hit_each_channel_value_independently():
    noise = corrupt(RGB, "gaussian:0.1", gen()) - RGB
    assert abs(noise.std().item() - 0.1) < 0.005
    channels = noise.permute(1, 0, 2, 3).reshape(3, -1)
    off_diagonal = torch.corrcoef(channels)[~torch.eye(3, dtype=torch.bool)]
    assert off_diagonal.abs().max() < 0.05  # the channels' noises are uncorrelated
    hit = corrupt(RGB, "salt_pepper:0.3", gen()) != 0.5  # (N, 3, H, W)
    assert abs(hit.float().mean().item() - 0.3) < 0.01
    all_three = hit.all(1).float().mean().item()
    assert abs(all_three - 0.3**3) < 0.01  # independent: all three channels of a pixel only 2.7 % of the time


@pytest.mark.parametrize("spec", ["mask:0.3", "blocks:0.3"])
def test_a_masked_colour_pixel_is_black_in_every_channel(spec: str):
    out = corrupt(RGB, spec, gen())
    hidden = out == 0
    assert torch.equal(hidden, hidden[:, :1].expand_as(hidden))  # the same pixels in R, G and B
    assert torch.all(out[~hidden] == 0.5) and 0.2 < hidden.float().mean().item() < 0.4


def test_grey_masking_draws_the_same_noise_as_before_colour():
    expected = X * (torch.rand(X.shape, generator=gen()) >= 0.4).to(X.dtype)  # one draw per value, C = 1
    assert torch.equal(corrupt(X, "mask:0.4", gen()), expected)
