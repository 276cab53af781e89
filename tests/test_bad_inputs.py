"""A corpus of bad inputs, made here: each must raise the library's own error type with a message
(which the app shows as a sentence and the CLIs print as one `error:` line), never anything else."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
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
def _exif_rotated() -> bytes:
    """A 30 wide × 20 high JPEG, red on its left half, whose EXIF says "rotate 90° clockwise" (6)."""
    picture = Image.new("RGB", (30, 20), (0, 0, 255))
    picture.paste((255, 0, 0), (0, 0, 15, 20))
    exif = picture.getexif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def _palette_with_transparency() -> bytes:
    """Left half transparent (index 0), right half palette red (index 1)."""
    picture = Image.new("P", (20, 10), 0)
    picture.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    picture.paste(1, (10, 0, 20, 10))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", transparency=0)
    return buffer.getvalue()


# name → (its bytes, the shape (H, W[, 3]) it decodes to at its own size, ((row, col), that pixel's value))
GOOD_ODD_IMAGES: dict[str, tuple[Callable[[], bytes], tuple[int, ...], tuple[tuple[int, int], object]]] = {
    "RGBA over white": (lambda: _png(Image.new("RGBA", (30, 20), (255, 0, 0, 128))), (20, 30, 3),
                        ((5, 5), (255, 127, 127))),
    "LA over white": (lambda: _png(Image.new("LA", (30, 20), (0, 0))), (20, 30), ((5, 5), 255)),
    "16-bit": (lambda: _png(Image.fromarray(np.arange(600, dtype=np.uint16).reshape(20, 30) * 100)), (20, 30),
               ((19, 29), round(59900 * 255 / 65535))),
    "palette": (lambda: _png(Image.new("P", (17, 5), 3)), (5, 17), ((0, 0), 3)),
    "palette with transparency": (_palette_with_transparency, (10, 20, 3), ((5, 2), (255, 255, 255))),
    "1×1 pixel": (lambda: _png(Image.new("L", (1, 1), 255)), (1, 1), ((0, 0), 255)),
    "CMYK JPG": (lambda: _png(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG"), (40, 40, 3),
                 ((20, 20), (255, 0, 0))),
    "EXIF-rotated JPG": (_exif_rotated, (30, 20, 3), ((2, 10), (255, 0, 0))),  # the red half is on top now
}


@pytest.mark.parametrize("case", list(IMAGE_CORPUS))
def test_bad_images_are_refused_with_a_message(case: str):
    with pytest.raises(DatasetError) as info:
        image_to_array(IMAGE_CORPUS[case]())
    assert len(str(info.value)) > 15


@pytest.mark.parametrize("case", list(GOOD_ODD_IMAGES))
def test_odd_but_valid_images_are_converted(case: str):
    payload, shape, ((row, col), value) = GOOD_ODD_IMAGES[case]
    array = image_to_array(payload())
    assert array.shape == shape and array.dtype == np.uint8
    assert np.abs(array[row, col].astype(int) - np.array(value)).max() <= 3  # JPEG rounding
    assert image_to_array(payload(), (28, 28)).shape == (28, 28, *shape[2:])
    assert image_to_array(payload(), (28, 28), grey=True).shape == (28, 28)


N = 60  # enough images that the "too few" check is not what refuses them
NPZ_CORPUS: dict[str, dict[str, np.ndarray]] = {
    "NaN pixels": {"images": np.full((N, 8, 8), np.nan)},
    "infinite pixels": {"images": np.full((N, 8, 8), np.inf)},
    "1-D images": {"images": np.zeros(10)},
    "5-D images": {"images": np.zeros((2, 1, 1, 8, 8))},
    "two channels": {"images": np.zeros((N, 8, 8, 2))},
    "no images array": {"pixels": np.zeros((N, 8, 8))},
    "labels of the wrong length": {"images": np.zeros((N, 8, 8)), "labels": np.arange(N + 1)},
    "negative labels": {"images": np.zeros((N, 8, 8)), "labels": np.arange(N) - 3},
    "float labels": {"images": np.zeros((N, 8, 8)), "labels": np.linspace(0, 2, N)},
    "string images": {"images": np.array([["a", "b"], ["c", "d"]])},
    "complex images": {"images": np.zeros((N, 8, 8), dtype=complex)},
    "values in [-1, 1]": {"images": np.linspace(-1, 1, N * 64).reshape(N, 8, 8)},
    "49 images": {"images": np.zeros((49, 8, 8))},
    "one class only": {"images": np.zeros((N, 8, 8)), "labels": np.zeros(N, dtype=int)},
}


@pytest.mark.parametrize("case", list(NPZ_CORPUS))
def test_bad_npz_files_are_refused_with_a_message(case: str, tmp_path: Path):
    path = tmp_path / "data.npz"
    np.savez(path, **NPZ_CORPUS[case])
    with pytest.raises(DatasetError) as info:
        load_dataset(str(path), image_size=(8, 8))
    assert len(str(info.value)) > 15 and str(tmp_path) not in str(info.value)


FOLDER_CORPUS: dict[str, dict[str, int]] = {  # sub-folder ('' = top level) → how many pictures
    "one class folder": {"cats": N},
    "one class folder beside loose pictures": {"cats": N // 2, "": N // 2},
    "49 pictures": {"": 49},
    "49 pictures in two classes": {"cats": 25, "dogs": 24},
    "no pictures": {"empty": 0},
}


@pytest.mark.parametrize("case", list(FOLDER_CORPUS))
def test_bad_image_folders_and_zips_are_refused_with_a_message(case: str, tmp_path: Path):
    folder = tmp_path / "pets"
    for sub, count in FOLDER_CORPUS[case].items():
        (folder / sub).mkdir(parents=True, exist_ok=True)
        for i in range(count):
            Image.new("RGB", (6, 6), (i, 0, 0)).save(folder / sub / f"{i}.png")
    with pytest.raises(DatasetError) as info:
        load_dataset(str(folder), "train")
    assert "pets" in str(info.value) and str(tmp_path) not in str(info.value)
    if sum(FOLDER_CORPUS[case].values()):
        with zipfile.ZipFile(tmp_path / "pets.zip", "w") as archive:
            for path in folder.rglob("*.png"):
                archive.write(path, path.relative_to(tmp_path).as_posix())  # a zip of pets/: pets/cats/0.png…
        with pytest.raises(DatasetError, match="pets"):
            load_dataset(str(tmp_path / "pets.zip"), "test")


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
    assert len(IMAGE_CORPUS) + len(NPZ_CORPUS) + len(FOLDER_CORPUS) + 1 + len(CHECKPOINT_CORPUS) >= 35


# --- ONNX models (ae_models.onnx): refused with a message by the checks and the CLI, nothing installed --------
def _pair(folder: Path, encoder=None, decoder=None) -> list[str]:
    from onnx_models import digits_decoder, digits_encoder

    folder.mkdir(parents=True, exist_ok=True)
    enc = encoder(folder / "encoder.onnx") if encoder else digits_encoder(folder / "encoder.onnx")
    dec = decoder(folder / "decoder.onnx") if decoder else digits_decoder(folder / "decoder.onnx")
    return ["--encoder", str(enc), "--decoder", str(dec), "--dataset", "digits"]


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path
    return write


def _truncated(path: Path) -> Path:
    from onnx_models import digits_encoder

    data = digits_encoder(path).read_bytes()
    return _bytes(data[: len(data) // 2])(path)


def _with_node(op: str, domain: str = "") -> Callable[[Path], Path]:
    """A decoder whose Sigmoid is replaced by `op` of `domain`."""
    from onnx_models import digits_decoder

    def make(path: Path) -> Path:
        import onnx

        model = onnx.load(str(digits_decoder(path)))
        node = next(n for n in model.graph.node if n.op_type == "Sigmoid")
        node.op_type, node.domain = op, domain
        if domain:
            model.opset_import.append(onnx.helper.make_opsetid(domain, 1))
        onnx.save(model, str(path))
        return path
    return make


def _external(location: str, make_file: bool = False) -> Callable[[Path], Path]:
    """An encoder whose weights are said to live in the external file `location`."""
    from onnx_models import digits_encoder

    def make(path: Path) -> Path:
        import onnx

        model = onnx.load(str(digits_encoder(path)))
        weights = model.graph.initializer[0]
        raw = weights.raw_data or np.asarray(weights.float_data, np.float32).tobytes()
        if make_file:
            (path.parent / location).write_bytes(raw)
        weights.ClearField("raw_data")
        weights.ClearField("float_data")
        weights.data_location = onnx.TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", "0"), ("length", str(len(raw)))):
            weights.external_data.add(key=key, value=value)
        onnx.save(model, str(path))
        return path
    return make


def _two_outputs(widths: tuple[int, int]) -> Callable[[Path], Path]:
    from onnx import helper
    from onnx_models import digits_encoder, tensor

    def extra(nodes, weights, outputs):
        nodes.append(helper.make_node("MatMul", ["f", "wv"], ["logvar"]))
        weights["wv"] = np.zeros((64, widths[1]))
        return [*outputs, tensor("logvar", ["N", widths[1]])]
    return lambda path: digits_encoder(path, latent=widths[0], extra=extra)


def _int_input(path: Path) -> Path:
    import onnx
    from onnx_models import digits_encoder

    model = onnx.load(str(digits_encoder(path)))
    model.graph.input[0].type.tensor_type.elem_type = onnx.TensorProto.INT64
    model.graph.node.insert(0, onnx.helper.make_node("Cast", ["x"], ["xf"], to=onnx.TensorProto.FLOAT))
    model.graph.node[1].input[0] = "xf"
    onnx.save(model, str(path))
    return path


def _onnx(kind: str, **kw) -> Callable[[Path], list[str]]:
    from onnx_models import digits_decoder, digits_encoder

    return {
        "encoder": lambda f: _pair(f, encoder=kw.get("make")),
        "decoder": lambda f: _pair(f, decoder=kw.get("make")),
        "rank": lambda f: _pair(f, encoder=lambda p: digits_encoder(p, shape=["N", 1, 1, 8, 8])),
        "latent": lambda f: _pair(f, decoder=lambda p: digits_decoder(p, latent=5)),
        "free": lambda f: _pair(f, encoder=lambda p: digits_encoder(p, shape=["N", "a", "b", "c"])),
        # A free width that the graph's weights (100 rows) contradict for digits' 64 pixels.
        "flat": lambda f: _pair(f, encoder=lambda p: digits_encoder(p, shape=["N", "width"], features=100)),
    }[kind]


ONNX_CORPUS: dict[str, tuple[Callable[[Path], list[str]], str, dict[str, str]]] = {  # → (args, message, env)
    "empty encoder": (_onnx("encoder", make=_bytes(b"")), "is empty (0 bytes)", {}),
    "text, not ONNX": (_onnx("encoder", make=_bytes(b"name,value\n1,2\n")), "is not an ONNX model", {}),
    "PNG renamed .onnx": (_onnx("decoder", make=_bytes(_png(Image.new("L", (8, 8))))), "is not an ONNX model", {}),
    "truncated encoder": (_onnx("encoder", make=_truncated), "is not an ONNX model, or it is truncated", {}),
    "rank-5 encoder input": (_onnx("rank"), "has rank 5", {}),
    "latent sizes disagree": (_onnx("latent"), "latent sizes disagree", {}),
    "μ and log σ² of two sizes": (_onnx("encoder", make=_two_outputs((4, 3))), "have the same size", {}),
    "int64 input": (_onnx("encoder", make=_int_input), "must be float32", {}),
    "free dimensions: layout unsaid": (_onnx("free"), "say which (--layout NCHW or --layout NHWC)", {}),
    "free dimensions that do not resolve": (_onnx("flat"), "cannot be resolved", {}),
    "custom-domain operator": (_onnx("decoder", make=_with_node("FancySigmoid", "com.example")),
                               "com.example::FancySigmoid ×1", {}),
    "unknown standard operator": (_onnx("decoder", make=_with_node("Sigmoid3000")), "Sigmoid3000 ×1", {}),
    "external data ../": (_onnx("encoder", make=_external("../../../etc/passwd")), "outside the model's folder", {}),
    "external data absolute": (_onnx("encoder", make=_external("/etc/passwd")), "outside the model's folder", {}),
    "external data missing": (_onnx("encoder", make=_external("weights.bin")), "which is not there", {}),
    "file over the size cap": (_onnx("encoder"), "graphs of up to 0.0001 MB are accepted (AE_ONNX_MAX_MB)",
                               {"AE_ONNX_MAX_MB": "0.0001"}),
    "decoder returns NaN": (_onnx("decoder", make=_with_node("Log")), "NaN or infinite", {}),
    "decoder out of range": (_onnx("decoder", make=_with_node("Exp")), "outside the declared pixel range", {}),
    "user models folder full": (_onnx("encoder"), "the allowance is 0 MB (AE_USER_MODELS_MAX_MB)",
                                {"AE_USER_MODELS_MAX_MB": "0.00001"}),
}


@pytest.mark.parametrize("case", list(ONNX_CORPUS))
def test_bad_onnx_models_are_refused_and_nothing_is_installed(case: str, tmp_path: Path, monkeypatch, capsys):
    from ae_models.checkpoints import list_user_models, models_dir
    from ae_models.onnx.__main__ import main

    make, message, env = ONNX_CORPUS[case]
    args = make(tmp_path / "model")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["add", *args]) == 1
    printed = capsys.readouterr()
    assert message in printed.out + printed.err, printed
    assert "Traceback" not in printed.out + printed.err
    assert list_user_models() == [] and not (models_dir().exists() and any(models_dir().iterdir()))


def test_onnx_corpus_size():
    assert len(ONNX_CORPUS) >= 19
