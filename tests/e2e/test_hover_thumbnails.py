"""Hovering a map point shows its own image and reconstruction at once, painted in the browser
from sprite sheets sent once (no server run per hover), and the point is ringed on top."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from ae_models.data import load_dataset
from ae_models.sprites import thumbnails

from .conftest import shot

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parent / "apps" / "hover_map_app.py"
CANVASES = ("() => Array.from(document.querySelectorAll('#ae-hover-thumbnail canvas'))"
            ".map(c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data))")


def _point_on_screen(page, trace_index: int) -> tuple[float, float, int]:
    return page.evaluate("""(i) => {
      const gd = document.querySelector('.st-key-map .js-plotly-plot'), t = gd._fullData[0], s = gd._fullLayout._size;
      const box = gd.getBoundingClientRect();
      return [box.left + s.l + gd._fullLayout.xaxis.l2p(t.x[i]), box.top + s.t + gd._fullLayout.yaxis.l2p(t.y[i]),
              t.customdata[i]];
    }""", trace_index)


def test_hover_paints_the_points_thumbnail_and_reconstruction(start_server, page):
    server = start_server(APP)
    page.goto(server.url)
    page.wait_for_function("() => { const g = document.querySelector('.st-key-map .js-plotly-plot');"
                           " return g && g._fullData && g._fullData[0]._length === 360; }", timeout=60000)
    page.wait_for_function("() => window.__aeHoverThumbnails && window.__aeHoverThumbnails.map"
                           " && window.__aeHoverThumbnails.map.plot", timeout=30000)
    runs_before = page.get_by_text("runs:").inner_text()
    expected = thumbnails(load_dataset("digits", "test").images)  # (360, 8, 8) uint8
    for trace_index in (3, 300):  # two points whose images lie on different sheets
        x, y, image_index = _point_on_screen(page, trace_index)
        page.mouse.move(x + 40, y + 40)
        page.mouse.move(x, y, steps=4)
        started = time.perf_counter()
        page.wait_for_function(f"() => document.querySelector('#ae-hover-thumbnail')?.dataset.index === '{image_index}'"
                               " && document.querySelector('#ae-hover-thumbnail').style.display === 'block'",
                               timeout=5000, polling=10)
        assert time.perf_counter() - started < 1.0
        image, reconstruction = (np.array(c, dtype=np.uint8).reshape(96, 96, 4) for c in page.evaluate(CANVASES))
        assert np.array_equal(image[::12, ::12, 0], expected[image_index])  # 8 px drawn 12× (≈ 96 px), crisp
        inverted = 255 - expected[image_index].astype(int)  # the app's "reconstructions": 1 − image, rounded
        assert np.abs(reconstruction[::12, ::12, 0].astype(int) - inverted).max() <= 1
        ring = page.evaluate("() => { const r = document.getElementById('ae-hover-ring').getBoundingClientRect();"
                             " return [r.left + r.width / 2, r.top + r.height / 2]; }")
        assert abs(ring[0] - x) < 3 and abs(ring[1] - y) < 3
    assert page.get_by_text("runs:").inner_text() == runs_before  # hovering ran nothing on the server
    shot(page, "hover-thumbnails")
    # A scroll moves the point away from the fixed thumbnail: it ends the hover (Streamlit scrolls an inner element).
    page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]') || document.scrollingElement;"
                  " m.dispatchEvent(new Event('scroll')); }")
    page.wait_for_function("() => ['ae-hover-thumbnail', 'ae-hover-ring'].every("
                           "id => document.getElementById(id).style.display === 'none')", timeout=5000)
    assert not page.js_errors


def test_a_click_pins_the_points_pictures_at_once_until_the_server_has_answered(start_server, page):
    server = start_server(APP)
    page.goto(server.url)
    page.wait_for_function("() => window.__aeHoverThumbnails && window.__aeHoverThumbnails.map"
                           " && window.__aeHoverThumbnails.map.plot", timeout=60000)
    expected = thumbnails(load_dataset("digits", "test").images)
    x, y, image_index = _point_on_screen(page, 42)
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y, steps=4)
    started = time.perf_counter()
    page.mouse.click(x, y)
    page.wait_for_function(f"() => document.querySelector('#ae-pick-preview')?.dataset.index === '{image_index}'"
                           " && document.querySelector('#ae-pick-preview').style.display === 'block'",
                           timeout=5000, polling=10)
    assert time.perf_counter() - started < 0.9  # before the app's slow run (1 s) has answered
    assert not page.get_by_text(f"inspecting #{image_index}").is_visible()
    title = page.evaluate("() => document.querySelector('#ae-pick-preview').innerText")
    assert title.startswith(f"#{image_index} · picked")
    preview = page.evaluate("() => Array.from(document.querySelectorAll('#ae-pick-preview canvas'))"
                            ".map(c => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data))")
    assert np.array_equal(np.array(preview[0], dtype=np.uint8).reshape(96, 96, 4)[::12, ::12, 0], expected[image_index])
    ring = page.evaluate("() => { const r = document.getElementById('ae-pick-ring').getBoundingClientRect();"
                         " return [r.left + r.width / 2, r.top + r.height / 2]; }")
    assert abs(ring[0] - x) < 3 and abs(ring[1] - y) < 3
    shot(page, "pick-preview")
    # The server's run has answered (the app says which point it inspects): the preview goes.
    page.get_by_text(f"inspecting #{image_index}").wait_for(timeout=20000)
    page.wait_for_function("() => ['ae-pick-preview', 'ae-pick-ring'].every("
                           "id => document.getElementById(id).style.display === 'none')", timeout=5000)
    # A press that drags is a pan, not a pick: its preview goes at once, and nothing is picked.
    x, y, other = _point_on_screen(page, 200)
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y, steps=4)
    page.mouse.down()
    page.wait_for_function(f"() => document.querySelector('#ae-pick-preview')?.dataset.index === '{other}'"
                           " && document.querySelector('#ae-pick-preview').style.display === 'block'", timeout=5000)
    page.mouse.move(x + 60, y + 30, steps=5)
    page.mouse.up()
    assert page.evaluate("() => document.getElementById('ae-pick-preview').style.display") == "none"
    page.wait_for_timeout(1500)
    assert page.evaluate("() => document.getElementById('ae-pick-preview').style.display") == "none"
    assert not page.get_by_text(f"inspecting #{other}").is_visible()
    assert not page.js_errors


def test_a_click_whose_hover_data_plotly_cleared_during_the_press_still_picks_the_point(start_server, page):
    """Plotly runs a hover it throttled (the mouse moved just before the press) under its drag cover,
    which clears its hover data; its click then selects nothing. The component hovers the release's
    spot again, so the click reaches the server."""
    server = start_server(APP)
    page.goto(server.url)
    page.wait_for_function("() => window.__aeHoverThumbnails && window.__aeHoverThumbnails.map"
                           " && window.__aeHoverThumbnails.map.plot", timeout=60000)
    x, y, image_index = _point_on_screen(page, 77)
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y, steps=4)
    page.wait_for_function(f"() => document.querySelector('#ae-hover-thumbnail')?.dataset.index === '{image_index}'",
                           timeout=5000)
    page.mouse.down()
    page.evaluate("() => { window.__aeHoverThumbnails.map.plot._hoverdata = undefined; }")  # what the late hover does
    page.mouse.up()
    page.get_by_text(f"inspecting #{image_index}").wait_for(timeout=20000)
    assert not page.js_errors
