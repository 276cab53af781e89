"""The user models folder: the Train page's checkpoints and the ONNX models people bring, in one
folder apart from the shipped zoo, `AE_MODELS_DIR` (default `~/.cache/ae_models/models`).

    folder = new_model_dir("my model", extra_bytes=size)   # AE_MODELS_DIR/user-my-model; refuses taken
                                                          # names and a full folder
    with staging(folder) as tmp:              # write into tmp; renamed onto `folder` on success
        ...
    list_user_models()                        # ["user-my-model", …] (from ae_models.checkpoints)
    rename_user_model("user-my-model", "better name"); remove_user_model("user-better-name")

Every folder is named `user-<safe name>`: no shipped name starts with the prefix, so one name never
means two models. Together the folders may take `AE_USER_MODELS_MAX_MB` megabytes (default 500);
the cap is checked before anything is written. The folder can never be `pretrained/` or inside it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from .atomic import atomic_write_text
from .checkpoints import (
    CARD_FILE,
    USER_PREFIX,
    CheckpointError,
    models_dir,
    safe_name,
    user_model_path,
)

USER_MODELS_MAX_ENV = "AE_USER_MODELS_MAX_MB"
USER_MODELS_MAX_MB = 500  # a Train-page conv model of 64×64 colour is ≈ 9 MB, of 128×128 ≈ 34 MB
MB = 1_000_000
STAGING_PREFIX = ".staging-"  # half-written installs: never listed, removed when their writer fails


class UserModelsFull(CheckpointError):
    """The user models take all the space they are allowed (`AE_USER_MODELS_MAX_MB`)."""


def new_model_dir(name: str, extra_bytes: int = 0) -> Path:
    """`models_dir()/user-<safe name>` for a user-given name, not yet created.

    Raises CheckpointError when the name is unusable or taken, and UserModelsFull when the user
    models and `extra_bytes` more would not fit in their allowance (`check_space`).
    """
    folder = models_dir() / f"{USER_PREFIX}{_bare(name)}"
    if folder.exists():
        raise CheckpointError(f"A model called {folder.name!r} already exists: choose another name.")
    check_space(extra_bytes)
    return folder


def _bare(name: str) -> str:
    """The safe name without the `user-` prefix (so "user-x" and "x" are one model)."""
    cleaned = safe_name(name)
    return safe_name(cleaned[len(USER_PREFIX):]) if cleaned.startswith(USER_PREFIX) else cleaned


def max_bytes() -> int:
    """The space the user models may take: `AE_USER_MODELS_MAX_MB` megabytes (default 500)."""
    return megabytes_from_env(USER_MODELS_MAX_ENV, USER_MODELS_MAX_MB)


def megabytes_from_env(name: str, default: float, error: type[Exception] = CheckpointError) -> int:
    """The environment variable `name`, a number of megabytes (`default` when unset), in bytes;
    `error` when it is not a number ≥ 0."""
    raw = os.environ.get(name, "").strip()
    try:
        megabytes = float(raw) if raw else default
    except ValueError:
        megabytes = -1.0
    if not megabytes >= 0:  # also NaN
        raise error(f"{name} must be a number of megabytes, not {raw!r}.")
    return int(megabytes * MB)


def model_sizes() -> dict[str, int]:
    """Bytes on disk of every user model (and half-written install), largest first."""
    root = models_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    sizes = {f.name: folder_bytes(f) for f in folders
             if f.name.startswith(USER_PREFIX) or f.name.startswith(STAGING_PREFIX)}
    return dict(sorted(sizes.items(), key=lambda item: -item[1]))


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under `folder`; a file removed while counting (a checkpoint's temporary
    file being renamed) counts 0."""
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(FileNotFoundError):
            total += path.stat().st_size if path.is_file() else 0
    return total


def check_space(extra_bytes: int = 0) -> None:
    """Raise UserModelsFull, saying what takes the space and how to free it, when the user models
    already take their allowance or `extra_bytes` more would pass it. A training run is checked
    before it starts (its size is not known yet), so the folder can outgrow the cap by at most the
    one model being trained; an ONNX model is checked with its size."""
    cap, sizes = max_bytes(), model_sizes()
    used = sum(sizes.values())
    if (used + extra_bytes <= cap) if extra_bytes else used < cap:
        return
    largest = "".join(f", {name} ({size / MB:,.1f} MB)" for name, size in list(sizes.items())[:3])
    adding = f" and this one needs {extra_bytes / MB:,.1f} MB more" if extra_bytes else ""
    raise UserModelsFull(f"The user models take {used / MB:,.1f} MB{adding}, and the allowance is {cap / MB:,.0f} MB "
                         f"({USER_MODELS_MAX_ENV}). Free space by deleting models you no longer need from "
                         f"{models_dir()} (the {USER_PREFIX}* folders{largest}; `python -m ae_models.onnx remove NAME` "
                         f"or the Models page), or raise {USER_MODELS_MAX_ENV}.")


def staging_dir(final: Path) -> Path:
    """A fresh hidden folder beside `final` to write an install into before it is renamed."""
    return final.parent / f"{STAGING_PREFIX}{final.name}-{uuid.uuid4().hex[:8]}"


def publish(staged: Path, final: Path) -> Path:
    """Rename the finished `staged` folder onto `final` in one step: readers see no model or the
    whole model. Raises CheckpointError (and leaves `staged`) when `final` appeared meanwhile."""
    if final.exists():
        raise CheckpointError(f"A model called {final.name!r} already exists: choose another name.")
    os.rename(staged, final)
    return final


@contextlib.contextmanager
def staging(final: Path) -> Iterator[Path]:
    """Yield an empty staging folder for the new user model `final` (from `new_model_dir`); on
    success it becomes `final` by one rename, on any error it is removed and nothing is installed."""
    staged = staging_dir(final)
    staged.mkdir(parents=True)
    try:
        yield staged
        publish(staged, final)
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def remove_user_model(name: str) -> None:
    """Delete the user model `name`; shipped models cannot be removed (CheckpointError)."""
    folder = user_model_path(name)
    trash = folder.parent / f"{STAGING_PREFIX}removed-{folder.name}-{uuid.uuid4().hex[:8]}"
    os.rename(folder, trash)  # gone from the pickers at once, even if deleting the files takes a while
    shutil.rmtree(trash, ignore_errors=True)


def rename_user_model(name: str, new_name: str) -> str:
    """Rename the user model `name` to `user-<new_name>` (one rename of its folder; a card that
    holds a display `name` gets the new one); returns the new folder name."""
    folder = user_model_path(name)
    target = models_dir() / f"{USER_PREFIX}{_bare(new_name)}"
    if target != folder:
        publish(folder, target)
    card = json.loads((target / CARD_FILE).read_text(encoding="utf-8"))
    if "name" in card:
        atomic_write_text(target / CARD_FILE, json.dumps({**card, "name": new_name.strip()}, indent=2) + "\n")
    return target.name
