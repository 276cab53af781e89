"""A cold start of the real app in Chromium: the Latent Map's first map is the quick map (the
shipped embedding on a canvas, drawn before torch is imported, over the plotly map that is still
loading), it answers a hover and a click in the browser at once, the click becomes the page's pick
(the inspector of that very point), and the quick map goes once plotly has drawn, with the page
still connected. A click while the server is still in its first run once broke the page ("Bad delta
path index"): this test clicks exactly then."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks.suite import PINNED_JS, PLOTLY_PAINTED_JS

from .conftest import shot

pytestmark = pytest.mark.e2e
APP = Path(__file__).resolve().parents[2] / "app.py"
QUICK = "canvas.ae-quick-map[data-painted]"
PLOTLY_CODE = re.compile(r".*/PlotlyChart\.[^/]+\.js$")  # Streamlit's plotly chunk
SHOWN = "(c) => c.closest('.stElementContainer').style.display !== 'none'"  # not yet hidden over a drawn plotly map
# True once the quick map has stayed where it is for 400 ms: the settings above it take their final size
# when Streamlit's code for their widgets arrives, which can come after the map's paint.
SETTLED_JS = f"""() => {{ const c = document.querySelector("{QUICK}"), now = performance.now();
  const top = c.getBoundingClientRect().top + window.scrollY, s = window.__quickTop;
  if (!s || s.top !== top) {{ window.__quickTop = {{top, since: now}}; return false; }}
  return now - s.since > 400; }}"""


@pytest.fixture(scope="module")
def cold_server(start_server):
    """A server of its own whose first page is the one under test, so that torch is not imported yet."""
    return start_server(APP, AE_DEVICE="cpu")


def test_a_cold_start_paints_the_quick_map_and_a_click_on_it_opens_that_points_inspector(cold_server, page):
    closed, held = [], []
    page.on("websocket", lambda ws: ws.on("close", lambda *_: closed.append(ws.url)))
    # Plotly's code is held back until the click is pinned: on a fast machine plotly could draw (and
    # the quick map give way) before the test has moved the mouse.
    page.route(PLOTLY_CODE, lambda route: held.append(route))
    page.goto(f"{cold_server.url}/latent-map")
    quick = page.locator(QUICK)
    quick.wait_for(timeout=60000)
    page.wait_for_function(SETTLED_JS, timeout=10000, polling=50)
    # Hover a point, then click it while the server imports torch.
    spot = quick.evaluate("(c) => { c.scrollIntoView({block: 'center', behavior: 'instant'}); return c.pointAt(0); }")
    page.mouse.move(spot["x"], spot["y"])
    tip = page.locator(".ae-quick-map-tip")
    tip.wait_for(state="visible", timeout=5000)
    assert re.match(r"^#\d+ · \S", tip.text_content())
    page.mouse.click(spot["x"], spot["y"])
    pinned = page.wait_for_function(PINNED_JS, timeout=5000, polling=20).json_value()["index"]
    assert quick.evaluate(SHOWN), "clicked too late to test: the quick map had gone"
    at = quick.evaluate("(c, i) => c.pointAt(i)", pinned)  # several points may lie under the pointer
    assert abs(at["x"] - spot["x"]) <= 10 and abs(at["y"] - spot["y"]) <= 10, (spot, at)
    assert int(quick.get_attribute("data-painted")) == 5000  # the shipped sample, every point
    inked = quick.evaluate("""(c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) n += d[i + 3] > 0 && Math.min(d[i], d[i + 1], d[i + 2]) < 200;
      return n / (d.length / 4); }""")  # in the page: a read of 1.2 M values through Playwright takes seconds
    assert inked > 0.01, "the canvas holds no drawn points"
    shot(page, "quick-map-pinned")
    for route in held:
        route.continue_()
    page.unroute(PLOTLY_CODE)

    heading = page.locator("h4", has_text=re.compile(rf"^#{pinned} · "))
    heading.first.wait_for(timeout=120000)  # the server's answer: the inspector of the point pinned
    page.wait_for_function(PLOTLY_PAINTED_JS, timeout=60000)
    page.wait_for_function("() => !document.querySelector('canvas.ae-quick-map')",
                           timeout=10000)  # the run that answered the click put an empty element in its place
    shot(page, "quick-map-replaced")
    assert closed == [], "the page lost its connection to the server"
    assert page.js_errors == []
