"""The Home page's panels: sections of the theory, the uses with their links, and the selected
model (summary, architecture, reconstructions)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import Autoencoder
from ae_models.architecture import describe_shape
from ae_models.zoo import BINARISED_MNIST_NLL
from app_ui.common.i18n import t
from app_ui.common.loaders import ModelInfo
from app_ui.common.pictures import picture_grid
from app_ui.home.data import binarised_likelihood, model_layers, one_per_class_reconstructions
from app_ui.home.figures import architecture_figure
from app_ui.home.texts import TEXTS

USES = [  # (text, [(page, link label, icon)])
    ("home_use_features", [("app_pages/latent_map.py", "home_link_map", "🗺️"),
                           ("app_pages/features.py", "home_link_features", "📊")]),
    ("home_use_generation", [("app_pages/generate.py", "home_link_generate", "🎛️")]),
    ("home_use_anomalies", [("app_pages/anomalies.py", "home_link_anomalies", "🚨"),
                            ("app_pages/denoise.py", "home_link_denoise", "🧽")]),
]


def section(title: str, *paragraphs: str) -> None:
    """A subheader over its paragraphs: text keys of the page's texts, or LaTeX formulas."""
    st.subheader(t(title))
    for paragraph in paragraphs:
        if paragraph in TEXTS:
            st.markdown(t(paragraph))
        else:
            st.latex(paragraph)


def vae_likelihood() -> None:
    """The zoo's binarised-MNIST VAE likelihood beside the published ones, when a card has it."""
    figures = binarised_likelihood()
    if figures is None:
        return
    references = "; ".join(f"{name} {value}" for name, value in BINARISED_MNIST_NLL.items())
    st.markdown(t("home_vae_likelihood").format(**figures, references=references))


def uses() -> None:
    """The three uses, each with links to the pages that show it."""
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


def summary(info: ModelInfo, model: Autoencoder) -> None:
    """The model in a line (family, dataset by its short name, image size and colour, code size,
    weights, test score), and a note when it was trained on colour pictures turned grey."""
    channels, h, w = model.image_shape
    images = t("home_images_colour" if channels == 3 else "home_images_grey").format(h=h, w=w)
    st.markdown(t("home_model_summary").format(family=info.family, dataset=info.dataset_name or info.dataset,
                                               images=images, latent=info.latent_dim,
                                               params=model.count_parameters(), headline=info.headline,
                                               description=describe(model)))
    if info.grey:
        st.caption(t("home_grey_note"))


def architecture(model_name: str) -> None:
    """The model drawn layer by layer, and the same layers as a table."""
    rows = model_layers(model_name)
    parts = {"encoder": t("home_encoder"), "code": t("home_code"), "decoder": t("home_decoder")}
    st.plotly_chart(architecture_figure(rows, parts), key="home_architecture",
                    config={"displayModeBar": False})
    st.caption(t("home_diagram_caption"))
    with st.expander(t("home_layers")):
        st.dataframe([{"layer": r.name, "kind": r.kind, "output": describe_shape(r.shape),
                       "weights": r.parameters} for r in rows], key="home_layer_table", hide_index=True)


def reconstructions(info: ModelInfo) -> None:
    """One test image per class over its reconstruction."""
    st.subheader(t("home_recon_title"))
    originals, reconstructed, mse = one_per_class_reconstructions(info.name, info.dataset)
    st.image(picture_grid(np.concatenate([originals, reconstructed]), cols=len(originals), size=64),
             caption=t("home_recon_caption").format(n=len(originals), mse=mse))
