"""ae_models.onnx: inspecting a pair of graphs (what is inferred, what must be declared), adding,
listing, renaming and removing user models, the adapter as an Autoencoder, and export → add → open
round trips that reproduce the torch reconstructions."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from onnx import helper
from onnx_models import TINY_LATENT, blobs32, digits_decoder, digits_encoder, digits_pair, tensor, tiny_vae_folder

from ae_models import CheckpointError, load_dataset, load_pretrained
from ae_models.checkpoints import list_user_models, models_dir
from ae_models.onnx import load_model, read_model_card
from ae_models.onnx.__main__ import main
from ae_models.onnx.checks import Options, inspect_pair
from ae_models.onnx.install import AddRequest, add
from ae_models.onnx.model import OnnxVAE

ROUND_TRIP = 1e-4  # the bound on torch vs onnxruntime reconstructions


def test_a_hand_written_pair_is_inspected_and_what_it_says_is_inferred(tmp_path: Path):
    encoder, decoder = digits_pair(tmp_path)
    report = inspect_pair(encoder, decoder, "digits")
    assert report.ok, report.failures()
    spec = report.spec
    assert (spec.image_shape, spec.latent_dim, spec.variational) == ((1, 8, 8), 4, False)
    assert (spec.encoder_layout, spec.decoder_layout, spec.encoder_batch) == ("NCHW", "NCHW", None)
    assert [c.name for c in report.checks] == ["encoder file", "decoder file", "shapes", "probe: decoder", "speed",
                                               "reconstructions"]
    assert "MatMul ×1" in report.checks[0].message
    assert report.images.shape == report.reconstructions.shape == (8, 1, 8, 8)
    assert report.inferred()["latent size"] == "4" and report.inferred()["kind"].startswith("autoencoder")


def test_nhwc_layouts_and_fixed_batch_sizes_are_read_from_the_graphs(tmp_path: Path):
    def transposed(nodes, weights, outputs):  # the Flatten would read (N, 8, 8, 1) fine: only the input changes
        return outputs

    encoder = digits_encoder(tmp_path / "e.onnx", shape=[1, 8, 8, 1], extra=transposed)  # batch fixed to 1
    report = inspect_pair(encoder, digits_decoder(tmp_path / "d.onnx"), "digits")
    assert report.ok, report.failures()
    assert report.spec.encoder_layout == "NHWC" and report.spec.encoder_batch == 1
    assert report.inferred()["encoder input"] == "NHWC, batch 1"


def test_two_encoder_outputs_make_a_vae_and_one_output_of_2d_is_split_when_declared(tmp_path: Path):
    def logvar(nodes, weights, outputs):
        nodes.append(helper.make_node("MatMul", ["f", "wv"], ["logvar"]))
        weights["wv"] = np.zeros((64, 4))
        return [*outputs, tensor("logvar", ["N", 4])]

    report = inspect_pair(digits_encoder(tmp_path / "e.onnx", extra=logvar), digits_decoder(tmp_path / "d.onnx"),
                          "digits")
    assert report.ok and report.spec.variational and report.spec.encoder_outputs == 2
    wide = digits_encoder(tmp_path / "wide.onnx", latent=8)
    plain = inspect_pair(wide, digits_decoder(tmp_path / "d.onnx"), "digits")
    assert not plain.ok and "latent sizes disagree" in plain.failures()  # 8 ≠ 4 unless it is split
    split = inspect_pair(wide, digits_decoder(tmp_path / "d.onnx"), "digits", Options(variational=True))
    assert split.ok and split.spec.latent_dim == 4 and split.spec.encoder_outputs == 1


def test_what_the_graphs_cannot_say_is_asked_for_and_then_used(tmp_path: Path):
    free = digits_encoder(tmp_path / "e.onnx", shape=["N", "a", "b", "c"])
    asked = inspect_pair(free, digits_decoder(tmp_path / "d.onnx"), "digits")
    assert not asked.ok and "say which (--layout NCHW or --layout NHWC)" in asked.failures()
    told = inspect_pair(free, digits_decoder(tmp_path / "d.onnx"), "digits", Options(layout="NCHW"))
    assert told.ok, told.failures()
    tanh = digits_decoder(tmp_path / "tanh.onnx", last="Tanh")
    wrong = inspect_pair(digits_encoder(tmp_path / "e2.onnx"), tanh, "digits")
    assert "--pixel-range" in wrong.failures()
    right = inspect_pair(digits_encoder(tmp_path / "e2.onnx"), tanh, "digits", Options(pixel_range=(-1.0, 1.0)))
    assert right.ok, right.failures()


def test_a_slow_encoder_is_warned_about_and_still_added(tmp_path: Path, monkeypatch):
    import ae_models.onnx.checks as checks

    monkeypatch.setattr(checks, "ENCODE_WARN_S", 0.0)  # every encoder is "slow" against 0 s
    encoder, decoder = digits_pair(tmp_path)
    report = inspect_pair(encoder, decoder, "digits")
    assert report.ok and [c.status for c in report.checks if c.name == "speed"] == ["warn"]
    assert "per image on this server" in report.checks[-2].message


def test_add_list_rename_and_remove_through_the_cli(tmp_path: Path, capsys):
    encoder, decoder = digits_pair(tmp_path / "pair")
    assert main(["inspect", "--encoder", str(encoder), "--decoder", str(decoder), "--dataset", "digits"]) == 0
    assert "✓ shapes" in capsys.readouterr().out and list_user_models() == []  # inspect installs nothing
    assert main(["add", "--encoder", str(encoder), "--decoder", str(decoder), "--dataset", "digits",
                 "--name", "hand made"]) == 0
    assert "added user-hand-made" in capsys.readouterr().out
    assert list_user_models() == ["user-hand-made"]
    folder = models_dir() / "user-hand-made"
    assert sorted(p.name for p in folder.iterdir()) == ["card.json", "decoder.onnx", "encoder.onnx"]
    card = read_model_card("user-hand-made")
    assert (card["format"], card["family"], card["latent_dim"], card["dataset"]) == ("onnx", "onnx_ae", 4, "digits")
    assert card["onnx"]["spec"]["image_shape"] == [1, 8, 8] and card["checks"][0]["status"] == "ok"
    assert main(["list"]) == 0 and "user-hand-made" in capsys.readouterr().out
    assert main(["add", str(tmp_path / "pair"), "--dataset", "digits", "--name", "hand made"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["rename", "user-hand-made", "better"]) == 0 and list_user_models() == ["user-better"]
    assert read_model_card("user-better")["name"] == "better"
    assert main(["remove", "digits-conv_ae-8"]) == 1  # a shipped model
    assert "Shipped models cannot be changed or removed" in capsys.readouterr().err
    assert main(["remove", "user-better"]) == 0 and list_user_models() == []
    assert not [p for p in models_dir().iterdir()]  # no staging or trash folder left


def test_an_installed_graph_that_was_swapped_is_refused(tmp_path: Path):
    encoder, decoder = digits_pair(tmp_path)
    name = add(AddRequest.build(encoder=encoder, decoder=decoder, dataset="digits", name="swap"))
    (models_dir() / name / "decoder.onnx").write_bytes(encoder.read_bytes())
    with pytest.raises(CheckpointError, match="does not match its card"):
        load_model(name)


def _compare(onnx_model, torch_model, images: torch.Tensor) -> float:
    with torch.no_grad():
        worst = float((onnx_model(images) - torch_model(images)).abs().max())
        assert float((onnx_model.encode(images) - torch_model.encode(images)).abs().max()) < ROUND_TRIP
    return worst


@pytest.mark.slow
def test_export_add_open_reproduces_a_shipped_model(tmp_path: Path, capsys):
    start = time.perf_counter()
    assert main(["export", "digits-conv_ae-8", str(tmp_path / "out")]) == 0
    exported_s = time.perf_counter() - start
    assert "add it with: python -m ae_models.onnx add" in capsys.readouterr().out
    card = json.loads((tmp_path / "out" / "card.json").read_text())
    assert card["exported_from"]["name"] == "digits-conv_ae-8" and card["dataset"] == "digits"
    assert main(["add", str(tmp_path / "out")]) == 0  # the folder's card names the dataset and the model
    assert list_user_models() == ["user-digits-conv_ae-8"]
    model, original = load_model("user-digits-conv_ae-8"), load_pretrained("digits-conv_ae-8", device="cpu")
    assert model.family == "onnx_ae" and model.latent_dim == 8 and model.image_shape == (1, 8, 8)
    assert _compare(model, original, load_dataset("digits", "test").images) < ROUND_TRIP
    print(f"export {exported_s:.1f} s")


@pytest.mark.slow
def test_export_add_open_reproduces_a_colour_vae(tiny_colour_zoo_dir: Path, tmp_path: Path):
    from ae_models.metrics import negative_elbo
    from ae_models.onnx import export_checkpoint

    source = tiny_colour_zoo_dir / "blobs-conv_vae-4"
    export_checkpoint(source, tmp_path / "vae")
    name = add(AddRequest.build(tmp_path / "vae"))
    model, original = load_model(name), load_pretrained(source, device="cpu")
    assert isinstance(model, OnnxVAE) and model.variational and model.config.likelihood == "bernoulli"
    images = original.card and load_dataset(original.card["dataset"], "test").images
    assert _compare(model, original, images) < ROUND_TRIP
    with torch.no_grad():
        q, p = model.posterior(images), original.posterior(images)
        assert float((q.logvar - p.logvar).abs().max()) < ROUND_TRIP
        generator = torch.Generator().manual_seed(0)
        ours = negative_elbo(model, images, torch.Generator().manual_seed(0))
        theirs = negative_elbo(original, images, generator)
    assert float((ours - theirs).abs().max() / theirs.abs().max()) < 1e-3  # logits from clipped pixels


def test_the_tiny_colour_vae_with_batchnorm_leakyrelu_upsample_is_a_model_like_any_other():
    from ae_models.architecture import layer_table
    from ae_models.latent_ops import encode_all, reconstruct_all

    name = add(AddRequest.build(tiny_vae_folder()))
    model = load_model(name)
    card = read_model_card(name)
    assert card["dataset"] == str(blobs32()) and card["family"] == "onnx_vae" and card["config"]["latent_dim"] == 6
    assert {"BatchNormalization", "LeakyRelu", "Resize"} <= set(card["onnx"]["decoder"]["ops"])  # Resize: Upsample
    test = load_dataset(str(blobs32()), "test")
    codes = encode_all(model, test.images)
    assert codes.shape == (len(test), TINY_LATENT) and np.isfinite(codes).all()
    recon = reconstruct_all(model, test.images)
    assert recon.shape == test.images.shape and float(recon.min()) >= 0 and float(recon.max()) <= 1
    rows = layer_table(model)
    assert [r.kind for r in rows] == ["Input", "OnnxEncoder", "Sample z ~ N(μ, σ²)", "OnnxDecoder"]
    assert model.count_parameters() == card["parameters"] > 0


def test_external_data_beside_the_graph_is_read_and_installed_inside_it(tmp_path: Path):
    import onnx

    encoder, decoder = digits_pair(tmp_path / "pair")
    model = onnx.load(str(encoder))
    onnx.save(model, str(encoder), save_as_external_data=True, location="encoder.weights", size_threshold=0)
    assert (tmp_path / "pair" / "encoder.weights").is_file()
    name = add(AddRequest.build(encoder=encoder, decoder=decoder, dataset="digits", name="external"))
    installed = models_dir() / name
    assert sorted(p.name for p in installed.iterdir()) == ["card.json", "decoder.onnx", "encoder.onnx"]
    loaded = onnx.load(str(installed / "encoder.onnx"), load_external_data=False)
    assert all(t.data_location == onnx.TensorProto.DEFAULT for t in loaded.graph.initializer)  # self-contained
    assert load_model(name).encode(load_dataset("digits", "test").images[:3]).shape == (3, 4)


def test_uploads_are_stored_once_by_content_and_refused_when_empty_or_too_big(tmp_path: Path, monkeypatch):
    from ae_models.onnx.graphs import OnnxModelError
    from ae_models.onnx.install import store_upload

    first = store_upload(b"12345", "encoder", tmp_path)
    assert first == store_upload(b"12345", "encoder", tmp_path) and first.read_bytes() == b"12345"
    with pytest.raises(OnnxModelError, match="empty"):
        store_upload(b"", "decoder", tmp_path)
    monkeypatch.setenv("AE_ONNX_MAX_MB", "0.000001")
    with pytest.raises(OnnxModelError, match=r"up to 1e-06 MB are accepted \(AE_ONNX_MAX_MB\)"):
        store_upload(b"12345", "decoder", tmp_path)
    monkeypatch.setenv("AE_ONNX_MAX_MB", "lots")
    with pytest.raises(OnnxModelError, match="must be a number of megabytes"):
        store_upload(b"12345", "decoder", tmp_path)


def test_the_adapters_and_the_registry_agree_on_which_families_are_variational():
    from ae_models.models import OPENED_FAMILIES, is_variational
    from ae_models.onnx.model import ADAPTERS

    assert {family: cls.variational for family, cls in ADAPTERS.items()} == OPENED_FAMILIES
    assert is_variational("onnx_vae") and not is_variational("onnx_ae")


def test_an_onnx_folder_is_not_opened_as_a_checkpoint(tmp_path: Path):
    encoder, decoder = digits_pair(tmp_path)
    name = add(AddRequest.build(encoder=encoder, decoder=decoder, dataset="digits"))
    with pytest.raises(CheckpointError, match="is an ONNX model"):
        load_pretrained(name)
