from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_models import FAMILIES, build_model
from ae_models.export import ExportError, decode_exported, export_decoder


def _trained_like(family: str, shape) -> torch.nn.Module:
    model = build_model(family, image_shape=shape, latent_dim=5)
    with torch.no_grad():  # non-trivial BatchNorm statistics, as after training
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.5, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)
    return model.eval()


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("shape", [(1, 28, 28), (1, 8, 8), (1, 13, 21)])
def test_exported_decoder_matches_pytorch(family: str, shape):
    model = _trained_like(family, shape)
    spec = export_decoder(model)
    z = torch.randn(3, 5, generator=torch.Generator().manual_seed(0))
    expected = model.decode(z).detach().numpy()
    for i in range(3):
        got = decode_exported(spec, z[i].numpy())
        assert got.shape == shape
        assert np.abs(got - expected[i]).max() < 1e-4


def test_unknown_layers_are_refused():
    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=2)
    model.decoder.append(torch.nn.Tanh())
    with pytest.raises(ExportError, match="Tanh"):
        export_decoder(model)
