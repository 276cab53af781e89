"""The Denoise page's panels: model, input and noise pickers, the side-by-side comparison, the noise
curve and the code-shift map. Maths lives in `ae_models.denoising`, figures in `figures`."""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

import app_ui.denoise.texts  # noqa: F401  (registers the page's texts)
from ae_models import denoising
from ae_models.data import DatasetError, ImageDataset
from ae_models.noise import NOISE_KINDS, NoiseSpec
from ae_models.uploads import IMAGE_TYPES
from app_ui.common.i18n import keep_choices, t
from app_ui.common.loaders import ModelInfo, encode_sample, fitted_projector, load_images, load_model, model_catalogue
from app_ui.common.pictures import heat, picture, picture_grid
from app_ui.common.state import clamp_state
from app_ui.denoise.data import baseline_curve, model_curve
from app_ui.denoise.figures import curve_figures, shift_figure

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


def _as_input(digit: np.ndarray) -> torch.Tensor:
    """A centred digit (H, W) as a batch of one (1, 1, H, W)."""
    return torch.from_numpy(digit).float()[None, None]


def _image_kind(data: ImageDataset) -> str:
    """The model's images in words, e.g. "64×64 colour"."""
    c, h, w = data.image_shape
    return t("dn_image_kind").format(h=h, w=w, mode=t("dn_mode_colour" if c == 3 else "dn_mode_grey"))


def _from_upload(data: ImageDataset) -> torch.Tensor | None:
    h, w = data.image_shape[1:]
    what = t("dn_upload_what_digit") if data.classes and data.classes[0] == "0" else t("dn_upload_what_item")
    upload = st.file_uploader(t("dn_upload").format(what=what), key="dn_upload",
                              type=IMAGE_TYPES)
    if denoising.centres_digits(data.image_shape):
        st.caption(t("dn_upload_note").format(h=h, w=w))
    else:
        st.caption(t("dn_upload_note_resize").format(kind=_image_kind(data)))
    if upload is None:
        st.info(t("dn_upload_wait"))
        return None
    try:
        image, inverted = denoising.picture_input(upload.getvalue(), data.image_shape)
    except DatasetError as err:
        st.error(t("dn_upload_error").format(err=err, what=what))
        return None
    if inverted:
        st.caption(t("dn_inverted"))
    return image


def _from_canvas(data: ImageDataset) -> torch.Tensor | None:
    if not denoising.centres_digits(data.image_shape):  # a digit drawn in grey means nothing to a colour model
        st.info(t("dn_draw_not_here").format(kind=_image_kind(data)))
        return None
    try:
        from streamlit_drawable_canvas import st_canvas
    except ImportError:
        st.warning(t("dn_draw_missing"))
        return None
    st.caption(t("dn_draw_help"))
    result = st_canvas(stroke_width=18, stroke_color="#FFFFFF", background_color="#000000", height=224,
                       width=224, drawing_mode="freedraw", return_image_data=True, key="dn_canvas")
    digit = denoising.digit_from_canvas(result.image_data, data.image_shape[1])
    if digit is None:
        st.info(t("dn_draw_wait"))
        return None
    return _as_input(digit)


def input_picker(dataset: str) -> torch.Tensor | None:
    """The clean images to corrupt, (N, C, H, W), or None while waiting for an upload/drawing."""
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


def noise_picker() -> tuple[NoiseSpec, int]:
    """The noise (kind and strength) and its seed."""
    cols = st.columns([2, 3, 1])
    kind = cols[0].selectbox(t("dn_noise"), NOISE_KINDS, key="dn_kind", format_func=lambda k: t(f"dn_kind_{k}"))
    strength = cols[1].slider(t("dn_strength"), 0.0, MAX_STRENGTH[kind], value=DEFAULT_STRENGTH[kind], step=0.05,
                              key=f"dn_strength_{kind}")
    seed = int(cols[2].number_input(t("dn_seed"), 0, 10**6, value=0, step=1, key="dn_seed"))
    return NoiseSpec(kind, float(strength)), seed


# --- comparison ------------------------------------------------------------------------------------
def _show(column, images: torch.Tensor, caption: str) -> None:
    if len(images) == 1:
        column.image(picture(images[0], 196), caption=caption, output_format="PNG")
    else:
        column.image(picture_grid(images, 2, BATCH_CELL), caption=caption, output_format="PNG")


def _show_errors(column, errors: torch.Tensor) -> None:
    """Heat map(s) of per-pixel errors (N, 1, H, W) (the mean over colour channels); a batch shares one
    colour scale."""
    if len(errors) == 1:
        column.image(heat(errors[0, 0].numpy(), 196), caption=t("dn_error"), output_format="PNG")
    else:
        tiles = picture_grid(errors / max(errors.max().item(), 1e-6), 2, BATCH_CELL)  # the grid wants [0, 1]
        column.image(heat(tiles, tiles.shape[0]), caption=t("dn_error"), output_format="PNG")


def comparison(models: list[ModelInfo], clean: torch.Tensor, noise: NoiseSpec, seed: int) -> torch.Tensor:
    """Clean | noisy | each model's output with its error map; a metrics table. Returns the noisy
    input (N, C, H, W)."""
    results = denoising.compare({info.name: load_model(info.name) for info in models}, clean, noise, seed)
    noisy = results[denoising.NOISY_INPUT].outputs
    columns = st.columns(2 + len(models))
    _show(columns[0], clean, t("dn_clean"))
    _show(columns[1], noisy, t("dn_noisy"))
    for column, info in zip(columns[2:], models, strict=True):
        result = results[info.name]
        _show(column, result.outputs, f"{info.name} · PSNR {result.mean_psnr:.1f} dB · SSIM {result.mean_ssim:.3f}")
        _show_errors(column, result.error_maps)
    table = denoising.comparison_table(results).rename(index={denoising.NOISY_INPUT: t("dn_input_row")})
    st.caption(t("dn_metrics"))
    st.dataframe(table.round({"PSNR (dB)": 2, "SSIM": 3}), key="dn_metrics_table", width="content")
    return noisy


# --- noise curve ------------------------------------------------------------------------------------
def noise_curves(models: list[ModelInfo], dataset: str, kind: str, seed: int) -> None:
    """Mean PSNR/SSIM against strength for each model and the noisy input (cached per model)."""
    data = load_images(dataset)
    n = denoising.curve_images(data.image_shape, len(data))
    st.subheader(t("dn_curve_title").format(n=n))
    bar = st.progress(0.0, text=t("dn_curve_running").format(n=n, k=len(denoising.STRENGTHS[kind])))
    rows = list(baseline_curve(dataset, kind, seed, n))
    for i, info in enumerate(models):
        bar.progress((i + 1) / (len(models) + 1))
        rows += model_curve(info.name, dataset, kind, seed, n)
    bar.empty()
    table = denoising.curve_table(rows)
    psnr_figure, ssim_figure = curve_figures(table, f"{t('dn_strength')} ({kind})", t("dn_input_row"))
    left, right = st.columns(2)
    left.plotly_chart(psnr_figure, key="dn_curve_psnr", width="stretch")
    right.plotly_chart(ssim_figure, key="dn_curve_ssim", width="stretch")
    st.caption(t("dn_curve_caption").format(seed=seed))
    with st.expander(t("dn_curve_numbers")):
        st.dataframe(table.round(3), key="dn_curve_table")


# --- code shift -----------------------------------------------------------------------------------------
def shift_maps(models: list[ModelInfo], dataset: str, clean: torch.Tensor, noisy: torch.Tensor) -> None:
    """Per model: its PCA plane with arrows from the clean codes to the noisy codes."""
    st.subheader(t("dn_map_title"))
    st.caption(t("dn_map_caption"))
    data = load_images(dataset)
    columns = st.columns(max(1, min(3, len(models))))
    for i, info in enumerate(models):
        projector = fitted_projector(info.name, dataset, "pca", 2)
        shift = denoising.mapped_shift(load_model(info.name), clean, noisy, encode_sample(info.name, dataset),
                                       projector)
        column = columns[i % len(columns)]
        column.markdown(f"**{info.name}** · {t('dn_shift').format(v=float(shift.relative.mean()))}")
        column.plotly_chart(shift_figure(projector.embedding_, data.labels.numpy(), data.classes, shift),
                            key=f"dn_map_{info.name}", width="stretch")
