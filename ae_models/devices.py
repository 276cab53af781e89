"""Choice of the torch device: CUDA, then Apple MPS, then CPU; `AE_DEVICE` overrides."""

from __future__ import annotations

import os

import torch


class DeviceError(RuntimeError):
    """The device asked for (in `AE_DEVICE` or an argument) is not available here."""


def best_device(requested: str | torch.device | None = None) -> torch.device:
    """Return the device to use.

    Order: the `requested` argument, else the `AE_DEVICE` environment variable, else
    the fastest device present (cuda → mps → cpu).
    """
    name = str(requested) if requested is not None else os.environ.get("AE_DEVICE", "").strip()
    if not name:
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError as err:
        raise DeviceError(f"Unknown device {name!r}: use cpu, cuda, cuda:N or mps.") from err
    if device.type == "cuda" and not torch.cuda.is_available():
        raise DeviceError(f"Device {name!r} was asked for, but this machine has no CUDA GPU. "
                          "Unset AE_DEVICE or set AE_DEVICE=cpu.")
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise DeviceError(f"Device {name!r} was asked for, but Apple MPS is not available here. "
                          "Unset AE_DEVICE or set AE_DEVICE=cpu.")
    return device


def describe_device(device: torch.device) -> str:
    """A short human label, e.g. 'GPU (NVIDIA H100)', 'Apple GPU (MPS)', 'CPU (2 threads)'."""
    if device.type == "cuda":
        return f"GPU ({torch.cuda.get_device_name(device)})"
    if device.type == "mps":
        return "Apple GPU (MPS)"
    return f"CPU ({torch.get_num_threads()} threads)"
