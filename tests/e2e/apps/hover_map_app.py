"""A plotly map of the digits test split with hover thumbnails (for tests/e2e/test_hover_thumbnails.py)."""

import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ae_models.data import load_dataset
from ae_models.sprites import build_sprites
from app_ui.common.hover_thumbnails import hover_thumbnails

data = load_dataset("digits", "test")
xy = np.random.default_rng(0).normal(size=(len(data), 2))
order = np.random.default_rng(1).permutation(len(data))  # customdata, not the trace order, names the image
fig = go.Figure(go.Scattergl(x=xy[order, 0], y=xy[order, 1], customdata=order, mode="markers",
                             marker={"size": 9}, hoverinfo="none"))
fig.update_layout(height=500, width=700, margin={"l": 40, "r": 10, "t": 10, "b": 40})
event = st.plotly_chart(fig, key="map", on_select="rerun", selection_mode=("points", "box", "lasso"))
clicked = [int(p["customdata"]) for p in event.selection.points] if event else []
if clicked:
    time.sleep(1.0)  # a slow inspector: the pick preview has to be up before this run ends
    st.write(f"inspecting #{clicked[0]}")
sheets = build_sprites(data.images, per_row=16)  # 256 a sheet: the 360 images span two sheets
hover_thumbnails("map", "digits-test", sheets, build_sprites(1 - data.images, per_row=16),
                 picked=clicked[0] if clicked else None, pending="picked")
st.write(f"runs: {st.session_state.setdefault('runs', 0) + 1}")
st.session_state["runs"] += 1
