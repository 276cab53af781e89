"""One live latent editor, for the browser tests and benchmarks of in-browser decoding.

Environment: AE_LIVE_MODEL (a checkpoint's or an ONNX model's folder or name), AE_LIVE_DATASET (default: the card's; its
shipped sample, else its test split).
"""

import json
import os

import numpy as np
import streamlit as st
import torch

import ae_models
from ae_models import latent_ops
from ae_models.onnx import load_model
from ae_models.samples import load_sample
from app_ui.generate.live_decoder import editor_payload, live_latent_editor

model = load_model(os.environ["AE_LIVE_MODEL"])
dataset = os.environ.get("AE_LIVE_DATASET") or model.card.get("dataset", "digits")
try:
    data = load_sample(dataset)  # the shipped sample (digits: the library's test split)
except ae_models.DatasetError:  # a dataset without one (a folder, an .npz): its test split
    data = ae_models.load_dataset(dataset, "test", download=False)
images = data.images[:2000]
with torch.no_grad():
    latents = model.encode(images).numpy()
order = latent_ops.importance_order(latent_ops.dimension_importance(latents))
payload = editor_payload(latents, data.labels[:2000].numpy(), order, latent_ops.slider_ranges(latents),
                         latent_ops.PrincipalDirections(6).fit(latents), latent_ops.typical_spacing(latents))
latent = live_latent_editor(os.environ["AE_LIVE_MODEL"], model, latents[0], payload, key="live")
st.code(json.dumps(np.asarray(latent).round(6).tolist()), language="json")
