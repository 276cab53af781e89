"""Real-browser fixtures: a Streamlit server on a free localhost port and Debian's Chromium
driven by Playwright. Everything here skips with a reason when Chromium is not installed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from benchmarks.serve import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium); browser tests skipped")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def start_server() -> Iterator[Callable[..., StreamlitServer]]:
    servers: list[StreamlitServer] = []

    def start(script: Path, **env: str) -> StreamlitServer:
        server = StreamlitServer(script, env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def rested_live_image(page, timeout_ms: float):
    """The live decoder's canvas once its image has rested: `data-pixels` and `data-paints` are
    written only then (30 ms after the last paint), so a read before that finds neither."""
    image = page.locator('[data-testid="ae-live-image"][data-pixels]')
    image.wait_for(timeout=timeout_ms)
    return image


def canvas_pixels(canvas) -> np.ndarray:
    """A canvas's pixels as the page holds them (a Playwright locator): uint8 (H, W, 4)."""
    got = canvas.evaluate("(c) => ({h: c.height, w: c.width, "
                          "rgba: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data)})")
    return np.asarray(got["rgba"], dtype=np.uint8).reshape(got["h"], got["w"], 4)
