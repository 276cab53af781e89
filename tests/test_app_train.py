"""AppTest of the Train page: a one-epoch run on digits completes and joins the model pickers."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from apptest import open_page
from streamlit.testing.v1 import AppTest

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
    saved = [p.name for p in own_zoo.iterdir() if p.name.startswith("user-")]
    assert len(saved) == 1 and (own_zoo / saved[0] / "card.json").is_file()
    assert saved[0] in {m.name for m in model_catalogue()[0]}
    assert "/" not in saved[0]
    picker = at.sidebar.selectbox(key="model")
    assert len(picker.options) == 2 and any(o.startswith("conv_ae · z=8") for o in picker.options)
    assert len(at.get("plotly_chart")) == 2  # the loss curve and the latent map
    at.select_slider(key="train_map_epoch").set_value(0).run()  # scrub back to before training
    assert "epoch 0" in at.get("plotly_chart")[1].proto.spec


def test_a_taken_name_is_refused(own_zoo: Path):
    (own_zoo / "user-taken").mkdir()
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
