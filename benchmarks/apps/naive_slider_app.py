"""The naive design the live editor is measured against: a stock st.slider whose every change
reruns the whole script and decodes on the server. Environment: AE_LIVE_MODEL."""

import os

import streamlit as st
import torch

import ae_models
from ae_models.imaging import to_uint8, upscale

model = ae_models.load_pretrained(os.environ["AE_LIVE_MODEL"])
value = st.slider("z[0]", -3.0, 3.0, 0.0, 0.01, key="z0")
z = torch.zeros(1, model.latent_dim)
z[0, 0] = value
with torch.no_grad():
    st.image(upscale(to_uint8(model.decode(z))[0], 260))
