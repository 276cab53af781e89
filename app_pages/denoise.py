"""Denoise: the same noisy input through several autoencoders, scored, over a range of strengths,
and how far the noise pushes each model's code."""

import streamlit as st

from app_ui.common.i18n import t
from app_ui.common.sidebar import current_selection, require_model
from app_ui.denoise import panels

st.title(t("dn_title"))
st.caption(t("dn_intro"))
selection = current_selection()
require_model(selection)
with st.expander(t("dn_explain_title")):
    st.markdown(t("dn_explain"))

models = panels.model_picker(selection.dataset, selection.model.name)
clean = panels.input_picker(selection.dataset)
noise, seed = panels.noise_picker()
if not models:
    st.info(t("dn_pick_one"))
    st.stop()
if clean is not None:
    noisy = panels.comparison(models, clean, noise, seed)
    panels.shift_maps(models, selection.dataset, clean, noisy)
panels.noise_curves(models, selection.dataset, noise.kind, seed)
