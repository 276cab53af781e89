"""The Generate page's code editor: sliders decoded in the browser while the hand moves (`live`),
or, for a decoder the browser cannot run, Streamlit sliders decoded on the server (`server_editor`)
beside a ghost map of the path the code has taken."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import latent_ops
from ae_models.imaging import png_bytes
from ae_models.latent_ops import decode_all
from app_ui.common.i18n import t
from app_ui.common.pictures import picture, picture_grid
from app_ui.generate.context import Context
from app_ui.generate.data import ghost_map, live_payload
from app_ui.generate.live_decoder import MAX_SLIDER_DIMS, browser_failure, live_latent_editor
from app_ui.generate.state import (
    PC_KEY,
    TRAIL,
    Z_KEY,
    LinkState,
    init_sliders,
    link_code,
    remember_sliders,
    reset_all,
    reset_dims,
    slider_values,
    write_link,
)

FAR = 3.0  # a code this many typical gaps from the data is flagged as extrapolation
LIVE_KEPT = "gen_live_kept"  # (model, start, code): the browser editor's last released code
NEIGHBOURS = 8  # real images shown under the browser editor (its caption says 8)


def edit(ctx: Context) -> None:
    """The code editor. Its sliders decode in the browser while the hand moves (`live`); a decoder
    the browser cannot run gets Streamlit sliders decoded here instead (`server_editor`), where
    every move waits for a server run. Runs on full runs only, so a link's edits apply once."""
    why = browser_failure(ctx.info.name, ctx.model)
    if why is not None:
        st.info(t("gen_live_fallback").format(why=why))
        server_editor(ctx)
        return
    code = link_code(ctx.link, ctx.z0, ctx.summary.directions) if ctx.link else None
    if code is not None:
        st.session_state[LIVE_KEPT] = (ctx.info.name, ctx.start, code)
    live(ctx)


# --- shared by both editors ---------------------------------------------------------------
def _downloads(ctx: Context, big: np.ndarray, z: np.ndarray, key: str) -> None:
    """The decoded picture as PNG and the code as CSV."""
    buttons = st.columns(2)
    buttons[0].download_button(t("gen_download_png"), png_bytes(big), file_name=f"{ctx.info.name}-generated.png",
                               mime="image/png", key=f"{key}_png")
    buttons[1].download_button(t("gen_download_z"), ",".join(f"{v:.6g}" for v in z) + "\n",
                               file_name=f"{ctx.info.name}-latent.csv", mime="text/csv", key=f"{key}_z")


def _code_text(z: np.ndarray) -> str:
    return "[" + ", ".join(f"{v:+.3f}" for v in z) + "]"


def _gaps(ctx: Context, distance: float) -> float:
    """A distance in typical gaps between neighbouring real codes."""
    return distance / max(ctx.summary.spacing, 1e-12)


def _warn_if_far(ctx: Context, distance: float) -> None:
    if _gaps(ctx, distance) > FAR:
        st.warning(t("gen_far"), icon="👻")


# --- in the browser ---------------------------------------------------------------------------
@st.fragment
def live(ctx: Context) -> None:
    """Sliders decoded in the browser on every input event (the image follows the hand); the code
    comes back here on release, for the downloads, the real neighbours and the link. A fragment, so
    a release reruns only this panel. The last released code is kept for when the tab is opened
    again (a hidden tab's widgets lose their state)."""
    st.caption(t("gen_live_intro"))
    texts = {k: t(f"gen_live_{k}")
             for k in ("dims", "pcs", "reset", "note", "loading", "failed", "distance", "typical")}
    texts["reset_one"] = t("gen_reset_one")
    if ctx.factors:
        texts["dims"] = t("gen_dims_factors")
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
    nearest, distances = latent_ops.nearest_codes(ctx.summary.latents, z, NEIGHBOURS)
    _warn_if_far(ctx, distances[0])
    st.caption(t("gen_live_neighbours").format(d=distances[0], s=ctx.summary.spacing))
    st.image(picture_grid(ctx.data.images[nearest], NEIGHBOURS, 64), output_format="PNG")
    edited = not np.array_equal(z, ctx.z0)
    write_link(LinkState(ctx.info.name, ctx.start, tuple(z.tolist()) if edited else None))
    st.caption(t("gen_share"))


# --- on the server --------------------------------------------------------------------------
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


def _dimension_sliders(ctx: Context) -> None:
    s, z0 = ctx.summary, ctx.z0
    help_key = "gen_dims_help_vae" if ctx.model.variational else "gen_dims_help_ae"
    st.caption(t("gen_dims_factors") if ctx.factors else t("gen_dims"))
    for i in ctx.slider_order.tolist():
        low, high = float(s.ranges.low[i]), float(s.ranges.high[i])
        left, right = st.columns([5, 1], vertical_alignment="bottom")
        left.slider(ctx.dim_label(i), low, high, step=(high - low) / 200, format="%.2f", key=Z_KEY.format(i),
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


def _ghost_map(ctx: Context, z: np.ndarray) -> None:
    trail = st.session_state.setdefault(TRAIL, [])
    if not trail:
        trail.append(ctx.z0)
    if not np.array_equal(trail[-1], z):
        trail.append(z)
    st.caption(t("gen_ghost"))
    ghost = ghost_map(ctx.info.name, ctx.info.dataset)
    st.image(ghost.draw(ctx.projector().transform(np.array(trail))), output_format="PNG")
    distance = float(latent_ops.nearest_distance(ctx.summary.latents, z)[0])
    st.markdown(t("gen_distance").format(d=distance, s=ctx.summary.spacing, r=_gaps(ctx, distance)))
    _warn_if_far(ctx, distance)
