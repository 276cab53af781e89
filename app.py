"""Autoencoder latent-space explorer. Start it with `streamlit run app.py`."""

import streamlit as st

from app_ui.common.preload import preload_components
from app_ui.common.server_process import freeze_imported_objects
from app_ui.common.sidebar import device_caption, pages, sidebar

freeze_imported_objects()  # what the last run imported leaves Streamlit's after-run GC: see its docstring
st.set_page_config(page_title="Autoencoder explorer", page_icon="🧭", layout="wide")
preload_components()  # first: the browser fetches component code while the rest is drawn (in the sidebar)
navigation = st.navigation(pages())  # titles in the session's language
selection = sidebar()  # reads cards only: no torch yet, so a cold start's first map comes sooner
try:
    navigation.run()
finally:  # also when the page stopped or reran
    if selection is not None:
        device_caption()  # imports torch and sets its threads: see its docstring
