"""AppTest of the Models page (upload a pair, see the checks, what was inferred and reconstructions,
add, rename, remove) and of every page on an added ONNX model: a tiny colour VAE with BatchNorm,
LeakyReLU and Upsample on 32×32 RGB images, run by onnxruntime."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import open_page
from onnx_models import blobs32, digits_pair, tiny_vae_folder
from streamlit.testing.v1 import AppTest

from ae_models.checkpoints import list_user_models
from ae_models.onnx.install import AddRequest, add

PAGES = ("app_pages/home.py", "app_pages/latent_map.py", "app_pages/generate.py", "app_pages/denoise.py",
         "app_pages/anomalies.py", "app_pages/features.py", "app_pages/train.py", "app_pages/models.py")


@pytest.fixture(autouse=True)
def fresh_caches():
    """The app's caches live in this process: start and leave without this file's user models in them."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def onnx_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty zoo and one user model: the tiny colour VAE, added as ONNX."""
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path / "no-zoo"))
    monkeypatch.setenv("AE_DEVICE", "cpu")
    return add(AddRequest.build(tiny_vae_folder()))


def upload(at: AppTest, folder: Path) -> AppTest:
    for role in ("encoder", "decoder"):
        at.file_uploader(key=f"models_{role}_upload").upload(f"{role}.onnx", (folder / f"{role}.onnx").read_bytes(),
                                                            "application/octet-stream")
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_an_onnx_model(onnx_only: str, page: str):
    at = open_page(page)
    assert at.sidebar.selectbox(key="model").value == onnx_only
    assert "👤 tiny-vae" in at.sidebar.selectbox(key="model").options[0]  # marked as a user model
    assert any("onnxruntime" in c.value for c in at.sidebar.caption)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


GENERATE_TABS = ("Edit the code", "Interpolate", "Attribute vectors", "Traversals", "Sampling", "VAE uncertainty",
                 "β explorer")


def test_every_generate_tab_runs_on_the_onnx_vae(onnx_only: str):
    at = open_page("app_pages/generate.py")
    for tab in GENERATE_TABS:
        at.session_state["gen_tab"] = tab
        at.run()
        assert not at.exception and not at.error, (tab, [e.value for e in [*at.exception, *at.error]])
    at.session_state["gen_tab"] = "VAE uncertainty"
    at.run()
    assert not at.info, [i.value for i in at.info]  # a VAE: the posterior spread is drawn, no "only for VAEs"
    assert len(at.get("plotly_chart")) == 2


def test_anomalies_score_uploads_with_the_onnx_vae(onnx_only: str):
    import io

    import numpy as np
    from PIL import Image

    def png(value: int) -> bytes:
        buffer = io.BytesIO()
        Image.fromarray(np.full((32, 32, 3), value, dtype=np.uint8)).save(buffer, format="PNG")
        return buffer.getvalue()

    at = open_page("app_pages/anomalies.py")
    at.radio(key="anom_setup").set_value("ood").run()
    at.file_uploader(key="anom_upload").set_value([("white.png", png(255), "image/png"),
                                                    ("grey.png", png(128), "image/png")]).run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    assert len(at.radio(key="anom_score").options) == 2  # MSE and −ELBO: the ONNX model is a VAE


def test_the_models_page_checks_an_upload_shows_it_and_adds_it(tmp_path: Path, shown_pictures):
    at = open_page("app_pages/models.py")
    assert any("No user models yet" in i.value for i in at.info)
    at.selectbox(key="models_dataset").set_value("other").run()
    at.text_input(key="models_path").set_value(str(blobs32())).run()
    at = upload(at, tiny_vae_folder())
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    checks = next(m.value for m in at.markdown if "**encoder file**" in m.value)
    assert "✅ **probe: decoder**" in checks and "❌" not in checks
    inferred = at.dataframe[-1].value.iloc[:, 1].tolist()  # the table of what was inferred
    assert "VAE: the encoder returns μ and log σ² (two outputs)" in inferred and "3×32×32 (colour)" in inferred
    recon = next(i for i in at.get("image") if "reconstructions" in i.captions[0])
    assert shown_pictures.is_colour(recon.value[0])
    assert list_user_models() == []  # nothing is installed before the button
    at.text_input(key="models_name").set_value("my tiny vae").run()
    at.button(key="models_add").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert list_user_models() == ["user-my-tiny-vae"]
    assert any("Added user-my-tiny-vae" in s.value for s in at.success)
    assert at.sidebar.selectbox(key="model").value == "user-my-tiny-vae"  # selected for the other pages
    at.switch_page("app_pages/home.py").run()  # and explorable at once
    assert not at.exception and not at.error

    at.switch_page("app_pages/models.py").run()
    at.text_input(key="models_new_name").set_value("renamed").run()
    at.button(key="models_rename").click().run()
    assert list_user_models() == ["user-renamed"] and at.sidebar.selectbox(key="model").value == "user-renamed"
    assert at.button(key="models_remove").disabled  # until the box is ticked
    at.checkbox(key="models_confirm").check().run()
    at.button(key="models_remove").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert list_user_models() == [] and any("Removed user-renamed" in s.value for s in at.success)


def test_the_models_page_refuses_a_bad_pair_and_installs_nothing(tmp_path: Path):
    encoder, _ = digits_pair(tmp_path / "pair")
    (tmp_path / "pair" / "decoder.onnx").write_bytes(b"not onnx at all")
    at = upload(open_page("app_pages/models.py"), tmp_path / "pair")
    assert not at.exception
    assert any("cannot be added" in e.value for e in at.error)
    assert "❌ **decoder file**" in next(m.value for m in at.markdown if "**encoder file**" in m.value)
    assert not [b for b in at.button if b.key == "models_add"] and list_user_models() == []


def test_the_models_page_speaks_korean(onnx_only: str):
    at = open_page("app_pages/models.py", language="ko")
    assert at.title[0].value.startswith("모델") and not at.exception


def test_zoo_and_user_models_share_the_picker_after_a_restart(digits_train, digits_test, tmp_path: Path):
    import streamlit as st

    from ae_models.jobs import TrainingJob, user_checkpoint_dir
    from ae_models.train import TrainConfig

    job = TrainingJob(TrainConfig(model="ae", dataset="digits", latent_dim=2, epochs=1, hidden=(16,)),
                      user_checkpoint_dir("trained"), digits_train, digits_test)
    assert job.start().join(timeout=120) and job.view().status == "done"
    encoder, decoder = digits_pair(tmp_path / "pair")
    add(AddRequest.build(encoder=encoder, decoder=decoder, dataset="digits", name="brought"))
    st.cache_data.clear()  # a restarted server starts with empty caches; the models are read from disk
    st.cache_resource.clear()
    at = open_page()
    at.sidebar.selectbox(key="dataset").set_value("digits").run()
    options = at.sidebar.selectbox(key="model").options
    assert any(o.startswith("ae · z=2") and o.endswith("👤 trained") for o in options), options
    assert any(o.startswith("onnx_ae · z=4") and o.endswith("👤 brought") for o in options), options
    assert any("👤" not in o for o in options)  # the shipped digits models
    at.sidebar.selectbox(key="model").set_value("user-brought").run()
    assert not at.exception and not at.error


def test_a_user_models_folder_inside_the_zoo_is_refused_with_a_warning_and_the_zoo_still_shows(monkeypatch):
    from ae_models.checkpoints import pretrained_dir

    monkeypatch.setenv("AE_MODELS_DIR", str(pretrained_dir() / "mine"))
    at = open_page()
    assert any("points into the shipped checkpoints" in w.value for w in at.sidebar.warning)
    assert at.sidebar.selectbox(key="model").options  # the shipped models


def test_the_data_can_be_an_uploaded_zip_of_images():
    import io
    import zipfile

    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    with np.load(blobs32()) as data, zipfile.ZipFile(buffer, "w") as archive:
        for i, (image, label) in enumerate(zip(data["images"][:60], data["labels"][:60], strict=True)):
            picture = io.BytesIO()
            Image.fromarray(image).save(picture, "PNG")
            archive.writestr(f"blobs/{data['classes'][label]}/{i:03d}.png", picture.getvalue())
    at = open_page("app_pages/models.py")
    at.selectbox(key="models_dataset").set_value("upload").run()
    at.file_uploader(key="models_data_upload").upload("blobs.zip", buffer.getvalue(), "application/zip").run()
    at = upload(at, tiny_vae_folder())
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    assert "3×32×32 (colour)" in at.dataframe[-1].value.iloc[:, 1].tolist()
    assert [b for b in at.button if b.key == "models_add"]
