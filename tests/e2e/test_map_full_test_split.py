"""The real Latent Map in Chromium on the whole MNIST test split (`?points=test`: 10,000 images, encoded
by the page's background job into a fresh disk cache): hovering a point shows its own thumbnail,
pressing it pins its pictures at once (a drag withdraws them), and a lasso drawn around a region
gets the grid of exactly the images in it.

It needs MNIST's test split in `AE_DATA_DIR` or `../shared/data` and skips with the reason when it
is not there; the product itself never needs those files."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from ae_models.checkpoints import pretrained_dir
from ae_models.data import load_dataset
from ae_models.download import REMOTE_DATASETS
from ae_models.sprites import thumbnails

from .conftest import shot
from .test_map_hover_browser import CANVASES, ON_SCREEN, POINTS, wait_for_hover_layer

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("AE_DATA_DIR") or ROOT.parent / "shared" / "data").expanduser()
MODEL = "mnist-ae-16"  # shipped; an MLP, so the job encodes the 10,000 images in seconds
COUNT = 10_000
LASSO = [(0.5 + 0.18 * np.cos(a), 0.5 + 0.18 * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 13)]  # shares of the plot
# How many data points lie inside the polygon (screen pixels), by ray casting, as plotly decides a lasso.
INSIDE = """(polygon) => {
  const p = document.querySelector('.st-key-map_chart .js-plotly-plot'), L = p._fullLayout, s = L._size;
  const r = p.getBoundingClientRect(); let n = 0;
  const inside = (x, y) => { let hit = false;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i], [xj, yj] = polygon[j];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) hit = !hit;
    }
    return hit; };
  for (const t of p._fullData.filter(t => t.name !== 'grid'))
    for (let i = 0; i < t._length; i++)
      if (inside(r.left + s.l + L.xaxis.l2p(t.x[i]), r.top + s.t + L.yaxis.l2p(t.y[i]))) n++;
  return n; }"""


def _test_split_files() -> list[Path]:
    files = REMOTE_DATASETS["mnist"].files
    return [DATA / "mnist" / files[f"test-{part}"].name for part in ("images", "labels")]


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory):
    missing = [path for path in _test_split_files() if not path.is_file()]
    if missing:
        pytest.skip(f"MNIST's test split is not in {DATA / 'mnist'} (set AE_DATA_DIR to a folder holding mnist/): "
                    "the full-data browser test is skipped")
    if not (pretrained_dir() / MODEL).is_dir():
        pytest.skip(f"the shipped {MODEL} checkpoint is missing (python -m ae_models.zoo build)")
    return start_server(ROOT / "app.py", AE_DATA_DIR=str(DATA), AE_CACHE_DIR=str(tmp_path_factory.mktemp("cache")),
                        AE_PRETRAINED_DIR=str(pretrained_dir()), AE_DEVICE="cpu")


@pytest.fixture(scope="module")
def map_page(server, browser):
    """The map of the test split, once its job has encoded every image and sent the thumbnails."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{server.url}/latent-map?model={MODEL}&points=test")
    page.wait_for_function(f"() => ({POINTS})() === {COUNT}", timeout=240000)
    wait_for_hover_layer(page)
    yield page, errors
    context.close()


def test_hovering_a_point_of_the_test_split_shows_its_own_thumbnail(map_page):
    page, errors = map_page
    expected = thumbnails(load_dataset("mnist", "test", data_dir=DATA, download=False).images)  # (10000, 28, 28)
    for wanted in (0, 4321, COUNT - 1):
        x, y = page.evaluate(ON_SCREEN, wanted)
        page.mouse.move(5, 5)  # off the map first: the thumbnail goes, then one move onto the point
        page.wait_for_function("() => document.querySelector('#ae-hover-thumbnail')?.style.display !== 'block'")
        page.mouse.move(x, y)
        page.wait_for_function("() => document.querySelector('#ae-hover-thumbnail')?.style.display === 'block'",
                               timeout=5000)
        index = int(page.evaluate("() => document.querySelector('#ae-hover-thumbnail').dataset.index"))
        shown = page.evaluate(ON_SCREEN, index)  # the hovered point: maybe another one drawn on the wanted one
        assert abs(shown[0] - x) < 4 and abs(shown[1] - y) < 4
        canvas = np.array(page.evaluate(CANVASES)[0], dtype=np.uint8)
        side = int(np.sqrt(len(canvas) // 4))
        scale = side // expected.shape[1]
        assert np.array_equal(canvas.reshape(side, side, 4)[::scale, ::scale, 0], expected[index])
    shot(page, "latent-map-test-split-hover")
    assert errors == []


def test_pressing_a_point_pins_its_pictures_at_once_and_a_drag_withdraws_them(map_page):
    page, errors = map_page
    x, y = page.evaluate(ON_SCREEN, 4321)
    page.mouse.move(5, 5)
    page.wait_for_function("() => document.querySelector('#ae-hover-thumbnail')?.style.display !== 'block'")
    page.mouse.move(x, y)
    page.wait_for_function("() => document.querySelector('#ae-hover-thumbnail')?.style.display === 'block'",
                           timeout=5000)
    hovered = page.evaluate("() => document.querySelector('#ae-hover-thumbnail').dataset.index")
    page.mouse.down()
    page.wait_for_function(f"() => document.querySelector('#ae-pick-preview')?.dataset.index === '{hovered}'"
                           " && document.querySelector('#ae-pick-preview').style.display === 'block'", timeout=2000)
    title = page.evaluate("() => document.querySelector('#ae-pick-preview').innerText")
    assert title.startswith(f"#{hovered} · picked · the inspector follows")  # the page's own text
    page.mouse.move(x + 50, y + 20, steps=5)  # a pan, not a click: nothing is picked
    page.mouse.up()
    assert page.evaluate("() => document.getElementById('ae-pick-preview').style.display") == "none"
    assert errors == []


def test_a_lasso_on_the_test_split_gets_the_grid_of_the_images_in_it(map_page):
    page, errors = map_page
    left, top, width, height = page.evaluate("""() => {
      const p = document.querySelector('.st-key-map_chart .js-plotly-plot'), s = p._fullLayout._size;
      const r = p.getBoundingClientRect(); return [r.left + s.l, r.top + s.t, s.w, s.h]; }""")
    polygon = [(left + a * width, top + b * height) for a, b in LASSO]
    inside = page.evaluate(INSIDE, polygon)
    assert 50 < inside < COUNT
    page.locator('.st-key-map_chart .modebar-btn[data-title="Lasso Select"]').click()
    page.mouse.move(*polygon[0])
    page.mouse.down()
    for corner in polygon[1:]:
        page.mouse.move(*corner, steps=4)
    page.mouse.up()
    caption = page.get_by_text("Images 1–48 of")
    caption.wait_for(timeout=60000)
    selected = int(caption.inner_text().split(" of ")[1].split(" ")[0].replace(",", ""))
    assert abs(selected - inside) <= max(2, inside // 100)  # plotly's own test of the lasso's edge
    grey = page.evaluate("""() => document.querySelector('.st-key-map_chart .js-plotly-plot')._fullData
                            .find(t => t.name === 'not selected')._length""")
    assert grey == COUNT - selected  # the rest of the map stays, in grey
    page.get_by_text(f"Selected: {selected:,} point(s)").first.wait_for(timeout=5000)
    caption.scroll_into_view_if_needed()
    shot(page, "latent-map-test-split-lasso")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors == []
