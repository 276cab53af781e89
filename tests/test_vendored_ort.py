"""The vendored onnxruntime-web is the pinned version, whole, with its license (`assets/onnxruntime-web/`)."""

from __future__ import annotations

import hashlib
import importlib.util
import re
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "assets" / "onnxruntime-web"


def _refresh_module():
    spec = importlib.util.spec_from_file_location("refresh", FOLDER / "refresh.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_vendored_file_matches_its_sha256():
    listed = dict(reversed(line.split("  ", 1)) for line in (FOLDER / "SHA256SUMS").read_text().splitlines())
    assert sorted(listed) == sorted(_refresh_module().FILES)
    for name, digest in listed.items():
        assert hashlib.sha256((FOLDER / name).read_bytes()).hexdigest() == digest, f"{name} differs from SHA256SUMS"


def test_the_pinned_version_is_the_one_vendored():
    version = (FOLDER / "VERSION").read_text().strip()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert f"ONNX Runtime Web v{version}" in (FOLDER / "ort.wasm.min.js").read_text()[:200]


def test_the_license_is_vendored_beside_it():
    text = (FOLDER / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Microsoft Corporation" in text
