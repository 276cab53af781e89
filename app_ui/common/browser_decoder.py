"""The decoder as the browser runs it, for every page that decodes there (Generate's live sliders,
the Latent Map's clicks on empty space): the model's decoder as ONNX (`ae_models.onnx.browser`: ours
exported once and cached on disk, a user's own `decoder.onnx`), where the browser loads
onnxruntime-web from, and the JavaScript that runs it (`assets/live_decoder/runtime.js`, `decoder.js`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.components import v1 as components_v1

from ae_models.checkpoints import CheckpointError
from ae_models.models import Autoencoder
from ae_models.onnx.browser import BrowserDecoderError
from ae_models.onnx.isolated import served_decoder

ASSETS = Path(__file__).resolve().parents[2] / "assets"
RUNTIME_DIR = ASSETS / "onnxruntime-web"


def decoder_js(*component: Path) -> str:
    """A component's JavaScript (its files in order) with the runtime loader (`aeRuntime`) and the
    decoder (`aeOpenDecoder`, `aeDecode`, `aeToRGBA`) in front of it."""
    parts = [ASSETS / "live_decoder" / "runtime.js", ASSETS / "live_decoder" / "decoder.js", *component]
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)


@st.cache_resource(show_spinner="Preparing the in-browser decoder (once per model)…", max_entries=16)
def live_decoder_spec(model_name: str, identity: str, _model: Autoencoder) -> dict | str:
    """The model's decoder as the browser runs it (`BrowserDecoder.to_json()`), or why it cannot run there.
    `identity` (`decoder_identity`) keys it too: a user model's name may come to mean another model."""
    try:
        return served_decoder(model_name, _model).to_json()
    except (BrowserDecoderError, CheckpointError, OSError) as err:
        return str(err)


def runtime_url() -> str:
    """The URL path the browser loads onnxruntime-web from. Streamlit serves a declared v1
    component's folder at `/component/<name>/`; the component itself is never drawn. Declared on
    every run: registration needs a running script and is idempotent."""
    served = components_v1.declare_component("onnxruntime_web", path=str(RUNTIME_DIR))
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(part for part in (base, "component", served.name) if part) + "/"
