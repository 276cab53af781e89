"""Autoencoder latent-space explorer. Start it with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from ae_models.devices import set_server_threads
from app_ui.common.server_process import freeze_imported_objects
from app_ui.common.sidebar import sidebar

PAGES = Path(__file__).resolve().parent / "app_pages"

set_server_threads()  # many small requests at once: see its docstring
freeze_imported_objects()  # what the last run imported leaves Streamlit's after-run GC: see its docstring
st.set_page_config(page_title="Autoencoder explorer", page_icon="🧭", layout="wide")
navigation = st.navigation([
    st.Page(PAGES / "home.py", title="Home", icon="🏠", default=True, url_path="home"),
    st.Page(PAGES / "latent_map.py", title="Latent Map", icon="🗺️", url_path="latent-map"),
    st.Page(PAGES / "generate.py", title="Generate", icon="🎛️", url_path="generate"),
    st.Page(PAGES / "denoise.py", title="Denoise", icon="🧽", url_path="denoise"),
    st.Page(PAGES / "anomalies.py", title="Anomalies", icon="🚨", url_path="anomalies"),
    st.Page(PAGES / "features.py", title="Features", icon="📊", url_path="features"),
    st.Page(PAGES / "train.py", title="Train", icon="🏋️", url_path="train"),
])
sidebar()
navigation.run()
