"""The live decoder in Chromium (onnxruntime-web): the image follows a mouse drag, the latent reaches
Python on release, and the browser's pixels equal the server's decoder within 2/255, grey and colour
(RGB on the canvas, any aspect), for checkpoints of ours and for a user's ONNX model."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
import torch

import ae_models
from ae_models.imaging import to_uint8

from .conftest import canvas_pixels, rested_live_image, shot

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "benchmarks" / "apps" / "live_editor_app.py"


def _wait_first_paint(page) -> None:
    """The server exports the decoder on its first use (seconds), then the page loads onnxruntime-web."""
    page.wait_for_function("() => (window.__aeLiveStats || {}).paints > 0", timeout=120000)


def _drag_first_slider(page, image, steps: int) -> set[bytes]:
    """Drag the first latent slider end to end in `steps` mouse moves; the distinct images painted
    (read from the canvas itself: its `data-pixels` is written only once the image rests)."""
    box = page.locator('input[data-testid^="ae-dim-"]').first.bounding_box()
    seen = {canvas_pixels(image).tobytes()}
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, steps + 1):
        page.mouse.move(box["x"] + 5 + step * (box["width"] - 10) / steps, box["y"] + box["height"] / 2)
        seen.add(canvas_pixels(image).tobytes())
    page.mouse.up()
    return seen


@pytest.mark.parametrize("model_name", ["digits-conv_ae-4", "digits-vae-4"])
def test_drag_paints_many_frames_and_matches_the_server(model_name, tiny_zoo_dir, start_server, page):
    server = start_server(APP, AE_LIVE_MODEL=str(tiny_zoo_dir / model_name), AE_DEVICE="cpu")
    page.goto(server.url)
    image = page.locator('[data-testid="ae-live-image"]')
    _wait_first_paint(page)
    paints_before = page.evaluate("window.__aeLiveStats.paints")
    seen = _drag_first_slider(page, image, 30)
    assert len(seen) >= 10, f"only {len(seen)} distinct images painted during the drag"
    assert page.evaluate("window.__aeLiveStats.paints") - paints_before >= 10
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


def _colour_checkpoint(folder: Path, shape: tuple[int, int, int]) -> Path:
    """A conv_ae on `shape` whose pictures are reddish (last bias: R up, G down) and follow the sliders:
    seeded weights, the encoder's last layer scaled so the test images' codes spread (s.d. ≈ 1), the
    decoder's first and last layers scaled so a slider's range moves pixels by tens of levels."""
    torch.manual_seed(0)
    model = ae_models.build_model("conv_ae", image_shape=shape, latent_dim=4).eval()
    with torch.no_grad():
        model.encoder[-1].weight.mul_(1000)
        model.decoder[0].weight.mul_(4)
        model.decoder[-2].weight.mul_(30)  # the last conv (then the crop)
        model.decoder[-2].bias.copy_(torch.tensor([1.5, -1.5, 0.0]))
    images = np.random.default_rng(0).integers(0, 256, (60, shape[1], shape[2], 3), dtype=np.uint8)
    np.savez(folder / "colour-test.npz", images=images, labels=np.arange(60) % 2)
    name = f"colour-conv_ae-{shape[1]}x{shape[2]}"
    return ae_models.save_checkpoint(model, folder / name, card={"dataset": str(folder / "colour-test.npz"),
                                                                 "dataset_name": "colour-test"})


@pytest.mark.parametrize("shape", [(3, 16, 16), (3, 20, 12)])
def test_colour_model_paints_rgb_that_follows_the_slider(shape, tmp_path, start_server, page):
    folder = _colour_checkpoint(tmp_path, shape)
    server = start_server(APP, AE_LIVE_MODEL=str(folder), AE_DEVICE="cpu")
    page.goto(server.url)
    _wait_first_paint(page)
    image = rested_live_image(page, 10000)
    before = canvas_pixels(image)
    assert before.shape == (shape[1], shape[2], 4) and (before[..., 3] == 255).all()
    assert (before[..., 0] != before[..., 1]).any(), "red and green are the same everywhere: painted grey"
    box = image.bounding_box()  # square pixels: the picture keeps the image's aspect
    assert box["width"] / box["height"] == pytest.approx(shape[2] / shape[1], rel=0.05)

    paints = int(image.get_attribute("data-paints"))
    code = page.locator('[data-testid="stCode"]')
    printed = code.inner_text()
    slider = page.locator('input[data-testid^="ae-dim-"]').first
    slider.focus()
    page.keyboard.press("End")  # the slider's maximum: an input event, then a change (release)
    page.wait_for_function("([el, n]) => Number(el.dataset.paints) > n", arg=[image.element_handle(), paints],
                           timeout=10000)
    after = canvas_pixels(image)
    assert np.abs(after.astype(int) - before.astype(int)).max() > 8, "moving the slider did not change the picture"

    # After release the latent reaches Python; the canvas holds the PyTorch decode of it (≤ 2/255).
    page.wait_for_function("([el, before]) => el.innerText !== before", arg=[code.element_handle(), printed],
                           timeout=15000)
    latent = json.loads(code.inner_text())
    model = ae_models.load_pretrained(folder, device="cpu")
    with torch.no_grad():
        expected = to_uint8(model.decode(torch.tensor([latent], dtype=torch.float32))[0])  # (H, W, 3)
    assert np.abs(canvas_pixels(image)[..., :3].astype(int) - expected.astype(int)).max() <= 2
    shot(page, f"live-decoder-colour-{shape[1]}x{shape[2]}")
    assert page.js_errors == []


def test_a_user_onnx_model_decodes_live_in_the_browser(start_server, page):
    """The tiny colour VAE (BatchNorm, LeakyReLU, Upsample; 32×32 RGB) added as ONNX: onnxruntime-web
    runs its own decoder.onnx while the slider moves, and paints what onnxruntime decodes on the server."""
    from onnx_models import tiny_vae_folder

    from ae_models.onnx import load_model
    from ae_models.onnx.install import AddRequest, add

    name = add(AddRequest.build(tiny_vae_folder()))  # into this test session's AE_MODELS_DIR (the server's too)
    server = start_server(APP, AE_LIVE_MODEL=name, AE_DEVICE="cpu")
    page.goto(server.url)
    image = page.locator('[data-testid="ae-live-image"]')
    _wait_first_paint(page)
    assert "in your browser" in page.locator('[data-testid="ae-live-note"]').inner_text()
    assert canvas_pixels(image).shape == (32, 32, 4)
    code = page.locator('[data-testid="stCode"]')
    printed = code.inner_text()
    seen = _drag_first_slider(page, image, 20)
    assert len(seen) >= 8, f"only {len(seen)} distinct images painted during the drag"
    page.wait_for_function("([el, before]) => el.innerText !== before", arg=[code.element_handle(), printed],
                           timeout=15000)
    latent = json.loads(code.inner_text())
    with torch.no_grad():
        expected = to_uint8(load_model(name).decode(torch.tensor([latent], dtype=torch.float32))[0])  # (H, W, 3)
    assert np.abs(canvas_pixels(image)[..., :3].astype(int) - expected.astype(int)).max() <= 2
    shot(page, "live-decoder-user-onnx")
    assert page.js_errors == []
