"""AppTest of the Anomalies page on the tiny zoo (digits models, one of them one-class)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from apptest import open_page
from streamlit.testing.v1 import AppTest


def anomalies_page() -> AppTest:
    return open_page("app_pages/anomalies.py")


def flagged_counts(at: AppTest) -> tuple[int, ...]:
    text = next(c.value for c in at.caption if "TP " in c.value)
    return tuple(int(v) for v in re.findall(r"(?:TP|FP|TN|FN) (\d+)", text))


def test_one_class_page_renders_and_the_threshold_moves_the_counts(tiny_zoo):
    at = anomalies_page()
    assert not at.exception, at.exception
    assert at.selectbox(key="anom_oc_model").value == "digits-oneclass-0"
    slider = at.select_slider(key="anom_threshold")
    before = flagged_counts(at)
    assert sum(before) == 360  # the digits test split
    options = slider.options
    at.select_slider(key="anom_threshold").set_value(float(options[-1])).run()
    high = flagged_counts(at)
    at.select_slider(key="anom_threshold").set_value(float(options[0])).run()
    low = flagged_counts(at)
    assert not at.exception, at.exception
    assert high != before != low
    tp, fp, tn, fn = low
    assert tn == fn == 0  # the lowest threshold flags every image
    assert len(at.get("plotly_chart")) >= 5  # histogram, confusion, ROC, PR, per-class AUROC
    assert len(at.get("image")) >= 2  # the two gallery rows


def png(value: int, size: int = 12) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.full((size, size), value, dtype=np.uint8)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_out_of_distribution_uploads_scored_by_a_vae(tiny_zoo):
    at = anomalies_page()
    at.radio(key="anom_setup").set_value("ood").run()
    assert not at.exception, at.exception
    at.selectbox(key="anom_ood_model").set_value("digits-vae-4").run()
    # digits is the only 8×8 dataset: the page offers uploads and says why
    source = at.radio(key="anom_ood_source")
    assert source.value == "upload" and len(source.options) == 1
    assert at.info and not at.exception
    at.file_uploader(key="anom_upload").set_value(
        [("white.png", png(255), "image/png"), ("grey.png", png(128), "image/png")]).run()
    assert not at.exception, at.exception
    assert len(at.radio(key="anom_score").options) == 2  # MSE and −ELBO
    assert sum(flagged_counts(at)) == 360 + 2  # the digits test split + the uploads
    at.radio(key="anom_score").set_value("neg_elbo").run()
    assert not at.exception, at.exception
    assert any("AUROC" in c.value for c in at.caption)


def test_a_broken_upload_is_a_message_not_a_traceback(tiny_zoo):
    at = anomalies_page()
    at.radio(key="anom_setup").set_value("ood").run()
    at.file_uploader(key="anom_upload").set_value([("junk.png", b"not an image", "image/png")]).run()
    assert not at.exception
    assert any("junk.png" in e.value for e in at.error)
    assert not any("object at 0x" in e.value for e in at.error)  # PIL's message names a BytesIO


def test_the_page_speaks_korean(tiny_zoo):
    at = open_page("app_pages/anomalies.py", language="ko")
    assert "이상 탐지" in at.header[0].value


def test_without_one_class_models_the_page_says_how_to_train_one(tiny_zoo, tmp_path, monkeypatch):
    import shutil

    shutil.copytree(tiny_zoo / "digits-ae-2", tmp_path / "digits-ae-2")
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(tmp_path))
    at = anomalies_page()
    assert not at.exception, at.exception
    assert at.info and at.code


def test_per_class_figure_groups_ours_beside_each_reference_for_the_classes_shown():
    from app_ui.anomalies.figures import per_class_auroc_figure

    fig = per_class_auroc_figure(["2", "8"], [0.91, 0.88], {"DCAE": [0.854, 0.865], "SVDD": [0.917, 0.939]}, "ours")
    assert fig.layout.barmode == "group"
    assert [tuple(bar.y) for bar in fig.data] == [(0.91, 0.88), (0.854, 0.865), (0.917, 0.939)]
    assert [bar.name for bar in fig.data] == ["ours · mean 0.895", "DCAE · mean 0.859", "SVDD · mean 0.928"]


def shipped_one_class_page(dataset: str) -> AppTest:
    """The Anomalies page on the real zoo, the sidebar on `dataset` (skipped without its one-class models)."""
    import streamlit as st

    from ae_models.checkpoints import pretrained_dir

    if not (pretrained_dir() / f"{dataset}-oneclass-0").is_dir():
        pytest.skip(f"the shipped {dataset} one-class models are not installed")
    st.cache_data.clear()
    at = open_page(timeout=300)
    at.sidebar.selectbox(key="dataset").set_value(dataset).run()
    at.switch_page("app_pages/anomalies.py").run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_shipped_mnist_one_class_models_sit_beside_the_papers_per_class_table():
    """The real zoo (ten MNIST one-class models): the per-class table lists each class's AUROC on the
    test split next to Ruff et al.'s DCAE and Deep SVDD figures for the same class."""
    at = shipped_one_class_page("mnist")
    table = at.dataframe[-1].value
    assert list(table.columns[-2:]) == ["DCAE (Ruff et al. 2018)", "Deep SVDD (Ruff et al. 2018)"]
    assert len(table) == 11 and table.iloc[-1, 0] == "mean"  # ten classes and their mean
    ours = table.iloc[:10, 1].astype(float)
    assert ours.between(0.8, 1.0).all() and abs(table.iloc[10, 1] - ours.mean()) < 1e-9
    assert table.iloc[2, 2] == 0.854 and table.iloc[2, 3] == 0.917  # class 2's published figures


@pytest.mark.slow
def test_shipped_fashion_one_class_models_show_their_test_figures_beside_the_published_means():
    """The real zoo: per Fashion-MNIST class the model chosen on held-out training images, its card's
    whole-test-split AUROC, and the published means as dashed lines (no unverified per-class rows)."""
    import json

    from ae_models.checkpoints import read_card
    from ae_models.zoo import MANIFEST, one_class_choice

    at = shipped_one_class_page("fashion-mnist")
    assert at.selectbox(key="anom_dataset").value == "fashion-mnist"
    entries = [e for e in MANIFEST if e.dataset == "fashion-mnist" and e.normal_class is not None]
    cards = {e.name: read_card(e.name) for e in entries}
    used = one_class_choice("fashion-mnist", entries, cards)
    table = at.dataframe[-1].value
    assert len(table) == 11 and list(table.columns)[2:] == []  # ours only: no per-class reference columns
    ours = table.iloc[:10, 1].astype(float).tolist()
    assert ours == pytest.approx([cards[used[k]]["test_metrics"]["auroc"] for k in range(10)])
    assert len(json.loads(at.get("plotly_chart")[-1].proto.spec)["layout"]["shapes"]) == 3


# --- a colour model (3×16×16 blobs) ----------------------------------------------------------------
@pytest.fixture(scope="module")
def colour_zoo_dir(tiny_colour_zoo_dir, colour_npz, tmp_path_factory: pytest.TempPathFactory):
    """The tiny colour zoo plus a one-class conv AE (normal = the red blobs), trained through
    `load_dataset` on the .npz as a user's would be."""
    import shutil

    from ae_models.train import TrainConfig, train

    root = tmp_path_factory.mktemp("colour-anomalies")
    shutil.copytree(tiny_colour_zoo_dir, root, dirs_exist_ok=True)
    train(TrainConfig(model="conv_ae", dataset=str(colour_npz), latent_dim=4, epochs=4, batch_size=16, lr=3e-3,
                      channels=(8, 16), dense=32, normal_class=0, quiet=True, out=str(root / "blobs-oneclass-0")))
    return root


@pytest.fixture
def colour_zoo(tiny_colour_zoo, colour_zoo_dir, monkeypatch: pytest.MonkeyPatch):
    """`tiny_colour_zoo` (which clears the app's caches), pointed at `colour_zoo_dir`."""
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(colour_zoo_dir))
    return colour_zoo_dir


def gallery_urls(at: AppTest) -> list[str]:
    """The gallery's strips (image / reconstruction / error map), both rows."""
    return [url for element in at.get("image") for url in element.value]


def top_tile_is_colour(shown_pictures, url: str) -> bool:
    """Whether the strip's first tile (the image itself, the top third) is in colour."""
    strip = shown_pictures(url).astype(int)
    image = strip[: strip.shape[0] // 3 - 1]
    return image.ndim == 3 and int(np.abs(np.diff(image, axis=-1)).max()) > 50


def test_one_class_on_a_colour_model_shows_colour_strips(colour_zoo, shown_pictures):
    at = anomalies_page()
    assert at.selectbox(key="anom_oc_model").value == "blobs-oneclass-0"
    assert at.selectbox(key="anom_dataset").options == ["blobs"]  # its short name, not the .npz's path
    assert sum(flagged_counts(at)) == 30  # the .npz's test split (20 % of 150)
    strips = gallery_urls(at)
    assert len(strips) == 16 and all(top_tile_is_colour(shown_pictures, u) for u in strips)
    assert len(at.get("plotly_chart")) >= 5 and not at.error


def test_colour_uploads_are_scored_by_a_colour_vae(colour_zoo, shown_pictures):
    import io

    from PIL import Image

    def picture(array: np.ndarray) -> bytes:
        buffer = io.BytesIO()
        Image.fromarray(array).save(buffer, format="PNG")
        return buffer.getvalue()

    at = anomalies_page()
    at.radio(key="anom_setup").set_value("ood").run()
    at.selectbox(key="anom_ood_model").set_value("blobs-conv_vae-4").run()
    source = at.radio(key="anom_ood_source")
    assert source.value == "upload" and len(source.options) == 1  # no built-in set is 3×16×16
    assert any("16×16 RGB" in c.value for c in at.caption)
    yellow = np.zeros((40, 30, 3), dtype=np.uint8)
    yellow[..., :2] = 255
    at.file_uploader(key="anom_upload").set_value(
        [("yellow.png", picture(yellow), "image/png"), ("grey.png", png(128), "image/png")]).run()
    assert not at.exception, at.exception
    assert not at.get("checkbox") or all(c.key != "anom_invert" for c in at.checkbox)  # colour is not inverted
    assert sum(flagged_counts(at)) == 30 + 2 and len(at.radio(key="anom_score").options) == 2
    uploads = [url for element in at.get("image") for url, caption in zip(element.value, element.captions,
                                                                          strict=True) if caption.startswith("upload")]
    assert any(top_tile_is_colour(shown_pictures, url) for url in uploads)  # the yellow one, in colour


# --- Fashion-MNIST beside the digits: a one-class model trained on the shipped sample -----------------------
@pytest.fixture(scope="module")
def fashion_zoo_dir(tiny_zoo_dir, tmp_path_factory: pytest.TempPathFactory):
    """The tiny zoo plus a small one-class conv_ae for Fashion-MNIST's trousers, trained on the shipped sample
    (whose card is then set to have chosen 1 − SSIM, as a Fashion model may)."""
    import json
    import shutil

    from ae_models.samples import load_sample
    from ae_models.train import TrainConfig, train

    root = tmp_path_factory.mktemp("fashion-anomalies")
    shutil.copytree(tiny_zoo_dir, root, dirs_exist_ok=True)
    sample = load_sample("fashion-mnist")
    out = root / "fashion-mnist-oneclass-1"
    train(TrainConfig(model="conv_ae", dataset="fashion-mnist", latent_dim=4, epochs=1, batch_size=32, lr=3e-3,
                      channels=(4, 8), dense=16, normal_class=1, quiet=True, out=str(out)),
          train_data=sample.subset(slice(0, 4000)), test_data=sample.subset(slice(4000, 5000)))
    card = json.loads((out / "card.json").read_text())
    card["anomaly_score"] = card["score_selection"]["winner"] = "ssim_error"
    (out / "card.json").write_text(json.dumps(card))
    return root


def test_fashion_mnist_is_offered_beside_the_other_one_class_sets_with_its_chosen_score(fashion_zoo_dir, tiny_zoo,
                                                                                       monkeypatch):
    import json

    import streamlit as st

    monkeypatch.setenv("AE_PRETRAINED_DIR", str(fashion_zoo_dir))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = anomalies_page()
    assert at.selectbox(key="anom_dataset").options == ["fashion-mnist", "digits"]
    at.selectbox(key="anom_dataset").set_value("fashion-mnist").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="anom_oc_model").value == "fashion-mnist-oneclass-1"
    score = at.radio(key="anom_score")
    assert score.options == ["reconstruction error (MSE)", "structural error (1 − SSIM)"]
    assert score.value == "ssim_error"  # where the card's held-out choice starts it
    assert sum(flagged_counts(at)) == 5000  # the shipped Fashion-MNIST sample
    caption = " ".join(c.value for c in at.caption)
    assert "Deep SVDD 0.848" in caption and "not verified here" in caption and "whole test split" in caption
    per_class = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert len(per_class["layout"]["shapes"]) == 3  # the three published means, dashed
    card = json.loads((fashion_zoo_dir / "fashion-mnist-oneclass-1" / "card.json").read_text())
    table = at.dataframe[-1].value
    assert table.iloc[0, 1] == pytest.approx(card["test_metrics"]["auroc"])  # the card's whole-test-split figure
