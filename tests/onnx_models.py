"""ONNX models made in the tests: a tiny colour VAE in torch (BatchNorm, LeakyReLU and Upsample, layers
the zoo does not use) exported once per test process, and small hand-written graphs on 8×8 digits
that the bad-model corpus bends one way or another."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

TINY_SIDE, TINY_LATENT = 32, 6


class TinyEncoder(nn.Module):
    """(N, 3, 32, 32) → μ and log σ² (N, 6) each."""

    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8), nn.LeakyReLU(0.1),
                                  nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.LeakyReLU(0.1), nn.Flatten(),
                                  nn.Linear(16 * 8 * 8, 2 * TINY_LATENT))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        code = self.body(x)
        return code[:, :TINY_LATENT], code[:, TINY_LATENT:]


def tiny_decoder() -> nn.Module:
    """(N, 6) → logits (N, 3, 32, 32)."""
    return nn.Sequential(nn.Linear(TINY_LATENT, 16 * 8 * 8), nn.LeakyReLU(0.1), nn.Unflatten(1, (16, 8, 8)),
                         nn.Upsample(scale_factor=2), nn.Conv2d(16, 8, 3, padding=1), nn.BatchNorm2d(8),
                         nn.LeakyReLU(0.1), nn.Upsample(scale_factor=2, mode="bilinear"), nn.Conv2d(8, 3, 3, padding=1))


@functools.cache
def scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ae-onnx-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def blobs32() -> Path:
    """A 32×32 RGB dataset as an .npz (150 images, three colour-coded classes)."""
    from conftest import COLOUR_CLASSES, colour_blobs

    images, labels = colour_blobs(150, side=TINY_SIDE, seed=1)
    path = scratch() / "blobs32.npz"
    np.savez(path, images=images, labels=labels, classes=np.array(COLOUR_CLASSES))
    return path


@functools.cache
def tiny_vae_folder() -> Path:
    """The tiny VAE (untrained, seeded) as a model folder, once per process. It is exported with
    torch's older TorchScript exporter, as many models made elsewhere are: its graphs differ from
    `ae_models.onnx.export`'s (Shape/Gather/Concat around the reshapes, Resize for Upsample), and it
    takes 0.3 s instead of the dynamo exporter's several seconds."""
    torch.manual_seed(0)
    encoder, decoder = TinyEncoder().eval(), nn.Sequential(tiny_decoder(), nn.Sigmoid()).eval()
    folder = scratch() / "tiny-vae"
    folder.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter is deprecated, and says so
        # No constant folding: BatchNormalization stays a node instead of being folded into the convolutions.
        torch.onnx.export(encoder, (torch.rand(2, 3, TINY_SIDE, TINY_SIDE),), str(folder / "encoder.onnx"),
                          dynamo=False, do_constant_folding=False, input_names=["x"], output_names=["mu", "logvar"],
                          dynamic_axes={"x": {0: "n"}, "mu": {0: "n"}, "logvar": {0: "n"}})
        torch.onnx.export(decoder, (torch.randn(2, TINY_LATENT),), str(folder / "decoder.onnx"), dynamo=False,
                          do_constant_folding=False, input_names=["z"], output_names=["image"],
                          dynamic_axes={"z": {0: "n"}, "image": {0: "n"}})
    (folder / "card.json").write_text(json.dumps({"name": "tiny-vae", "dataset": str(blobs32())}))
    return folder


# --- hand-written graphs on digits (1×8×8, latent 4) ------------------------------------------------
def save_graph(path: Path, nodes: list, inputs: list, outputs: list, weights: dict[str, np.ndarray],
               opset: int = 17, domains: tuple[str, ...] = ()) -> Path:
    graph = helper.make_graph(nodes, path.stem, inputs, outputs,
                              [numpy_helper.from_array(w.astype(np.float32), name) for name, w in weights.items()])
    imports = [helper.make_opsetid("", opset), *(helper.make_opsetid(d, 1) for d in domains)]
    model = helper.make_model(graph, opset_imports=imports, producer_name="tests")
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def tensor(name: str, shape: list, elem: int = TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def digits_encoder(path: Path, shape: list | None = None, latent: int = 4, extra: Callable | None = None,
                   features: int = 64) -> Path:
    """x (N, 1, 8, 8) → Flatten → MatMul (`features` rows) → z (N, latent); `extra(nodes, weights,
    outputs)` may add nodes and weights and returns the graph's outputs."""
    rng = np.random.default_rng(0)
    nodes = [helper.make_node("Flatten", ["x"], ["f"], axis=1), helper.make_node("MatMul", ["f", "we"], ["z"])]
    weights = {"we": rng.normal(0, 0.1, (features, latent))}
    outputs = [tensor("z", ["N", latent])]
    if extra is not None:
        outputs = extra(nodes, weights, outputs)
    return save_graph(path, nodes, [tensor("x", shape or ["N", 1, 8, 8])], outputs, weights)


def digits_decoder(path: Path, latent: int = 4, last: str = "Sigmoid", scale: float = 1.0,
                   out_shape: list | None = None) -> Path:
    """z (N, latent) → MatMul → `last` → Reshape → y (N, 1, 8, 8); `scale` multiplies before `last`."""
    rng = np.random.default_rng(1)
    nodes = [helper.make_node("MatMul", ["z", "wd"], ["h"]), helper.make_node("Mul", ["h", "k"], ["hk"]),
             helper.make_node(last, ["hk"], ["s"]) if last else helper.make_node("Identity", ["hk"], ["s"]),
             helper.make_node("Reshape", ["s", "shape"], ["y"])]
    outputs = [tensor("y", out_shape or ["N", 1, 8, 8])]
    graph = helper.make_graph(nodes, "decoder", [tensor("z", ["N", latent])], outputs,
                              [numpy_helper.from_array(rng.normal(0, 0.5, (latent, 64)).astype(np.float32), "wd"),
                               numpy_helper.from_array(np.array(scale, np.float32), "k"),
                               numpy_helper.from_array(np.array([-1, 1, 8, 8], np.int64), "shape")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="tests")
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def digits_pair(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return digits_encoder(folder / "encoder.onnx"), digits_decoder(folder / "decoder.onnx")
