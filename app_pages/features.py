"""Features: latent codes as inputs to simple classifiers, beside raw pixels and PCA of the same
size; and the latent codes of the sample or of uploaded images as CSV/NPY."""

from __future__ import annotations

import streamlit as st

from ae_models.data import DatasetError
from ae_models.features import TEST_SHARE
from app_ui.common.i18n import keep_choices, t
from app_ui.common.loaders import load_images, model_catalogue
from app_ui.common.sidebar import TRAIN_COMMAND, current_selection
from app_ui.features.panels import comparison, export_panel, models_ui

keep_choices("feat_export_source")  # its labels are translated
selection = current_selection()
if selection is None:
    st.info(t("no_models"))
    st.code(TRAIN_COMMAND, language="bash")
    st.stop()
dataset = selection.dataset
try:
    sample = load_images(dataset)
except DatasetError as err:
    st.error(str(err), icon="⚠️")
    st.stop()
st.header(t("feat_title"))
st.caption(t("feat_intro").format(n=len(sample), train=round(100 * (1 - TEST_SHARE)), test=round(100 * TEST_SHARE)))
models = [m for m in model_catalogue()[0] if m.dataset == dataset and m.normal_class is None]
if not models:
    st.info(t("feat_no_model"))
    st.stop()
if (sample.labels < 0).all():
    st.info(t("feat_no_labels"))
else:
    comparison(dataset, models_ui(models))
export_panel(dataset, models)
