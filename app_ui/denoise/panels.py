"""The Denoise page's panels: model and input pickers, the side-by-side comparison, the noise curve
and the code-shift map. Maths lives in `ae_models.denoising`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import torch

import app_ui.denoise.texts  # noqa: F401  (registers the page's texts)
from ae_models import denoising
from ae_models.data import DatasetError, ImageDataset, image_to_array
from ae_models.metrics import psnr, ssim
from ae_models.noise import NOISE_KINDS, corrupt
from ae_models.uploads import IMAGE_TYPES
from app_ui.common.i18n import keep_choices, t
from app_ui.common.loaders import ModelInfo, encode_sample, fitted_projector, load_images, load_model, model_catalogue
from app_ui.common.pictures import PALETTE, heat, picture, picture_grid
from app_ui.denoise.data import CURVE_IMAGES, baseline_curve, model_curve
from app_ui.generate.figures import map_figure
from app_ui.generate.state import clamp_state

MAX_STRENGTH = {"gaussian": 1.0, "salt_pepper": 0.9, "mask": 0.9, "blocks": 0.9}
BATCH_CELL = 84  # pixels per image in a batch's 2-column grid (3× for 28×28, 10× for 8×8)
DEFAULT_STRENGTH = {"gaussian": 0.3, "salt_pepper": 0.2, "mask": 0.3, "blocks": 0.3}


def model_picker(dataset: str, selected: str | None) -> list[ModelInfo]:
    """Multiselect of the dataset's models (not one-class ones); default: plain conv AE, denoising
    conv AE and an MLP AE when present."""
    infos = [m for m in model_catalogue()[0] if m.dataset == dataset and m.normal_class is None]
    by_name = {m.name: m for m in infos}
    if "dn_models" not in st.session_state or any(n not in by_name for n in st.session_state["dn_models"]):
        default = denoising.default_comparison([(m.name, m.family, m.noise) for m in infos])
        st.session_state["dn_models"] = default or ([selected] if selected in by_name else [])
    names = st.multiselect(t("dn_models"), list(by_name), key="dn_models", format_func=lambda n: n)
    return [by_name[n] for n in names]


# --- inputs --------------------------------------------------------------------------------------
def _new_batch() -> None:
    st.session_state["dn_batch_seed"] = int(np.random.default_rng().integers(10**6))


def _from_test_set(data: ImageDataset, cols) -> torch.Tensor:
    labels = data.labels.numpy()
    options = [-1, *sorted(int(c) for c in np.unique(labels) if c >= 0)]
    label = cols[1].selectbox(t("dn_class"), options, key="dn_class",
                              format_func=lambda c: t("dn_any") if c < 0 else data.classes[c])
    members = np.arange(len(labels)) if label < 0 else np.flatnonzero(labels == label)
    clamp_state("dn_pos", len(members) - 1)
    pos = int(cols[2].number_input(t("dn_index"), 0, len(members) - 1, step=1, key="dn_pos"))
    index = int(members[min(pos, len(members) - 1)])
    return data.images[index:index + 1]


def _from_upload(data: ImageDataset) -> torch.Tensor | None:
    h, w = data.image_shape[1:]
    what = t("dn_upload_what_digit") if data.classes and data.classes[0] == "0" else t("dn_upload_what_item")
    upload = st.file_uploader(t("dn_upload").format(what=what), key="dn_upload",
                              type=IMAGE_TYPES)
    st.caption(t("dn_upload_note").format(h=h, w=w))
    if upload is None:
        st.info(t("dn_upload_wait"))
        return None
    try:
        grey = image_to_array(upload.getvalue(), size=None)
    except DatasetError as err:
        st.error(t("dn_upload_error").format(err=err))
        return None
    digit, inverted = denoising.digit_from_picture(grey, h)
    if inverted:
        st.caption(t("dn_inverted"))
    return torch.from_numpy(digit).float()[None, None]


def _from_canvas(data: ImageDataset) -> torch.Tensor | None:
    try:
        from streamlit_drawable_canvas import st_canvas
    except ImportError:
        st.warning(t("dn_draw_missing"))
        return None
    st.caption(t("dn_draw_help"))
    result = st_canvas(stroke_width=18, stroke_color="#FFFFFF", background_color="#000000", height=224,
                       width=224, drawing_mode="freedraw", return_image_data=True, key="dn_canvas")
    rgba = result.image_data
    if rgba is None or np.asarray(rgba)[..., :3].max() == 0:
        st.info(t("dn_draw_wait"))
        return None
    rgba = np.asarray(rgba, dtype=np.float64)
    ink = rgba[..., :3].mean(-1) * rgba[..., 3] / 255.0  # light strokes; transparent = background
    digit, _ = denoising.digit_from_picture(ink, data.image_shape[1])
    return torch.from_numpy(digit).float()[None, None]


def input_picker(dataset: str) -> torch.Tensor | None:
    """The clean images to corrupt, (N, 1, H, W), or None while waiting for an upload/drawing."""
    keep_choices("dn_source", "dn_class", "dn_kind")
    data = load_images(dataset)
    sources = {"image": t("dn_src_image"), "batch": t("dn_src_batch"), "upload": t("dn_src_upload"),
               "draw": t("dn_src_draw")}
    cols = st.columns([3, 2, 2], vertical_alignment="bottom")
    source = cols[0].radio(t("dn_source"), list(sources), format_func=sources.get, key="dn_source",
                           horizontal=True)
    if source == "image":
        return _from_test_set(data, cols)
    if source == "batch":
        st.session_state.setdefault("dn_batch_seed", 0)
        cols[1].button(t("dn_new_batch"), key="dn_new_batch", on_click=_new_batch)
        pick = np.random.default_rng(st.session_state["dn_batch_seed"]).choice(len(data), 8, replace=False)
        return data.images[np.sort(pick)]
    return _from_upload(data) if source == "upload" else _from_canvas(data)


def noise_picker() -> tuple[str, float, int]:
    """Noise kind, strength and seed."""
    cols = st.columns([2, 3, 1])
    kind = cols[0].selectbox(t("dn_noise"), NOISE_KINDS, key="dn_kind", format_func=lambda k: t(f"dn_kind_{k}"))
    strength = cols[1].slider(t("dn_strength"), 0.0, MAX_STRENGTH[kind], value=DEFAULT_STRENGTH[kind], step=0.05,
                              key=f"dn_strength_{kind}")
    seed = int(cols[2].number_input(t("dn_seed"), 0, 10**6, value=0, step=1, key="dn_seed"))
    return kind, float(strength), seed


# --- comparison ------------------------------------------------------------------------------------
def _show(column, images: torch.Tensor, caption: str) -> None:
    if len(images) == 1:
        column.image(picture(images[0], 196), caption=caption, output_format="PNG")
    else:
        column.image(picture_grid(images, 2, BATCH_CELL), caption=caption, output_format="PNG")


def comparison(models: list[ModelInfo], clean: torch.Tensor, kind: str, strength: float, seed: int
               ) -> dict[str, torch.Tensor]:
    """Clean | noisy | each model's output with its error map; a metrics table. Returns the noisy input
    and each model's output, by name."""
    noisy = corrupt(clean, f"{kind}:{strength}", torch.Generator().manual_seed(seed))
    columns = st.columns(2 + len(models))
    _show(columns[0], clean, t("dn_clean"))
    _show(columns[1], noisy, t("dn_noisy"))
    rows = [{"": t("dn_input_row"), "PSNR (dB)": psnr(noisy, clean).mean().item(),
             "SSIM": ssim(noisy, clean).mean().item()}]
    outputs = {t("dn_noisy"): noisy}
    for column, info in zip(columns[2:], models, strict=True):
        result = denoising.denoise(load_model(info.name), clean, noisy)
        outputs[info.name] = result.outputs
        score = f"PSNR {result.psnr.mean():.1f} dB · SSIM {result.ssim.mean():.3f}"
        _show(column, result.outputs, f"{info.name} · {score}")
        error = (result.outputs - clean).abs()
        if len(error) == 1:
            column.image(heat(error[0, 0].numpy(), 196), caption=t("dn_error"), output_format="PNG")
        else:
            tiles = picture_grid(error / max(error.max().item(), 1e-6), 2, BATCH_CELL)
            column.image(heat(tiles, tiles.shape[0]), caption=t("dn_error"), output_format="PNG")
        rows.append({"": info.name, "PSNR (dB)": result.psnr.mean().item(), "SSIM": result.ssim.mean().item()})
    st.caption(t("dn_metrics"))
    st.dataframe(pd.DataFrame(rows).set_index("").round({"PSNR (dB)": 2, "SSIM": 3}), key="dn_metrics_table",
                 width="content")
    return outputs


# --- noise curve ------------------------------------------------------------------------------------
def noise_curves(models: list[ModelInfo], dataset: str, kind: str, seed: int) -> pd.DataFrame:
    """Mean PSNR/SSIM against strength for each model and the noisy input (cached per model)."""
    n = min(CURVE_IMAGES, len(load_images(dataset)))
    st.subheader(t("dn_curve_title").format(n=n))
    bar = st.progress(0.0, text=t("dn_curve_running").format(n=n, k=len(denoising.STRENGTHS[kind])))
    rows = list(baseline_curve(dataset, kind, seed))
    for i, info in enumerate(models):
        bar.progress((i + 1) / (len(models) + 1))
        rows += model_curve(info.name, dataset, kind, seed)
    bar.empty()
    table = pd.DataFrame(rows)
    figures = [go.Figure(), go.Figure()]
    for j, name in enumerate(table["model"].unique()):
        part = table[table["model"] == name]
        baseline = name == denoising.NOISY_INPUT
        style = {"dash": "dash", "color": "#555555"} if baseline else {"color": PALETTE[j % len(PALETTE)]}
        label = t("dn_input_row") if baseline else name
        for fig, metric in zip(figures, ("psnr", "ssim"), strict=True):
            # An uncorrupted input has infinite PSNR (shown as 100 dB): leave that point out.
            values = part[metric].where(part[metric] < 99.0) if metric == "psnr" else part[metric]
            fig.add_trace(go.Scatter(x=part["strength"], y=values, name=label, mode="lines+markers",
                                     line=style, legendgroup=name, showlegend=metric == "psnr"))
    for fig, metric in zip(figures, ("PSNR (dB)", "SSIM"), strict=True):
        fig.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                          xaxis_title=f"{t('dn_strength')} ({kind})", yaxis_title=metric)
    left, right = st.columns(2)
    left.plotly_chart(figures[0], key="dn_curve_psnr", width="stretch")
    right.plotly_chart(figures[1], key="dn_curve_ssim", width="stretch")
    st.caption(t("dn_curve_caption").format(seed=seed))
    with st.expander(t("dn_curve_numbers")):
        st.dataframe(table.pivot(index="strength", columns="model", values=["psnr", "ssim"]).round(3),
                     key="dn_curve_table")
    return table


# --- code shift -----------------------------------------------------------------------------------------
def shift_maps(models: list[ModelInfo], dataset: str, clean: torch.Tensor, noisy: torch.Tensor) -> None:
    """Per model: its PCA plane with arrows from the clean codes to the noisy codes."""
    st.subheader(t("dn_map_title"))
    st.caption(t("dn_map_caption"))
    data = load_images(dataset)
    columns = st.columns(max(1, min(3, len(models))))
    for i, info in enumerate(models):
        projector = fitted_projector(info.name, dataset, "pca", 2)
        z_clean, z_noisy = denoising.code_shift(load_model(info.name), clean, noisy)
        shift = denoising.relative_shift(z_clean, z_noisy, encode_sample(info.name, dataset))
        start, end = projector.transform(z_clean), projector.transform(z_noisy)
        fig = map_figure(projector.embedding_, data.labels.numpy(), data.classes, height=300)
        fig.update_layout(showlegend=False)
        for a, b in zip(start, end, strict=True):
            fig.add_annotation(x=b[0], y=b[1], ax=a[0], ay=a[1], xref="x", yref="y", axref="x", ayref="y",
                               showarrow=True, arrowhead=3, arrowwidth=2, arrowcolor="#000000")
        column = columns[i % len(columns)]
        column.markdown(f"**{info.name}** · {t('dn_shift').format(v=float(shift.mean()))}")
        column.plotly_chart(fig, key=f"dn_map_{info.name}", width="stretch")
