"""A corpus of bad inputs, made here: each must raise the library's own error type with a message
(which the app shows as a sentence and the CLIs print as one `error:` line), never anything else."""

from __future__ import annotations

import io
import json
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ae_models import CheckpointError, DatasetError, build_model, load_dataset, save_checkpoint
from ae_models.checkpoints import CARD_FILE, WEIGHTS_FILE
from ae_models.data import image_to_array
from ae_models.evaluate import main as evaluate_main


def _png(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


IMAGE_CORPUS: dict[str, Callable[[], bytes]] = {
    "zero-byte file": lambda: b"",
    "text file": lambda: b"name,value\n1,2\n",
    "PDF header": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "truncated PNG": lambda: _png(Image.new("L", (64, 64), 128))[:60],
    "truncated JPG": lambda: _png(Image.new("RGB", (64, 64), (1, 2, 3)), "JPEG")[:200],
    "10,000×10,000 PNG": lambda: _png(Image.new("1", (10_000, 10_000))),
}
GOOD_ODD_IMAGES: dict[str, Callable[[], bytes]] = {
    "RGBA": lambda: _png(Image.new("RGBA", (30, 20), (255, 0, 0, 128))),
    "16-bit": lambda: _png(Image.fromarray(np.arange(600, dtype=np.uint16).reshape(20, 30) * 100)),
    "palette": lambda: _png(Image.new("P", (17, 5), 3)),
    "1×1 pixel": lambda: _png(Image.new("L", (1, 1), 255)),
    "CMYK JPG": lambda: _png(Image.new("CMYK", (40, 40), (0, 50, 100, 0)), "JPEG"),
}


@pytest.mark.parametrize("case", list(IMAGE_CORPUS))
def test_bad_images_are_refused_with_a_message(case: str):
    with pytest.raises(DatasetError) as info:
        image_to_array(IMAGE_CORPUS[case]())
    assert len(str(info.value)) > 15


@pytest.mark.parametrize("case", list(GOOD_ODD_IMAGES))
def test_odd_but_valid_images_are_converted(case: str):
    array = image_to_array(GOOD_ODD_IMAGES[case](), (28, 28))
    assert array.shape == (28, 28) and array.dtype == np.uint8


NPZ_CORPUS: dict[str, dict[str, np.ndarray]] = {
    "NaN pixels": {"images": np.full((3, 8, 8), np.nan)},
    "infinite pixels": {"images": np.full((3, 8, 8), np.inf)},
    "1-D images": {"images": np.zeros(10)},
    "5-D images": {"images": np.zeros((2, 1, 1, 8, 8))},
    "no images array": {"pixels": np.zeros((3, 8, 8))},
    "labels of the wrong length": {"images": np.zeros((3, 8, 8)), "labels": np.arange(4)},
    "negative labels": {"images": np.zeros((3, 8, 8)), "labels": np.array([0, -3, 1])},
    "float labels": {"images": np.zeros((3, 8, 8)), "labels": np.array([0.5, 1.0, 2.0])},
    "string images": {"images": np.array([["a", "b"], ["c", "d"]])},
}


@pytest.mark.parametrize("case", list(NPZ_CORPUS))
def test_bad_npz_files_are_refused_with_a_message(case: str, tmp_path: Path):
    path = tmp_path / "data.npz"
    np.savez(path, **NPZ_CORPUS[case])
    with pytest.raises(DatasetError):
        load_dataset(str(path), image_size=(8, 8))


def test_an_object_array_npz_is_refused_without_unpickling(tmp_path: Path):
    path = tmp_path / "objects.npz"
    np.savez(path, images=np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(DatasetError, match="not a readable"):
        load_dataset(str(path))


class _Exploit:
    def __reduce__(self):
        return (Path.write_text, (Path("/tmp/ae_models_exploit_ran"), "pwned"))


def _checkpoint(tmp_path: Path) -> Path:
    return save_checkpoint(build_model("ae", image_shape=(1, 8, 8), latent_dim=2), tmp_path / "ckpt",
                           {"dataset": "digits"})


def _edit_card(folder: Path, **changes) -> None:
    card = json.loads((folder / CARD_FILE).read_text())
    card.update(changes)
    (folder / CARD_FILE).write_text(json.dumps(card))


CHECKPOINT_CORPUS: dict[str, Callable[[Path], Path]] = {
    "truncated weights": lambda f: (f / WEIGHTS_FILE).write_bytes((f / WEIGHTS_FILE).read_bytes()[:50]) and f,
    "empty weights": lambda f: (f / WEIGHTS_FILE).write_bytes(b"") is not None and f,
    "missing weights": lambda f: (f / WEIGHTS_FILE).unlink() or f,
    "card for another shape": lambda f: _edit_card(f, config={"image_shape": [1, 28, 28], "latent_dim": 2},
                                                   weights_sha256=None) or f,
    "unknown family": lambda f: _edit_card(f, family="gan") or f,
    "card is not JSON": lambda f: (f / CARD_FILE).write_text("{{{") and f,
    "card is a list": lambda f: (f / CARD_FILE).write_text("[1, 2]") and f,
    "pickled weights": lambda f: (f / WEIGHTS_FILE).write_bytes(pickle.dumps(_Exploit())) and f,
    "a .pt pickle file": lambda f: (f / "model.pt").write_bytes(pickle.dumps(_Exploit())) and f / "model.pt",
    "path traversal name": lambda f: Path("../../etc/passwd"),
    "not a checkpoint folder": lambda f: (f / CARD_FILE).unlink() or f,
}


@pytest.mark.parametrize("case", list(CHECKPOINT_CORPUS))
def test_bad_checkpoints_are_refused_by_the_library_and_the_cli(case: str, tmp_path: Path, capsys):
    from ae_models import load_pretrained

    marker = Path("/tmp/ae_models_exploit_ran")
    marker.unlink(missing_ok=True)
    target = CHECKPOINT_CORPUS[case](_checkpoint(tmp_path))
    with pytest.raises(CheckpointError):
        load_pretrained(target)
    assert evaluate_main([str(target), "--dataset", "digits"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert not marker.exists(), "a pickle was executed"


def test_corpus_size():
    """The note reports how many bad inputs are tried; keep the corpus from shrinking silently."""
    assert len(IMAGE_CORPUS) + len(NPZ_CORPUS) + 1 + len(CHECKPOINT_CORPUS) >= 25
