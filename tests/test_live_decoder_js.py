"""The in-browser decoder's JavaScript gives the PyTorch decoder's image (run under Node.js)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch

from ae_models import FAMILIES, build_model
from ae_models.export import export_decoder

RUNTIME = Path(__file__).resolve().parent.parent / "assets" / "live_decoder" / "runtime.js"
NODE_MISSING = ("node not found on PATH: install Node.js (apt-get install -y nodejs) to run the browser "
                "decoder's parity test")


@pytest.fixture(scope="module")
def node() -> str:
    """The Node.js executable. Missing, the test is skipped with the reason, except under CI (`CI=true`),
    where it fails: CI must not lose the only check of the browser's decoder maths unnoticed."""
    found = shutil.which("node")
    if found is None and os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{NODE_MISSING} (CI=true: .ci/run installs it)")
    if found is None:
        pytest.skip(NODE_MISSING)
    return found


@pytest.mark.parametrize("family", list(FAMILIES))
def test_javascript_decoder_matches_pytorch_within_2_of_255(node: str, family: str, tmp_path: Path):
    shape = (1, 28, 28) if family.startswith("conv") else (1, 13, 21)
    model = build_model(family, image_shape=shape, latent_dim=6).eval()
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_var.fill_(1.7)
            module.running_mean.fill_(0.1)
    z = torch.randn(4, 6, generator=torch.Generator().manual_seed(1)) * 2
    (tmp_path / "spec.json").write_text(json.dumps({"spec": export_decoder(model), "z": z.tolist()}))
    script = RUNTIME.read_text() + """
const input = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const decoder = aeCompileDecoder(input.spec);
console.log(JSON.stringify(input.z.map((z) => Array.from(aeDecode(decoder, z)))));
"""
    (tmp_path / "run.js").write_text(script)
    result = subprocess.run([node, str(tmp_path / "run.js"), str(tmp_path / "spec.json")],
                            capture_output=True, text=True, timeout=60, check=True)
    got = np.array(json.loads(result.stdout)).reshape(4, *shape)
    with torch.no_grad():
        expected = model.decode(z).numpy()
    assert np.abs(got - expected).max() < 2 / 255
