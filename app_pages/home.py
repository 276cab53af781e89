"""Home: what an autoencoder is (AE, stacked, denoising, convolutional, VAE), its three uses with
links to the pages that show them, and the selected model drawn layer by layer."""

from __future__ import annotations

import streamlit as st

from app_ui.common.i18n import register, t
from app_ui.common.sidebar import current_selection, require_model
from app_ui.home import panels
from app_ui.home.texts import DENOISING_LOSS, ELBO, LOSS, TEXTS

register(TEXTS)


@st.fragment
def selected_model() -> None:
    st.subheader(t("home_model_title"))
    selection = current_selection()
    model = require_model(selection)
    panels.summary(selection.model, model)
    panels.architecture(selection.model.name)
    panels.reconstructions(selection.model)


st.title(t("home_title"))
st.markdown(t("home_intro"))
panels.section("home_parts_title", "home_parts", LOSS, "home_unsupervised")
panels.section("home_families_title", "home_stacked", "home_denoising", DENOISING_LOSS, "home_denoising_after",
               "home_conv", "home_vae", ELBO, "home_vae_after")
panels.vae_likelihood()
panels.uses()
selected_model()
