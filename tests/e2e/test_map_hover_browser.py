"""The real Latent Map page in Chromium: a link opens the map of every image (`?points=all`: the
1,797 digits, encoded by a background job), and hovering a point shows its own image and its
reconstruction at once, painted in the browser from the sprite sheets the job made; a box
selection gets its grid, and two of them (A, then B) open their vector in Generate."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import torch

from ae_models import load_pretrained
from ae_models.map_store import map_points
from ae_models.sprites import thumbnails

from .conftest import shot

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "app.py"
MODEL = "digits-conv_ae-4"
CANVASES = ("() => Array.from(document.querySelectorAll('#ae-hover-thumbnail canvas'))"
            ".map(c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data))")
POINTS = """() => { const p = document.querySelector('.st-key-map_chart .js-plotly-plot');
  if (!p || !p._fullData) return 0;
  return p._fullData.filter(t => t.name !== 'grid').reduce((n, t) => n + (t._length || 0), 0); }"""


ON_SCREEN = """(wanted) => {  // where the point with image index `wanted` is drawn (its first trace)
  const p = document.querySelector('.st-key-map_chart .js-plotly-plot'), L = p._fullLayout, s = L._size;
  const r = p.getBoundingClientRect();
  for (const t of p._fullData.filter(t => t.name !== 'grid')) {
    for (let i = 0; i < t._length; i++) {
      const c = t.customdata[i];  // numpy (N, 1) customdata: a typed array per point
      if (Number(c.length !== undefined ? c[0] : c) === wanted)
        return [r.left + s.l + L.xaxis.l2p(t.x[i]), r.top + s.t + L.yaxis.l2p(t.y[i])];
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def server(tiny_zoo_dir, start_server):
    return start_server(APP, AE_PRETRAINED_DIR=str(tiny_zoo_dir), AE_DEVICE="cpu")


def wait_for_hover_layer(page) -> None:
    page.wait_for_function("() => window.__aeHoverThumbnails && window.__aeHoverThumbnails.map_chart"
                           " && window.__aeHoverThumbnails.map_chart.plot", timeout=60000)
    page.wait_for_timeout(1000)


def test_a_link_to_every_image_opens_its_map_and_hovering_shows_image_and_reconstruction(
        tiny_zoo_dir, server, page, monkeypatch):
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tiny_zoo_dir))
    page.goto(f"{server.url}/latent-map?model={MODEL}&points=all")
    page.wait_for_function(f"() => ({POINTS})() === 1797", timeout=120000)  # every image, after the job
    wait_for_hover_layer(page)
    assert "points=all" in page.url and f"model={MODEL}" in page.url
    images = map_points("digits", "all").images
    with torch.no_grad():
        reconstructions = load_pretrained(MODEL)(images)
    expected, expected_recon = thumbnails(images), thumbnails(reconstructions)  # (1797, 8, 8) uint8
    for wanted in (5, 1700):  # a train image and a test one
        x, y = page.evaluate(ON_SCREEN, wanted)
        page.mouse.move(5, 5)  # off the map: the thumbnail goes, then one move straight onto the point
        page.wait_for_function("() => document.querySelector('#ae-hover-thumbnail')?.style.display !== 'block'",
                               timeout=5000)
        page.mouse.move(x, y)
        started = time.perf_counter()
        page.wait_for_function("() => document.querySelector('#ae-hover-thumbnail')?.style.display === 'block'",
                               timeout=5000, polling=10)
        assert time.perf_counter() - started < 1.0  # painted in the browser, no server round trip
        index = int(page.evaluate("() => document.querySelector('#ae-hover-thumbnail').dataset.index"))
        shown_x, shown_y = page.evaluate(ON_SCREEN, index)  # the hovered point (maybe one lying on the wanted one)
        assert abs(shown_x - x) < 4 and abs(shown_y - y) < 4
        image, reconstruction = (np.array(c, dtype=np.uint8).reshape(96, 96, 4) for c in page.evaluate(CANVASES))
        assert np.array_equal(image[::12, ::12, 0], expected[index])  # the 8-px digit drawn 12× (96 px)
        assert np.abs(reconstruction[::12, ::12, 0].astype(int) - expected_recon[index].astype(int)).max() <= 1
    shot(page, "latent-map-hover-all")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.js_errors == []


def box_select(page, corner: tuple[float, float], other: tuple[float, float]) -> None:
    """Drag a box on the map with plotly's box tool, between two points given as shares of the plot area."""
    page.locator('.st-key-map_chart .modebar-btn[data-title="Box Select"]').click()
    left, top, width, height = page.evaluate("""() => {
      const p = document.querySelector('.st-key-map_chart .js-plotly-plot'), s = p._fullLayout._size;
      const r = p.getBoundingClientRect(); return [r.left + s.l, r.top + s.t, s.w, s.h]; }""")
    page.mouse.move(left + corner[0] * width, top + corner[1] * height)
    page.mouse.down()
    page.mouse.move(left + other[0] * width, top + other[1] * height, steps=8)
    page.mouse.up()


def test_box_selections_get_their_grid_and_their_vector_opens_in_generate(server, page):
    page.goto(f"{server.url}/latent-map?model={MODEL}")
    wait_for_hover_layer(page)
    box_select(page, (0.02, 0.02), (0.5, 0.5))
    page.get_by_text("Selected:").first.wait_for(timeout=30000)
    grey = page.evaluate("""() => document.querySelector('.st-key-map_chart .js-plotly-plot')._fullData
                            .find(t => t.name === 'not selected')._length""")
    assert 0 < grey < 360  # the rest of the map stays, in grey
    page.get_by_text("Selected:").first.scroll_into_view_if_needed()
    shot(page, "latent-map-selection")
    page.wait_for_timeout(1000)  # a click in the second after a rerun can be lost
    page.get_by_role("button", name="Keep this selection as A").click()
    page.get_by_text("This selection is A").wait_for(timeout=30000)
    box_select(page, (0.5, 0.5), (0.98, 0.98))
    go = page.get_by_role("button", name="Open A → B in Generate")
    go.wait_for(timeout=30000)
    page.wait_for_timeout(1000)
    go.click()
    page.get_by_text("From the Latent Map: A (").wait_for(timeout=60000)
    assert "/generate" in page.url
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "generate-from-map-vector")
    assert page.js_errors == []
