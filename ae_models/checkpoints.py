"""Safe checkpoints: `NAME/weights.safetensors` + `NAME/card.json`; nothing is ever unpickled.

The card describes the model completely (family, config, dataset, noise, history, metrics,
versions) so a checkpoint rebuilds from its folder alone. The card stores the SHA-256 of the
weights file, so a truncated or swapped weights file is caught before it is used.
"""

from __future__ import annotations

import json
import os
import platform
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetensors import SafetensorError

from .atomic import atomic_save, atomic_write_text
from .families import FAMILY_NAMES, OPENED_FAMILIES
from .hashing import file_digest

if TYPE_CHECKING:  # torch is imported where weights are read or written: cards are read without it
    import torch

    from .models import Autoencoder

WEIGHTS_FILE = "weights.safetensors"
CARD_FILE = "card.json"
CARD_VERSION = 1
PICKLE_SUFFIXES = (".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".bin")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
MODELS_DIR_ENV = "AE_MODELS_DIR"
USER_PREFIX = "user-"  # every user model's name starts with it, and no shipped one does
ONNX_FORMAT = "onnx"  # an ONNX model card's `format`: how its folder is told from a safetensors checkpoint's


class CheckpointError(RuntimeError):
    """A checkpoint is missing, broken, unsafe or does not match its card."""


def pretrained_dir() -> Path:
    """The folder of shipped checkpoints (`AE_PRETRAINED_DIR` overrides the repo's `pretrained/`)."""
    override = os.environ.get("AE_PRETRAINED_DIR")
    return Path(override) if override else Path(__file__).resolve().parent.parent / "pretrained"


def models_dir() -> Path:
    """The user models folder (`AE_MODELS_DIR`, default `$XDG_CACHE_HOME/ae_models/models`, i.e.
    `~/.cache/ae_models/models`): the Train page's checkpoints and the ONNX models people add
    (`ae_models.user_models` writes there).

    Raises CheckpointError when it is the shipped zoo's folder or inside it, so nothing a user adds
    or trains can land among (or replace) the shipped checkpoints.
    """
    raw = os.environ.get(MODELS_DIR_ENV, "").strip()
    cache = Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache")
    folder = Path(raw).expanduser() if raw else cache / "ae_models" / "models"
    shipped = pretrained_dir().resolve()
    if folder.resolve() == shipped or shipped in folder.resolve().parents:
        raise CheckpointError(f"{MODELS_DIR_ENV} points into the shipped checkpoints ({shipped}); user models "
                              "must live elsewhere. Unset it or choose another folder.")
    return folder


def list_user_models() -> list[str]:
    """Names of the models in `models_dir()` (`user-…` folders with a card), sorted."""
    root = models_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.name.startswith(USER_PREFIX) and SAFE_NAME.match(p.name) and (p / CARD_FILE).is_file())


def user_model_path(name: str) -> Path:
    """The folder of the user model called `name` (`user-…`), which must exist (CheckpointError)."""
    if name.startswith(USER_PREFIX) and SAFE_NAME.match(name) and (models_dir() / name / CARD_FILE).is_file():
        return models_dir() / name
    listed = ", ".join(list_user_models()) or "none"
    raise CheckpointError(f"No user model called {name!r} (the user models: {listed}). Shipped models cannot "
                          "be changed or removed.")


def safe_name(name: str) -> str:
    """Turn a user-given model name into a safe folder name (no '/', '..', or odd characters)."""
    cleaned = re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9_.-]+", "-", name.strip()))
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip(".-")[:100]
    if not cleaned or not SAFE_NAME.match(cleaned):
        raise CheckpointError(f"{name!r} cannot be used as a model name: use letters, digits, '-', '_'.")
    return cleaned


def library_versions() -> dict[str, str]:
    import numpy
    import safetensors
    import torch

    return {"python": platform.python_version(), "torch": torch.__version__,
            "numpy": numpy.__version__, "safetensors": safetensors.__version__}


def save_checkpoint(model: Autoencoder, folder: str | Path, card: dict[str, Any] | None = None,
                    half: bool = False) -> Path:
    """Write the model's weights and card into `folder` atomically (weights first, then card).

    `half=True` stores floating-point weights as float16 (they load back as float32).
    """
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    if half:
        state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
    atomic_save(folder / WEIGHTS_FILE, lambda tmp: save_file(state, str(tmp)))
    full_card = {**model.card, **(card or {})}
    full_card.update({
        "card_version": CARD_VERSION,
        "family": model.family,
        "config": model.config.to_dict(),
        "latent_dim": model.latent_dim,
        "image_shape": list(model.image_shape),
        "weights_dtype": "float16" if half else "float32",
        "weights_sha256": file_digest(folder / WEIGHTS_FILE, "sha256"),
        "parameters": model.count_parameters(),
    })
    full_card.setdefault("noise", None)
    full_card.setdefault("versions", library_versions())
    atomic_write_text(folder / CARD_FILE, json.dumps(full_card, indent=2, sort_keys=False) + "\n")
    model.card = full_card
    return folder


def resolve_checkpoint(name_or_path: str | Path) -> Path:
    """A model folder from a path, a name in `pretrained/` or a user model's name (`user-…`, in
    `models_dir()`); refuses pickles."""
    path = Path(name_or_path).expanduser()
    if path.suffix.lower() in PICKLE_SUFFIXES and path.is_file():
        raise CheckpointError(f"{path.name} looks like a PyTorch pickle. Pickles can run code when "
                              "loaded, so they are never opened here. Export the weights with "
                              "safetensors and a card.json (python -m ae_models.train writes both).")
    if path.is_file() and path.name in (WEIGHTS_FILE, CARD_FILE):
        path = path.parent
    if not path.is_dir():
        name = str(name_or_path)
        user = name.startswith(USER_PREFIX)
        candidate = (models_dir() if user else pretrained_dir()) / name
        if SAFE_NAME.match(name) and candidate.is_dir():
            path = candidate
        else:
            raise CheckpointError(f"No checkpoint called {name!r}: give a folder with "
                                  f"{CARD_FILE} and {WEIGHTS_FILE}, or one of the names "
                                  "`ae_models.list_pretrained()` or `list_user_models()` return.")
    return path


def read_card(folder: str | Path) -> dict[str, Any]:
    """The card of a checkpoint folder, checked for the fields a model is built from."""
    folder = resolve_checkpoint(folder)
    card_path = folder / CARD_FILE
    if not card_path.is_file():
        raise CheckpointError(f"{folder} has no {CARD_FILE}; it is not an ae_models checkpoint.")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CheckpointError(f"{card_path} is not valid JSON ({err}); the file is damaged. "
                              "Train or copy the checkpoint again.") from err
    if not isinstance(card, dict) or "family" not in card or "config" not in card:
        raise CheckpointError(f"{card_path} lacks 'family' or 'config'; it is not an ae_models card.")
    if card["family"] not in FAMILY_NAMES and card["family"] not in OPENED_FAMILIES:  # the latter: ae_models.onnx
        raise CheckpointError(f"{folder.name}: unknown model family {card['family']!r} "
                              f"(known: {', '.join(FAMILY_NAMES)}). It may come from a newer version.")
    return card


def is_onnx_folder(folder: str | Path) -> bool:
    """Whether `folder` holds an ONNX model (its card's format is "onnx")."""
    card_path = Path(folder) / CARD_FILE
    if not card_path.is_file():
        return False
    try:
        return json.loads(card_path.read_text(encoding="utf-8")).get("format") == ONNX_FORMAT
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return False


def read_model_card(name_or_path: str | Path) -> dict:
    """The checked card of any model: a safetensors checkpoint (card and weights' checksum) or an
    ONNX model (card and both graphs' checksums). Raises CheckpointError."""
    folder = resolve_checkpoint(name_or_path)
    if is_onnx_folder(folder):
        from .onnx.model import read_onnx_card  # imports torch: only ONNX models pay for it here

        return read_onnx_card(folder)[1]
    card = read_card(folder)
    verify_weights(folder, card)
    return card


def verify_weights(folder: Path, card: dict[str, Any]) -> Path:
    """The weights file of a checkpoint, checked without loading it: present, not a pickle, and
    matching the card's SHA-256 (≈ 2 ms per MB). Raises `CheckpointError`."""
    weights_path = folder / WEIGHTS_FILE
    if not weights_path.is_file() or weights_path.stat().st_size == 0:
        raise CheckpointError(f"{folder.name}: {WEIGHTS_FILE} is missing or empty.")
    with open(weights_path, "rb") as handle:
        head = handle.read(9)
    # safetensors begins with an 8-byte header length and then the JSON header's '{'.
    if head[8:9] != b"{" and (head[:1] == b"\x80" or head[:2] == b"PK"):
        raise CheckpointError(f"{folder.name}: {WEIGHTS_FILE} is a pickle/zip file, not safetensors. "
                              "It was refused and not opened.")
    expected_sha = card.get("weights_sha256")
    if expected_sha and file_digest(weights_path, "sha256") != expected_sha:
        raise CheckpointError(f"{folder.name}: {WEIGHTS_FILE} does not match its card (checksum "
                              "differs): the file is truncated, damaged or from another model.")
    return weights_path


def load_pretrained(name_or_path: str | Path, device: str | torch.device | None = None) -> Autoencoder:
    """Rebuild a model from its checkpoint on `device` (default: `best_device()`), in eval mode.

    The card is attached as `model.card`. Raises `CheckpointError` for anything wrong.
    """
    from safetensors.torch import load_file

    from .devices import best_device
    from .models import build_model

    folder = resolve_checkpoint(name_or_path)
    card = read_card(folder)
    if card["family"] in OPENED_FAMILIES:
        raise CheckpointError(f"{folder.name} is an ONNX model, not a checkpoint: open it with "
                              "ae_models.onnx.load_model.")
    weights_path = verify_weights(folder, card)
    try:
        model = build_model(card["family"], **card["config"])
    except (TypeError, ValueError) as err:
        raise CheckpointError(f"{folder.name}: the card's config cannot build a "
                              f"{card['family']} model ({err}).") from err
    try:
        state = load_file(str(weights_path))
    except (SafetensorError, OSError, ValueError, RuntimeError) as err:
        raise CheckpointError(f"{folder.name}: {WEIGHTS_FILE} is not a readable safetensors file "
                              f"({err}).") from err
    expected = model.state_dict()
    missing, unexpected = set(expected) - set(state), set(state) - set(expected)
    wrong = [k for k in set(expected) & set(state) if tuple(state[k].shape) != tuple(expected[k].shape)]
    if missing or unexpected or wrong:
        detail = "; ".join(part for part in (
            f"missing {sorted(missing)[:3]}" if missing else "",
            f"unexpected {sorted(unexpected)[:3]}" if unexpected else "",
            f"wrong shape {sorted(wrong)[:3]}" if wrong else "") if part)
        raise CheckpointError(f"{folder.name}: the weights do not match the card's "
                              f"{card['family']} config ({detail}).")
    model.load_state_dict({k: v.to(expected[k].dtype) for k, v in state.items()})
    model.card = card
    return model.to(best_device(device)).eval()


def list_pretrained(root: str | Path | None = None) -> list[str]:
    """Names of the checkpoint folders in `pretrained/` (each loadable by `load_pretrained`)."""
    root = Path(root) if root is not None else pretrained_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / CARD_FILE).is_file() and SAFE_NAME.match(p.name))
