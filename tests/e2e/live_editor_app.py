"""A one-component app for the browser tests of the live decoder (not part of the product)."""

import json
import os

import numpy as np
import streamlit as st
import torch

import ae_models
from app_ui.live_decoder import live_latent_editor

model = ae_models.load_pretrained(os.environ["AE_LIVE_MODEL"])
data = ae_models.load_dataset("digits", "test")
with torch.no_grad():
    latents = model.encode(data.images).numpy()
latent = live_latent_editor(os.environ["AE_LIVE_MODEL"], "digits", model, latents[0], latents,
                            data.labels.numpy(), key="live")
st.code(json.dumps(np.asarray(latent).round(6).tolist()), language="json")
