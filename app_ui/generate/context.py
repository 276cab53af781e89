"""What every Generate panel shares: the selected model's `Context`, and where its code starts
(the start picker, and a shared link that sets it)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

import ae_models
import app_ui.generate.texts  # noqa: F401  (registers the page's texts)
from ae_models.data import ImageDataset
from ae_models.latent_ops import LatentSummary
from ae_models.projections import Projector
from app_ui.common.i18n import keep_choices, t
from app_ui.common.labels import class_name
from app_ui.common.loaders import ModelInfo, fitted_projector, load_images, model_catalogue
from app_ui.common.sidebar import Selection
from app_ui.common.state import clamp_state
from app_ui.common.tabs import open_tab
from app_ui.generate.data import KnownFactors, known_factors, latent_summary
from app_ui.generate.live_decoder import MAX_SLIDER_DIMS
from app_ui.generate.state import TAB_KEY, URL_PENDING, LinkState, parse_link, start_code


@dataclass
class Context:
    """Everything the panels share for the selected model."""

    info: ModelInfo
    model: ae_models.Autoencoder
    data: ImageDataset
    summary: LatentSummary
    start: str = "0"
    z0: np.ndarray | None = None
    link: LinkState | None = None  # a shared link's state, on the run that opens it
    factors: KnownFactors | None = None  # for a model of a dataset with known factors (`shapes`)

    @property
    def slider_order(self) -> np.ndarray:
        """Dimensions as the sliders and traversals show them: by the share of a single factor each
        knows (known factors), else by importance."""
        return self.factors.order if self.factors else self.summary.order

    def dim_label(self, dim: int) -> str:
        """The dimension's slider label: "z3", or "z3 · x_position 0.82" (the factor it knows most about,
        and the share of it)."""
        return self.factors.labels[dim] if self.factors else f"z{dim}"

    @property
    def n_dims(self) -> int:  # per-dimension sliders (none for big latents)
        return self.model.latent_dim if self.model.latent_dim <= MAX_SLIDER_DIMS else 0

    @property
    def n_pcs(self) -> int:
        return len(self.summary.directions.scales_)

    def projector(self) -> Projector:
        return fitted_projector(self.info.name, self.info.dataset, "pca", 2)


def make_context(selection: Selection, model: ae_models.Autoencoder) -> Context:
    name, dataset = selection.model.name, selection.dataset
    return Context(selection.model, model, load_images(dataset), latent_summary(name, dataset),
                   factors=known_factors(name, dataset))


# --- shareable link --------------------------------------------------------------------
def _open_model(dataset: str, name: str) -> None:
    st.session_state["dataset"], st.session_state["model"] = dataset, name


def read_link(ctx: Context) -> LinkState | None:
    """The link's state once per session; applies its start to the start picker when the link's
    model is the selected one, or offers to switch to that model."""
    if URL_PENDING not in st.session_state:
        st.session_state[URL_PENDING] = parse_link({k: st.query_params[k] for k in st.query_params})
    link: LinkState | None = st.session_state[URL_PENDING]
    if link is None:
        return None
    if link.model != ctx.info.name:
        known = {m.name: m for m in model_catalogue()[0]}
        if link.model in known:
            st.info(t("gen_link_other").format(model=link.model))
            st.button(t("gen_link_open"), key="gen_link_open", on_click=_open_model,
                      args=(known[link.model].dataset, link.model))
        else:
            st.warning(t("gen_link_missing").format(model=link.model))
            st.session_state[URL_PENDING] = None
        return None
    if link.start.startswith("prior:") and link.start[6:].isdigit() and ctx.model.variational:
        st.session_state["gen_start_mode"] = "prior"
        st.session_state["gen_prior_seed"] = int(link.start.split(":", 1)[1])
    elif link.start.isdigit() and int(link.start) < len(ctx.data):
        st.session_state["gen_start_mode"] = "image"
        st.session_state["gen_start_class"] = -1
        st.session_state["gen_start_pos"] = int(link.start)
    else:
        st.session_state["gen_start_mode"] = "zero"
    if link.z is not None or link.pc is not None:
        open_tab(TAB_KEY, "gen_tab_edit")  # the link's edits are on the editor's sliders
    st.session_state[URL_PENDING] = None
    return link


# --- start picker ------------------------------------------------------------------------
def _class_changed() -> None:
    st.session_state["gen_start_pos"] = 0


def _random_pos(key: str, count: int) -> None:
    st.session_state[key] = int(np.random.default_rng().integers(count))


def start_picker(ctx: Context) -> str:
    """Choose where the code starts; returns the start descriptor ("12", "prior:5", "zero")."""
    keep_choices("gen_start_mode", "gen_start_class", "gen_interp_method", "gen_attr_source", "gen_attr_target")
    modes = ["image", "prior", "zero"] if ctx.model.variational else ["image", "zero"]
    if st.session_state.get("gen_start_mode") not in modes:
        st.session_state["gen_start_mode"] = "image"
    labels = {"image": t("gen_start_image"), "prior": t("gen_start_prior"), "zero": t("gen_start_zero")}
    mode = st.radio(t("gen_start"), modes, format_func=labels.get, key="gen_start_mode", horizontal=True)
    if mode == "zero":
        return "zero"
    cols = st.columns([2, 2, 1], vertical_alignment="bottom")
    if mode == "prior":
        st.session_state.setdefault("gen_prior_seed", 0)
        seed = cols[0].number_input(t("gen_seed"), 0, 10**6, step=1, key="gen_prior_seed")
        cols[2].button(t("gen_random"), key="gen_prior_random", on_click=_random_pos,
                       args=("gen_prior_seed", 10**6))
        return f"prior:{int(seed)}"
    labels_np = ctx.summary.labels
    options = [-1, *sorted(int(c) for c in np.unique(labels_np) if c >= 0)]
    if st.session_state.get("gen_start_class") not in options:
        st.session_state["gen_start_class"] = -1
    label = cols[0].selectbox(t("gen_class"), options, key="gen_start_class", on_change=_class_changed,
                              format_func=lambda c: class_name(ctx.data.classes, c, t("gen_any_class")))
    candidates = np.arange(len(labels_np)) if label < 0 else np.flatnonzero(labels_np == label)
    st.session_state.setdefault("gen_start_pos", 0)
    clamp_state("gen_start_pos", len(candidates) - 1)
    pos = cols[1].number_input(t("gen_index"), 0, len(candidates) - 1, step=1, key="gen_start_pos")
    cols[2].button(t("gen_random"), key="gen_start_random", on_click=_random_pos,
                   args=("gen_start_pos", len(candidates)))
    return str(int(candidates[int(pos)]))


def set_start(ctx: Context, start: str) -> None:
    ctx.start, ctx.z0 = start, start_code(start, ctx.summary.latents)
