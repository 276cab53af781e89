"""The sidebar every page shares: the pages, language, dataset and model pickers, the device in use.
Importing it imports no torch: the pickers read cards only (the device line, drawn after the page,
and `require_model` import it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import app_ui.models.texts  # noqa: F401  (the Models page's title and the note on ONNX models)
from ae_models.checkpoints import CheckpointError
from app_ui.common.i18n import LANGUAGES, t
from app_ui.common.loaders import ModelInfo, dataset_labels, load_model, model_catalogue

PAGES_DIR = Path(__file__).resolve().parents[2] / "app_pages"
PAGES = (  # (script, title's text key, icon, url path); the first is the default page
    ("home.py", "page_home", "🏠", "home"),
    ("latent_map.py", "page_latent_map", "🗺️", "latent-map"),
    ("generate.py", "page_generate", "🎛️", "generate"),
    ("denoise.py", "page_denoise", "🧽", "denoise"),
    ("anomalies.py", "page_anomalies", "🚨", "anomalies"),
    ("features.py", "page_features", "📊", "features"),
    ("train.py", "page_train", "🏋️", "train"),
    ("models.py", "page_models", "🧩", "models"),
)
PICK_NEXT = "_pick_model_next"  # a model to select when the sidebar is next drawn (set by `pick_next`)
TRAIN_COMMAND = ("python -m ae_models.train --model conv_ae --dataset digits --epochs 20 "
                 "--out pretrained/digits-conv_ae-8 --latent-dim 8")


@dataclass(frozen=True)
class Selection:
    dataset: str
    model: ModelInfo


def pages() -> list[st.Page]:
    """The pages for `st.navigation`, titled in the session's language. Called before the sidebar
    draws the language picker: a click on it has put its new value in session state before this run."""
    return [st.Page(PAGES_DIR / script, title=t(title), icon=icon, url_path=url_path, default=i == 0)
            for i, (script, title, icon, url_path) in enumerate(PAGES)]


def sidebar() -> Selection | None:
    """Draw the sidebar; return the picked dataset and model (None when there is no model)."""
    with st.sidebar:
        st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True, key="language")
        infos, warnings = model_catalogue()
        for warning in warnings:
            st.warning(f"A checkpoint was hidden: {warning}", icon="⚠️")
        # One-class models belong to the Anomalies page; the general pickers show the others.
        general = [m for m in infos if m.normal_class is None]
        preferred = ("mnist", "fashion-mnist")  # the classic first; the tiny digits set last
        datasets = sorted({m.dataset for m in general},
                          key=lambda d: (preferred.index(d) if d in preferred else len(preferred), d == "digits", d))
        if not datasets:
            st.info(t("no_models"))
            st.code(TRAIN_COMMAND, language="bash")
            st.session_state["_selection"] = None
            return None
        _open_linked_model(general)
        _apply_pick(general)
        dataset = st.selectbox(t("dataset"), datasets, format_func=dataset_labels(general).get, key="dataset")
        # The headline model first (it is the default): a clean conv AE, then the rest by name.
        choices = sorted((m for m in general if m.dataset == dataset),
                         key=lambda m: (m.family != "conv_ae", m.noise is not None, m.beta != 1.0, m.name))
        by_name = {m.name: m for m in choices}
        name = st.selectbox(t("model"), list(by_name), format_func=lambda n: by_name[n].label, key="model")
        if by_name[name].onnx:
            from ae_models.onnx.model import providers as onnx_providers  # torch and onnxruntime

            st.caption(t("onnx_model_note").format(providers=", ".join(onnx_providers())))
    selection = Selection(dataset, by_name[name])
    st.session_state["_selection"] = selection
    return selection


def device_caption() -> None:
    """The device in use, at the foot of the sidebar, and torch's threads for this server
    (`set_server_threads`; `load_model` sets them too, before a model's first use). Both import
    torch (≈ 2 s): app.py calls this after the page, so a cold start draws its first map first."""
    from ae_models.devices import best_device, describe_device, set_server_threads

    set_server_threads()  # many small requests at once: see its docstring
    try:
        device = describe_device(best_device())
    except RuntimeError as err:
        device = f"unavailable ({err})"
    st.sidebar.caption(f"{t('device')}: {device}")


def _open_linked_model(infos: list[ModelInfo]) -> None:
    """A shared link (`?model=NAME`) picks its model when the session starts."""
    wanted = st.query_params.get("model")
    linked = next((m for m in infos if m.name == wanted), None)
    if linked is not None and "model" not in st.session_state:
        st.session_state["dataset"], st.session_state["model"] = linked.dataset, linked.name


def pick_next(name: str | None) -> None:
    """Select the model `name` (None: the default) when the sidebar is next drawn; the pickers'
    own state cannot change once they are drawn in a run."""
    st.session_state[PICK_NEXT] = name or ""


def _apply_pick(infos: list[ModelInfo]) -> None:
    if PICK_NEXT not in st.session_state:
        return
    wanted = st.session_state.pop(PICK_NEXT)
    picked = next((m for m in infos if m.name == wanted), None)
    if picked is not None:
        st.session_state["dataset"], st.session_state["model"] = picked.dataset, picked.name
    elif st.session_state.get("model") not in {m.name for m in infos}:  # the selected one was removed
        st.session_state.pop("model", None)


def require_selection(selection: Selection | None) -> Selection:
    """The selection, or (there is no model) say how to train one and stop the page."""
    if selection is None:
        st.info(t("no_models"))
        st.code(TRAIN_COMMAND, language="bash")
        st.stop()
    return selection


def require_model(selection: Selection | None):
    """Load the selected model, or show why not and stop the page."""
    selection = require_selection(selection)
    try:
        return load_model(selection.model.name)
    except CheckpointError as err:
        st.error(f"This model cannot be loaded: {err}")
        st.stop()


def current_selection() -> Selection | None:
    """The selection the sidebar made in this run (app.py draws the sidebar before the page)."""
    return st.session_state.get("_selection")
