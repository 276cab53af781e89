"""The live latent editor: sliders that decode in the browser while the hand moves.

Decoding runs in JavaScript (`assets/live_decoder/`) on weights exported by
`ae_models.export`; Python receives the latent when a slider is released. Weights and the
model's fixed payload (map points, slider ranges, neighbour pool) are sent once per browser
session and model; the browser keeps them in memory, so a release sends back only the code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from ae_models import latent_ops
from ae_models.export import ExportError, export_decoder
from ae_models.models import Autoencoder
from app_ui.common.pictures import PALETTE

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "live_decoder"
_COMPONENT = st.components.v2.component(
    "ae_live_decoder",
    html='<div class="ae-root"></div>',
    css=(ASSETS / "component.css").read_text(encoding="utf-8"),
    js=(ASSETS / "runtime.js").read_text(encoding="utf-8") + "\n"
    + (ASSETS / "component.js").read_text(encoding="utf-8"),
)
MAX_SLIDER_DIMS = 32  # one slider per dimension up to this latent size (both editors); PCA sliders always
MAP_POINTS = 1500


@st.cache_resource(show_spinner=False, max_entries=16)
def exported_decoder(model_name: str, _model: Autoencoder) -> dict | None:
    """The model's decoder as the browser runs it, or None when it cannot be exported."""
    try:
        return export_decoder(_model)
    except ExportError:
        return None


def editor_payload(latents: np.ndarray, labels: np.ndarray, order: np.ndarray, ranges: latent_ops.SliderRange,
                   directions: latent_ops.PrincipalDirections, spacing: float,
                   dim_labels: list[str] | None = None) -> dict:
    """Slider ranges, principal directions, the map points (a sample of `MAP_POINTS`) and every code
    for the nearest-code distance, JSON-ready. `dim_labels` names each dimension's slider (default
    "z3"; e.g. "z3 · x_position 0.82" for a model scored against known factors)."""
    rng = np.random.default_rng(0)
    pick = rng.choice(len(latents), min(MAP_POINTS, len(latents)), replace=False)
    coords = directions.project(latents[pick], 2)
    if coords.shape[1] == 1:
        coords = np.hstack([coords, np.zeros_like(coords)])
    low, high = coords.min(0), coords.max(0)
    pad = 0.05 * (high - low + 1e-6)
    dims = [{"index": int(i), "label": dim_labels[i] if dim_labels else f"z{int(i)}",
             "min": float(ranges.low[i]), "max": float(ranges.high[i])} for i in order[:MAX_SLIDER_DIMS]]
    return {
        "dims": dims,
        "pca": {"mean": directions.mean_.tolist(), "components": directions.components_.tolist(),
                "sd": directions.scales_.tolist(), "points": np.round(coords, 4).tolist(),
                "labels": [int(v) for v in labels[pick]],
                "bounds": [float(low[0] - pad[0]), float(high[0] + pad[0]),
                           float(low[1] - pad[1]), float(high[1] + pad[1])]},
        # Every code, so the browser's nearest distance is the app's (float64: float32 values print long).
        "nearest_pool": np.round(np.asarray(latents, dtype=np.float64), 4).tolist(),
        "typical_distance": float(spacing),
        "palette": list(PALETTE),  # the app's class colours, so the map matches the other pages
    }


def live_latent_editor(model_name: str, model: Autoencoder, start: np.ndarray, payload: dict, *, key: str,
                       value: np.ndarray | None = None, texts: dict[str, str] | None = None) -> np.ndarray | None:
    """Mount the editor; return the latent the user last released (or `value`/`start`).

    `payload` comes from `editor_payload`. Returns None when the decoder cannot run in the
    browser: the caller then offers the server-side sliders instead.
    """
    spec = exported_decoder(model_name, model)
    if spec is None:
        return None
    sent: set[str] = st.session_state.setdefault("_live_decoder_sent", set())
    first = model_name not in sent  # the browser keeps the decoder and the payload (0.7 MB for MNIST)
    start = np.asarray(start, dtype=np.float64)
    slot_key = f"{key}-{model_name}"
    result = _COMPONENT(
        key=slot_key,
        data={"model_id": model_name, "start": start.tolist(),  # exact: a reset must give back the start code
              "value": None if value is None else np.asarray(value, dtype=np.float64).tolist(),  # exact: links
              "spec": spec if first else None, "payload": payload if first else None,
              "labels": {"dims": "Latent dimensions (most important first)", "pcs": "Principal directions",
                         "reset": "Reset all", "reset_one": "Back to the start value",
                         "note": "decoded in your browser while you drag",
                         "distance": "distance to nearest real code:", "typical": "typical:",
                         **(texts or {})}},
        on_latent_change=lambda: None, on_need_change=lambda: None, height="content")
    sent.add(model_name)  # the browser caches them by model, across component instances
    need = result.get("need")
    if need and st.session_state.get("_live_decoder_need") != need:
        st.session_state["_live_decoder_need"] = need  # the browser lacks the model: send it again
        sent.discard(model_name)
        st.rerun()
    latent = result.get("latent")
    if latent is not None and len(latent) == model.latent_dim:
        return np.asarray(latent, dtype=np.float64)
    return start if value is None else np.asarray(value, dtype=np.float64)
