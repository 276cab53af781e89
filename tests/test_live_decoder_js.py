"""The in-browser decoder gives the server's image: the vendored onnxruntime-web (run under Node.js,
the same files the browser loads) on the decoders the Generate page sends, through
`assets/live_decoder/decoder.js` down to the canvas bytes it paints, within 2/255 of PyTorch (ours)
or onnxruntime (a user's ONNX decoder), grey and colour."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch
from onnx import helper, numpy_helper
from onnx_models import tensor, tiny_vae_folder
from torch import nn

import ae_models
from ae_models import FAMILIES, build_model
from ae_models.imaging import to_uint8
from ae_models.onnx.browser import BrowserDecoder, browser_decoder
from ae_models.onnx.install import AddRequest, add
from ae_models.onnx.model import OnnxDecoder, OnnxSpec, load_onnx_model, open_session
from ae_models.zoo import MANIFEST

pytestmark = pytest.mark.slow  # exporting each decoder takes a few seconds
ASSETS = Path(__file__).resolve().parent.parent / "assets"
# Loads the vendored runtime as the browser does (one thread; the wasm inflated from its .gz), then
# prints, per latent, the decoded floats and the canvas's RGBA bytes (as component.js paints them).
NODE_MAIN = """
const fs = require("fs"), path = require("path"), zlib = require("zlib"), { pathToFileURL } = require("url");
const [runtime, inputPath] = process.argv.slice(2);
const ort = require(path.join(runtime, "ort.wasm.min.js"));
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = { mjs: pathToFileURL(path.join(runtime, "ort-wasm-simd-threaded.mjs")).href };
ort.env.wasm.wasmBinary = zlib.gunzipSync(fs.readFileSync(path.join(runtime, "ort-wasm-simd-threaded.wasm.gz")));
const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
(async () => {
  const decoder = await aeOpenDecoder(ort, input.spec);
  const [, h, w] = decoder.shape, out = [];
  for (const z of input.z) {
    const pixels = await aeDecode(decoder, z), rgba = aeToRGBA(pixels, decoder.shape, new Uint8ClampedArray(4 * h * w));
    out.push({ pixels: Array.from(pixels), rgba: Array.from(rgba) });
  }
  console.log(JSON.stringify(out));
})().catch((err) => { console.error(err); process.exit(1); });
"""


def _trained_like(model: nn.Module) -> nn.Module:
    for module in model.modules():  # BatchNorm statistics as after training
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_var.fill_(1.7)
            module.running_mean.fill_(0.1)
    return model.eval()


def _decode_in_node(node: str, spec: dict, z: torch.Tensor, tmp_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The browser's decode of each code in `z`: (N, C, H, W) floats and the (N, H, W, 4) canvas bytes."""
    (tmp_path / "input.json").write_text(json.dumps({"spec": spec, "z": z.tolist()}))
    (tmp_path / "run.js").write_text((ASSETS / "live_decoder" / "decoder.js").read_text() + NODE_MAIN)
    result = subprocess.run([node, str(tmp_path / "run.js"), str(ASSETS / "onnxruntime-web"),
                             str(tmp_path / "input.json")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    decoded = json.loads(result.stdout)
    c, h, w = spec["image_shape"]
    return (np.array([d["pixels"] for d in decoded]).reshape(len(z), c, h, w),
            np.array([d["rgba"] for d in decoded], dtype=np.uint8).reshape(len(z), h, w, 4))


def _assert_parity(node: str, spec: dict, expected: torch.Tensor, z: torch.Tensor, tmp_path: Path) -> None:
    """The browser's floats within 2/255 of `expected` (N, C, H, W), its canvas within 2 levels."""
    got, rgba = _decode_in_node(node, spec, z, tmp_path)
    assert np.abs(got - expected.numpy()).max() < 2 / 255
    colour = spec["image_shape"][0] == 3
    canvas = rgba[..., :3] if colour else rgba[..., 0]  # grey paints R = G = B
    assert np.abs(canvas.astype(int) - to_uint8(expected).astype(int)).max() <= 2
    assert (rgba[..., 3] == 255).all()
    if not colour:
        assert (rgba[..., 0] == rgba[..., 1]).all() and (rgba[..., 1] == rgba[..., 2]).all()


def _assert_model_parity(node: str, model: ae_models.Autoencoder, tmp_path: Path, name: str = "test") -> None:
    z = torch.randn(4, model.latent_dim, generator=torch.Generator().manual_seed(1)) * 2
    with torch.no_grad():
        expected = model.decode(z)
    _assert_parity(node, browser_decoder(name, model).to_json(), expected, z, tmp_path)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_decodes_in_the_browser_as_in_pytorch(node: str, family: str, tmp_path: Path):
    shape = (1, 28, 28) if family.startswith("conv") else (1, 13, 21)
    _assert_model_parity(node, _trained_like(build_model(family, image_shape=shape, latent_dim=6)), tmp_path)


@pytest.mark.parametrize("family", ["conv_ae", "conv_vae", "ae"])
def test_colour_decoders_paint_the_pytorch_pixels(node: str, family: str, tmp_path: Path):
    model = _trained_like(build_model(family, image_shape=(3, 20, 12), latent_dim=6))
    with torch.no_grad():  # the channels' planes must not be mixed up: give each its own level
        last = [m for m in model.decoder.modules() if isinstance(m, nn.Conv2d | nn.Linear)][-1]
        last.bias.add_(torch.tensor([1.5, -1.5, 0.0]).repeat_interleave(last.bias.numel() // 3))
    _assert_model_parity(node, model, tmp_path)


@pytest.mark.parametrize("name", [e.name for e in MANIFEST if e.dataset == "shapes" and e.beta is None])
def test_shipped_colour_checkpoints_decode_the_same_in_the_browser(node: str, name: str, tmp_path: Path):
    """The 64×64 RGB zoo models as shipped (float16 weights, three up-sampling stages)."""
    _assert_model_parity(node, ae_models.load_pretrained(name, device="cpu"), tmp_path, name)


def test_a_user_onnx_decoder_decodes_in_the_browser_as_in_onnxruntime(node: str, tmp_path: Path):
    """The tiny colour VAE (BatchNorm, LeakyReLU, Upsample; 32×32 RGB), added as a user model: the
    browser runs its own decoder.onnx."""
    name = add(AddRequest.build(tiny_vae_folder()))
    _assert_model_parity(node, load_onnx_model(name), tmp_path, name)


def _linear_decoder(weights: np.ndarray, bias: np.ndarray, out_shape: list[int]) -> bytes:
    """z (N, d) → z·W + b reshaped to `out_shape` (−1 for the batch), as ONNX bytes."""
    nodes = [helper.make_node("MatMul", ["z", "w"], ["h"]), helper.make_node("Add", ["h", "b"], ["y0"]),
             helper.make_node("Reshape", ["y0", "shape"], ["y"])]
    initializers = [numpy_helper.from_array(weights.astype(np.float32), "w"),
                    numpy_helper.from_array(bias.astype(np.float32), "b"),
                    numpy_helper.from_array(np.array(out_shape, np.int64), "shape")]
    graph = helper.make_graph(nodes, "decoder", [tensor("z", ["N", len(weights)])],
                              [tensor("y", ["N", *out_shape[1:]])], initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


@pytest.mark.parametrize(("layout", "output", "pixel_range", "out_shape"), [
    ("NHWC", "pixels", (0.0, 255.0), [-1, 5, 4, 3]),
    ("flat", "logits", (0.0, 1.0), [-1, 60]),
    ("NHW", "pixels", (-1.0, 1.0), [-1, 5, 4]),
])
def test_other_layouts_and_ranges_are_read_as_the_server_reads_them(node: str, layout: str, output: str,
                                                                     pixel_range, out_shape, tmp_path: Path):
    """A user's decoder may return (N, H, W, C), (N, C·H·W) or (N, H, W), in [0, 255], [−1, 1] or as
    logits: the browser converts as `OnnxDecoder` and `OnnxAE.decode` do on the server."""
    image_shape = (1 if layout == "NHW" else 3, 5, 4)
    size, (low, high) = int(np.prod(image_shape)), pixel_range
    rng = np.random.default_rng(0)
    data = _linear_decoder(rng.normal(0, 0.5 * (high - low), (3, size)), np.full(size, (low + high) / 2), out_shape)
    spec = OnnxSpec(image_shape, 3, False, decoder_layout=layout, pixel_range=pixel_range, decoder_output=output)
    z = torch.randn(4, 3, generator=torch.Generator().manual_seed(2))
    decoded = OnnxDecoder(open_session(data), spec)(z)
    expected = torch.sigmoid(decoded) if output == "logits" else decoded.clamp(0, 1)  # as OnnxAE.decode
    browser = BrowserDecoder(data, "test", image_shape, 3, layout, pixel_range, output)
    _assert_parity(node, browser.to_json(), expected, z, tmp_path)
