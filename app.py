"""Autoencoder latent-space explorer: `streamlit run app.py`."""

import streamlit as st

import ae_models

st.set_page_config(page_title="Autoencoder explorer", page_icon="🧭", layout="wide")
st.title("Autoencoder latent-space explorer")
models = ae_models.list_pretrained()
if models:
    st.write(f"{len(models)} trained models are available.")
else:
    st.info("No trained model is in `pretrained/` yet. Train a small one in a few seconds:\n\n"
            "`python -m ae_models.train --model vae --dataset digits --epochs 20 --out pretrained/digits-vae`")
