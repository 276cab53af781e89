"""One live latent editor, for the browser tests and benchmarks of in-browser decoding.

Environment: AE_LIVE_MODEL (checkpoint folder or name), AE_LIVE_DATASET (default: the card's).
"""

import json
import os

import numpy as np
import streamlit as st
import torch

import ae_models
from app_ui.live_decoder import live_latent_editor

model = ae_models.load_pretrained(os.environ["AE_LIVE_MODEL"])
dataset = os.environ.get("AE_LIVE_DATASET") or model.card.get("dataset", "digits")
data = ae_models.load_dataset(dataset, "test", download=False) if dataset == "digits" else None
if data is None:
    from ae_models.samples import load_sample

    data = load_sample(dataset)
images = data.images[:2000]
with torch.no_grad():
    latents = model.encode(images).numpy()
latent = live_latent_editor(os.environ["AE_LIVE_MODEL"], dataset, model, latents[0], latents,
                            data.labels[:2000].numpy(), key="live")
st.code(json.dumps(np.asarray(latent).round(6).tolist()), language="json")
