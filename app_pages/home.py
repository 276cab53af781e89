"""Home: what an autoencoder is (AE, stacked, denoising, convolutional, VAE), its three uses with
links to the pages that show them, and the selected model drawn layer by layer."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import Autoencoder
from ae_models.architecture import describe_shape
from ae_models.imaging import grid, upscale
from app_ui.common.i18n import register, t
from app_ui.common.sidebar import current_selection, require_model
from app_ui.home.data import model_layers, one_per_class_reconstructions
from app_ui.home.figures import architecture_figure
from app_ui.home.texts import TEXTS

register(TEXTS)

LOSS = r"\mathcal{L}(x) = \lVert x - g(f(x)) \rVert^2"
DENOISING_LOSS = r"\mathcal{L}(x) = \lVert x - g(f(\tilde{x})) \rVert^2, \qquad \tilde{x} = x + \text{noise}"
ELBO = (r"\log p_\theta(x) \;\ge\; \mathbb{E}_{q_\phi(z \mid x)}\big[\log p_\theta(x \mid z)\big]"
        r" \;-\; D_{\mathrm{KL}}\big(q_\phi(z \mid x) \,\|\, p(z)\big)")
USES = [  # (text, [(page, link label, icon)])
    ("home_use_features", [("app_pages/latent_map.py", "home_link_map", "🗺️"),
                           ("app_pages/features.py", "home_link_features", "📊")]),
    ("home_use_generation", [("app_pages/generate.py", "home_link_generate", "🎛️")]),
    ("home_use_anomalies", [("app_pages/anomalies.py", "home_link_anomalies", "🚨"),
                            ("app_pages/denoise.py", "home_link_denoise", "🧽")]),
]


def theory() -> None:
    st.title(t("home_title"))
    st.markdown(t("home_intro"))
    st.subheader(t("home_parts_title"))
    st.markdown(t("home_parts"))
    st.latex(LOSS)
    st.markdown(t("home_unsupervised"))

    st.subheader(t("home_families_title"))
    st.markdown(t("home_stacked"))
    st.markdown(t("home_denoising"))
    st.latex(DENOISING_LOSS)
    st.markdown(t("home_denoising_after"))
    st.markdown(t("home_conv"))
    st.markdown(t("home_vae"))
    st.latex(ELBO)
    st.markdown(t("home_vae_after"))

    st.subheader(t("home_uses_title"))
    for column, (text, links) in zip(st.columns(len(USES)), USES, strict=True):
        with column, st.container(border=True):
            st.markdown(t(text))
            for page, label, icon in links:
                st.page_link(page, label=t(label), icon=icon)


def describe(model: Autoencoder) -> str:
    """The family's one-line description in the current language (the library's, in English, for a
    family the page has no translation for)."""
    key = f"home_desc_{model.family}"
    return t(key) if key in TEXTS else model.description


@st.fragment
def selected_model() -> None:
    st.subheader(t("home_model_title"))
    selection = current_selection()
    model = require_model(selection)
    info = selection.model
    st.markdown(t("home_model_summary").format(family=info.family, dataset=info.dataset,
                                               latent=info.latent_dim, params=model.count_parameters(),
                                               headline=info.headline, description=describe(model)))
    rows = model_layers(info.name)
    parts = {"encoder": t("home_encoder"), "code": t("home_code"), "decoder": t("home_decoder")}
    st.plotly_chart(architecture_figure(rows, parts), key="home_architecture",
                    config={"displayModeBar": False})
    st.caption(t("home_diagram_caption"))
    with st.expander(t("home_layers")):
        st.dataframe([{"layer": r.name, "kind": r.kind, "output": describe_shape(r.shape),
                       "weights": r.parameters} for r in rows], key="home_layer_table", hide_index=True)

    st.subheader(t("home_recon_title"))
    originals, reconstructions, mse = one_per_class_reconstructions(info.name, info.dataset)
    picture = grid(np.concatenate([originals, reconstructions]), cols=len(originals), pad=2)
    st.image(upscale(picture, 64 * len(originals)), caption=t("home_recon_caption").format(
        n=len(originals), mse=mse))


theory()
selected_model()
