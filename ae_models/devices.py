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


def set_server_threads(default: int = 1) -> int:
    """Torch CPU threads for a server that answers many small requests (`AE_TORCH_THREADS`
    overrides `default`); returns the count set.

    With several sessions and a training run sharing the cores, a multi-threaded decode of one
    image waits on workers that are busy elsewhere: 30–100 ms instead of 0.3 ms were measured
    under load on 2 cores. One thread costs little (5,000 MNIST encodes: 0.40 s vs 0.25 s).
    """
    try:
        threads = max(1, int(os.environ.get("AE_TORCH_THREADS", default)))
    except ValueError:
        threads = default
    if torch.get_num_threads() != threads:  # the app calls this on every run; set it once
        torch.set_num_threads(threads)
    return threads
