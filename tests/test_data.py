from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import sys
import types
import urllib.error
import zipfile
from pathlib import Path, PurePosixPath

import numpy as np
import pytest
import torch
from PIL import Image

from ae_models import data as data_module
from ae_models import download
from ae_models.data import (
    BUILTIN_DATASETS,
    MIN_IMAGES,
    DatasetError,
    ImageDataset,
    capped_size,
    check_dataset,
    default_data_dir,
    fit_to,
    from_uint8,
    image_to_array,
    in_test_split,
    load_dataset,
    split_policy,
)
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


@pytest.mark.parametrize("mode,shape", [("L", (28, 28)), ("RGB", (28, 28, 3)), ("RGBA", (28, 28, 3)),
                                        ("P", (28, 28)), ("I;16", (28, 28))])
def test_colour_modes_keep_colour_and_grey_ones_stay_grey(mode: str, shape):
    """A grey default palette and 16-bit grey are single-channel pictures; RGB(A) keeps its colour."""
    array = image_to_array(_png(mode), (28, 28))
    assert array.shape == shape and array.dtype == np.uint8
    assert image_to_array(_png(mode), (28, 28), grey=True).shape == (28, 28)


@pytest.mark.parametrize("payload,match", [(b"", "empty"), (b"hello, not an image", "not a readable image"),
                                           (_png("L")[:40], "not a readable image")])
def test_bad_image_bytes_get_a_clear_message(payload: bytes, match: str):
    with pytest.raises(DatasetError, match=match):
        image_to_array(payload)


def test_huge_image_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(data_module, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(DatasetError, match="limit"):
        image_to_array(_png("L", size=(20, 20)))


def _noise(seed: int, size=(10, 12), mode: str = "RGB") -> Image.Image:
    """A random picture of `size` (H, W): every one differs, so splits can be compared by content."""
    rng = np.random.default_rng(seed)
    shape = size if mode == "L" else (*size, 3)
    return Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8))


def _folder(root: Path, layout: dict[str, int], size=(10, 12), mode: str = "RGB", first_seed: int = 0) -> Path:
    """Write `layout` (sub-folder, '' for the top level → how many pictures) as PNGs under `root`."""
    seed = first_seed
    for sub, count in layout.items():
        (root / sub).mkdir(parents=True, exist_ok=True)
        for _ in range(count):
            _noise(seed, size, mode).save(root / sub / f"{seed:04d}.png")
            seed += 1
    return root


def _contents(data) -> set[bytes]:
    return {image.numpy().tobytes() for image in data.images}


def test_image_folder_with_class_subfolders_keeps_colour_and_names_itself(tmp_path: Path):
    folder = _folder(tmp_path / "pets", {"cat": 30, "dog": 30})
    train = load_dataset(str(folder), "train", image_size=(16, 12))
    test = load_dataset(str(folder), "test", image_size=(16, 12))
    assert train.images.shape[1:] == (3, 16, 12) and train.channels == 3
    assert train.name == test.name == "pets" and train.classes == test.classes == ("cat", "dog")
    assert set(train.labels.tolist()) == {0, 1}


def test_folder_split_is_by_path_hash_disjoint_complete_and_stable(tmp_path: Path):
    folder = _folder(tmp_path / "noise", {"": 60}, size=(8, 8))
    train, test = (load_dataset(str(folder), split) for split in ("train", "test"))
    assert len(train) + len(test) == 60 and not _contents(train) & _contents(test)
    expected = sum(int(hashlib.sha256(p.name.encode()).hexdigest()[:8], 16) % 5 == 0 for p in folder.iterdir())
    assert len(test) == expected and 0 < expected < 30
    assert in_test_split(PurePosixPath("cat/1.png")) == (int(hashlib.sha256(b"cat/1.png").hexdigest()[:8], 16) % 5 == 0)
    _folder(folder, {"": 25}, size=(8, 8), first_seed=60)
    assert _contents(test) <= _contents(load_dataset(str(folder), "test")), "adding files moved others"
    assert "SHA-256" in split_policy(str(folder)) and "seed 0" in split_policy("x.npz")


def test_a_colour_folder_replicates_its_grey_pictures_and_grey_forces_one_channel(tmp_path: Path):
    folder = _folder(tmp_path / "mixed", {"": 55}, size=(12, 12), mode="L")
    _noise(99, (12, 12)).save(folder / "colour.png")
    both = [load_dataset(str(folder), split) for split in ("train", "test")]
    assert all(d.channels == 3 for d in both)
    grey_ones = [im for d in both for im in d.images if torch.equal(im[0], im[1]) and torch.equal(im[1], im[2])]
    assert len(grey_ones) == 55
    grey = load_dataset(str(folder), "train", grey=True)
    assert grey.channels == 1 and len(grey) == len(both[0])
    picture = _noise(99, (12, 12))
    expected = np.asarray(picture.convert("L"))  # grey is Pillow's "L", as before colour was kept
    assert image_to_array(Path(folder / "colour.png"), (12, 12), grey=True).tolist() == expected.tolist()
    assert load_dataset(str(_folder(tmp_path / "grey", {"": 50}, mode="L")), "train").channels == 1


def test_default_size_is_the_most_common_capped_at_128_keeping_aspect(tmp_path: Path):
    folder = _folder(tmp_path / "photos", {"": 30}, size=(200, 300))
    _folder(folder, {"": 25}, size=(50, 50), first_seed=30)
    data = load_dataset(str(folder), "train")
    assert data.image_shape == (3, 85, 128)  # 200×300 scaled by 128/300
    assert capped_size((64, 48)) == (64, 48) and capped_size((1000, 10)) == (128, 1)
    assert load_dataset(str(folder), "test", image_size=(20, 24)).image_shape == (3, 20, 24)


def test_fit_to_covers_the_size_then_crops_the_centre():
    picture = np.zeros((20, 40, 3), dtype=np.uint8)
    picture[:, :10] = picture[:, 30:] = (0, 0, 255)  # blue edges that a centre crop removes
    picture[:, 10:30] = (255, 0, 0)
    fitted = np.asarray(fit_to(Image.fromarray(picture), (10, 10)))
    assert fitted.shape == (10, 10, 3)
    assert fitted[..., 0].min() > 240 and fitted[..., 2].max() < 15


def _npz(path: Path, **arrays) -> Path:
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize("layout", ["NHW uint8", "NHW1 uint8", "NHW3 uint8", "NHW4 uint8", "N3HW float",
                                    "N1HW float 255"])
def test_npz_layouts_keep_colour(layout: str, tmp_path: Path):
    rgb = np.random.default_rng(0).integers(0, 256, (60, 6, 7, 3), dtype=np.uint8)
    grey = rgb[..., 0]
    arrays = {"NHW uint8": grey, "NHW1 uint8": grey[..., None], "NHW3 uint8": rgb,
              "NHW4 uint8": np.concatenate([rgb, np.zeros_like(rgb[..., :1])], axis=-1),  # alpha dropped
              "N3HW float": rgb.transpose(0, 3, 1, 2) / 255.0, "N1HW float 255": grey[:, None].astype(np.float32)}
    expected = grey if "1" in layout.split()[0] or layout.startswith("NHW ") else rgb
    data = data_module.load_npz(_npz(tmp_path / "a.npz", images=arrays[layout]))
    assert data.images.shape == (60, 1 if expected.ndim == 3 else 3, 6, 7)
    assert (to_bytes(data) == expected).all()
    assert data_module.load_npz(tmp_path / "a.npz", grey=True).channels == 1
    assert data_module.load_npz(tmp_path / "a.npz", size=(12, 14)).image_shape[1:] == (12, 14)


def to_bytes(data) -> np.ndarray:
    array = (data.images.numpy() * 255 + 0.5).astype(np.uint8)
    return array[:, 0] if array.shape[1] == 1 else array.transpose(0, 2, 3, 1)


def test_npz_split_is_a_seeded_permutation(tmp_path: Path):
    images = np.arange(60, dtype=np.uint8)[:, None, None] * np.ones((1, 4, 4), dtype=np.uint8)
    path = _npz(tmp_path / "counts.npz", images=images, labels=np.arange(60) % 3)
    train, test = (load_dataset(str(path), split) for split in ("train", "test"))
    assert (len(train), len(test)) == (48, 12) and train.name == "counts" and train.classes == ("0", "1", "2")
    ids = [set(to_bytes(d)[:, 0, 0].tolist()) for d in (train, test)]
    assert not ids[0] & ids[1] and ids[0] | ids[1] == set(range(60))
    assert sorted(ids[1]) == sorted(np.random.default_rng(0).permutation(60)[48:].tolist())
    assert (train.labels.numpy() == to_bytes(train)[:, 0, 0] % 3).all(), "labels follow their images"


def test_npz_user_data_errors(tmp_path: Path):
    with pytest.raises(DatasetError, match="NaN"):
        load_dataset(str(_npz(tmp_path / "nan.npz", images=np.full((60, 5, 5), np.nan))))
    with pytest.raises(DatasetError, match="≥ 0"):
        load_dataset(str(_npz(tmp_path / "labels.npz", images=np.zeros((60, 5, 5)), labels=np.arange(60) - 1)))
    with pytest.raises(DatasetError, match=r"\[0, 1\] or \[0, 255\]"):
        load_dataset(str(_npz(tmp_path / "signed.npz", images=np.linspace(-1, 1, 60 * 25).reshape(60, 5, 5))))
    with pytest.raises(DatasetError, match="no array called 'images'"):
        load_dataset(str(_npz(tmp_path / "empty.npz", x=np.zeros(3))))
    not_npz = tmp_path / "fake.npz"
    not_npz.write_bytes(b"garbage")
    with pytest.raises(DatasetError, match="not a readable"):
        load_dataset(str(not_npz))


@pytest.mark.parametrize("layout,match", [({"": 49}, "49 image"), ({"cats": 60}, "one class only"),
                                          ({"cats": 30, "": 30}, "one class only")])
def test_too_few_images_or_one_class_are_refused(layout, match: str, tmp_path: Path):
    with pytest.raises(DatasetError, match=match) as caught:
        load_dataset(str(_folder(tmp_path / "set", layout, size=(4, 4))), "train")
    assert str(tmp_path) not in str(caught.value), "a short name, not a path"
    with pytest.raises(DatasetError, match="one class only"):
        load_dataset(str(_npz(tmp_path / "one.npz", images=np.zeros((60, 4, 4)), labels=np.full(60, 2))))
    check_dataset(ImageDataset("ok", torch.zeros(50, 1, 4, 4), torch.arange(50) % 2, ("a", "b")))
    with pytest.raises(DatasetError, match=f"at least {MIN_IMAGES}"):
        check_dataset(ImageDataset("few", torch.zeros(3, 1, 4, 4), torch.zeros(3, dtype=torch.long), ("a",)))


def test_a_zip_is_unpacked_once_into_the_data_folder_and_named_by_its_stem(tmp_path: Path, monkeypatch):
    from ae_models import archives

    folder = _folder(tmp_path / "flowers", {"daisy": 30, "rose": 30}, size=(9, 9))
    zip_path = tmp_path / "my-flowers.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        for path in sorted(folder.rglob("*.png")):
            archive.write(path, path.relative_to(tmp_path).as_posix())  # flowers/daisy/0000.png
    calls = []
    real = archives.extract_images
    monkeypatch.setattr(archives, "extract_images",
                        lambda src, dest, *caps: calls.append(dest) or real(src, dest, *caps))
    train, test = (load_dataset(str(zip_path), split) for split in ("train", "test"))
    assert len(calls) == 1 and calls[0] == default_data_dir() / "archives" / hashlib.sha256(
        zip_path.read_bytes()).hexdigest()
    assert train.name == "my-flowers" and train.classes == ("daisy", "rose") and train.image_shape == (3, 9, 9)
    assert len(train) + len(test) == 60 and not _contents(train) & _contents(test)
    same_split = load_dataset(str(folder), "test")
    assert _contents(same_split) == _contents(test), "a zip splits like the folder it holds"


def test_shapes_is_dispatched_to_its_module(monkeypatch):
    fake = types.ModuleType("ae_models.shapes")
    fake.load_shapes = lambda split, data_dir=None: ImageDataset(
        f"shapes-{split}", torch.rand(4, 3, 8, 8), torch.zeros(4, dtype=torch.long), ("square",))
    monkeypatch.setitem(sys.modules, "ae_models.shapes", fake)
    assert "shapes" in BUILTIN_DATASETS
    assert load_dataset("shapes", "test").name == "shapes-test"
    assert load_dataset("shapes", "train", grey=True).image_shape == (1, 8, 8)


def test_dataset_fields_channels_factors_and_grey():
    data = from_uint8(np.full((4, 2, 3, 3), (10, 20, 30), dtype=np.uint8), None, "rgb", ())
    assert data.images.shape == (4, 3, 2, 3) and data.channels == 3
    assert torch.allclose(data.images[0, :, 1, 2] * 255, torch.tensor([10.0, 20.0, 30.0]))
    with_factors = dataclasses.replace(data, factors=torch.arange(8).reshape(4, 2), factor_names=("a", "b"),
                                       factor_values=((0, 1, 2, 3, 4, 5, 6), (1, 3, 5, 7)))
    part = with_factors.subset(torch.tensor([3, 1]))
    assert part.factors.tolist() == [[6, 7], [2, 3]] and part.factor_names == ("a", "b")
    assert part.factor_values == with_factors.factor_values and len(part) == 2
    grey = with_factors.to_grey()
    expected = np.asarray(Image.new("RGB", (1, 1), (10, 20, 30)).convert("L"))[0, 0]
    assert grey.channels == 1 and round(grey.images[0, 0, 0, 0].item() * 255) == expected
    assert grey.factors is with_factors.factors and from_uint8(np.zeros((2, 3, 3)), None, "g", ()).channels == 1
    assert ImageDataset("x", torch.zeros(1, 1, 2, 2), torch.zeros(1), ()).factors is None


def test_unknown_dataset_lists_the_choices():
    with pytest.raises(DatasetError, match="digits, mnist, fashion-mnist, shapes"):
        load_dataset("imagenet")
