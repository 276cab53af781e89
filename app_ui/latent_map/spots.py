"""A click on empty space of a 2-D map, answered in the browser: the hover component
(`assets/hover_thumbnails/`) maps the clicked spot back to a latent code as the server's inverse does
(`ae_models.latent_map.MapInverse`, evaluated by `assets/map_spots/inverse.js`), decodes it with
onnxruntime-web as the Generate page's sliders do, and pins the picture there while the server's
rerun builds the inspector (which also says how close to real data the spot lies).

The decoder (ONNX) and the inverse's table travel as media files, fetched once after the map is
drawn. Our model's decoder is exported in a background job the first time (seconds, in a child
process: `ae_models.onnx.isolated`; then cached on disk): until it is done the server alone answers,
and the page reruns once it is.
"""

from __future__ import annotations

import streamlit as st

from ae_models.latent_map import map_inverse
from ae_models.onnx.browser import BrowserDecoder, decoder_identity
from ae_models.onnx.isolated import served_decoder
from app_ui.common.browser_decoder import runtime_url
from app_ui.common.i18n import t
from app_ui.common.loaders import load_model, model_keyed
from app_ui.common.media_files import served
from app_ui.latent_map.data import map_projector
from app_ui.latent_map.jobs import MapJob, MapJobs
from app_ui.latent_map.view import MapView

EXPORT_GRACE_S = 0.2  # a decoder in the disk cache is read well within this: its spots go out in this run


@st.cache_resource(show_spinner=False)
def decoder_jobs() -> MapJobs:
    """The background exports of decoders for the browser, shared by every session."""
    return MapJobs()


def decoder_job(model_name: str) -> MapJob:
    """The job giving the model's `BrowserDecoder` (an error when it cannot run in the browser)."""
    model = load_model(model_name)
    return decoder_jobs().get(("browser-decoder", model_name, decoder_identity(model)),
                              lambda progress: served_decoder(model_name, model))


@model_keyed
@st.cache_resource(show_spinner=False, max_entries=8)
def inverse_table(model_name: str, dataset: str, method: str, dims: int, points: str) -> tuple[dict, bytes]:
    """How the browser reads the map's inverse (`MapInverse`: kind, k, latent_dim), and its table as
    little-endian float32 bytes (70,000 16-d codes: 5 MB), the only copy kept."""
    inverse = map_inverse(map_projector(model_name, dataset, method, dims, points))
    reading = {"kind": inverse.kind, "k": inverse.k, "latent_dim": inverse.latent_dim}
    return reading, inverse.table.astype("<f4").tobytes()


def spot_decoding(view: MapView) -> tuple[dict | None, MapJob | None]:
    """What the browser needs to decode clicks on the view's map (None for a 3-D map, or when the
    decoder cannot run in the browser), and the export job to wait for when it is still running."""
    if view.dims != 2:
        return None, None
    job = decoder_job(view.model.name)
    if not job.wait(EXPORT_GRACE_S):
        return None, job
    if job.error is not None:
        return None, None
    decoder: BrowserDecoder = job.result
    reading, table = inverse_table(*view.args)
    name = f"ae-spots/{view.chart_key}"
    return {
        "runtime": runtime_url(),
        "decoder": {**decoder.reading(), "url": served(decoder.onnx, "application/octet-stream", f"{name}/decoder")},
        "inverse": {**reading, "url": served(table, "application/octet-stream", f"{name}/inverse")},
        "title": t("map_decoded"), "caption": f"{view.model.label} · {t('map_spot_pending')}",
    }, None
