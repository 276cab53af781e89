"""The decoder the browser is sent (`ae_models.onnx.browser`): ours exported once and cached on disk
by the decoder's checksum, a user's own decoder.onnx, and clear refusals."""

from __future__ import annotations

import pytest
import torch
from onnx_models import tiny_vae_folder
from torch import nn

from ae_models import build_model
from ae_models.onnx import browser, export, load_onnx_model
from ae_models.onnx.browser import BrowserDecoderError, browser_decoder, cache_dir, decoder_digest
from ae_models.onnx.install import AddRequest, add


def test_an_exported_decoder_is_cached_on_disk_and_read_back_without_exporting(monkeypatch, tmp_path):
    monkeypatch.setenv("AE_CACHE_DIR", str(tmp_path))  # a cache of its own (tests share exported decoders)
    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=3).eval()
    first = browser_decoder("test", model)
    assert sorted(p.name for p in cache_dir().iterdir()) == [f"{decoder_digest(model.decoder)}.onnx"]  # no temp file

    def refuse(*args, **kwargs):
        raise AssertionError("exported again")

    monkeypatch.setattr(export, "export_graph", refuse)
    assert browser_decoder("test", model) == first
    with torch.no_grad():
        next(model.decoder.parameters()).add_(0.1)  # other weights: another file
    assert decoder_digest(model.decoder) not in {p.stem for p in cache_dir().iterdir()}


class _Branch(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x if float(x.sum()) > 0 else -x  # a branch on the values: no static graph


def test_a_decoder_the_exporter_cannot_write_is_refused_with_the_reason():
    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=3).eval()
    model.decoder.append(_Branch())
    with pytest.raises(BrowserDecoderError, match=r"cannot be exported as ONNX \(TorchExportError: [^\n]*\)$"):
        browser_decoder("test", model)
    assert not list(cache_dir().glob("*")) or all(p.suffix == ".onnx" for p in cache_dir().iterdir())


def test_a_user_model_sends_its_own_decoder_and_a_too_big_one_is_refused(monkeypatch):
    name = add(AddRequest.build(tiny_vae_folder()))
    model = load_onnx_model(name)
    sent = browser_decoder(name, model)
    assert sent.onnx == (tiny_vae_folder() / "decoder.onnx").read_bytes()
    assert (sent.image_shape, sent.latent_dim, sent.layout, sent.output) == ((3, 32, 32), 6, "NCHW", "pixels")
    monkeypatch.setattr(browser, "MAX_BYTES", 1000)
    with pytest.raises(BrowserDecoderError, match="MB"):
        browser_decoder(name, model)


def test_a_server_exports_in_a_child_process_while_its_models_keep_decoding(tiny_zoo, monkeypatch, tmp_path):
    """Torch's exporter patches every module call of its process while it traces: an export in a thread
    broke a decode in another ("Unexpected key _export_root.0.0"). The server's export runs in a child."""
    import threading

    monkeypatch.setenv("AE_CACHE_DIR", str(tmp_path))  # a cache of its own: this export really runs

    from ae_models import load_pretrained
    from ae_models.onnx.isolated import served_decoder

    model = load_pretrained("digits-ae-2", device="cpu")  # a small decoder: thousands of decodes per export
    exported: list = []
    worker = threading.Thread(target=lambda: exported.append(served_decoder("digits-ae-2", model)))
    worker.start()
    decodes = 0
    with torch.no_grad():
        while worker.is_alive():
            model.decode(torch.zeros(2, 2))
            decodes += 1
    worker.join()
    assert decodes > 100 and exported == [browser_decoder("digits-ae-2", model)]  # read back from the cache


def test_a_child_export_that_fails_says_why(tiny_zoo, monkeypatch):
    from ae_models.onnx.isolated import served_decoder

    model = build_model("ae", image_shape=(1, 8, 8), latent_dim=3).eval()  # no checkpoint of that name
    with pytest.raises(BrowserDecoderError, match="no-such-model"):
        served_decoder("no-such-model", model)
