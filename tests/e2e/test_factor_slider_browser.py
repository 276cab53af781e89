"""The Generate page in Chromium on the shipped shapes VAE with the best MIG (normally the β-TCVAE,
shapes-conv_vae-10-beta4-tc4): the live editor's slider labelled x_position moves the decoded object
sideways, in the direction its factor grows along that dimension.

Needs the shipped shapes checkpoints with disentanglement scores in their cards (`python -m
ae_models.zoo train` then `report`); skips with that reason when they are missing."""

from __future__ import annotations

import base64

import numpy as np
import pytest
import torch

import ae_models
from ae_models.checkpoints import pretrained_dir, read_card
from ae_models.disentanglement import DisentanglementReport, card_report, factor_correlation
from ae_models.latent_ops import encode_all
from ae_models.samples import load_sample
from benchmarks.serve import ROOT

from .conftest import rested_live_image, shot

pytestmark = pytest.mark.e2e
APP = ROOT / "app.py"
PRETRAINED = pretrained_dir()  # the repository's pretrained/ unless AE_PRETRAINED_DIR says otherwise
SWEEP = ("shapes-conv_vae-10-beta12", "shapes-conv_vae-10-beta4", "shapes-conv_vae-10", "shapes-conv_vae-10-beta4-tc4")
MOVES_AT_LEAST = 6.0  # pixels of 64: a factor step is 4 px, the object's centres span 14–50 px


def best_scored_vae() -> tuple[str, DisentanglementReport]:
    """The shipped shapes VAE whose card states the highest MIG."""
    scored = {}
    for name in SWEEP:
        if (PRETRAINED / name / "card.json").is_file():
            report = card_report(read_card(PRETRAINED / name))
            if report is not None:
                scored[name] = report
    if not scored:
        pytest.skip(f"none of the shipped shapes VAEs ({', '.join(SWEEP)}) is in pretrained/ with disentanglement "
                    "scores in its card: run `python -m ae_models.zoo train` and `python -m ae_models.zoo report`")
    name = max(scored, key=lambda n: scored[n].mig)
    return name, scored[name]


def object_centre(pixels: np.ndarray) -> tuple[float, float]:
    """(x, y) centre of mass of the pixels (H, W, 3) that differ most from the background (the
    border's median colour), weighted by how much they differ."""
    rgb = pixels.astype(float)
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    difference = np.abs(rgb - np.median(border, axis=0)).sum(-1)
    weight = np.where(difference >= 0.5 * difference.max(), difference, 0.0)
    rows, cols = np.indices(weight.shape)
    return float((cols * weight).sum() / weight.sum()), float((rows * weight).sum() / weight.sum())


def canvas_pixels(image, shape: tuple[int, int, int]) -> np.ndarray:
    """The editor canvas's painted pixels (H, W, 3) uint8, from its `data-pixels`."""
    c, h, w = shape
    return np.frombuffer(base64.b64decode(image.get_attribute("data-pixels")), dtype=np.uint8).reshape(h, w, c)


def test_the_x_position_slider_moves_the_object_along_x(start_server, page):
    name, report = best_scored_vae()
    model = ae_models.load_pretrained(PRETRAINED / name, device="cpu")
    sample = load_sample("shapes").subset(torch.arange(2000))
    x = report.factor_names.index("x_position")
    correlation = factor_correlation(encode_all(model, sample.images), sample.factors.numpy())
    factors = sample.factors.numpy()
    start = int(np.flatnonzero((factors[:, x] == 4) & (factors[:, 3] == 5))[0])  # a large object mid-way across

    server = start_server(APP, AE_DEVICE="cpu")
    page.goto(f"{server.url}/generate?model={name}&start={start}")
    image = rested_live_image(page, 180000)
    slider = page.locator('input[data-testid^="ae-dim-"][aria-label*="x_position"]')
    labels = page.locator('input[data-testid^="ae-dim-"]').evaluate_all("els => els.map(e => e.ariaLabel)")
    assert slider.count() >= 1, f"no slider is labelled x_position: {labels}"
    slider = slider.first
    dim = int(slider.get_attribute("data-testid").rsplit("-", 1)[1])
    assert slider.get_attribute("aria-label").startswith(f"z{dim} · x_position ")
    direction = np.sign(correlation[dim, x])  # +1: the object's x grows with the code

    box = slider.bounding_box()
    middle = box["y"] + box["height"] / 2
    paints = int(image.get_attribute("data-paints"))
    page.mouse.move(box["x"] + 2, middle)
    page.mouse.down()  # the thumb jumps to the slider's low end
    page.wait_for_function("([el, n]) => Number(el.dataset.paints) > n", arg=[image.element_handle(), paints],
                           timeout=10000)
    low = object_centre(canvas_pixels(image, model.image_shape))
    for step in range(1, 21):
        page.mouse.move(box["x"] + 2 + step * (box["width"] - 4) / 20, middle)
    page.mouse.up()
    page.wait_for_timeout(300)  # the last animation frame's paint
    high = object_centre(canvas_pixels(image, model.image_shape))
    moved = (high[0] - low[0]) * direction
    assert moved >= MOVES_AT_LEAST, (f"{name}: dragging z{dim} from low to high moved the object's centre from "
                                     f"{low} to {high} (x should {'grow' if direction > 0 else 'fall'})")
    # Not asserted: that it moves only sideways. The shipped codes hold x and y together (the label's share,
    # ≈ 0.15, says so), so the same dimension may move the object up or down as well.
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, f"factor-slider-{name}")
    assert page.js_errors == []
