"""AppTest of the Train page: a one-epoch run on digits, or on an uploaded colour .zip, completes and
joins the model pickers; bad archives and datasets are refused with a message, never a traceback."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from apptest import open_page
from PIL import Image
from streamlit.testing.v1 import AppTest

from ae_models.checkpoints import list_user_models, models_dir
from ae_models.data import load_dataset
from ae_models.zoo import SMALL_CONV
from app_ui.train.jobs import MNIST_LIMIT, train_config


@pytest.fixture
def own_zoo(tiny_zoo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the tiny zoo, so the new checkpoint does not leak into other tests."""
    root = tmp_path / "pretrained"
    shutil.copytree(tiny_zoo / "digits-ae-2", root / "digits-ae-2")
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(root))
    return root


def train_page() -> AppTest:
    return open_page("app_pages/train.py")


def run_until(at: AppTest, done, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not done(at):
        assert time.monotonic() < deadline, "the training run did not finish in time"
        time.sleep(0.5)
        at.run()


def test_a_one_epoch_run_completes_and_appears_in_the_picker(own_zoo: Path):
    from app_ui.common.loaders import model_catalogue

    at = train_page()
    assert not at.exception, at.exception
    assert len(at.sidebar.selectbox(key="model").options) == 1
    assert at.selectbox(key="train_dataset").value == "digits"
    at.selectbox(key="train_family").set_value("conv_ae")
    at.slider(key="train_epochs").set_value(1)
    at.text_input(key="train_name").set_value("my first/../model")
    at.button(key="train_start").click().run()
    assert not at.exception, at.exception
    run_until(at, lambda a: bool(a.success) or bool(a.error))
    assert not at.error, [e.value for e in at.error]
    assert "user-my-first" in at.success[0].value  # a safe folder name made from the typed one
    saved = list_user_models()  # in the user models folder (AE_MODELS_DIR), never in pretrained/
    assert len(saved) == 1 and (models_dir() / saved[0] / "card.json").is_file()
    assert not [p.name for p in own_zoo.iterdir() if p.name.startswith("user-")]
    assert saved[0] in {m.name for m in model_catalogue()[0]}
    assert "/" not in saved[0]
    picker = at.sidebar.selectbox(key="model")
    assert len(picker.options) == 2 and any(o.startswith("conv_ae · z=8") for o in picker.options)
    assert len(at.get("plotly_chart")) == 2  # the loss curve and the latent map
    at.select_slider(key="train_map_epoch").set_value(0).run()  # scrub back to before training
    assert "epoch 0" in at.get("plotly_chart")[1].proto.spec


def test_a_taken_name_is_refused(own_zoo: Path):
    (models_dir() / "user-taken").mkdir(parents=True)
    at = train_page()
    at.text_input(key="train_name").set_value("taken")
    at.button(key="train_start").click().run()
    assert not at.exception
    assert any("already exists" in e.value for e in at.error)


def test_a_second_run_is_refused_while_one_is_running(own_zoo: Path):
    from app_ui.train.jobs import job_registry

    at = train_page()
    at.slider(key="train_epochs").set_value(30)
    at.text_input(key="train_name").set_value("long")
    at.button(key="train_start").click().run()
    other = train_page()  # a second browser session of the same server
    assert other.button(key="train_start").disabled
    assert other.info
    at.button(key="train_stop").click().run()
    run_until(at, lambda a: bool(a.info) and not a.button(key="train_start").disabled)
    assert not at.exception, at.exception
    assert not job_registry().running()


def test_a_beta_tcvae_with_the_broadcast_decoder_trains_from_the_page(own_zoo: Path):
    at = train_page()
    assert at.toggle(key="train_broadcast").disabled and at.select_slider(key="train_tc").disabled  # MLP AE
    at.selectbox(key="train_family").set_value("conv_vae").run()
    assert not at.toggle(key="train_broadcast").disabled and not at.select_slider(key="train_tc").disabled
    at.toggle(key="train_broadcast").set_value(True)
    at.select_slider(key="train_tc").set_value(2.0)
    at.slider(key="train_epochs").set_value(1)
    at.text_input(key="train_name").set_value("tc")
    at.button(key="train_start").click().run()
    run_until(at, lambda a: bool(a.success) or bool(a.error))
    assert not at.error, [e.value for e in at.error]
    config = json.loads((models_dir() / "user-tc" / "card.json").read_text())["config"]
    assert (config["decoder"], config["tc_weight"]) == ("broadcast", 2.0)
    assert any("TC×2" in option for option in at.sidebar.selectbox(key="model").options)


def test_the_page_speaks_korean(own_zoo: Path):
    at = open_page("app_pages/train.py", language="ko")
    assert "학습" in at.header[0].value


def test_mnist_runs_are_cut_short_and_digits_runs_are_not():
    digits = train_config("digits", "conv_ae", 8, epochs=5, noise=0.0, beta=2.0, normal_class=None)
    mnist = train_config("mnist", "conv_ae", 8, epochs=5, noise=0.3, beta=2.0, normal_class=3)
    assert digits.limit is None and digits.channels is None and digits.lr > mnist.lr
    assert mnist.limit == MNIST_LIMIT and (mnist.channels, mnist.dense) == (SMALL_CONV["channels"], SMALL_CONV["dense"])
    assert digits.noise is None and mnist.noise == "gaussian:0.3" and mnist.normal_class == 3
    assert digits.patience == digits.epochs  # every requested epoch runs
    assert digits.beta is None and train_config("digits", "vae", 8, 5, 0.0, 2.0, None).beta == 2.0
    assert train_config("mnist", "ae", 8, 5, 0.0, 1.0, None).channels is None  # an MLP has no conv widths


def test_the_disentangling_options_apply_only_where_the_family_has_them():
    vae = train_config("shapes", "conv_vae", 10, 5, 0.0, 4.0, None, broadcast=True, tc_weight=4.0)
    assert (vae.decoder, vae.tc_weight, vae.beta) == ("broadcast", 4.0, 4.0)
    ae = train_config("shapes", "conv_ae", 10, 5, 0.0, 4.0, None, broadcast=True, tc_weight=4.0)
    assert (ae.decoder, ae.tc_weight) == ("broadcast", None)  # an AE has no KL, so no TC term
    mlp = train_config("digits", "vae", 8, 5, 0.0, 1.0, None, broadcast=True, tc_weight=2.0)
    assert (mlp.decoder, mlp.tc_weight) == (None, 2.0)  # an MLP has no conv decoder
    plain = train_config("shapes", "conv_vae", 10, 5, 0.0, 1.0, None)
    assert (plain.decoder, plain.tc_weight) == (None, None)


# --- your own images -------------------------------------------------------------------------------
def colour_png(rng: np.random.Generator, channel: int) -> bytes:
    """A 20×16 picture: a bright square in one colour channel on a dim random background."""
    pixels = rng.integers(0, 60, size=(16, 20, 3), dtype=np.uint8)
    top, left = rng.integers(0, 8, size=2)
    pixels[top:top + 8, left:left + 8, channel] = 230
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


def image_zip(per_class: dict[str, int], extra: dict[str, bytes] | None = None) -> bytes:
    """A zip of `pets/<class>/<i>.png` colour pictures (red cats, blue dogs…) and `extra` entries."""
    rng = np.random.default_rng(0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for channel, (name, count) in enumerate(per_class.items()):
            for i in range(count):
                archive.writestr(f"pets/{name}/{i:03d}.png", colour_png(rng, channel * 2 % 3))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.radio(key="train_source").set_value("upload").run()
    at.file_uploader(key="train_upload").upload(name, data, "application/zip").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart(at: AppTest, key: str) -> dict:
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if key in c.proto.id)


def test_an_uploaded_colour_zip_is_previewed_trained_on_and_joins_the_picker(own_zoo: Path, shown_pictures):
    from ae_models.data import default_data_dir
    from ae_models.model_data import dataset_key

    extra = {"pets/notes.txt": b"hi", "pets/dogs/broken.png": b"not a picture"}
    at = upload(train_page(), "My Pets.zip", image_zip({"cats": 32, "dogs": 28}, extra))
    assert not at.error, [e.value for e in at.error]
    assert any("2 file(s) in the archive were skipped: pets/notes.txt (not an image), pets/dogs/broken.png (not a "
               "readable image)" in i.value for i in at.info), [i.value for i in at.info]
    (preview,) = at.get("image")
    assert shown_pictures.is_colour(preview.value[0]) and "cats, dogs" in preview.captions[0]
    counts = chart(at, "train_counts_chart")["data"][0]
    assert list(counts["x"]) == ["cats", "dogs"] and list(counts["y"]) == [32, 28]
    facts = next(m.value for m in at.markdown if "My-Pets" in m.value)
    assert "16×20 pixels, colour (RGB)" in facts and "centre-cropped" in facts and "SHA-256" in facts
    assert at.text_input(key="train_name").value.startswith("My-Pets-")
    assert at.selectbox(key="train_normal_class").options[1:] == ["cats", "dogs"]
    at.selectbox(key="train_family").set_value("conv_ae")
    at.slider(key="train_epochs").set_value(1)
    at.text_input(key="train_name").set_value("pets")
    at.button(key="train_start").click().run()
    run_until(at, lambda a: bool(a.success) or bool(a.error))
    assert not at.exception and not at.error, [e.value for e in at.error]
    card = json.loads((models_dir() / "user-pets" / "card.json").read_text())
    stored = Path(card["dataset"])
    assert stored.parent.parent == default_data_dir() / "uploads" and stored.name == "My-Pets.zip"
    assert card["dataset_name"] == "My-Pets" and card["image_shape"] == [3, 16, 20]
    test = load_dataset(card["dataset"], "test")  # every page finds the test split from the card
    assert test.image_shape == (3, 16, 20) and 0 < len(test) < 60
    assert any(o.startswith("My-Pets") and "/" not in o for o in at.sidebar.selectbox(key="dataset").options)
    at.sidebar.selectbox(key="dataset").set_value(dataset_key(card)).run()
    assert at.sidebar.selectbox(key="model").value == "user-pets"  # explorable in the same session
    assert chart(at, "train_map_chart")["data"][0]["name"] in ("cats", "dogs")  # the map names the classes


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("escape.zip", image_zip({"cats": 30, "dogs": 30}, {"../../evil.png": b"x"}), "points outside its folder"),
    ("few.zip", image_zip({"cats": 5, "dogs": 5}), "at least 50"),
    ("cats.zip", image_zip({"cats": 60}), "one class only"),
    ("notes.zip", b"these are my notes, not an archive", "not a .zip archive"),
    ("texts.zip", zip_of({"a.txt": b"x", "b.csv": b"1,2"}), "no readable image"),
])
def test_bad_uploads_are_refused_with_a_message(own_zoo: Path, name: str, data: bytes, message: str):
    at = upload(train_page(), name, data)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert not at.get("image") and not [b for b in at.button if b.key == "train_start"]  # nothing to train on


def test_a_dataset_on_the_servers_disk_is_previewed(own_zoo: Path, colour_npz: Path):
    at = train_page()
    at.radio(key="train_source").set_value("server").run()
    at.text_input(key="train_path").set_value(str(own_zoo / "nothing-here")).run()
    assert any("server's disk" in e.value for e in at.error) and not at.exception
    at.text_input(key="train_path").set_value(str(colour_npz)).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    facts = next(m.value for m in at.markdown if "blobs" in m.value)
    assert "120 training and 30 test images of 16×16 pixels, colour (RGB)" in facts and "seed 0" in facts
    assert not at.button(key="train_start").disabled


def test_the_data_panel_speaks_korean(own_zoo: Path):
    at = open_page("app_pages/train.py", language="ko")
    at.radio(key="train_source").set_value("upload").run()
    assert "내 이미지 (.zip 업로드)" in at.radio(key="train_source").options
    at.file_uploader(key="train_upload").upload("few.zip", image_zip({"cats": 3, "dogs": 3}), "application/zip").run()
    assert not at.exception and at.error[0].value.startswith("이 데이터셋은 쓸 수 없습니다")
