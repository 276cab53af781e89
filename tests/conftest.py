from __future__ import annotations

import os
import shutil

import pytest
import torch

from ae_models.data import ImageDataset, load_dataset

torch.set_num_threads(min(2, os.cpu_count() or 1))
NODE_MISSING = "node not found on PATH: install Node.js (apt-get install -y nodejs) to run the browser code's tests"


@pytest.fixture(scope="session")
def node() -> str:
    """The Node.js executable. Missing, the test is skipped with the reason, except under CI (`CI=true`),
    where it fails: CI must not lose the checks of the browser's code unnoticed (its decoder, the map's inverse)."""
    found = shutil.which("node")
    if found is None and os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"{NODE_MISSING} (CI=true: .ci/run installs it)")
    if found is None:
        pytest.skip(NODE_MISSING)
    return found


@pytest.fixture(scope="session")
def digits_train() -> ImageDataset:
    return load_dataset("digits", "train")


@pytest.fixture(scope="session")
def digits_test() -> ImageDataset:
    return load_dataset("digits", "test")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the user's AE_DEVICE, data or cache folder, and never download."""
    monkeypatch.delenv("AE_DEVICE", raising=False)
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    cache = tmp_path_factory.mktemp("cache")  # maps' codes and projections
    monkeypatch.setenv("AE_CACHE_DIR", str(cache))
    # Decoders exported for the browser are named by their weights' checksum, so tests share them as a
    # user's sessions do (an export takes seconds, in a child process on the app's pages).
    shared = tmp_path_factory.getbasetemp() / "browser-decoders"
    shared.mkdir(exist_ok=True)
    (cache / "browser-decoders").symlink_to(shared, target_is_directory=True)


@pytest.fixture(autouse=True)
def _isolated_user_models(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test gets an empty user models folder: nothing is read from or written to the real
    `~/.cache/ae_models/models`."""
    monkeypatch.setenv("AE_MODELS_DIR", str(tmp_path_factory.mktemp("user-models")))
    monkeypatch.delenv("AE_USER_MODELS_MAX_MB", raising=False)


TINY_ZOO = {  # name → (family, latent, noise, normal_class)
    "digits-ae-2": ("ae", 2, None, None),
    "digits-conv_ae-4": ("conv_ae", 4, None, None),
    "digits-conv_ae-4-denoise": ("conv_ae", 4, "gaussian:0.3", None),
    "digits-vae-4": ("vae", 4, None, None),
    "digits-oneclass-0": ("ae", 4, None, 0),
}


@pytest.fixture(scope="session")
def tiny_zoo_dir(tmp_path_factory: pytest.TempPathFactory, digits_train, digits_test):
    """A folder of small checkpoints trained on digits in a few seconds (for app tests)."""
    from ae_models.train import TrainConfig, train

    root = tmp_path_factory.mktemp("pretrained")
    for name, (family, latent, noise, normal_class) in TINY_ZOO.items():
        train(TrainConfig(model=family, dataset="digits", latent_dim=latent, epochs=3, noise=noise,
                          normal_class=normal_class, quiet=True, out=str(root / name), lr=3e-3),
              train_data=digits_train, test_data=digits_test)
    return root


@pytest.fixture
def tiny_zoo(tiny_zoo_dir, monkeypatch: pytest.MonkeyPatch):
    """Point the app and library at the tiny zoo instead of the shipped pretrained/ folder."""
    import streamlit as st

    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tiny_zoo_dir))
    st.cache_data.clear()  # the app's caches live in this process across tests
    st.cache_resource.clear()
    return tiny_zoo_dir


COLOUR_CLASSES = ("red", "green", "blue")
SMALL_CONV = {"channels": (8, 16), "dense": 32}
TINY_COLOUR_ZOO = {  # name → (family, options); trained on `colour_npz` (3×16×16, three colour-coded classes)
    "blobs-ae-4": ("ae", {"hidden": (64,)}),
    "blobs-conv_ae-4": ("conv_ae", SMALL_CONV),
    "blobs-conv_vae-4": ("conv_vae", SMALL_CONV),
    "blobs-conv_vae-4-beta4": ("conv_vae", {**SMALL_CONV, "beta": 4.0}),  # a β sweep for the β explorer
}


def colour_blobs(n: int = 150, side: int = 16, seed: int = 0) -> tuple:
    """uint8 images (n, side, side, 3) and labels (n,): a square of the class's hue (red, green,
    blue) at a random place on a dim random background, so the channels always differ."""
    import numpy as np

    rng = np.random.default_rng(seed)
    labels = np.arange(n) % len(COLOUR_CLASSES)
    images = rng.integers(0, 60, size=(n, side, side, 3), dtype=np.uint8)
    for image, label in zip(images, labels, strict=True):
        top, left = rng.integers(0, side // 2, size=2)
        image[top:top + side // 2, left:left + side // 2, label] = 230
    return images, labels


@pytest.fixture(scope="session")
def colour_npz(tmp_path_factory: pytest.TempPathFactory):
    """A small colour dataset as an .npz (`images` (150, 16, 16, 3) uint8, `labels`, `classes`)."""
    import numpy as np

    images, labels = colour_blobs()
    path = tmp_path_factory.mktemp("colour") / "blobs.npz"
    np.savez(path, images=images, labels=labels, classes=np.array(COLOUR_CLASSES))
    return path


@pytest.fixture(scope="session")
def tiny_colour_zoo_dir(tmp_path_factory: pytest.TempPathFactory, colour_npz):
    """A folder of tiny colour checkpoints (ae, conv_ae, two conv_vae with β = 1 and 4, on 3×16×16
    blobs), trained in a few seconds. Their cards' `dataset` is the .npz's path, so the app loads
    its test split as it does a user's."""
    import numpy as np

    from ae_models.train import TrainConfig, train

    images, labels = colour_blobs()
    # Trained on the images themselves, not via `load_dataset`, so the zoo does not depend on how
    # user datasets are split; the app still reads the test split through `load_dataset`.
    data = ImageDataset("blobs", torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0,
                        torch.from_numpy(labels.astype(np.int64)), COLOUR_CLASSES)
    root = tmp_path_factory.mktemp("pretrained-colour")
    for name, (family, options) in TINY_COLOUR_ZOO.items():
        train(TrainConfig(model=family, dataset=str(colour_npz), latent_dim=4, epochs=4, batch_size=16, lr=3e-3,
                          quiet=True, out=str(root / name), **options),
              train_data=data.subset(slice(0, 120)), test_data=data.subset(slice(120, None)))
    return root


@pytest.fixture
def tiny_colour_zoo(tiny_colour_zoo_dir, monkeypatch: pytest.MonkeyPatch):
    """Like `tiny_zoo`, with the colour checkpoints of `tiny_colour_zoo_dir` (RGB 16×16 models)."""
    import streamlit as st

    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tiny_colour_zoo_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    return tiny_colour_zoo_dir


class ShownPictures:
    """The pictures an AppTest run showed with `st.image`, by the URL its element reports
    (`at.image[i].value[j]`): `shown(url)` → uint8 (H, W) or (H, W, 3)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def __call__(self, url: str):
        import io

        import numpy as np
        from PIL import Image

        return np.asarray(Image.open(io.BytesIO(self.files[url])))

    def is_colour(self, url: str, least: int = 16) -> bool:
        """Whether the picture at `url` is RGB with channels that differ by `least` somewhere."""
        picture = self(url).astype(int)
        return picture.ndim == 3 and int(abs(picture[..., 0] - picture[..., 1]).max()
                                         + abs(picture[..., 1] - picture[..., 2]).max()) >= least


@pytest.fixture
def shown_pictures(monkeypatch: pytest.MonkeyPatch) -> ShownPictures:
    """Keep the bytes of every media file AppTest's runs store, so a test can look at a picture."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    shown = ShownPictures()
    get_url = MemoryMediaFileStorage.get_url

    def keep(self: MemoryMediaFileStorage, file_id: str) -> str:
        url = get_url(self, file_id)
        shown.files[url] = self.get_file(file_id).content
        return url

    monkeypatch.setattr(MemoryMediaFileStorage, "get_url", keep)
    return shown
