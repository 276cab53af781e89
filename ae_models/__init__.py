"""ae_models: autoencoders to explore — datasets, five model families, training, safe checkpoints,
metrics and latent projections. Knows nothing of Streamlit.

The names below are imported on first use (PEP 562), so `import ae_models.samples` or reading
cards does not import torch (≈ 2 s): the app draws its first map before torch is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {  # exported name → the submodule that defines it
    **dict.fromkeys(("CheckpointError", "list_pretrained", "load_pretrained", "save_checkpoint"), "checkpoints"),
    **dict.fromkeys(("DatasetError", "ImageDataset", "load_dataset"), "data"),
    **dict.fromkeys(("DeviceError", "best_device"), "devices"),
    **dict.fromkeys(("FAMILIES", "Autoencoder", "build_model", "is_variational"), "models"),
    **dict.fromkeys(("corrupt", "parse_noise"), "noise"),
}

if TYPE_CHECKING:
    from .checkpoints import CheckpointError, list_pretrained, load_pretrained, save_checkpoint
    from .data import DatasetError, ImageDataset, load_dataset
    from .devices import DeviceError, best_device
    from .models import FAMILIES, Autoencoder, build_model, is_variational
    from .noise import corrupt, parse_noise


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'ae_models' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    globals()[name] = value  # the next lookup does not come here
    return value


__all__ = ["FAMILIES", "Autoencoder", "CheckpointError", "DatasetError", "DeviceError", "ImageDataset",
           "best_device", "build_model", "corrupt", "is_variational", "list_pretrained", "load_dataset",
           "load_pretrained", "parse_noise", "save_checkpoint"]
