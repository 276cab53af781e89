"""A model's layers and the shape each one outputs, found by running one dummy image through it.

    rows = layer_table(model)   # [LayerRow("input", "Input", "input", (1, 28, 28)), …]

Layers that keep the shape without mixing numbers (activations, normalisation, padding or
cropping that changes nothing) are left out unless asked for: the table is for drawing the encoder → code →
decoder funnel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import torch
from torch import nn

from .models import Autoencoder

Part = Literal["input", "encoder", "code", "decoder"]
NORMALISATION = (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm, nn.GroupNorm)


@dataclass(frozen=True)
class LayerRow:
    """One layer: its module path (e.g. "encoder.1.0"), class name, part, output shape without
    the batch axis, e.g. (32, 14, 14) or (512,), and its number of weights (normalisation
    layers count 0: they scale each channel but mix nothing)."""

    name: str
    kind: str
    part: Part
    shape: tuple[int, ...]
    parameters: int = 0

    @property
    def units(self) -> int:
        """Numbers in the layer's output (its width)."""
        return math.prod(self.shape)


def _leaf_rows(module: nn.Module, prefix: str, part: Part, x: torch.Tensor
               ) -> tuple[list[LayerRow], torch.Tensor]:
    """Run `x` through `module`, recording each leaf module's output shape with forward hooks."""
    rows: list[LayerRow] = []
    handles = []
    for name, leaf in module.named_modules():
        if any(True for _ in leaf.children()):
            continue

        def hook(mod: nn.Module, _inputs: tuple, out: torch.Tensor, name: str = name) -> None:
            mixing = 0 if isinstance(mod, NORMALISATION) else sum(p.numel() for p in mod.parameters())
            rows.append(LayerRow(f"{prefix}.{name}" if name else prefix, type(mod).__name__, part,
                                 tuple(out.shape[1:]), mixing))

        handles.append(leaf.register_forward_hook(hook))
    try:
        out = module(x)
    finally:
        for handle in handles:
            handle.remove()
    return rows, out


@torch.no_grad()
def layer_table(model: Autoencoder, keep_all: bool = False) -> list[LayerRow]:
    """The input, every encoder layer, the latent code (latent_dim,) and every decoder layer, in
    order, with output shapes. For VAEs the last encoder layer outputs 2·latent_dim numbers
    (mean and log-variance) and the code row is the sampled z. The last row has the image's shape.
    """
    was_training = model.training
    model.eval()  # batch norm must not update its statistics on the dummy input
    try:
        x = torch.zeros((2, *model.image_shape), device=model.device)  # (B, C, H, W)
        rows = [LayerRow("input", "Input", "input", tuple(model.image_shape))]
        encoder_rows, _ = _leaf_rows(model.encoder, "encoder", "encoder", x)
        kind = "Sample z ~ N(μ, σ²)" if model.variational else "Code z"
        code = torch.zeros((2, model.latent_dim), device=model.device)  # (B, latent_dim)
        decoder_rows, out = _leaf_rows(model.decoder, "decoder", "decoder", code)
    finally:
        model.train(was_training)
    if tuple(out.shape[1:]) != tuple(model.image_shape):
        raise ValueError(f"decoder output {tuple(out.shape[1:])} ≠ image shape {model.image_shape}")
    rows += [*encoder_rows, LayerRow("code", kind, "code", (model.latent_dim,)), *decoder_rows]
    if keep_all:
        return rows
    kept = rows[:1]
    for row in rows[1:]:
        if row.parameters or row.part == "code" or row.shape != kept[-1].shape:
            kept.append(row)
    return kept


def describe_shape(shape: tuple[int, ...]) -> str:
    """(32, 14, 14) → "32×14×14"; (512,) → "512"."""
    return "×".join(str(s) for s in shape)
