"""Your own autoencoder as two ONNX graphs, explored like the zoo (`python -m ae_models.onnx --help`).

    from ae_models.onnx.install import AddRequest, add
    request = AddRequest.build(encoder=Path("encoder.onnx"), decoder=Path("decoder.onnx"), dataset="mnist",
                               name="mine")
    request.inspect().checks                    # what was checked and inferred (`checks.Inspection`)
    name = add(request)                         # "user-mine"; OnnxModelError says which checks failed
    model = load_model("user-mine")             # an Autoencoder over onnxruntime (or a checkpoint of ours)
    export_checkpoint("digits-conv_ae-8", Path("out/"))   # one of ours as such a folder

Modules: `graphs` (one file: format, size, external data, operators), `checks` (the pair as an image
autoencoder, and the probe), `model` (the adapter over onnxruntime), `install` (into the user models
folder), `export` (torch → ONNX), `browser` (any model's decoder for onnxruntime-web in the Generate
page). This package imports only `model`: `onnx` itself takes ≈ 1.5 s to import and the app needs it
only on the Models page and to export a decoder for the browser (once per model: the bytes are cached).
"""

from __future__ import annotations

from pathlib import Path

import torch

from ..checkpoints import CheckpointError, is_onnx_folder, load_pretrained, read_model_card, resolve_checkpoint
from ..models import Autoencoder
from .model import OnnxAE, OnnxSpec, OnnxVAE, load_onnx_model


def export_checkpoint(name_or_folder: str | Path, out: Path) -> Path:
    """See `export.export_checkpoint` (imported on use: torch's exporter takes seconds to set up)."""
    from .export import export_checkpoint as export

    return export(name_or_folder, out)


def load_model(name_or_path: str | Path, device: str | torch.device | None = None) -> Autoencoder:
    """Open any model by name or folder: a checkpoint of ours (on `device`) or an ONNX model."""
    folder = resolve_checkpoint(name_or_path)
    return load_onnx_model(folder) if is_onnx_folder(folder) else load_pretrained(folder, device)


__all__ = ["CheckpointError", "OnnxAE", "OnnxSpec", "OnnxVAE", "export_checkpoint", "is_onnx_folder", "load_model",
           "load_onnx_model", "read_model_card"]
