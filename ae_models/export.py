"""Export a decoder as a small list of layers with raw weights, for the in-browser decoder.

The browser runs the same few layer types in plain JavaScript (`assets/live_decoder/`):
linear, relu, unflatten, conv2d, conv_transpose2d, affine (BatchNorm folded for eval),
crop, on channel-planar (C, H, W) values of any C (the canvas paints C = 1 grey, C = 3 RGB).
`decode_exported` is the NumPy reference of that JavaScript, used to test the export.
A model whose decoder holds any other layer cannot be exported (`ExportError`), and the app
falls back to decoding on the server.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import torch
from torch import nn

from .models import Autoencoder
from .models.conv import CropTo


class ExportError(ValueError):
    """The decoder holds a layer the in-browser runtime does not implement."""


def _b64(tensor: torch.Tensor) -> str:
    return base64.b64encode(tensor.detach().cpu().float().contiguous().numpy().tobytes()).decode("ascii")


def _leaves(module: nn.Module) -> list[nn.Module]:
    if isinstance(module, nn.Sequential):
        return [leaf for child in module for leaf in _leaves(child)]
    return [module]


def export_decoder(model: Autoencoder) -> dict[str, Any]:
    """Describe `model.decoder` as JSON-ready layers (weights as base64 float32, row-major).

    The output of the last layer are logits; the browser applies the sigmoid.
    """
    layers: list[dict[str, Any]] = []
    for layer in _leaves(model.decoder):
        if isinstance(layer, nn.Linear):
            layers.append({"type": "linear", "in": layer.in_features, "out": layer.out_features,
                           "weight": _b64(layer.weight), "bias": _b64(layer.bias)})
        elif isinstance(layer, nn.ReLU):
            layers.append({"type": "relu"})
        elif isinstance(layer, nn.Unflatten):
            layers.append({"type": "unflatten", "shape": list(layer.unflattened_size)})
        elif isinstance(layer, nn.Conv2d | nn.ConvTranspose2d):
            # the browser's runtime takes one kernel size, stride and padding for both axes
            square = all(isinstance(v, tuple) and v[0] == v[1]
                         for v in (layer.kernel_size, layer.stride, layer.padding))
            if layer.groups != 1 or layer.dilation != (1, 1) or not square:
                raise ExportError(f"unsupported convolution {layer}")
            transposed = isinstance(layer, nn.ConvTranspose2d)
            if transposed and layer.output_padding != (0, 0):
                raise ExportError(f"unsupported output_padding in {layer}")
            layers.append({"type": "conv_transpose2d" if transposed else "conv2d",
                           "in": layer.in_channels, "out": layer.out_channels, "k": layer.kernel_size[0],
                           "stride": layer.stride[0], "pad": layer.padding[0], "weight": _b64(layer.weight),
                           "bias": _b64(layer.bias if layer.bias is not None else torch.zeros(layer.out_channels))})
        elif isinstance(layer, nn.BatchNorm2d):
            scale = layer.weight / torch.sqrt(layer.running_var + layer.eps)
            shift = layer.bias - layer.running_mean * scale
            layers.append({"type": "affine", "scale": _b64(scale), "shift": _b64(shift)})
        elif isinstance(layer, CropTo):
            layers.append({"type": "crop", "h": layer.height, "w": layer.width})
        else:
            raise ExportError(f"the in-browser decoder has no {type(layer).__name__} layer")
    return {"latent_dim": model.latent_dim, "image_shape": list(model.image_shape), "layers": layers,
            "parameters": sum(p.numel() for p in model.decoder.parameters())}


def _array(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype=np.float32)


def decode_exported(spec: dict[str, Any], z: np.ndarray) -> np.ndarray:
    """NumPy reference of the browser's decoder: one latent (d,) → image (C, H, W) in [0, 1]."""
    x: np.ndarray = np.asarray(z, dtype=np.float32).reshape(-1)
    for layer in spec["layers"]:
        kind = layer["type"]
        if kind == "linear":
            weight = _array(layer["weight"]).reshape(layer["out"], layer["in"])
            x = weight @ x.reshape(-1) + _array(layer["bias"])
        elif kind == "relu":
            x = np.maximum(x, 0)
        elif kind == "unflatten":
            x = x.reshape(layer["shape"])
        elif kind == "affine":
            x = x * _array(layer["scale"])[:, None, None] + _array(layer["shift"])[:, None, None]
        elif kind == "crop":
            x = x[:, : layer["h"], : layer["w"]]
        elif kind in ("conv2d", "conv_transpose2d"):
            x = _conv(x, layer)
    return 1.0 / (1.0 + np.exp(-x.reshape(spec["image_shape"])))


def _conv(x: np.ndarray, layer: dict[str, Any]) -> np.ndarray:
    k, s, p, c_in, c_out = layer["k"], layer["stride"], layer["pad"], layer["in"], layer["out"]
    bias = _array(layer["bias"])
    _, h, w = x.shape
    if layer["type"] == "conv2d":
        weight = _array(layer["weight"]).reshape(c_out, c_in, k, k)
        padded = np.pad(x, ((0, 0), (p, p), (p, p)))
        oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
        out = np.zeros((c_out, oh, ow), dtype=np.float32)
        for ky in range(k):
            for kx in range(k):
                patch = padded[:, ky: ky + s * oh: s, kx: kx + s * ow: s]  # (C_in, oh, ow)
                out += np.einsum("oc,chw->ohw", weight[:, :, ky, kx], patch)
        return out + bias[:, None, None]
    weight = _array(layer["weight"]).reshape(c_in, c_out, k, k)
    oh, ow = (h - 1) * s - 2 * p + k, (w - 1) * s - 2 * p + k
    full = np.zeros((c_out, (h - 1) * s + k, (w - 1) * s + k), dtype=np.float32)
    for ky in range(k):
        for kx in range(k):
            full[:, ky: ky + s * h: s, kx: kx + s * w: s] += np.einsum("co,chw->ohw", weight[:, :, ky, kx], x)
    return full[:, p: p + oh, p: p + ow] + bias[:, None, None]
