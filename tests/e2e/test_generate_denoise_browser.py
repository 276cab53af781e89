"""The Generate and Denoise pages in Chromium: a latent slider edit changes the image and the link,
the link reopens the same image in a fresh session, the resets give back the start, and a digit
drawn on the canvas is denoised."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import rested_live_image, shot

playwright_api = pytest.importorskip("playwright.sync_api")
expect, PlaywrightError = playwright_api.expect, playwright_api.Error

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def app_server(tiny_zoo_dir, start_server):
    return start_server(APP, AE_PRETRAINED_DIR=str(tiny_zoo_dir), AE_DEVICE="cpu")


def _edit(page, slider, presses: int = 8) -> None:
    """Move a latent slider by arrow keys, away from the end it is nearest to."""
    slider.focus()
    near_max = slider.evaluate("e => Number(e.value) > (Number(e.min) + Number(e.max)) / 2")
    for _ in range(presses):
        page.keyboard.press("ArrowLeft" if near_max else "ArrowRight")


def test_slider_edit_shared_link_and_resets(app_server, page, browser):
    page.goto(f"{app_server.url}/generate?model=digits-ae-2&start=4")
    image = rested_live_image(page, 60000)
    start_pixels = image.get_attribute("data-pixels")
    slider = page.locator('input[data-testid^="ae-dim-"]').first
    _edit(page, slider)
    expect(image).not_to_have_attribute("data-pixels", start_pixels, timeout=15000)
    page.wait_for_function("() => location.search.includes('z=')", timeout=15000)
    page.wait_for_timeout(2000)  # let the last key presses' runs land
    edited_pixels, link = image.get_attribute("data-pixels"), page.url
    assert "start=4" in link
    # A fresh browser session opened on the link shows the same image.
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(link)
    expect(rested_live_image(other, 60000)).to_have_attribute("data-pixels", edited_pixels, timeout=15000)
    other.context.close()
    # The edited dimension's own reset gives back the start image, and the link loses its edits.
    page.locator(f'[data-testid="{slider.get_attribute("data-testid")}-reset"]').click()
    expect(image).to_have_attribute("data-pixels", start_pixels, timeout=15000)
    page.wait_for_function("() => !location.search.includes('z=')", timeout=15000)
    _edit(page, page.locator('input[data-testid^="ae-dim-"]').nth(1))
    expect(image).not_to_have_attribute("data-pixels", start_pixels, timeout=15000)
    page.get_by_role("button", name="Reset all").click()
    expect(image).to_have_attribute("data-pixels", start_pixels, timeout=15000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "generate-page")
    assert page.js_errors == []


def drawing_canvas_box(page, seconds: float = 30.0) -> dict:
    """The drawing canvas is the 224×224 one (plotly's WebGL maps are canvases too); canvases
    re-mount while the page reruns, so look again until one holds still."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            boxes = [c.bounding_box(timeout=2000) for c in page.locator("canvas").all()]
        except PlaywrightError:
            continue
        box = next((b for b in boxes if b and abs(b["width"] - 224) < 2 and abs(b["height"] - 224) < 2), None)
        if box is not None:
            return box
        page.wait_for_timeout(500)
    raise AssertionError("no 224×224 drawing canvas appeared")


def test_a_drawn_digit_is_denoised(app_server, page):
    page.goto(f"{app_server.url}/denoise")
    page.locator('[data-testid="stImage"] img').first.wait_for(timeout=60000)
    page.get_by_text("draw a digit").click()
    page.get_by_text("Draw one digit").wait_for(timeout=30000)
    box = drawing_canvas_box(page)
    page.mouse.move(box["x"] + 80, box["y"] + 50)  # below the canvas's floating toolbar
    page.mouse.down()
    for step in range(30):
        page.mouse.move(box["x"] + 80 + step * 2, box["y"] + 50 + step * 4)
    page.mouse.up()
    page.locator('[data-testid="stImage"]:has-text("clean")').wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "denoise-drawn-digit")
    assert page.js_errors == []
