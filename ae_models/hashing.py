"""Checksums of files on disk (checkpoint weights, downloaded datasets)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_digest(path: str | Path, algorithm: str) -> str:
    """Hex digest of the file at `path` with a `hashlib` algorithm ("sha256", "md5", ...), read in chunks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, algorithm).hexdigest()
