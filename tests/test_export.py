from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_models import FAMILIES, build_model
from ae_models.export import ExportError, decode_exported, export_decoder
from ae_models.imaging import to_uint8


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
@pytest.mark.parametrize("shape", [(1, 28, 28), (1, 8, 8), (1, 13, 21), (3, 16, 16), (3, 20, 12)])
def test_exported_decoder_matches_pytorch(family: str, shape):
    model = _trained_like(family, shape)
    spec = export_decoder(model)
    z = torch.randn(3, 5, generator=torch.Generator().manual_seed(0))
    expected = model.decode(z).detach().numpy()
    for i in range(3):
        got = decode_exported(spec, z[i].numpy())
        assert got.shape == shape
        assert np.abs(got - expected[i]).max() < 1e-4
        assert np.abs(to_uint8(got).astype(int) - to_uint8(expected[i]).astype(int)).max() <= 2


def test_colour_planes_stay_in_their_channels():
    """A decoder whose last bias lifts red and sinks green decodes to red > green everywhere."""
    model = _trained_like("conv_ae", (3, 20, 12))
    with torch.no_grad():
        model.decoder[-2].weight.zero_()  # the last conv: its output is its bias alone
        model.decoder[-2].bias.copy_(torch.tensor([3.0, -3.0, 0.0]))
    image = decode_exported(export_decoder(model), np.zeros(5, dtype=np.float32))  # (3, 20, 12)
    np.testing.assert_allclose(image[:, 0, 0], 1 / (1 + np.exp(-np.array([3.0, -3.0, 0.0]))), rtol=1e-6)
    assert (image[0] > 0.9).all() and (image[1] < 0.1).all() and np.allclose(image[2], 0.5)


def test_unknown_layers_are_refused():
    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=2)
    model.decoder.append(torch.nn.Tanh())
    with pytest.raises(ExportError, match="Tanh"):
        export_decoder(model)


@pytest.mark.parametrize("conv", [torch.nn.Conv2d(3, 3, 3, stride=(2, 1), padding=1),
                                  torch.nn.Conv2d(3, 3, (3, 1)), torch.nn.Conv2d(3, 3, 3, padding="same"),
                                  torch.nn.ConvTranspose2d(3, 3, 4, stride=2, padding=(1, 0))])
def test_convolutions_the_browser_cannot_mirror_are_refused(conv):
    model = build_model("conv_ae", image_shape=(3, 8, 8), latent_dim=2)
    model.decoder.append(conv)
    with pytest.raises(ExportError, match="unsupported"):
        export_decoder(model)
