from __future__ import annotations

import gzip
import hashlib
import io
import urllib.error
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ae_models import data as data_module
from ae_models import download
from ae_models.data import DatasetError, image_to_array, load_dataset
from ae_models.idx import IDXError, parse_idx, read_idx, write_idx


def test_digits_splits_are_fixed_and_disjoint(digits_train, digits_test):
    assert digits_train.images.shape[1:] == (1, 8, 8)
    assert len(digits_train) + len(digits_test) == 1797
    assert digits_train.images.min() >= 0.0 and digits_train.images.max() <= 1.0
    again = load_dataset("digits", "train")
    assert (again.images == digits_train.images).all()
    assert digits_train.labels.dtype.is_floating_point is False and set(digits_train.labels.tolist()) == set(range(10))


def test_idx_round_trip_and_errors(tmp_path: Path):
    images = np.random.default_rng(0).integers(0, 256, (5, 4, 3), dtype=np.uint8)
    write_idx(tmp_path / "x-idx3-ubyte.gz", images)
    assert (read_idx(tmp_path / "x-idx3-ubyte.gz") == images).all()
    raw = gzip.decompress((tmp_path / "x-idx3-ubyte.gz").read_bytes())
    assert raw[:4] == bytes([0, 0, 8, 3])
    with pytest.raises(IDXError, match="truncated or corrupt"):
        parse_idx(raw[:-1])
    with pytest.raises(IDXError, match="magic"):
        parse_idx(b"\x01\x02\x03")


def _fake_mnist(folder: Path) -> None:
    folder.mkdir(parents=True)
    rng = np.random.default_rng(1)
    for prefix, n in (("train", 20), ("t10k", 7)):
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", rng.integers(0, 256, (n, 28, 28), dtype=np.uint8))
        write_idx(folder / f"{prefix}-labels-idx1-ubyte.gz", rng.integers(0, 10, (n,), dtype=np.uint8))


def test_mnist_is_read_from_the_data_folder(tmp_path: Path):
    _fake_mnist(tmp_path / "mnist")
    train = load_dataset("mnist", "train", data_dir=tmp_path, download=False)
    test = load_dataset("mnist", "test", data_dir=tmp_path, download=False)
    assert train.images.shape == (20, 1, 28, 28) and len(test) == 7
    assert train.classes[3] == "3"


def test_offline_gives_a_message_with_folder_and_command(tmp_path: Path, monkeypatch):
    def offline(url: str, dest: Path) -> None:
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(download, "_fetch", offline)
    with pytest.raises(DatasetError) as info:
        load_dataset("fashion-mnist", "test", data_dir=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "fashion-mnist") in message
    assert "python -m ae_models.data download fashion-mnist" in message
    assert not any((tmp_path / "fashion-mnist").glob("*")), "no partial file may be left"


def test_md5_mismatch_leaves_nothing_and_next_mirror_is_tried(tmp_path: Path):
    payload = b"the right bytes"
    good = download.RemoteFile("f.gz", hashlib.md5(payload).hexdigest())
    calls = []

    def fetch(url: str, dest: Path) -> None:
        calls.append(url)
        dest.write_bytes(b"tampered" if "bad" in url else payload)

    with pytest.raises(download.DownloadError, match="MD5 mismatch"):
        download.download_file(good, ("http://bad/",), tmp_path / "f.gz", fetch=fetch)
    assert list(tmp_path.iterdir()) == []
    download.download_file(good, ("http://bad/", "http://good/"), tmp_path / "f.gz", fetch=fetch)
    assert (tmp_path / "f.gz").read_bytes() == payload
    assert calls == ["http://bad/f.gz", "http://bad/f.gz", "http://good/f.gz"]


def test_truncated_idx_names_the_fix(tmp_path: Path):
    _fake_mnist(tmp_path / "mnist")
    path = tmp_path / "mnist" / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:30])
    with pytest.raises(DatasetError, match="download mnist"):
        load_dataset("mnist", "test", data_dir=tmp_path, download=False)


def _png(mode: str, size=(40, 30), value=200) -> bytes:
    buffer = io.BytesIO()
    if mode == "I;16":
        image = Image.fromarray(np.full(size[::-1], 4000, dtype=np.uint16))
    else:
        image = Image.new(mode, size, value if mode in ("L", "P") else (value,) * len(mode))
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("mode", ["L", "RGB", "RGBA", "P", "I;16"])
def test_any_colour_mode_becomes_gray_at_the_asked_size(mode: str):
    array = image_to_array(_png(mode), (28, 28))
    assert array.shape == (28, 28) and array.dtype == np.uint8


@pytest.mark.parametrize("payload,match", [(b"", "empty"), (b"hello, not an image", "not a readable image"),
                                           (_png("L")[:40], "not a readable image")])
def test_bad_image_bytes_get_a_clear_message(payload: bytes, match: str):
    with pytest.raises(DatasetError, match=match):
        image_to_array(payload)


def test_huge_image_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(data_module, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(DatasetError, match="limit"):
        image_to_array(_png("L", size=(20, 20)))


def test_image_folder_with_class_subfolders(tmp_path: Path):
    for label in ("cat", "dog"):
        (tmp_path / label).mkdir()
        for i in range(2):
            (tmp_path / label / f"{i}.png").write_bytes(_png("RGB", value=50 * i))
    data = load_dataset(str(tmp_path), image_size=(16, 12))
    assert data.images.shape == (4, 1, 16, 12)
    assert data.classes == ("cat", "dog") and data.labels.tolist() == [0, 0, 1, 1]


def test_npz_user_data_and_its_errors(tmp_path: Path):
    good = tmp_path / "good.npz"
    np.savez(good, images=np.random.default_rng(0).random((6, 10, 10)), labels=np.arange(6) % 3)
    data = load_dataset(str(good), image_size=(10, 10))
    assert data.images.shape == (6, 1, 10, 10) and data.labels.tolist() == [0, 1, 2, 0, 1, 2]
    assert len(load_dataset(str(good), image_size=(28, 28)).images[0, 0]) == 28
    bad_values = tmp_path / "nan.npz"
    np.savez(bad_values, images=np.full((2, 5, 5), np.nan))
    with pytest.raises(DatasetError, match="NaN"):
        load_dataset(str(bad_values))
    bad_labels = tmp_path / "labels.npz"
    np.savez(bad_labels, images=np.zeros((3, 5, 5)), labels=np.array([0, -1, 2]))
    with pytest.raises(DatasetError, match="≥ 0"):
        load_dataset(str(bad_labels), image_size=(5, 5))
    no_images = tmp_path / "empty.npz"
    np.savez(no_images, x=np.zeros(3))
    with pytest.raises(DatasetError, match="no array called 'images'"):
        load_dataset(str(no_images))
    not_npz = tmp_path / "fake.npz"
    not_npz.write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="not a readable"):
        load_dataset(str(not_npz))


def test_unknown_dataset_lists_the_choices():
    with pytest.raises(DatasetError, match="digits, mnist, fashion-mnist"):
        load_dataset("imagenet")
