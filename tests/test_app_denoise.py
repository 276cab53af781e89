"""AppTest of the Denoise page on the tiny zoo: inputs, the noise slider, metrics, uploads, the curve."""

from __future__ import annotations

import io

import numpy as np
from apptest import open_page, page_components
from PIL import Image
from streamlit.testing.v1 import AppTest


def open_denoise() -> AppTest:
    return open_page("app_pages/denoise.py")


def image_url(at: AppTest, caption: str) -> str:
    """Media files are named by a hash of their bytes: equal URLs mean identical PNGs."""
    for element in at.get("image"):
        if caption in element.captions:
            return element.value[element.captions.index(caption)]
    raise AssertionError(f"no image captioned {caption!r}")


def metrics(at: AppTest):
    return next(d.value for d in at.dataframe if "SSIM" in d.value.columns)


def test_page_renders_with_the_default_comparison(tiny_zoo):
    at = open_denoise()
    assert at.multiselect(key="dn_models").value == ["digits-conv_ae-4", "digits-conv_ae-4-denoise", "digits-ae-2"]
    table = metrics(at)
    assert len(table) == 4 and table["SSIM"].between(-1, 1).all()
    assert not at.error


def test_the_noise_slider_changes_the_noisy_image_and_the_metrics(tiny_zoo):
    at = open_denoise()
    noisy, table = image_url(at, "noisy"), metrics(at)
    at.slider(key="dn_strength_gaussian").set_value(0.8).run()
    assert image_url(at, "noisy") != noisy
    changed = metrics(at)
    assert changed.iloc[0]["PSNR (dB)"] < table.iloc[0]["PSNR (dB)"]  # the noisy input got worse
    assert not changed.equals(table)
    at.selectbox(key="dn_kind").set_value("blocks").run()
    assert not at.exception and image_url(at, "noisy") != noisy


def test_the_curve_is_computed_for_every_model_and_the_baseline(tiny_zoo):
    # On digits after 3 epochs the denoising model does not reliably beat the plain one at σ = 0.3
    # (both sit near 12 dB), so this only checks that the table is there and sane.
    at = open_denoise()
    curve = next(d.value for d in at.dataframe if d.value.columns.nlevels == 2)
    assert set(curve["psnr"].columns) == {"noisy input", "digits-conv_ae-4", "digits-conv_ae-4-denoise",
                                          "digits-ae-2"}
    assert len(curve) == 6 and curve[("ssim", "noisy input")].is_monotonic_decreasing


def test_a_batch_of_eight_and_the_drawing_canvas_render(tiny_zoo):
    at = open_denoise()
    at.radio(key="dn_source").set_value("batch").run()
    assert not at.exception and len(metrics(at)) == 4
    at.button(key="dn_new_batch").click().run()
    assert not at.exception
    at.radio(key="dn_source").set_value("draw").run()
    assert not at.exception and at.info and page_components(at)  # the canvas waits for a drawing


def png(array: np.ndarray, mode: str) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).convert(mode).save(buffer, format="PNG")
    return buffer.getvalue()


def test_uploads_are_centred_and_bad_files_give_an_error(tiny_zoo):
    at = open_denoise()
    at.radio(key="dn_source").set_value("upload").run()
    paper = np.full((300, 200), 255, dtype=np.uint8)
    paper[60:240, 90:120] = 0  # a dark "1" on white paper, far from 8×8
    at.file_uploader(key="dn_upload").upload("one.png", png(paper, "RGB"), "image/png").run()
    assert not at.exception and not at.error
    assert any("inverted" in c.value for c in at.caption) and len(metrics(at)) == 4
    at.file_uploader(key="dn_upload").upload("broken.png", b"not an image", "image/png").run()
    assert not at.exception and at.error and "PNG or JPG" in at.error[0].value


# --- a colour model (3×16×16 blobs) ----------------------------------------------------------------
def urls(at: AppTest, caption_part: str) -> list[str]:
    """Every picture whose caption contains `caption_part`."""
    return [url for element in at.get("image") for url, caption in zip(element.value, element.captions, strict=True)
            if caption_part in caption]


def test_a_colour_model_shows_colour_inputs_outputs_and_error_maps(tiny_colour_zoo, shown_pictures):
    at = open_denoise()
    assert at.multiselect(key="dn_models").value == ["blobs-conv_ae-4", "blobs-ae-4"]
    table = metrics(at)
    assert len(table) == 3 and table["SSIM"].between(-1, 1).all() and not at.error
    for caption in ("clean", "noisy", "blobs-conv_ae-4 ·", "blobs-ae-4 ·"):
        (url,) = urls(at, caption)
        assert shown_pictures.is_colour(url), caption
    errors = urls(at, "|error|")
    assert len(errors) == 2 and all(shown_pictures(u).ndim == 3 for u in errors)  # heat maps of the mean error
    curve = next(d.value for d in at.dataframe if d.value.columns.nlevels == 2)
    assert len(curve) == 6 and curve[("ssim", "noisy input")].is_monotonic_decreasing
    at.radio(key="dn_source").set_value("batch").run()
    at.selectbox(key="dn_kind").set_value("mask").run()
    assert not at.exception and len(metrics(at)) == 3
    assert shown_pictures.is_colour(urls(at, "noisy")[0])  # a colour grid of eight


def test_a_colour_model_takes_uploads_in_colour_and_hides_the_canvas(tiny_colour_zoo, shown_pictures):
    at = open_denoise()
    at.radio(key="dn_source").set_value("upload").run()
    assert any("centre cropped" in c.value for c in at.caption)  # the resize policy, not MNIST centring
    photo = np.zeros((90, 60, 3), dtype=np.uint8)
    photo[..., 0], photo[30:60, :, 2] = 200, 255  # red with a blue band, light: no inversion
    at.file_uploader(key="dn_upload").upload("photo.png", png(photo, "RGB"), "image/png").run()
    assert not at.exception and not at.error and len(metrics(at)) == 3
    assert not any("background was light" in c.value for c in at.caption)  # colour pictures are never inverted
    clean = shown_pictures(urls(at, "clean")[0])
    assert clean.ndim == 3 and clean[..., 0].min() > 150 and clean[..., 1].max() < 50  # red, kept in colour
    at.file_uploader(key="dn_upload").upload("grey.png", png(np.full((20, 30), 90, np.uint8), "L"), "image/png").run()
    assert not at.exception and not at.error and len(metrics(at)) == 3  # a grey picture fills all three channels
    at.radio(key="dn_source").set_value("draw").run()
    assert not at.exception and any("16×16 colour" in i.value for i in at.info)
    assert not page_components(at)  # no canvas (for a grey model, drawing shows one)


def test_the_colour_notes_speak_korean(tiny_colour_zoo):
    at = open_denoise()
    at.radio(key="dn_source").set_value("draw").run()  # first: AppTest keeps the English label of "any"
    at.sidebar.radio(key="language").set_value("ko").run()
    assert not at.exception and any("16×16 컬러" in i.value for i in at.info)
