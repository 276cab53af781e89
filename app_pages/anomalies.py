"""Anomalies: reconstruction error (1 − SSIM, and −ELBO for VAEs) as an anomaly score, a draggable
threshold with its confusion counts, ROC/PR curves, the most and least anomalous images, and one-class
AUROC per class (MNIST, Fashion-MNIST, your own) beside the published references."""

import streamlit as st

from ae_models.anomaly import has_both_kinds
from ae_models.checkpoints import CheckpointError
from ae_models.data import DatasetError
from app_ui.anomalies import panels
from app_ui.common.i18n import keep_choices, t
from app_ui.common.loaders import model_catalogue

keep_choices("anom_setup", "anom_ood_source", "anom_score")  # their labels are translated
st.header(t("anom_title"))
st.caption(t("anom_intro"))
infos, _ = model_catalogue()
setup = panels.setup_picker()
try:
    chosen = panels.one_class_ui(infos) if setup == "one_class" else panels.ood_ui(infos)
except (CheckpointError, DatasetError, ValueError) as err:
    panels.fail(err)
if chosen is None:
    st.stop()
case, info, names = chosen
if not has_both_kinds(case.is_anomaly):
    panels.fail(ValueError("the set-up needs both normal images and anomalies"))

score_key = panels.score_picker(case, info.name)
# The threshold starts again at its default when the set-up, the model, the anomalies or the score change.
context = "|".join([setup, info.name, names[1], score_key, str(len(case.scores[score_key]))])
panels.threshold_panel(case, score_key, names, context)
if "neg_elbo" in case.scores:
    panels.score_comparison_panel(case, names)
panels.gallery(case, score_key, info.name)
if setup == "one_class":
    panels.per_class_panel(infos, info.dataset)
