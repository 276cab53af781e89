"""Start the browser loading code it will need while the server still runs the page, instead of
when the element that needs it arrives (`assets/preload/component.js`): Streamlit's component code
on every page (`preload_components`), and its plotly chunk at the top of a page whose first paint is
a chart (the Latent Map: `preload_plotly`)."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

ASSET = Path(__file__).resolve().parents[2] / "assets" / "preload" / "component.js"
COMPONENTS_KEY = "ae_preload_components"
STATIC_JS = Path(st.__file__).resolve().parent / "static" / "static" / "js"
_COMPONENT = st.components.v2.component("ae_preload_plotly", html="<span></span>",
                                        js=ASSET.read_text(encoding="utf-8"))


@functools.cache  # the installed Streamlit's files do not change while it runs: look once, not every rerun
def plotly_chunk() -> str | None:
    """File name of the installed Streamlit's plotly chunk (hashed per release), or None."""
    found = sorted(STATIC_JS.glob("PlotlyChart.*.js"))
    return found[0].name if found else None


def preload_plotly() -> None:
    """Ask the browser to load the plotly chunk now (a no-op when this Streamlit has none)."""
    chunk = plotly_chunk()
    if chunk is not None:
        with st.sidebar:  # see `preload_components`
            _COMPONENT(data={"file": chunk}, key="ae_preload_plotly")


def preload_components() -> None:
    """A hidden component at the top of every page: the browser fetches Streamlit's code for
    components (its BidiComponent chunk, loaded when a page's first component arrives) while the
    sidebar is drawn, so a cold start's quick map does not wait ≈ 0.3 s for it.

    The preloads go in the sidebar: until their code has run and hidden them, each takes the gap
    between elements, and in the main column their going moved the map up by it, under a pointer
    that was about to click a point (seen in Chromium: a cold start's quick map painted, then moved)."""
    with st.sidebar:
        _COMPONENT(data=None, key=COMPONENTS_KEY)
