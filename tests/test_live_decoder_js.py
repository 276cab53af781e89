"""The in-browser decoder's JavaScript gives the PyTorch decoder's image (run under Node.js), grey
and colour, down to the canvas bytes it paints."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

import ae_models
from ae_models import FAMILIES, build_model
from ae_models.export import export_decoder
from ae_models.imaging import to_uint8
from ae_models.models.conv import CropTo
from ae_models.zoo import MANIFEST

RUNTIME = Path(__file__).resolve().parent.parent / "assets" / "live_decoder" / "runtime.js"
NODE_MISSING = ("node not found on PATH: install Node.js (apt-get install -y nodejs) to run the browser "
                "decoder's parity test")
# Prints, per latent, the decoded floats and the canvas's RGBA bytes (as component.js paints them).
NODE_MAIN = """
const input = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const decoder = aeCompileDecoder(input.spec);
const [, h, w] = decoder.shape;
console.log(JSON.stringify(input.z.map((z) => {
  const pixels = aeDecode(decoder, z), rgba = aeToRGBA(pixels, decoder.shape, new Uint8ClampedArray(4 * h * w));
  return { pixels: Array.from(pixels), rgba: Array.from(rgba) };
})));
"""


@pytest.fixture(scope="module")
def node() -> str:
    """The Node.js executable. Missing, the test is skipped with the reason, except under CI (`CI=true`),
    where it fails: CI must not lose the only check of the browser's decoder maths unnoticed."""
    found = shutil.which("node")
    if found is None and os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{NODE_MISSING} (CI=true: .ci/run installs it)")
    if found is None:
        pytest.skip(NODE_MISSING)
    return found


def _trained_like(model: nn.Module) -> nn.Module:
    for module in model.modules():  # BatchNorm statistics as after training, so the folding is tested
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_var.fill_(1.7)
            module.running_mean.fill_(0.1)
    return model.eval()


def _decode_in_node(node: str, model: nn.Module, z: torch.Tensor, tmp_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The JavaScript decode of each code in `z`: (N, C, H, W) floats and the (N, H, W, 4) canvas bytes."""
    (tmp_path / "spec.json").write_text(json.dumps({"spec": export_decoder(model), "z": z.tolist()}))
    (tmp_path / "run.js").write_text(RUNTIME.read_text() + NODE_MAIN)
    result = subprocess.run([node, str(tmp_path / "run.js"), str(tmp_path / "spec.json")],
                            capture_output=True, text=True, timeout=60, check=True)
    decoded = json.loads(result.stdout)
    c, h, w = model.image_shape
    return (np.array([d["pixels"] for d in decoded]).reshape(len(z), c, h, w),
            np.array([d["rgba"] for d in decoded], dtype=np.uint8).reshape(len(z), h, w, 4))


def _assert_parity(node: str, model: nn.Module, tmp_path: Path) -> None:
    z = torch.randn(4, model.latent_dim, generator=torch.Generator().manual_seed(1)) * 2
    got, rgba = _decode_in_node(node, model, z, tmp_path)
    with torch.no_grad():
        expected = model.decode(z)
    assert np.abs(got - expected.numpy()).max() < 2 / 255
    canvas = rgba[..., :3] if model.image_shape[0] == 3 else rgba[..., 0]  # grey paints R = G = B
    assert np.abs(canvas.astype(int) - to_uint8(expected).astype(int)).max() <= 2
    assert (rgba[..., 3] == 255).all()
    if model.image_shape[0] == 1:
        assert (rgba[..., 0] == rgba[..., 1]).all() and (rgba[..., 1] == rgba[..., 2]).all()


@pytest.mark.parametrize("family", list(FAMILIES))
def test_javascript_decoder_matches_pytorch_within_2_of_255(node: str, family: str, tmp_path: Path):
    shape = (1, 28, 28) if family.startswith("conv") else (1, 13, 21)
    _assert_parity(node, _trained_like(build_model(family, image_shape=shape, latent_dim=6)), tmp_path)


@pytest.mark.parametrize("shape", [(3, 16, 16), (3, 20, 12)])
@pytest.mark.parametrize("family", ["conv_ae", "conv_vae", "ae"])
def test_colour_decoders_paint_the_pytorch_pixels(node: str, family: str, shape, tmp_path: Path):
    model = _trained_like(build_model(family, image_shape=shape, latent_dim=6))
    with torch.no_grad():  # the channels' planes must not be mixed up: give each its own level
        last = [m for m in model.decoder.modules() if isinstance(m, nn.Conv2d | nn.Linear)][-1]
        last.bias.add_(torch.tensor([1.5, -1.5, 0.0]).repeat_interleave(last.bias.numel() // 3))
    _assert_parity(node, model, tmp_path)


@pytest.mark.parametrize("name", [e.name for e in MANIFEST if e.dataset == "shapes" and e.beta is None])
def test_shipped_colour_checkpoints_decode_the_same_in_javascript(node: str, name: str, tmp_path: Path):
    """The 64×64 RGB zoo models as shipped (float16 weights, three up-sampling stages)."""
    _assert_parity(node, ae_models.load_pretrained(name, device="cpu"), tmp_path)


def test_any_convolution_geometry_matches_pytorch(node: str, tmp_path: Path):
    """Kernel sizes, strides and paddings the zoo's models do not use, with odd sides and 3 channels."""
    model = build_model("conv_ae", image_shape=(3, 11, 9), latent_dim=5)
    torch.manual_seed(0)
    model.decoder = nn.Sequential(
        nn.Linear(5, 4 * 3 * 2), nn.ReLU(), nn.Unflatten(1, (4, 3, 2)),
        nn.ConvTranspose2d(4, 6, 3, stride=3, padding=0), nn.BatchNorm2d(6), nn.ReLU(),  # 9 × 6
        nn.ConvTranspose2d(6, 5, 5, stride=2, padding=2), nn.ReLU(),  # 17 × 11
        nn.Conv2d(5, 4, 5, stride=2, padding=2), nn.ReLU(),  # 9 × 6
        nn.ConvTranspose2d(4, 4, 2, stride=3, padding=0), nn.ReLU(),  # 26 × 17: stride > kernel, some phases empty
        nn.Conv2d(4, 3, 3, stride=2, padding=0), nn.ReLU(),  # 12 × 8
        nn.ConvTranspose2d(3, 3, 4, stride=1, padding=1),  # 13 × 9
        CropTo(11, 9))
    _assert_parity(node, _trained_like(model), tmp_path)
