"""The live latent editor: sliders that decode in the browser while the hand moves.

Decoding runs in onnxruntime-web (vendored in `assets/onnxruntime-web/`) on the model's decoder as
ONNX (`ae_models.onnx.browser`: ours exported once and cached, a user's own `decoder.onnx`); the
component is `assets/live_decoder/`. Python receives the latent when a slider is released. The
decoder and the model's fixed payload (map points, slider ranges, neighbour pool) are sent once per
browser session and model; the browser keeps them in memory, so a release sends back only the code.
The runtime itself (≈ 14 MB) is never sent as data: Streamlit serves its folder as a file route.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import streamlit as st

from ae_models import latent_ops
from ae_models.models import Autoencoder
from ae_models.onnx.browser import decoder_identity
from app_ui.common.browser_decoder import decoder_js, live_decoder_spec, runtime_url
from app_ui.common.pictures import PALETTE

ASSETS = Path(__file__).resolve().parents[2] / "assets"
_COMPONENT = st.components.v2.component(
    "ae_live_decoder",
    html='<div class="ae-root"></div>',
    css=(ASSETS / "live_decoder" / "component.css").read_text(encoding="utf-8"),
    js=decoder_js(ASSETS / "live_decoder" / "component.js"),
)
MAX_SLIDER_DIMS = 32  # one slider per dimension up to this latent size (both editors); PCA sliders always
MAP_POINTS = 1500
FAILED = "_live_decoder_failed"  # session state: model → why the browser could not decode it


def browser_failure(model_name: str, model: Autoencoder) -> str | None:
    """Why the browser cannot decode this model (export refused, too big, or its runtime failed), else None."""
    spec = live_decoder_spec(model_name, decoder_identity(model), model)
    return spec if isinstance(spec, str) else st.session_state.get(FAILED, {}).get(model_name)


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

    `payload` comes from `editor_payload`. Returns None when the decoder cannot run in the browser
    (`browser_failure` says why): the caller then offers the server-side sliders instead.
    """
    if browser_failure(model_name, model) is not None:
        return None
    spec = live_decoder_spec(model_name, decoder_identity(model), model)
    sent: set[str] = st.session_state.setdefault("_live_decoder_sent", set())
    sent_key = f"{model_name}@{spec['sha256']}"
    first = sent_key not in sent  # the browser keeps the decoder and the payload (a few MB)
    start = np.asarray(start, dtype=np.float64)
    result = _COMPONENT(
        key=f"{key}-{model_name}",
        data={"model_id": model_name, "start": start.tolist(),  # exact: a reset must give back the start code
              "value": None if value is None else np.asarray(value, dtype=np.float64).tolist(),  # exact: links
              "runtime": runtime_url(), "spec": spec if first else None, "payload": payload if first else None,
              "labels": {"dims": "Latent dimensions (most important first)", "pcs": "Principal directions",
                         "reset": "Reset all", "reset_one": "Back to the start value",
                         "note": "decoded in your browser while you drag", "loading": "loading the decoder…",
                         "failed": "the browser could not run this decoder:",
                         "distance": "distance to nearest real code:", "typical": "typical:",
                         **(texts or {})}},
        on_latent_change=lambda: None, on_need_change=lambda: None, on_error_change=lambda: None,
        height="content")
    sent.add(sent_key)  # the browser caches them by model, across component instances
    error = result.get("error")
    if error:  # onnxruntime-web refused the graph or an operator in it: decode on the server
        st.session_state.setdefault(FAILED, {})[model_name] = error
        sent.discard(sent_key)
        st.rerun()
    need = result.get("need")
    if need and st.session_state.get("_live_decoder_need") != need:
        st.session_state["_live_decoder_need"] = need  # the browser lacks the model: send it again
        sent.discard(sent_key)
        st.rerun()
    latent = result.get("latent")
    if latent is not None and len(latent) == model.latent_dim:
        return np.asarray(latent, dtype=np.float64)
    return start if value is None else np.asarray(value, dtype=np.float64)
