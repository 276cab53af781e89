"""The Generate page's panels: the start picker, the code editor (sliders decoded in the browser, or
on the server for a decoder the browser cannot run), interpolation, attribute vectors, traversals,
sampling and VAE uncertainty. Maths lives in `ae_models.latent_ops`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import ae_models
import app_ui.generate.texts  # noqa: F401  (registers the page's texts)
from ae_models import latent_ops
from ae_models.data import ImageDataset
from ae_models.imaging import png_bytes
from ae_models.latent_ops import decode_all
from app_ui.common.i18n import keep_choices, t
from app_ui.common.loaders import ModelInfo, fitted_projector, load_images, load_model, model_catalogue
from app_ui.common.pictures import heat, picture, picture_grid, pictures
from app_ui.common.sidebar import Selection
from app_ui.common.tabs import open_tab
from app_ui.generate.data import (
    MAX_SLIDER_DIMS,
    LatentSummary,
    beta_sweep,
    latent_summary,
    live_payload,
    rate_distortion,
    sampling_partner,
)
from app_ui.generate.figures import GhostMap, add_path, map_figure
from app_ui.generate.live_decoder import exported_decoder, live_latent_editor
from app_ui.generate.state import (
    PC_KEY,
    TRAIL,
    URL_PENDING,
    Z_KEY,
    LinkState,
    clamp_state,
    init_sliders,
    link_code,
    parse_link,
    remember_sliders,
    reset_all,
    reset_dims,
    slider_values,
    start_code,
    write_link,
)

FAR = 3.0  # a code this many typical gaps from the data is flagged as extrapolation
TAB_KEY = "gen_tab"  # the open tab's label
LIVE_KEPT = "gen_live_kept"  # (model, start, code): the browser editor's last released code


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

    @property
    def n_dims(self) -> int:  # per-dimension sliders (none for big latents)
        return self.model.latent_dim if self.model.latent_dim <= MAX_SLIDER_DIMS else 0

    @property
    def n_pcs(self) -> int:
        return len(self.summary.directions.scales_)

    def projector(self):
        return fitted_projector(self.info.name, self.info.dataset, "pca", 2)


def make_context(selection: Selection, model: ae_models.Autoencoder) -> Context:
    return Context(selection.model, model, load_images(selection.dataset),
                   latent_summary(selection.model.name, selection.dataset))


def class_name(data: ImageDataset, label: int) -> str:
    return data.classes[label] if 0 <= label < len(data.classes) else str(label)


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
                              format_func=lambda c: t("gen_any_class") if c < 0 else class_name(ctx.data, c))
    candidates = np.arange(len(labels_np)) if label < 0 else np.flatnonzero(labels_np == label)
    st.session_state.setdefault("gen_start_pos", 0)
    clamp_state("gen_start_pos", len(candidates) - 1)
    pos = cols[1].number_input(t("gen_index"), 0, len(candidates) - 1, step=1, key="gen_start_pos")
    cols[2].button(t("gen_random"), key="gen_start_random", on_click=_random_pos,
                   args=("gen_start_pos", len(candidates)))
    return str(int(candidates[int(pos)]))


def set_start(ctx: Context, start: str) -> None:
    ctx.start, ctx.z0 = start, start_code(start, ctx.summary.latents)


# --- the editor ------------------------------------------------------------------------------
def _dimension_sliders(ctx: Context) -> None:
    s, z0 = ctx.summary, ctx.z0
    help_key = "gen_dims_help_vae" if ctx.model.variational else "gen_dims_help_ae"
    st.caption(t("gen_dims"))
    for i in s.order.tolist():
        low, high = float(s.ranges.low[i]), float(s.ranges.high[i])
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        left.slider(f"z{i}", low, high, step=(high - low) / 200, format="%.2f", key=Z_KEY.format(i),
                    help=t(help_key).format(score=s.scores[i]))
        right.button(":material/undo:", key=f"gen_reset_{i}", help=t("gen_reset_one"), on_click=reset_dims,
                     args=(z0, [i]))


def _pc_sliders(ctx: Context) -> None:
    st.caption(t("gen_pcs"))
    for k, share in enumerate(ctx.summary.directions.explained_):
        st.slider(f"PC {k + 1}", -3.0, 3.0, step=0.05, format="%+.2f σ", key=PC_KEY.format(k),
                  help=t("gen_pc_help").format(share=share))


def current_code(ctx: Context) -> np.ndarray:
    values, coefficients = slider_values(ctx.n_dims, ctx.n_pcs)
    z = np.array(values, dtype=np.float64) if ctx.n_dims else ctx.z0.copy()
    return ctx.summary.directions.shift(z, coefficients)


@st.cache_resource(show_spinner=False, max_entries=8)
def _ghost_backdrop(model_name: str, dataset: str, _ctx: Context) -> GhostMap:
    return GhostMap(_ctx.projector().embedding_, _ctx.summary.labels, _ctx.data.classes)


def _ghost_map(ctx: Context, z: np.ndarray) -> None:
    trail = st.session_state.setdefault(TRAIL, [])
    if not trail:
        trail.append(ctx.z0)
    if not np.array_equal(trail[-1], z):
        trail.append(z)
    ghost = _ghost_backdrop(ctx.info.name, ctx.info.dataset, ctx)
    st.caption(t("gen_ghost"))
    st.image(ghost.draw(ctx.projector().transform(np.array(trail))), output_format="PNG")
    distance = float(latent_ops.nearest_distance(ctx.summary.latents, z)[0])
    st.markdown(t("gen_distance").format(d=distance, s=ctx.summary.spacing, r=_gaps(ctx, distance)))
    _warn_if_far(ctx, distance)


def _gaps(ctx: Context, distance: float) -> float:
    """A distance in typical gaps between neighbouring real codes."""
    return distance / max(ctx.summary.spacing, 1e-12)


def _warn_if_far(ctx: Context, distance: float) -> None:
    if _gaps(ctx, distance) > FAR:
        st.warning(t("gen_far"), icon="👻")


def edit(ctx: Context) -> None:
    """The code editor. Its sliders decode in the browser while the hand moves (`live`); a decoder
    the browser cannot run gets Streamlit sliders decoded here instead (`server_editor`), where
    every move waits for a server run. Runs on full runs only, so a link's edits apply once."""
    if exported_decoder(ctx.info.name, ctx.model) is None:
        st.info(t("gen_live_fallback"))
        server_editor(ctx)
        return
    code = link_code(ctx.link, ctx.z0, ctx.summary.directions) if ctx.link else None
    if code is not None:
        st.session_state[LIVE_KEPT] = (ctx.info.name, ctx.start, code)
    live(ctx)


def _downloads(ctx: Context, big: np.ndarray, z: np.ndarray, key: str) -> None:
    """The decoded picture as PNG and the code as CSV."""
    buttons = st.columns(2)
    buttons[0].download_button(t("gen_download_png"), png_bytes(big), file_name=f"{ctx.info.name}-generated.png",
                               mime="image/png", key=f"{key}_png")
    buttons[1].download_button(t("gen_download_z"), ",".join(f"{v:.6g}" for v in z) + "\n",
                               file_name=f"{ctx.info.name}-latent.csv", mime="text/csv", key=f"{key}_z")


def _code_text(z: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:+.3f}" for v in z) + "]"


def server_editor(ctx: Context) -> None:
    """(Re)initialise the sliders for the start code (or a link's values), then the editor."""
    init_sliders((ctx.info.name, ctx.start), ctx.z0, ctx.summary.ranges, ctx.n_dims, ctx.n_pcs,
                 z=ctx.link.z if ctx.link else None, pc=ctx.link.pc if ctx.link else None)
    editor(ctx)


@st.fragment
def editor(ctx: Context) -> None:
    """Sliders on the left; the decoded image, downloads and the ghost map on the right. A fragment,
    so moving a slider reruns only this panel."""
    left, right = st.columns([2, 3])
    with left:
        st.button(t("gen_reset_all"), key="gen_reset_all", on_click=reset_all,
                  args=(ctx.z0, ctx.n_dims, ctx.n_pcs))
        if ctx.n_dims:
            _dimension_sliders(ctx)
        else:
            st.info(t("gen_too_many").format(d=ctx.model.latent_dim, max=MAX_SLIDER_DIMS))
        _pc_sliders(ctx)
    z = current_code(ctx)
    image = decode_all(ctx.model, z)[0]
    with right:
        shown = st.columns(2)
        if ctx.start.isdigit():
            shown[0].image(picture(ctx.data.images[int(ctx.start)]), caption=t("gen_input"), output_format="PNG")
        big = picture(image)
        shown[1].image(big, caption=t("gen_decoded"), output_format="PNG")
        _downloads(ctx, big, z, "gen_download")
        st.caption(t("gen_latent"))
        st.code(_code_text(z), language=None, wrap_lines=True)
        _ghost_map(ctx, z)
    values, coefficients = slider_values(ctx.n_dims, ctx.n_pcs)
    remember_sliders(values, coefficients)
    edited = ctx.n_dims and not np.array_equal(np.array(values), ctx.z0[:ctx.n_dims])
    write_link(LinkState(ctx.info.name, ctx.start, tuple(values) if edited else None,
                         tuple(coefficients) if any(coefficients) else None))
    st.session_state["gen_current_z"] = z  # the edited code, for tests (AppTest reads session state)
    st.caption(t("gen_share"))


@st.fragment
def live(ctx: Context) -> None:
    """Sliders decoded in the browser on every input event (the image follows the hand); the code
    comes back here on release, for the downloads, the real neighbours and the link. A fragment, so
    a release reruns only this panel. The last released code is kept for when the tab is opened
    again (a hidden tab's widgets lose their state)."""
    st.caption(t("gen_live_intro"))
    texts = {k: t(f"gen_live_{k}") for k in ("dims", "pcs", "reset", "note", "distance", "typical")}
    texts["reset_one"] = t("gen_reset_one")
    kept = st.session_state.get(LIVE_KEPT)
    value = kept[2] if kept is not None and kept[:2] == (ctx.info.name, ctx.start) else None
    z = live_latent_editor(ctx.info.name, ctx.model, ctx.z0, live_payload(ctx.info.name, ctx.info.dataset),
                           key=f"gen_live-{ctx.start}", value=value, texts=texts)
    if z is None:  # `edit` sends a decoder the browser cannot run to the server editor
        return
    st.session_state[LIVE_KEPT] = (ctx.info.name, ctx.start, z)
    st.caption(t("gen_live_released"))
    st.code(_code_text(z), language=None, wrap_lines=True)
    _downloads(ctx, picture(decode_all(ctx.model, z)[0]), z, "gen_live")
    distances = np.linalg.norm(ctx.summary.latents - z, axis=1)
    nearest = np.argsort(distances)[:8]
    _warn_if_far(ctx, distances[nearest[0]])
    st.caption(t("gen_live_neighbours").format(d=distances[nearest[0]], s=ctx.summary.spacing))
    st.image(picture_grid(ctx.data.images[nearest], 8, 64), output_format="PNG")
    edited = not np.array_equal(z, ctx.z0)
    write_link(LinkState(ctx.info.name, ctx.start, tuple(z.tolist()) if edited else None))
    st.caption(t("gen_share"))


# --- interpolation ---------------------------------------------------------------------------
def _first_of_each(labels: np.ndarray) -> list[int]:
    return [int(np.flatnonzero(labels == c)[0]) for c in np.unique(labels)]


def interpolation(ctx: Context) -> None:
    st.caption(t("gen_interp_intro"))
    latents, n = ctx.summary.latents, len(ctx.summary.latents)
    firsts = _first_of_each(ctx.summary.labels) + [0, min(1, n - 1)]
    st.session_state.setdefault("gen_interp_a", firsts[0])
    st.session_state.setdefault("gen_interp_b", firsts[1])
    st.session_state.setdefault("gen_interp_steps", 8)
    for key in ("gen_interp_a", "gen_interp_b"):
        clamp_state(key, n - 1)
    cols = st.columns(4)
    a = int(cols[0].number_input(t("gen_from"), 0, n - 1, step=1, key="gen_interp_a"))
    b = int(cols[1].number_input(t("gen_to"), 0, n - 1, step=1, key="gen_interp_b"))
    steps = cols[2].slider(t("gen_steps"), 3, 16, key="gen_interp_steps")
    method = cols[3].radio(t("gen_method"), ["linear", "slerp"], key="gen_interp_method", horizontal=True,
                           format_func=lambda m: t("gen_linear") if m == "linear" else t("gen_slerp"))
    path = latent_ops.interpolate(latents[a], latents[b], steps, method)
    decoded = decode_all(ctx.model, np.vstack([latents[a], latents[b], path]))  # one batch: identical rows
    distances = latent_ops.nearest_distance(latents, path)
    recon = t("gen_recon")
    st.image([picture(ctx.data.images[a], 112), picture(decoded[0], 112),
              picture(ctx.data.images[b], 112), picture(decoded[1], 112)],
             caption=[f"A = #{a}", f"A · {recon}", f"B = #{b}", f"B · {recon}"], output_format="PNG")
    st.image(pictures(decoded[2:], 112), caption=[f"{i}: d={d:.2f}" for i, d in enumerate(distances)],
             output_format="PNG")
    left, right = st.columns(2)
    projector = ctx.projector()
    fig = map_figure(projector.embedding_, ctx.summary.labels, ctx.data.classes, height=300)
    add_path(fig, projector.transform(path), t("gen_path"))
    left.plotly_chart(fig, key="gen_interp_map", width="stretch")
    line = go.Figure(go.Scatter(x=list(range(steps)), y=distances, mode="lines+markers", name="d"))
    line.add_hline(y=ctx.summary.spacing, line_dash="dot", annotation_text=t("gen_typical"))
    line.update_layout(height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=t("gen_step_dist"),
                       xaxis_title=t("gen_step"), yaxis_title="d")
    right.plotly_chart(line, key="gen_interp_dist", width="stretch")


# --- attribute vectors --------------------------------------------------------------------------
def attributes(ctx: Context) -> None:
    st.caption(t("gen_attr_intro"))
    s, data = ctx.summary, ctx.data
    present = sorted(int(c) for c in np.unique(s.labels) if c >= 0)
    if len(present) < 2:
        return
    st.session_state.setdefault("gen_attr_source", 3 if 3 in present else present[0])
    st.session_state.setdefault("gen_attr_target", 8 if 8 in present else present[1])
    st.session_state.setdefault("gen_attr_strength", 1.0)
    cols = st.columns(4)
    source = cols[0].selectbox(t("gen_attr_source"), present, key="gen_attr_source",
                               format_func=lambda c: class_name(data, c))
    target = cols[1].selectbox(t("gen_attr_target"), present, key="gen_attr_target",
                               format_func=lambda c: class_name(data, c))
    members = np.flatnonzero(s.labels == source)
    clamp_state("gen_attr_pos", len(members) - 1)
    pos = int(cols[2].number_input(t("gen_attr_image"), 0, len(members) - 1, step=1, key="gen_attr_pos"))
    strength = cols[3].slider(t("gen_strength"), -1.0, 2.0, step=0.05, key="gen_attr_strength")
    index = int(members[min(pos, len(members) - 1)])
    vector = latent_ops.attribute_vector(s.latents, s.labels, source, target)
    strengths = np.linspace(0.0, strength, 6)
    codes = np.stack([latent_ops.apply_attribute(s.latents[index], vector, a) for a in strengths])
    st.image([picture(data.images[index], 112)] + pictures(decode_all(ctx.model, codes), 112),
             caption=[f"#{index}"] + [f"{class_name(data, source)} → {class_name(data, target)} ×{a:.2f}"
                                      for a in strengths], output_format="PNG")
    st.subheader(t("gen_arith"))
    n = len(s.latents)
    firsts = _first_of_each(s.labels)
    cols = st.columns(3)
    picks = []
    for col, name, default in zip(cols, "ABC", (firsts[0], firsts[1 % len(firsts)], firsts[2 % len(firsts)]),
                                  strict=True):
        st.session_state.setdefault(f"gen_arith_{name}", default)
        clamp_state(f"gen_arith_{name}", n - 1)
        picks.append(int(col.number_input(name, 0, n - 1, step=1, key=f"gen_arith_{name}")))
    result = latent_ops.analogy(*(s.latents[i] for i in picks))
    decoded = decode_all(ctx.model, np.vstack([s.latents[picks], result]))
    st.image(pictures(decoded, 112), caption=[f"A #{picks[0]}", f"− B #{picks[1]}", f"+ C #{picks[2]}",
                                              f"= {t('gen_result')}"], output_format="PNG")


# --- traversals ------------------------------------------------------------------------------------
def traversals(ctx: Context) -> None:
    st.caption(t("gen_trav_intro"))
    s, d = ctx.summary, ctx.model.latent_dim
    cols = st.columns(2)
    rows = cols[0].slider(t("gen_trav_rows"), 1, min(d, 10), value=min(d, 5), key="gen_trav_rows")
    steps = cols[1].slider(t("gen_trav_steps"), 5, 13, value=9, step=2, key="gen_trav_steps")
    dims = s.order[:rows]
    codes = latent_ops.traversal(ctx.z0, dims, s.ranges.mean, s.ranges.std, steps)
    decoded = decode_all(ctx.model, codes.reshape(-1, d))
    help_key = "gen_dims_help_vae" if ctx.model.variational else "gen_dims_help_ae"
    for row, dim in enumerate(dims.tolist()):
        st.image(picture_grid(decoded[row * steps:(row + 1) * steps], steps, 80), output_format="PNG",
                 caption=f"z{dim}: −3σ … +3σ · " + t(help_key).format(score=s.scores[dim]))


# --- sampling ------------------------------------------------------------------------------------
def sampling(ctx: Context) -> None:
    st.caption(t("gen_sample_intro"))
    cols = st.columns(2)
    temperature = cols[0].slider(t("gen_temperature"), 0.2, 2.0, value=1.0, step=0.1, key="gen_temperature")
    seed = int(cols[1].number_input(t("gen_sample_seed"), 0, 10**6, value=0, step=1, key="gen_sample_seed"))
    partner = sampling_partner(ctx.info)
    pair = [(ctx.info, ctx.model)] + ([(partner, load_model(partner.name))] if partner else [])
    pair.sort(key=lambda p: not p[1].variational)  # the VAE first
    codes = latent_ops.prior_codes(16, ctx.model.latent_dim, temperature, seed)
    shown = st.columns(2)
    for col, (info, model) in zip(shown, pair, strict=False):
        col.image(picture_grid(decode_all(model, codes), 4, 72), caption=f"{info.name} · {info.family}",
                  output_format="PNG")
    if partner is None:
        kind = t("gen_kind_ae") if ctx.model.variational else t("gen_kind_vae")
        shown[1].info(t("gen_no_partner").format(kind=kind, d=ctx.model.latent_dim))


# --- VAE uncertainty --------------------------------------------------------------------------------
def uncertainty(ctx: Context) -> None:
    st.caption(t("gen_uncert_intro"))
    if not ctx.model.variational:
        st.info(t("gen_uncert_only_vae"))
        return
    index = int(ctx.start) if ctx.start.isdigit() else 0
    st.caption(t("gen_uses_start") + f" (#{index})")
    k = st.slider(t("gen_uncert_k"), 4, 32, value=16, step=4, key="gen_uncert_k")
    spread = latent_ops.posterior_spread(ctx.model, ctx.data.images[index:index + 1], k)
    order = ctx.summary.order
    bars = go.Figure(go.Bar(x=[f"z{i}" for i in order], y=spread.mean[order],
                            error_y={"type": "data", "array": spread.std[order]}))
    bars.update_layout(height=280, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=t("gen_posterior"))
    left, right = st.columns([3, 2])
    left.plotly_chart(bars, key="gen_posterior_bars", width="stretch")
    projector = ctx.projector()
    fig = map_figure(projector.embedding_, ctx.summary.labels, ctx.data.classes, height=300)
    pca = projector.model_  # the map's own PCA, so the ellipse lands in the map's coordinates
    if pca.n_components_ == 2:
        outline = latent_ops.projected_ellipse(spread.mean, spread.std, pca.components_, pca.mean_)
        fig.add_trace(go.Scatter(x=outline[:, 0], y=outline[:, 1], mode="lines", name=t("gen_ellipse"),
                                 line={"color": "#d62728", "width": 2}, fill="toself",
                                 fillcolor="rgba(214,39,40,0.15)"))
    right.plotly_chart(fig, key="gen_posterior_map", width="stretch")
    cols = st.columns([1, 2, 1])
    cols[0].image(picture(ctx.data.images[index]), caption=t("gen_input"), output_format="PNG")
    cols[1].image(picture_grid(spread.samples, int(np.ceil(np.sqrt(k))), 56), caption=t("gen_samples"),
                  output_format="PNG")
    variance = spread.pixel_variance.reshape(spread.samples.shape[-2:]).numpy()
    cols[2].image(heat(variance), caption=t("gen_pixel_var").format(v=float(variance.max())), output_format="PNG")


__all__ = ["Context", "attributes", "edit", "interpolation", "make_context", "read_link", "sampling",
           "set_start", "start_picker", "traversals", "uncertainty"]


# --- β explorer ------------------------------------------------------------------------------
def beta_explorer(ctx: Context) -> None:
    """Swap between VAEs trained with different β: rate against distortion, active units, and what
    the start image and prior samples look like at each β."""
    st.caption(t("gen_beta_intro"))
    sweep = beta_sweep(ctx.info)
    if len(sweep) < 2:
        st.info(t("gen_beta_none"))
        return
    betas = [b for b, _ in sweep]
    current = dict((name, b) for b, name in sweep).get(ctx.info.name, betas[0])
    beta = st.select_slider(t("gen_beta_slider"), options=betas, value=current, key="gen_beta",
                            format_func=lambda b: f"{b:g}")
    points = {b: rate_distortion(name, ctx.info.dataset) for b, name in sweep}
    left, right = st.columns([3, 2])
    fig = go.Figure(go.Scatter(x=[p.rate for p in points.values()], y=[p.distortion for p in points.values()],
                               mode="lines+markers+text", text=[f"β={b:g}" for b in points],
                               textposition="top right", marker={"size": 9}))
    chosen = points[beta]
    fig.add_trace(go.Scatter(x=[chosen.rate], y=[chosen.distortion], mode="markers",
                             marker={"size": 18, "symbol": "circle-open", "color": "#d62728", "line": {"width": 3}},
                             showlegend=False))
    fig.update_layout(height=320, showlegend=False, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title=t("gen_beta_rate"), yaxis_title=t("gen_beta_distortion"))
    left.plotly_chart(fig, key="gen_beta_rd", width="stretch")
    d = ctx.model.latent_dim
    bars = go.Figure(go.Bar(x=[f"β={b:g}" for b in points], y=[p.active_units for p in points.values()],
                            marker_color=["#d62728" if b == beta else "#1f77b4" for b in points]))
    bars.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, yaxis_range=[0, d],
                       title=t("gen_beta_active").format(d=d))
    right.plotly_chart(bars, key="gen_beta_active", width="stretch")
    index = int(ctx.start) if ctx.start.isdigit() else 0
    image = ctx.data.images[index:index + 1]
    models = {b: load_model(name) for b, name in sweep}
    st.caption(t("gen_beta_recon") + f" (#{index})")
    cols = st.columns(len(models))
    for col, (b, model) in zip(cols, models.items(), strict=True):
        col.image(picture(decode_all(model, model.encode(image.to(model.device)).detach().cpu().numpy())[0], 112),
                  caption=f"β={b:g}", output_format="PNG")
    st.caption(t("gen_beta_samples").format(b=beta))
    codes = latent_ops.prior_codes(16, d, 1.0, 0)
    st.image(picture_grid(decode_all(models[beta], codes), 8, 64), output_format="PNG")
