"""Autoencoder latent-space explorer. Start it with `streamlit run app.py`."""

import streamlit as st

from ae_models.devices import set_server_threads
from app_ui.common.server_process import freeze_imported_objects
from app_ui.common.sidebar import pages, sidebar

set_server_threads()  # many small requests at once: see its docstring
freeze_imported_objects()  # what the last run imported leaves Streamlit's after-run GC: see its docstring
st.set_page_config(page_title="Autoencoder explorer", page_icon="🧭", layout="wide")
navigation = st.navigation(pages())  # titles in the session's language
sidebar()
navigation.run()
