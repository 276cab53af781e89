"""The in-browser decoder's JavaScript gives the PyTorch decoder's image (run under Node.js)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch

from ae_models import FAMILIES, build_model
from ae_models.export import export_decoder

RUNTIME = Path(__file__).resolve().parent.parent / "assets" / "live_decoder" / "runtime.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")


@pytest.mark.parametrize("family", list(FAMILIES))
def test_javascript_decoder_matches_pytorch_within_2_of_255(family: str, tmp_path: Path):
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
    result = subprocess.run([NODE, str(tmp_path / "run.js"), str(tmp_path / "spec.json")],
                            capture_output=True, text=True, timeout=60, check=True)
    got = np.array(json.loads(result.stdout)).reshape(4, *shape)
    with torch.no_grad():
        expected = model.decode(z).numpy()
    assert np.abs(got - expected).max() < 2 / 255
