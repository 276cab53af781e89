"""Sprite sheets: each point's tile is where `locate` says, grey and colour, any image size."""

from __future__ import annotations

import io

import numpy as np
import pytest
import torch
from PIL import Image

from ae_models.sprites import SpriteSheets, build_sprites, sheets_of, thumbnail_size, thumbnails


def _sheet(sheets, k: int) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(sheets.sheets[k])))


@pytest.mark.parametrize("shape", [(1, 28, 28), (3, 20, 12)])
def test_every_tile_is_where_locate_says(shape):
    images = torch.rand(11, *shape, generator=torch.Generator().manual_seed(0))
    sheets = build_sprites(images, per_row=2)  # 4 tiles a sheet: 3 sheets, the last one part-filled
    assert len(sheets.sheets) == 3 and sheets.count == 11
    expected = thumbnails(images)
    for index in range(11):
        sheet, x, y = sheets.locate(index)
        tile = _sheet(sheets, sheet)[y:y + sheets.tile_h, x:x + sheets.tile_w]
        assert np.array_equal(tile, expected[index]), index
    with pytest.raises(IndexError):
        sheets.locate(11)


def test_large_images_are_averaged_down_and_small_ones_kept():
    assert thumbnail_size(28, 28) == (28, 28) and thumbnail_size(64, 64) == (32, 32)
    assert thumbnail_size(128, 64) == (32, 16)
    checker = torch.zeros(1, 3, 64, 64)
    checker[..., ::2, :] = 1.0  # every other row white: averages to grey at half size
    assert np.abs(thumbnails(checker).astype(int) - 128).max() <= 1
    assert build_sprites(checker).meta() == {"tile_h": 32, "tile_w": 32, "per_row": 64, "count": 1}


def test_no_images_is_refused():
    with pytest.raises(ValueError, match="No images"):
        build_sprites(torch.zeros(0, 1, 8, 8))


def test_sheets_go_through_an_npz_unchanged(tmp_path):
    sheets = build_sprites(torch.rand(9, 3, 6, 5, generator=torch.Generator().manual_seed(1)), per_row=2)
    np.savez(tmp_path / "s.npz", **sheets.arrays("images"), other=np.zeros(1))
    with np.load(tmp_path / "s.npz", allow_pickle=False) as npz:
        assert SpriteSheets.from_arrays(dict(npz), "images") == sheets
    assert sheets_of(thumbnails(torch.ones(3, 1, 4, 4))).count == 3


def serve_sheets() -> None:
    """Two runs of a page that registers the same sheets: what their URLs serve, each run."""
    import streamlit as st
    import torch
    from streamlit import runtime

    from ae_models.sprites import build_sprites
    from app_ui.common.hover_thumbnails import sheet_urls

    sheets = build_sprites(torch.rand(11, 1, 8, 8, generator=torch.Generator().manual_seed(0)), per_row=2)
    data = sheet_urls("map/images", sheets)
    files = runtime.get_instance().media_file_mgr
    served = [files.read_file(url.rsplit("/", 1)[1].split(".")[0]) for url in data["sheets"]]
    st.session_state.setdefault("runs", []).append(
        (data["meta"], data["sheets"], [f.content if f else None for f in served], list(sheets.sheets)))


def test_the_sheets_are_served_as_files_at_the_same_urls_on_every_run() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(serve_sheets)
    at.run()
    at.run()  # a whole run drops the files of the run before: this one registered them again
    assert not at.exception
    (meta, urls, served, pngs), (_, again, served_again, _) = at.session_state["runs"]
    assert meta == {"tile_h": 8, "tile_w": 8, "per_row": 2, "count": 11} and len(urls) == 3
    assert served == pngs and served_again == pngs  # each URL serves its sheet's PNG
    assert urls == again and len(set(urls)) == 3  # the browser has fetched them once
