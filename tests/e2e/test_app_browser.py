"""The whole app in Chromium, as a user drives it: every page opens without an error box, the
Generate page's live sliders repaint under a mouse drag, its open tab survives a language switch and
a page visit, and a click on the Latent Map opens the inspector."""

from __future__ import annotations

from pathlib import Path

import pytest

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
