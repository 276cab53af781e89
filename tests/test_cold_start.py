"""A cold start draws the shipped map before torch and scikit-learn are imported (issue 23: a map in
2.5 s). Each check runs in a fresh interpreter: this one has imported torch already (conftest)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ae_models import samples
from ae_models.checkpoints import list_pretrained, read_card
from ae_models.model_data import dataset_key

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "sklearn")  # ≈ 2 s each to import on two CPU cores
COLD_MODULES = ("ae_models", "app_ui.common.preload", "app_ui.common.server_process", "app_ui.common.sidebar",
                "app_ui.latent_map.first_map", "app_ui.latent_map.settings")

# The map page alone behind the sidebar, as app.py opens it on a link to /latent-map; every map
# drawn, quick (canvas) or plotly, records which of HEAVY had been imported when it was drawn.
FIRST_VISIT = """
import json, sys
import streamlit as st
from streamlit.testing.v1 import AppTest
from app_ui.latent_map import quick_map

heavy_at_charts = []
def spied(kind, draw):
    def spy(*args, **kwargs):
        heavy_at_charts.append([kind, [m for m in HEAVY if m in sys.modules]])
        return draw(*args, **kwargs)
    return spy
st.plotly_chart = spied("plotly", st.plotly_chart)
quick_map._COMPONENT = spied("quick", quick_map._COMPONENT)

at = AppTest.from_string('''
import streamlit as st
from app_ui.common.sidebar import PAGES_DIR, sidebar
navigation = st.navigation([st.Page(PAGES_DIR / "latent_map.py")])
sidebar()
navigation.run()
''', default_timeout=300)
at.run()
print(json.dumps({"exceptions": [str(e.value) for e in at.exception], "charts": heavy_at_charts,
                  "heavy_after": [m for m in HEAVY if m in sys.modules]}))
"""


def run_python(code: str, timeout: float) -> str:
    done = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{code}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_the_cold_path_imports_neither_torch_nor_scikit_learn() -> None:
    imported = run_python(f"import sys\nfor m in {COLD_MODULES!r}: __import__(m)\n"
                          "print([m for m in HEAVY if m in sys.modules])", timeout=120)
    assert imported == "[]", f"importing {COLD_MODULES} imported {imported}"


def test_the_installed_streamlit_has_the_plotly_chunk_the_map_page_preloads() -> None:
    from app_ui.common.preload import STATIC_JS, plotly_chunk

    chunk = plotly_chunk()
    assert chunk is not None, f"no PlotlyChart.*.js in {STATIC_JS}: Streamlit renamed its chunk, the preload is a no-op"
    assert (STATIC_JS / chunk).stat().st_size > 1_000_000  # plotly.js itself


def test_the_family_names_cards_are_checked_against_are_the_registrys() -> None:
    from ae_models.families import FAMILY_NAMES
    from ae_models.models import FAMILIES

    assert tuple(FAMILIES) == FAMILY_NAMES


@pytest.mark.slow
def test_a_first_visit_draws_the_shipped_map_before_torch_then_the_rest_of_the_page() -> None:
    result = json.loads(run_python(FIRST_VISIT, timeout=600))
    assert result["exceptions"] == []
    assert result["charts"] == [["quick", []], ["plotly", []]], \
        "the quick map came first, then the plotly map of the same file, both before torch and scikit-learn, once"
    assert set(result["heavy_after"]) == set(HEAVY)  # the rest of the page: the model, the projection's quality


@pytest.mark.parametrize("name", [n for n in list_pretrained() if samples.load_embedding(n) is not None])
def test_shipped_labels_are_the_samples_and_first_maps_match_the_pages(name: str) -> None:
    """The first map (drawn from the shipped file) is the page's own map to within a pixel, so the
    page does not rerun to redraw it; its labels are the sample's."""
    from ae_models.latent_map import fit_map
    from app_ui.common.loaders import load_images
    from app_ui.latent_map.first_map import MATCH_TOLERANCE

    stored, card = samples.load_embedding(name), read_card(name)
    sample = load_images(dataset_key(card))
    assert np.array_equal(stored["labels"], sample.labels.numpy())
    for method in ("pca", "tsne", "umap"):
        if method in stored:
            page = fit_map(stored["latents"].astype(np.float32), method, 2,  # type: ignore[arg-type]
                           embedding=stored[method].astype(np.float32)).embedding_
            drawn = stored["latents" if card["latent_dim"] == 2 else method].astype(np.float32)
            assert np.abs(page - drawn).max() < MATCH_TOLERANCE / 10 * np.abs(page).max()


def test_a_first_map_that_is_not_the_models_is_redrawn(tiny_zoo, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shipped file the model does not re-encode to (a retrained model): the quick map and the
    plotly map under it show it first; once the model has encoded the sample the page reruns and
    draws its own map in its place."""
    import streamlit as st
    from apptest import open_page

    from app_ui.common.loaders import load_images
    from app_ui.latent_map import first_map, quick_map

    sample = load_images("digits")
    rng = np.random.default_rng(0)
    stale = {"latents": rng.normal(size=(len(sample), 4)).astype(np.float16),
             "pca": rng.normal(size=(len(sample), 2)).astype(np.float16), "labels": sample.labels.numpy()}
    monkeypatch.setattr(first_map, "shipped_arrays", lambda name: stale)
    monkeypatch.setitem(samples.SAMPLE_CLASSES, "digits", tuple(sample.classes))
    drawn, draw, mount = [], st.plotly_chart, quick_map._COMPONENT

    def chart_spy(fig, **kwargs):
        if kwargs.get("key") == "map_chart":
            drawn.append(("plotly", fig))
        return draw(fig, **kwargs)

    def quick_spy(**kwargs):
        drawn.append(("quick", kwargs["data"]))
        return mount(**kwargs)

    monkeypatch.setattr(st, "plotly_chart", chart_spy)
    monkeypatch.setattr(quick_map, "_COMPONENT", quick_spy)
    at = open_page("app_pages/latent_map.py")
    assert first_map.DRAWN_KEY in at.session_state
    assert [kind for kind, _ in drawn] == ["quick", "plotly", "plotly"]  # the first run's two, the rerun's
    (_, quick), (_, shipped), (_, own) = drawn
    np.testing.assert_allclose(quick_map.decoded_points(quick), stale["pca"].astype(np.float32), atol=1e-3)

    def drawn_at(fig) -> np.ndarray:  # (N, 2) in sample order, from the class traces
        traces = [t for t in fig.data if t.customdata is not None and t.name != "grid"]
        order = np.concatenate([t.customdata[:, 0] for t in traces])
        points = np.concatenate([np.stack([t.x, t.y], axis=1) for t in traces])
        return points[np.argsort(order)]

    np.testing.assert_allclose(drawn_at(shipped), stale["pca"].astype(np.float32), atol=1e-3)
    assert not np.allclose(drawn_at(own), stale["pca"].astype(np.float32), atol=1e-2)
    assert len(at.get("plotly_chart")) == 1
