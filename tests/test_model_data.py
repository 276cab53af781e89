"""Which test images a checkpoint is shown with (dataset keys)."""

from pathlib import Path

import numpy as np

from ae_models.model_data import dataset_key, dataset_name, parse_dataset_key, shown_images


def _card(dataset: str, shape: tuple[int, int, int], **extra) -> dict:
    return {"dataset": dataset, "config": {"image_shape": list(shape)}, **extra}


def test_built_in_sets_are_keyed_by_name_and_user_data_by_path_and_shape():
    assert dataset_key(_card("mnist", (1, 28, 28))) == "mnist"
    assert dataset_key(_card("shapes", (1, 64, 64), grey=True)) == "shapes@1x64x64"
    assert dataset_key(_card("/data/photos.zip", (3, 32, 24))) == "/data/photos.zip@3x32x24"
    assert parse_dataset_key("/data/photos.zip@3x32x24") == ("/data/photos.zip", (3, 32, 24))
    assert parse_dataset_key("mnist") == ("mnist", None)


def test_a_dataset_is_shown_by_a_short_name_never_a_path():
    assert dataset_name(_card("/data/my-photos.zip", (3, 8, 8), dataset_name="holiday")) == "holiday"
    assert dataset_name(_card("/data/my-photos.zip", (3, 8, 8))) == "my-photos"
    assert dataset_name(_card("/data/flowers", (3, 8, 8))) == "flowers"


def test_user_data_comes_at_the_keys_shape_and_colour(tmp_path: Path):
    rng = np.random.default_rng(0)
    path = tmp_path / "blobs.npz"
    np.savez(path, images=rng.integers(0, 255, (60, 12, 10, 3), dtype=np.uint8), labels=np.arange(60) % 2)
    colour = shown_images(f"{path}@3x8x6")
    grey = shown_images(f"{path}@1x8x6")
    assert colour.image_shape == (3, 8, 6) and grey.image_shape == (1, 8, 6)
    assert len(colour) == len(grey) < 60  # the test part of the 80/20 split
    assert shown_images("digits").image_shape == (1, 8, 8)
