"""Uploaded pictures and .npz files read into one dataset (the Anomalies and Features pages' uploads)."""

import io

import numpy as np
import pytest
from PIL import Image

from ae_models.data import DatasetError
from ae_models.uploads import MAX_UPLOAD_IMAGES, images_from_uploads, uploads_digest


def _png(value: int, size: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.full((size, size), value, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def _npz(count: int) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, images=np.zeros((count, 8, 8), dtype=np.uint8))
    return buffer.getvalue()


def test_pictures_and_npz_files_become_one_dataset_at_the_models_size():
    data = images_from_uploads([("a.png", _png(200)), ("b.npz", _npz(3))], (8, 8))
    assert data.images.shape == (4, 1, 8, 8)
    inverted = images_from_uploads([("a.png", _png(200))], (8, 8), invert=True)
    assert abs(inverted.images.max().item() - 55 / 255) < 1e-6  # 200 → 55


def test_a_broken_file_is_named_and_the_message_shows_no_python_object():
    with pytest.raises(DatasetError, match="junk.png") as caught:
        images_from_uploads([("junk.png", b"not an image")], (8, 8))
    assert "object at 0x" not in str(caught.value)


def test_too_many_images_and_no_images_are_refused():
    with pytest.raises(DatasetError, match="More than"):
        images_from_uploads([("many.npz", _npz(MAX_UPLOAD_IMAGES + 1))], (8, 8))
    with pytest.raises(DatasetError, match="No images"):
        images_from_uploads([], (8, 8))


def test_the_digest_changes_with_a_files_name_or_bytes():
    base = uploads_digest([("a.png", b"x")])
    assert base == uploads_digest([("a.png", b"x")])
    assert base != uploads_digest([("b.png", b"x")])
    assert base != uploads_digest([("a.png", b"y")])
