"""Generate: start from a code, steer it with sliders, interpolate, add attribute vectors, traverse
dimensions (or known factors), sample the prior and look at a VAE's uncertainty."""

import streamlit as st

from app_ui.common.i18n import t
from app_ui.common.sidebar import current_selection, require_model
from app_ui.common.tabs import lazy_tabs
from app_ui.generate import context, editor, factors, panels

st.title(t("gen_title"))
st.caption(t("gen_intro"))
selection = current_selection()
model = require_model(selection)

# Where the code starts: a shared link, else the start picker (a test image, a prior sample or zero).
ctx = context.make_context(selection, model)
ctx.link = context.read_link(ctx)
context.set_start(ctx, context.start_picker(ctx))

# One tab per way of steering the decoder; only the open tab runs. A dataset with known factors
# (shapes) adds what each latent dimension encodes.
PANELS = {
    "gen_tab_edit": editor.edit,
    "gen_tab_interp": panels.interpolation,
    "gen_tab_attr": panels.attributes,
    "gen_tab_trav": panels.traversals,
    **({"gen_tab_factors": factors.known_factors} if ctx.factors else {}),
    "gen_tab_sample": panels.sampling,
    "gen_tab_uncert": panels.uncertainty,
    "gen_tab_beta": panels.beta_explorer,
}
for tab, panel in zip(lazy_tabs(list(PANELS), key=context.TAB_KEY), PANELS.values(), strict=True):
    if tab.open:
        with tab:
            panel(ctx)
