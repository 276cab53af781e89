"""The live decoder in Chromium: the image follows a mouse drag, the latent reaches Python on
release, and the browser's pixels equal the PyTorch decoder's within 2/255."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
import torch

import ae_models

from .conftest import shot

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "benchmarks" / "apps" / "live_editor_app.py"


@pytest.mark.parametrize("model_name", ["digits-conv_ae-4", "digits-vae-4"])
def test_drag_paints_many_frames_and_matches_the_server(model_name, tiny_zoo_dir, start_server, page):
    server = start_server(APP, AE_LIVE_MODEL=str(tiny_zoo_dir / model_name), AE_DEVICE="cpu")
    page.goto(server.url)
    image = page.locator('[data-testid="ae-live-image"]')
    image.wait_for(timeout=30000)
    slider = page.locator('[data-testid="ae-dim-0"], input[data-testid^="ae-dim-"]').first
    box = slider.bounding_box()
    paints_before = int(image.get_attribute("data-paints"))
    seen = {image.get_attribute("data-pixels")}
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 31):
        page.mouse.move(box["x"] + 5 + step * (box["width"] - 10) / 30, box["y"] + box["height"] / 2)
        seen.add(image.get_attribute("data-pixels"))
    page.mouse.up()
    assert len(seen) >= 10, f"only {len(seen)} distinct images painted during the drag"
    assert int(image.get_attribute("data-paints")) - paints_before >= 10
    # After release the latent reaches Python, which prints it.
    code = page.locator('[data-testid="stCode"]')
    page.wait_for_function(
        "(before) => { const el = document.querySelector('[data-testid=\"stCode\"]');"
        " return el && el.innerText !== before; }", arg=code.inner_text(), timeout=15000)
    page.wait_for_timeout(500)
    latent = json.loads(code.inner_text())
    model = ae_models.load_pretrained(tiny_zoo_dir / model_name)
    with torch.no_grad():
        server_image = model.decode(torch.tensor([latent], dtype=torch.float32))[0, 0].numpy()
    pixels = np.frombuffer(base64.b64decode(image.get_attribute("data-pixels")), dtype=np.uint8)
    browser_image = pixels.reshape(server_image.shape) / 255.0
    assert np.abs(browser_image - server_image).max() <= 2 / 255 + 1e-6
    stats = page.evaluate("window.__aeLiveStats")
    assert np.median(stats["decodeMs"]) < 16.7
    shot(page, f"live-decoder-{model_name}")
    assert page.js_errors == []
