"""Cached data for the Denoise page, keyed by names, noise kind and seed (never by arrays)."""

from __future__ import annotations

import streamlit as st

from ae_models import denoising
from app_ui.common.loaders import load_images, load_model


@st.cache_data(show_spinner=False, max_entries=64)
def baseline_curve(dataset: str, kind: str, seed: int, n: int) -> list[dict]:
    """PSNR/SSIM of the noisy input itself at each strength (the first `n` sample images)."""
    return denoising.noise_curve({}, load_images(dataset).images[:n], kind, seed=seed)


@st.cache_data(show_spinner=False, max_entries=64)
def model_curve(model_name: str, dataset: str, kind: str, seed: int, n: int) -> list[dict]:
    """One model's mean PSNR/SSIM at each strength; the noise equals `baseline_curve`'s (same seed)."""
    return denoising.noise_curve({model_name: load_model(model_name)}, load_images(dataset).images[:n], kind,
                                 seed=seed, baseline=False)
