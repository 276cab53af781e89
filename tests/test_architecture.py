"""ae_models.architecture.layer_table: shapes found by a dummy forward pass, for every family."""

from __future__ import annotations

import pytest
import torch

import ae_models
from ae_models.architecture import describe_shape, layer_table

SHAPES = [(1, 28, 28), (1, 8, 8), (1, 10, 6)]  # MNIST, digits, and sides that need conv padding


@pytest.mark.parametrize("family", list(ae_models.FAMILIES))
@pytest.mark.parametrize("image_shape", SHAPES)
def test_shapes_run_from_image_to_code_to_image(family: str, image_shape: tuple[int, int, int]) -> None:
    model = ae_models.build_model(family, latent_dim=3, image_shape=image_shape)
    rows = layer_table(model)
    parts = [r.part for r in rows]
    code_at = parts.index("code")

    assert rows[0].part == "input" and rows[0].shape == image_shape
    assert parts[1:code_at] == ["encoder"] * (code_at - 1)
    assert parts[code_at + 1:] == ["decoder"] * (len(rows) - code_at - 1)
    assert rows[code_at].shape == (3,)
    code_width = 6 if model.variational else 3  # a VAE's encoder outputs (μ, log σ²)
    assert rows[code_at - 1].shape == (code_width,)
    assert rows[-1].shape == image_shape


@pytest.mark.parametrize("family", list(ae_models.FAMILIES))
def test_weights_add_up_and_the_model_is_left_as_it_was(family: str) -> None:
    model = ae_models.build_model(family, latent_dim=4, image_shape=(1, 8, 8)).train()
    full = layer_table(model, keep_all=True)
    assert model.training
    assert not any(m._forward_hooks for m in model.modules())
    normalisation = sum(p.numel() for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)
                        for p in m.parameters())
    assert sum(r.parameters for r in full) == model.count_parameters() - normalisation
    short = layer_table(model)
    assert len(short) <= len(full)
    assert not any(r.kind in ("ReLU", "BatchNorm2d") for r in short)


def test_describe_shape() -> None:
    assert describe_shape((32, 14, 14)) == "32×14×14"
    assert describe_shape((512,)) == "512"
