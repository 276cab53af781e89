"""The whole app in Chromium, as a user drives it: every page opens without an error box, the
Generate page's live sliders repaint under a mouse drag, its open tab survives a language switch and
a page visit, a click on the Latent Map opens the inspector, and a click on its empty space is decoded
in the browser at once, as the server then decodes it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from benchmarks.map_scale import EMPTY_JS, SPOTS_READY_JS

from .conftest import canvas_pixels, shot

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = ["home", "latent-map", "generate", "denoise", "anomalies", "features", "train", "models"]


@pytest.fixture(scope="module")
def app_server(tiny_zoo_dir, start_server):
    return start_server(APP, AE_PRETRAINED_DIR=str(tiny_zoo_dir), AE_DEVICE="cpu")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_opens_without_an_error(app_server, page, path):
    page.goto(f"{app_server.url}/{path}")
    page.locator('[data-testid="stMain"] h1, [data-testid="stMain"] h2').first.wait_for(timeout=60000)
    page.wait_for_timeout(1500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60000)
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, [errors.nth(i).inner_text()[:2000] for i in range(errors.count())]
    shot(page, f"page-{path}")
    assert page.js_errors == []


def test_live_sliders_follow_a_mouse_drag_and_keep_their_code_across_tabs(app_server, page):
    page.goto(f"{app_server.url}/generate")
    image = page.locator('[data-testid="ae-live-image"]')
    image.wait_for(timeout=60000)
    slider = page.locator('input[data-testid^="ae-dim-"]').first
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 4, y)
    page.mouse.down()
    seen = set()
    for step in range(40):
        page.mouse.move(box["x"] + 4 + step * (box["width"] - 8) / 39, y)
        seen.add(canvas_pixels(image).tobytes())
    page.mouse.up()
    assert len(seen) >= 10, f"{len(seen)} distinct images while dragging"
    # On release the code reaches Python, which shows it under the editor.
    page.get_by_text("Code at the last release").wait_for(timeout=20000)
    shot(page, "generate-live-drag")
    released = float(slider.input_value())
    # Only the open tab runs: another tab and back remounts the editor, at the released code.
    page.get_by_role("tab", name="Interpolate").click()
    page.locator('[data-testid="stImage"]:has-text("B = #")').first.wait_for(timeout=30000)
    assert page.locator('input[data-testid^="ae-dim-"]').count() == 0
    page.get_by_role("tab", name="Edit the code").click()
    slider.wait_for(timeout=30000)
    assert abs(float(slider.input_value()) - released) < 1e-3
    assert page.js_errors == []


def test_the_open_tab_survives_a_language_switch_and_a_page_visit(app_server, page):
    page.goto(f"{app_server.url}/generate")
    page.get_by_role("tab", name="Interpolate").click(timeout=60000)
    endpoint = page.locator('[data-testid="stImage"]:has-text("B = #")').first
    endpoint.wait_for(timeout=30000)
    page.locator('[data-testid="stSidebar"]').get_by_text("한국어").click()
    expect(page.get_by_role("tab", name="보간")).to_have_attribute("aria-selected", "true", timeout=30000)
    page.locator('[data-testid="stSidebar"]').get_by_text("English").click()
    expect(page.get_by_role("tab", name="Interpolate")).to_have_attribute("aria-selected", "true", timeout=30000)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Home").first.click()
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=30000)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Generate").first.click()
    expect(page.get_by_role("tab", name="Interpolate")).to_have_attribute("aria-selected", "true", timeout=30000)
    endpoint.wait_for(timeout=30000)
    assert page.locator('input[data-testid^="ae-dim-"]').count() == 0  # the editor's tab did not run
    assert page.js_errors == []


def test_clicking_a_point_on_the_latent_map_opens_the_inspector(app_server, page):
    page.goto(f"{app_server.url}/latent-map")
    page.wait_for_function("() => { const p = document.querySelector('.js-plotly-plot');"
                           " return p && p._fullData && p._fullData.some(t => (t._length || 0) > 20); }",
                           timeout=60000)
    page.wait_for_timeout(1500)
    # The pixel position of a sample point, from plotly's own axes.
    x, y = page.evaluate("""() => {
        const p = document.querySelector('.js-plotly-plot'), L = p._fullLayout;
        const t = p._fullData.find(t => t.customdata && t.customdata.length && t.customdata[0] >= 0
                                        && (t._length || 0) > 5);
        const r = p.getBoundingClientRect();
        return [r.left + L._size.l + L.xaxis.l2p(t.x[0]), r.top + L._size.t + L.yaxis.l2p(t.y[0])];
    }""")
    page.mouse.click(x, y)
    page.get_by_text("8 latent neighbours").first.wait_for(timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "latent-map-inspector")


# An image's pixels (a canvas's, or an img's once loaded), one per decoded pixel (the centre of each block of
# a whole-factor upscale): (h, w) red values.
BASE_PIXELS = """async (image, [h, w]) => { if (image.tagName === 'IMG') await image.decode();  // loaded, decoded
  const c = document.createElement('canvas');
  c.width = image.naturalWidth || image.width; c.height = image.naturalHeight || image.height;
  const g = c.getContext('2d'); g.drawImage(image, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data;
  const f = c.width / w, out = [];
  for (let i = 0; i < h; i++) for (let j = 0; j < w; j++)
    out.push(d[4 * (Math.floor((i + 0.5) * f) * c.width + Math.floor((j + 0.5) * f))]);
  return out; }"""


def test_a_click_on_empty_space_is_decoded_in_the_browser_at_once_as_the_server_decodes_it(app_server, page):
    page.goto(f"{app_server.url}/latent-map")
    page.wait_for_function(SPOTS_READY_JS, timeout=60000)  # the decoder loads once the map and its thumbnails are in
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60000)
    page.wait_for_timeout(500)
    x, y = page.evaluate(EMPTY_JS)[0]  # a corner of the click grid (it spans the points' box, padded)
    page.mouse.move(x, y)
    page.mouse.down()  # the server hears of a click on its release: what shows now, the browser drew alone
    preview = page.locator("#ae-pick-preview")
    expect(preview).to_be_visible(timeout=2000)
    title = preview.locator("div").first.inner_text()
    assert title.startswith("Decoded map position (") and "decoded in your browser" in preview.inner_text()
    h, w = page.evaluate("() => window.__aeHoverThumbnails.map_chart.spots.ready.decoder.shape.slice(1)")
    browser = np.asarray(preview.locator("canvas").evaluate(BASE_PIXELS, [h, w]))
    caption = " · ".join(preview.locator("div").last.inner_text().split(" · ")[:-2])  # the model's label
    shot(page, "latent-map-spot-preview")
    page.mouse.up()
    heading = page.locator('[data-testid="stMain"] h4', has_text=title)
    heading.wait_for(timeout=30000)  # the server decoded the same spot
    expect(preview).to_be_hidden(timeout=5000)  # and the preview made way for its inspector
    server_image = page.locator('[data-testid="stImage"]', has_text=caption).locator("img").first
    server = np.asarray(server_image.evaluate(BASE_PIXELS, [h, w]))
    assert browser.std() > 0  # a picture, not a blank
    assert np.abs(browser.astype(int) - server.astype(int)).max() <= 2, (browser, server)
    assert page.js_errors == []


def test_the_latent_map_loads_streamlits_plotly_code_early_and_only_once(app_server, page):
    from app_ui.common.preload import plotly_chunk

    page.goto(f"{app_server.url}/latent-map")
    page.wait_for_function("() => { const p = document.querySelector('.js-plotly-plot');"
                           " return p && p._fullData && p._fullData.some(t => (t._length || 0) > 20); }",
                           timeout=60000)
    early = page.evaluate("() => [...document.querySelectorAll('link[rel=modulepreload]')].map(l => l.href)")
    assert [url for url in early if "/PlotlyChart." in url] == [f"{app_server.url}/static/js/{plotly_chunk()}"]
    fetched = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)"
                            ".filter(n => n.includes('/static/js/PlotlyChart.'))")
    assert len(fetched) == 1 and fetched[0].endswith("/" + plotly_chunk())  # the chart's import reused the preload's
    hidden = page.evaluate("() => ['ae_preload_components', 'ae_preload_plotly'].map(key =>"
                           " getComputedStyle(document.querySelector('.st-key-' + key)).display)")
    assert hidden == ["none", "none"]  # the app's and the page's preloads take no room
    assert page.js_errors == []


def test_changing_the_noise_changes_the_denoise_output(app_server, page):
    page.goto(f"{app_server.url}/denoise")
    images = page.locator('[data-testid="stImage"] img')
    images.first.wait_for(timeout=60000)
    page.wait_for_timeout(1500)
    before = images.evaluate_all("els => els.map(e => e.src)")
    page.locator('[data-testid="stSlider"]').first.get_by_role("slider").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("(before) => { const now = [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
                           ".map(e => e.src); return now.filter((s, i) => s !== before[i]).length >= 2; }",
                           arg=before, timeout=30000)
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "denoise-noise-changed")
