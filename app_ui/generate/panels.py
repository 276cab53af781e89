"""The Generate page's exploring panels: interpolation, attribute vectors, traversals, sampling, a
VAE's uncertainty and the β explorer (the code editor is in `editor.py`). Maths lives in
`ae_models.latent_ops`."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ae_models import latent_ops
from ae_models.data import first_per_class
from ae_models.latent_ops import decode_all, reconstruct_all
from ae_models.models import is_variational
from app_ui.common.figures import map_figure
from app_ui.common.i18n import t
from app_ui.common.labels import class_name
from app_ui.common.loaders import ModelInfo, load_model, model_catalogue
from app_ui.common.pictures import heat, picture, picture_grid, pictures
from app_ui.common.state import clamp_state
from app_ui.generate import factors
from app_ui.generate.context import Context
from app_ui.generate.data import rate_distortion
from app_ui.generate.figures import (
    active_units_figure,
    add_ellipse,
    add_path,
    distance_figure,
    posterior_figure,
    rate_distortion_figure,
)
from app_ui.generate.state import MAP_VECTOR, MapVector


# --- interpolation ---------------------------------------------------------------------------
def interpolation(ctx: Context) -> None:
    st.caption(t("gen_interp_intro"))
    latents, n = ctx.summary.latents, len(ctx.summary.latents)
    firsts = first_per_class(ctx.summary.labels) + [0, min(1, n - 1)]
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
    right.plotly_chart(distance_figure(distances, ctx.summary.spacing, t("gen_step_dist"), t("gen_typical"),
                                       t("gen_step")), key="gen_interp_dist", width="stretch")


# --- attribute vectors --------------------------------------------------------------------------
def map_vector(ctx: Context) -> None:
    """An attribute vector handed over by the Latent Map (selection A → selection B), added to the
    start code with growing strength."""
    handed: MapVector | None = st.session_state.get(MAP_VECTOR)
    if handed is None:
        return
    if handed.model != ctx.info.name or len(handed.vector) != ctx.model.latent_dim:
        st.info(t("gen_map_vector_other").format(model=handed.model, label=handed.label))
        return
    st.subheader(t("gen_map_vector_title").format(label=handed.label))
    st.caption(t("gen_map_vector_intro"))
    strength = st.slider(t("gen_strength"), -1.0, 2.0, value=1.0, step=0.05, key="gen_map_vector_strength")
    strengths = np.linspace(0.0, strength, 6)
    vector = np.asarray(handed.vector)
    codes = np.stack([latent_ops.apply_attribute(ctx.z0, vector, a) for a in strengths])
    st.image(pictures(decode_all(ctx.model, codes), 112), caption=[f"×{a:.2f}" for a in strengths],
             output_format="PNG")
    st.button(t("gen_map_vector_dismiss"), key="gen_map_vector_dismiss",
              on_click=lambda: st.session_state.pop(MAP_VECTOR, None))
    st.divider()


def attributes(ctx: Context) -> None:
    map_vector(ctx)
    st.caption(t("gen_attr_intro"))
    s, data = ctx.summary, ctx.data
    present = sorted(int(c) for c in np.unique(s.labels) if c >= 0)
    if len(present) < 2:
        return
    st.session_state.setdefault("gen_attr_source", 3 if 3 in present else present[0])
    st.session_state.setdefault("gen_attr_target", 8 if 8 in present else present[1])
    st.session_state.setdefault("gen_attr_strength", 1.0)
    def name(label: int) -> str:
        return class_name(data.classes, label, str(label))

    cols = st.columns(4)
    source = cols[0].selectbox(t("gen_attr_source"), present, key="gen_attr_source", format_func=name)
    target = cols[1].selectbox(t("gen_attr_target"), present, key="gen_attr_target", format_func=name)
    members = np.flatnonzero(s.labels == source)
    clamp_state("gen_attr_pos", len(members) - 1)
    pos = int(cols[2].number_input(t("gen_attr_image"), 0, len(members) - 1, step=1, key="gen_attr_pos"))
    strength = cols[3].slider(t("gen_strength"), -1.0, 2.0, step=0.05, key="gen_attr_strength")
    index = int(members[min(pos, len(members) - 1)])
    vector = latent_ops.attribute_vector(s.latents, s.labels, source, target)
    strengths = np.linspace(0.0, strength, 6)
    codes = np.stack([latent_ops.apply_attribute(s.latents[index], vector, a) for a in strengths])
    st.image([picture(data.images[index], 112)] + pictures(decode_all(ctx.model, codes), 112),
             caption=[f"#{index}"] + [f"{name(source)} → {name(target)} ×{a:.2f}"
                                      for a in strengths], output_format="PNG")
    st.subheader(t("gen_arith"))
    n = len(s.latents)
    firsts = first_per_class(s.labels)
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
    dims = ctx.slider_order[:rows]
    codes = latent_ops.traversal(ctx.z0, dims, s.ranges.mean, s.ranges.std, steps)
    decoded = decode_all(ctx.model, codes.reshape(-1, d))
    help_key = "gen_dims_help_vae" if ctx.model.variational else "gen_dims_help_ae"
    for row, dim in enumerate(dims.tolist()):
        st.image(picture_grid(decoded[row * steps:(row + 1) * steps], steps, 80), output_format="PNG",
                 caption=f"{ctx.dim_label(dim)}: −3σ … +3σ · " + t(help_key).format(score=s.scores[dim]))


# --- sampling ------------------------------------------------------------------------------------
def _sampling_partner(info: ModelInfo) -> ModelInfo | None:
    """A model of the other kind (VAE ↔ AE) with the same dataset and latent size, preferring plain
    (not denoising, not one-class) ones."""
    variational = is_variational(info.family)
    partners = [m for m in model_catalogue()[0] if m.dataset == info.dataset and m.latent_dim == info.latent_dim
                and m.normal_class is None and is_variational(m.family) != variational]
    partners.sort(key=lambda m: (m.noise is not None, m.name))
    return partners[0] if partners else None


def sampling(ctx: Context) -> None:
    st.caption(t("gen_sample_intro"))
    cols = st.columns(2)
    temperature = cols[0].slider(t("gen_temperature"), 0.2, 2.0, value=1.0, step=0.1, key="gen_temperature")
    seed = int(cols[1].number_input(t("gen_sample_seed"), 0, 10**6, value=0, step=1, key="gen_sample_seed"))
    partner = _sampling_partner(ctx.info)
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
    left, right = st.columns([3, 2])
    left.plotly_chart(posterior_figure(spread.mean, spread.std, ctx.summary.order, t("gen_posterior")),
                      key="gen_posterior_bars", width="stretch")
    projector = ctx.projector()
    fig = map_figure(projector.embedding_, ctx.summary.labels, ctx.data.classes, height=300)
    pca = projector.model_  # the map's own PCA, so the ellipse lands in the map's coordinates
    if pca.n_components_ == 2:
        add_ellipse(fig, latent_ops.projected_ellipse(spread.mean, spread.std, pca.components_, pca.mean_),
                    t("gen_ellipse"))
    right.plotly_chart(fig, key="gen_posterior_map", width="stretch")
    cols = st.columns([1, 2, 1])
    cols[0].image(picture(ctx.data.images[index]), caption=t("gen_input"), output_format="PNG")
    cols[1].image(picture_grid(spread.samples, int(np.ceil(np.sqrt(k))), 56), caption=t("gen_samples"),
                  output_format="PNG")
    variance = spread.pixel_variance.numpy()
    cols[2].image(heat(variance), caption=t("gen_pixel_var").format(v=float(variance.max())), output_format="PNG")


# --- β explorer ------------------------------------------------------------------------------
def _beta_sweep(info: ModelInfo) -> list[tuple[float, str]]:
    """(β, model name) of the VAEs that differ from `info` only in β (same family, dataset, latent
    size and TC weight; clean, not one-class), sorted by β; for a β-TCVAE with no such sweep of its own,
    the plain β-VAEs it sits among; empty for AEs."""
    if not is_variational(info.family):
        return []

    def sweep(tc_weight: float) -> list[tuple[float, str]]:
        return sorted((m.beta, m.name) for m in model_catalogue()[0]
                      if (m.family, m.dataset, m.latent_dim, m.noise, m.normal_class, m.tc_weight)
                      == (info.family, info.dataset, info.latent_dim, None, None, tc_weight))

    own = sweep(info.tc_weight)
    return own if len(own) >= 2 or not info.tc_weight else sweep(0.0)


def beta_explorer(ctx: Context) -> None:
    """Swap between VAEs trained with different β: rate against distortion, active units, and what
    the start image and prior samples look like at each β; on a dataset with known factors, how
    disentangled each β's codes are (`factors.tradeoff`)."""
    st.caption(t("gen_beta_intro"))
    sweep = _beta_sweep(ctx.info)
    if len(sweep) < 2:
        st.info(t("gen_beta_none"))
    else:
        if ctx.info.name not in {name for _, name in sweep}:  # a β-TCVAE beside the plain sweep
            st.caption(t("gen_beta_plain_sweep").format(w=ctx.info.tc_weight))
        _sweep(ctx, sweep)
    factors.tradeoff(ctx)


def _sweep(ctx: Context, sweep: list[tuple[float, str]]) -> None:
    """The β slider, the sweep's rate–distortion and active units, reconstructions and prior samples."""
    betas = [b for b, _ in sweep]
    own = ctx.info.beta if ctx.info.beta in betas else betas[0]  # a β-TCVAE starts at its own β
    current = dict((name, b) for b, name in sweep).get(ctx.info.name, own)
    beta = st.select_slider(t("gen_beta_slider"), options=betas, value=current, key="gen_beta",
                            format_func=lambda b: f"{b:g}")
    points = {b: rate_distortion(name, ctx.info.dataset) for b, name in sweep}
    d = ctx.model.latent_dim
    left, right = st.columns([3, 2])
    left.plotly_chart(rate_distortion_figure(points, beta, t("gen_beta_rate"), t("gen_beta_distortion")),
                      key="gen_beta_rd", width="stretch")
    right.plotly_chart(active_units_figure(points, beta, d, t("gen_beta_active").format(d=d)),
                       key="gen_beta_active", width="stretch")
    index = int(ctx.start) if ctx.start.isdigit() else 0
    image = ctx.data.images[index:index + 1]
    models = {b: load_model(name) for b, name in sweep}
    st.caption(t("gen_beta_recon") + f" (#{index})")
    cols = st.columns(len(models))
    for col, (b, model) in zip(cols, models.items(), strict=True):
        col.image(picture(reconstruct_all(model, image)[0], 112), caption=f"β={b:g}", output_format="PNG")
    st.caption(t("gen_beta_samples").format(b=beta))
    codes = latent_ops.prior_codes(16, d, 1.0, 0)
    st.image(picture_grid(decode_all(models[beta], codes), 8, 64), output_format="PNG")
