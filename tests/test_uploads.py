"""Uploaded pictures and .npz files read into one dataset (the Anomalies and Features pages' uploads)."""

import io

import numpy as np
import pytest
import torch
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


def _colour_png(rgb: tuple[int, int, int], size: tuple[int, int] = (20, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size[::-1], rgb).save(buffer, format="PNG")
    return buffer.getvalue()


def test_uploads_take_the_models_channel_count():
    """A colour model gets RGB (a grey picture fills all three channels); a grey model gets luma."""
    files = [("red.png", _colour_png((200, 10, 10))), ("grey.png", _png(90)), ("b.npz", _npz(2))]
    colour = images_from_uploads(files, (8, 8), channels=3)
    assert colour.images.shape == (4, 3, 8, 8)
    assert torch.allclose(colour.images[0, :, 4, 4] * 255, torch.tensor([200.0, 10.0, 10.0]), atol=0.5)
    assert torch.equal(colour.images[1, 0], colour.images[1, 2])
    grey = images_from_uploads(files, (8, 8))
    expected = np.asarray(Image.new("RGB", (1, 1), (200, 10, 10)).convert("L"))[0, 0]
    assert grey.images.shape == (4, 1, 8, 8) and round(grey.images[0, 0, 4, 4].item() * 255) == expected
    rgb_npz = io.BytesIO()
    np.savez(rgb_npz, images=np.full((3, 6, 6, 3), (0.0, 0.5, 1.0)))
    from_npz = images_from_uploads([("c.npz", rgb_npz.getvalue())], (6, 6), channels=3)
    assert torch.allclose(from_npz.images[0, :, 0, 0], torch.tensor([0.0, 128 / 255, 1.0]))
