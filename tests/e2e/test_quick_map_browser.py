"""A cold start of the real app in Chromium: the Latent Map's first map is the quick map (the
shipped embedding on a canvas, drawn before torch is imported), it answers a hover and a click in
the browser at once, the click becomes the page's pick (the inspector of that very point), and the
plotly map takes its place with the page still connected. A click while the server is still in its
first run once broke the page ("Bad delta path index"): this test clicks exactly then."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.suite import PINNED_JS, PLOTLY_PAINTED_JS

from .conftest import shot

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "app.py"
QUICK = "canvas.ae-quick-map[data-painted]:not([data-ghost])"  # not the copy left while plotly draws


@pytest.fixture(scope="module")
def cold_server(start_server):
    """A server of its own whose first page is the one under test, so that torch is not imported yet."""
    return start_server(APP, AE_DEVICE="cpu")


def test_a_cold_start_paints_the_quick_map_and_a_click_on_it_opens_that_points_inspector(cold_server, page):
    closed = []
    page.on("websocket", lambda ws: ws.on("close", lambda *_: closed.append(ws.url)))
    page.goto(f"{cold_server.url}/latent-map")
    quick = page.locator(QUICK)
    quick.wait_for(timeout=60000)
    assert int(quick.get_attribute("data-painted")) == 5000  # the shipped sample, every point
    assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 0  # still the quick map
    inked = quick.evaluate("""(c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) n += d[i + 3] > 0 && Math.min(d[i], d[i + 1], d[i + 2]) < 200;
      return n / (d.length / 4); }""")  # in the page: a read of 1.2 M values through Playwright takes seconds
    assert inked > 0.01, "the canvas holds no drawn points"

    # Hover a point, then click it while the server is still importing torch.
    quick.scroll_into_view_if_needed()
    spot = quick.evaluate("(c) => c.pointAt(0)")
    page.mouse.move(spot["x"], spot["y"])
    tip = page.locator(".ae-quick-map-tip")
    tip.wait_for(state="visible", timeout=5000)
    assert re.match(r"^#\d+ · \S", tip.text_content())
    page.mouse.click(spot["x"], spot["y"])
    pinned = page.wait_for_function(PINNED_JS, timeout=5000, polling=20).json_value()["index"]
    at = quick.evaluate("(c, i) => c.pointAt(i)", pinned)  # several points may lie under the pointer
    assert abs(at["x"] - spot["x"]) <= 10 and abs(at["y"] - spot["y"]) <= 10, (spot, at)
    assert page.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 0, "clicked too late to test"
    shot(page, "quick-map-pinned")

    heading = page.locator("h4", has_text=re.compile(rf"^#{pinned} · "))
    heading.first.wait_for(timeout=120000)  # the server's answer: the inspector of the point pinned
    page.wait_for_function(PLOTLY_PAINTED_JS, timeout=60000)
    page.wait_for_function("() => !document.querySelector('canvas.ae-quick-map')"
                           " && !document.querySelector('.ae-quick-map-ghost')", timeout=10000)
    shot(page, "quick-map-replaced")
    assert closed == [], "the page lost its connection to the server"
    assert page.js_errors == []
