"""The Generate page on a dataset with known factors (`shapes`): the scores and the latent × factor
heatmap, rows that traverse one factor, and the β sweep's disentanglement against reconstruction
error. The scores are `ae_models.disentanglement`'s, read from the card (`app_ui/generate/data.py`)."""

from __future__ import annotations

import streamlit as st

from ae_models.disentanglement import factor_sweep
from ae_models.latent_ops import decode_all
from app_ui.common.i18n import t
from app_ui.common.pictures import picture_grid
from app_ui.generate.context import Context
from app_ui.generate.data import SCORED_IMAGES, tradeoff_points
from app_ui.generate.figures import factor_heatmap, tradeoff_figure


def known_factors(ctx: Context) -> None:
    """What each latent dimension encodes: MIG and DCI, the normalised-MI heatmap, factor traversals."""
    assert ctx.factors is not None  # the page offers this tab only then
    report = ctx.factors.report
    st.caption(t("gen_factors_intro"))
    cols = st.columns(4)
    cols[0].metric("MIG", f"{report.mig:.3f}", help=t("gen_factors_mig_help"))
    for col, name in zip(cols[1:], ("disentanglement", "completeness", "informativeness"), strict=True):
        col.metric(t(f"gen_factors_dci_{name}"), f"{getattr(report.dci, name):.3f}",
                   help=t(f"gen_factors_dci_{name}_help"))
    st.caption(t("gen_factors_from_card") if ctx.factors.from_card
               else t("gen_factors_measured").format(n=min(SCORED_IMAGES, len(ctx.data))))
    st.plotly_chart(factor_heatmap(report.normalised_mi, report.factor_names, ctx.slider_order,
                                   t("gen_factors_share")), key="gen_factor_heatmap", width="stretch")
    st.caption(t("gen_factors_heatmap"))
    traverse_factors(ctx)


def traverse_factors(ctx: Context) -> None:
    """One row per picked factor: the start code with the factor's dimension swept."""
    assert ctx.factors is not None
    report, ranges = ctx.factors.report, ctx.summary.ranges
    st.subheader(t("gen_factors_traverse"))
    st.caption(t("gen_factors_traverse_intro"))
    cols = st.columns([3, 1])
    picked = cols[0].multiselect(t("gen_factors_pick"), list(report.factor_names), default=list(report.factor_names),
                                 key="gen_factor_pick")
    steps = cols[1].slider(t("gen_trav_steps"), 5, 13, value=9, step=2, key="gen_factor_steps")
    for factor in picked:
        sweep = factor_sweep(report, factor, ctx.z0, ranges.mean, ranges.std, ctx.factors.correlation, steps)
        ends = ("+3σ", "−3σ") if sweep.descending else ("−3σ", "+3σ")
        st.image(picture_grid(decode_all(ctx.model, sweep.codes), steps, 80), output_format="PNG",
                 caption=t("gen_factors_row").format(factor=factor, dim=sweep.dimension, share=sweep.share,
                                                     start=ends[0], end=ends[1]))


def tradeoff(ctx: Context) -> None:
    """The β explorer's rate–disentanglement figure: MIG against test MSE of every scored checkpoint
    of this dataset and latent size (plain AE and the β sweep), read from their cards."""
    points = tradeoff_points(ctx.info.dataset, ctx.model.latent_dim)
    if len(points) < 2:
        return
    st.subheader(t("gen_tradeoff_title"))
    st.caption(t("gen_tradeoff_intro"))
    st.plotly_chart(tradeoff_figure(points, ctx.info.name, t("gen_kind_ae"), t("gen_tradeoff_error"), "MIG"),
                    key="gen_beta_mig", width="stretch")
