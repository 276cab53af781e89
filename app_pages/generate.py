"""Generate: start from a code, steer it with sliders, interpolate, add attribute vectors, traverse
dimensions, sample the prior and look at a VAE's uncertainty."""

import streamlit as st

from app_ui import generate_panels as panels
from app_ui.i18n import t
from app_ui.sidebar import current_selection, require_model

st.title(t("gen_title"))
st.caption(t("gen_intro"))
selection = current_selection()
model = require_model(selection)
ctx = panels.make_context(selection, model)
link = panels.read_link(ctx)
ctx.start = panels.start_picker(ctx)
panels.prepare_editor(ctx, link)

PANELS = {"gen_tab_live": panels.live,
          "gen_tab_edit": panels.editor, "gen_tab_interp": panels.interpolation, "gen_tab_attr": panels.attributes,
          "gen_tab_trav": panels.traversals, "gen_tab_sample": panels.sampling, "gen_tab_uncert": panels.uncertainty,
          "gen_tab_beta": panels.beta_explorer}
for tab, panel in zip(st.tabs([t(key) for key in PANELS]), PANELS.values(), strict=True):
    with tab:
        panel(ctx)
