"""Writing a checkpoint of this project (shipped or trained) as an ONNX model folder.

    export_checkpoint("digits-conv_ae-8", Path("out/"))   # out/encoder.onnx, out/decoder.onnx, out/card.json
    export_modules(encoder, decoder, (3, 32, 32), Path("out/"), variational=True)   # any pair of torch modules

The encoder takes (N, C, H, W) in [0, 1] and returns the code, or μ and log σ² as two outputs for a
VAE; the decoder returns pixels in [0, 1] (its logits through a sigmoid). The batch axis is free.
Graphs come from `torch.onnx.export(..., dynamo=True)` with the weights inside each file.
"""

from __future__ import annotations

import json
import logging
import shutil
import uuid
import warnings
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ..checkpoints import CARD_FILE, load_pretrained, read_card, resolve_checkpoint
from ..checkpoints import ONNX_FORMAT as FORMAT
from ..model_data import dataset_name
from .graphs import OnnxModelError
from .model import ADAPTERS_BY_KIND, DECODER_FILE, ENCODER_FILE, OnnxSpec


class _MeanAndLogvar(nn.Module):
    """A VAE encoder returning μ and log σ² as two outputs (the card convention for VAEs)."""

    def __init__(self, encoder: nn.Module, latent_dim: int) -> None:
        super().__init__()
        self.encoder, self.latent_dim = encoder, latent_dim

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        code = self.encoder(x)  # (N, 2·d)
        return code[:, : self.latent_dim], code[:, self.latent_dim:]


def export_graph(module: nn.Module, example: torch.Tensor, path: Path, inputs: list[str],
                 outputs: list[str]) -> None:
    """One module as one self-contained ONNX file with a free batch axis."""
    batch = torch.export.Dim("batch")
    exporter_log = logging.getLogger("torch.onnx")
    level = exporter_log.level
    exporter_log.setLevel(logging.ERROR)  # "torchvision is not installed": harmless, no torchvision op is used
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program = torch.onnx.export(module.eval(), (example,), dynamo=True, dynamic_shapes=({0: batch},),
                                        input_names=inputs, output_names=outputs, verbose=False)
    finally:
        exporter_log.setLevel(level)
    if program is None:
        raise OnnxModelError(f"torch.onnx.export returned no program for {type(module).__name__}.")
    program.save(str(path), external_data=False)


def export_modules(encoder: nn.Module, decoder: nn.Module, image_shape: tuple[int, int, int], out: Path,
                   variational: bool = False, latent_dim: int | None = None, logits: bool = False,
                   card: dict[str, Any] | None = None) -> Path:
    """Write `encoder` (images → code, or (μ, log σ²) when `variational`) and `decoder` (code →
    pixels, or logits when `logits`: a sigmoid is appended) as a model folder `out`, atomically.

    `latent_dim` is read from the encoder's output when not given. `card` adds fields to the folder's
    card (name, dataset, config…). Raises OnnxModelError when `out` exists and is not empty.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise OnnxModelError(f"{out} exists and is not empty: give a new folder.")
    encoder, decoder = encoder.eval().cpu(), decoder.eval().cpu()
    images = torch.rand(2, *image_shape)  # (B, C, H, W); 2, not 1, so the exporter keeps the batch free
    with torch.no_grad():
        code = encoder(images)
    width = (code[0] if isinstance(code, tuple) else code).shape[1]
    latent_dim = latent_dim or (width if isinstance(code, tuple) or not variational else width // 2)
    if variational and not isinstance(code, tuple):
        encoder = _MeanAndLogvar(encoder, latent_dim)
    pixels = nn.Sequential(decoder, nn.Sigmoid()) if logits else decoder
    staged = out.parent / f".{out.name}.{uuid.uuid4().hex[:8]}.tmp"
    staged.mkdir(parents=True)
    try:
        export_graph(encoder, images, staged / ENCODER_FILE, ["images"],
                     ["mean", "logvar"] if variational else ["code"])
        export_graph(pixels, torch.randn(2, latent_dim), staged / DECODER_FILE, ["code"], ["images"])
        spec = OnnxSpec(tuple(image_shape), latent_dim, variational, encoder_outputs=2 if variational else 1)
        full = {"card_version": 1, "format": FORMAT, "family": ADAPTERS_BY_KIND[variational].family,
                "latent_dim": latent_dim, "image_shape": list(image_shape), **(card or {}),
                "onnx": {"spec": spec.to_card()}}
        (staged / CARD_FILE).write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")
        if out.exists():
            out.rmdir()  # empty, checked above
        staged.rename(out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return out


def export_checkpoint(name_or_folder: str | Path, out: Path) -> Path:
    """Write a safetensors checkpoint (a shipped name, a user model's name or a folder) as a model folder."""
    folder = resolve_checkpoint(name_or_folder)
    card = read_card(folder)
    model = load_pretrained(folder, device="cpu")
    config = card["config"]
    declared = {"name": folder.name, "dataset": card.get("dataset"), "grey": bool(card.get("grey", False)),
                "dataset_name": dataset_name(card),
                "config": {k: config[k] for k in ("image_shape", "latent_dim", "likelihood", "beta", "gaussian_sigma")
                           if k in config},
                "source": f"exported from {folder.name} ({card['family']}) by python -m ae_models.onnx export",
                "exported_from": {"name": folder.name, "family": card["family"],
                                  "weights_sha256": card.get("weights_sha256"),
                                  "test_metrics": card.get("test_metrics")}}
    return export_modules(model.encoder, model.decoder, model.image_shape, out, model.variational, model.latent_dim,
                          logits=True, card=declared)
