"""Models: bring your own autoencoder as two ONNX graphs (checked, inferred, previewed, then added
to the user models folder), and rename or remove the user models."""

import streamlit as st

import app_ui.models.texts  # noqa: F401  (registers the page's texts)
from app_ui.common.i18n import t
from app_ui.models import panels

CLI = ("python -m ae_models.onnx add --encoder encoder.onnx --decoder decoder.onnx --dataset mnist --name my-ae\n"
       "python -m ae_models.onnx export digits-conv_ae-8 /tmp/digits-onnx   # one of ours, as such a folder")

st.title(t("models_title"))
st.markdown(t("models_intro"))
st.code(CLI, language="bash")
panels.last_message()
panels.your_models()
request = panels.request_ui()
if request is not None:
    report = panels.checked(request)
    panels.report_ui(report)
    if report.ok:
        panels.add_ui(request, report)
