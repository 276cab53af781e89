from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import pytest
import torch

from ae_models import CheckpointError, build_model, list_pretrained, load_pretrained, save_checkpoint
from ae_models.checkpoints import CARD_FILE, WEIGHTS_FILE, pretrained_dir, safe_name
from ae_models.devices import DeviceError, best_device
from ae_models.hashing import file_digest


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    model = build_model("conv_vae", image_shape=(1, 8, 8), latent_dim=3)
    return save_checkpoint(model, tmp_path / "m", {"dataset": "digits"})


@pytest.mark.parametrize("family", ["ae", "stacked_ae", "conv_ae", "vae", "conv_vae"])
def test_round_trip_gives_identical_outputs(tmp_path: Path, family: str):
    model = build_model(family, image_shape=(1, 8, 8), latent_dim=3).eval()
    save_checkpoint(model, tmp_path / family, {"dataset": "digits"})
    loaded = load_pretrained(tmp_path / family)
    x = torch.rand(4, 1, 8, 8)
    assert torch.equal(loaded(x), model(x))
    assert loaded.card["family"] == family and loaded.card["latent_dim"] == 3 and not loaded.training
    for key in ("config", "dataset", "image_shape", "noise", "versions", "weights_sha256"):
        assert key in loaded.card


def test_half_precision_weights_load_as_float32(tmp_path: Path):
    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=3).eval()
    save_checkpoint(model, tmp_path / "h", half=True)
    loaded = load_pretrained(tmp_path / "h")
    assert next(loaded.parameters()).dtype == torch.float32
    x = torch.rand(4, 1, 8, 8)
    assert (loaded(x) - model(x)).abs().max() < 1e-2


def test_truncated_weights_are_refused(saved: Path):
    weights = saved / WEIGHTS_FILE
    weights.write_bytes(weights.read_bytes()[:100])
    with pytest.raises(CheckpointError, match="truncated"):
        load_pretrained(saved)


def test_truncated_weights_without_checksum_are_refused(saved: Path):
    card = json.loads((saved / CARD_FILE).read_text())
    del card["weights_sha256"]
    (saved / CARD_FILE).write_text(json.dumps(card))
    (saved / WEIGHTS_FILE).write_bytes((saved / WEIGHTS_FILE).read_bytes()[:100])
    with pytest.raises(CheckpointError, match="not a readable safetensors"):
        load_pretrained(saved)


def test_empty_weights_and_broken_card(saved: Path):
    (saved / CARD_FILE).write_text("{not json")
    with pytest.raises(CheckpointError, match="not valid JSON"):
        load_pretrained(saved)
    (saved / CARD_FILE).unlink()
    with pytest.raises(CheckpointError, match="no card.json"):
        load_pretrained(saved)


def test_card_that_does_not_match_the_weights(saved: Path):
    card = json.loads((saved / CARD_FILE).read_text())
    card["config"]["latent_dim"] = 5
    del card["weights_sha256"]
    (saved / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(CheckpointError, match="do not match the card"):
        load_pretrained(saved)


def test_unknown_family(saved: Path):
    card = json.loads((saved / CARD_FILE).read_text())
    card["family"] = "diffusion"
    (saved / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(CheckpointError, match="unknown model family 'diffusion'"):
        load_pretrained(saved)


def test_card_config_that_is_not_a_mapping_is_refused(saved: Path):
    card = json.loads((saved / CARD_FILE).read_text())
    card["config"] = [1, 2]
    (saved / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(CheckpointError, match="cannot build"):
        load_pretrained(saved)


@pytest.mark.parametrize("name", list_pretrained())
def test_shipped_card_configs_rebuild_to_the_same_card_config(name: str):
    card = json.loads((pretrained_dir() / name / CARD_FILE).read_text())
    rebuilt = build_model(card["family"], **card["config"]).config.to_dict()
    # the same keys in the same order and the same values, as a re-saved card would hold them
    assert list(json.loads(json.dumps(rebuilt)).items()) == list(card["config"].items())


@pytest.mark.parametrize("algorithm", ["sha256", "md5"])
def test_file_digest_matches_hashlib(tmp_path: Path, algorithm: str):
    payload = bytes(range(256)) * 5000  # > 1 MiB, so more than one chunk
    (tmp_path / "f").write_bytes(payload)
    assert file_digest(tmp_path / "f", algorithm) == hashlib.new(algorithm, payload).hexdigest()


class _Boom:
    def __reduce__(self):
        return (Path.touch, (Path("/tmp/ae_models_pickle_was_executed"),))


def test_pickles_are_refused_and_never_executed(tmp_path: Path, saved: Path):
    marker = Path("/tmp/ae_models_pickle_was_executed")
    marker.unlink(missing_ok=True)
    evil = tmp_path / "model.pt"
    evil.write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(CheckpointError, match="pickle"):
        load_pretrained(evil)
    (saved / WEIGHTS_FILE).write_bytes(pickle.dumps(_Boom()))
    with pytest.raises(CheckpointError, match="pickle"):
        load_pretrained(saved)
    torch.save({"w": torch.zeros(1)}, saved / WEIGHTS_FILE)  # a zip-format pickle
    with pytest.raises(CheckpointError, match="pickle"):
        load_pretrained(saved)
    assert not marker.exists()


def test_names_and_listing(tmp_path: Path, monkeypatch, saved: Path):
    monkeypatch.setenv("AE_PRETRAINED_DIR", str(saved.parent))
    assert list_pretrained() == ["m"]
    assert load_pretrained("m").card["dataset"] == "digits"
    with pytest.raises(CheckpointError, match="No checkpoint called"):
        load_pretrained("../m/../../etc")
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("my model (v2)") == "my-model-v2"
    assert safe_name("my first/../model") == "my-first-.-model"
    with pytest.raises(CheckpointError):
        safe_name("../..")


def test_device_choice_defaults_to_cpu_here_and_honours_ae_device(monkeypatch, saved: Path):
    if not torch.cuda.is_available() and not torch.backends.mps.is_available():
        assert best_device().type == "cpu"
        assert load_pretrained(saved).device.type == "cpu"
        monkeypatch.setenv("AE_DEVICE", "cuda")
        with pytest.raises(DeviceError, match="no CUDA GPU"):
            best_device()
    monkeypatch.setenv("AE_DEVICE", "cpu")
    assert load_pretrained(saved).device.type == "cpu"
    monkeypatch.setenv("AE_DEVICE", "tpu9")
    with pytest.raises(DeviceError, match="Unknown device"):
        best_device()
