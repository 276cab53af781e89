"""Start the browser loading Streamlit's plotly chunk at the top of a page whose first paint is a
chart (the Latent Map), so that fetching and evaluating it overlaps the server's run instead of
following it (`assets/preload/component.js`)."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

ASSET = Path(__file__).resolve().parents[2] / "assets" / "preload" / "component.js"
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
        _COMPONENT(data={"file": chunk}, key="ae_preload_plotly")
