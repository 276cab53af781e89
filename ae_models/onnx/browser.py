"""The decoder as the browser runs it (onnxruntime-web): ONNX bytes and how to read their output.

    decoder = browser_decoder("mnist-conv_ae-16", model)   # ours: exported once, then read from the cache
    decoder = browser_decoder("user-mine", model)          # a user's ONNX model: its own decoder.onnx
    decoder.to_json()                                      # what the Generate page's component is sent

A checkpoint of ours is exported with `export.export_modules`' exporter (its decoder and a sigmoid:
pixels in [0, 1]); the export takes seconds, so the bytes are cached on disk under the SHA-256 of the
decoder's layers and weights (`$AE_CACHE_DIR/browser-decoders`, else `~/.cache/ae_models/browser-decoders`),
written atomically. A user's decoder keeps its own layout, pixel range and output kind (`OnnxSpec`):
the browser converts them as `model.OnnxDecoder` does on the server.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ..atomic import atomic_save
from ..checkpoints import resolve_checkpoint
from ..data import cache_dir as data_cache_dir
from ..models import Autoencoder
from .model import DECODER_FILE, DecoderOutput, Layout, OnnxAE

EXPORT_RECIPE = "decoder+sigmoid, dynamo, v1"  # part of the cache key: a new recipe never reads old files
CHECK_TOLERANCE = 1e-4  # an exported decoder's largest pixel difference from torch (float32: ~1e-6)
_EXPORTING = threading.Lock()  # torch's exporter (dynamo) is not thread-safe: one export at a time
MAX_BYTES = 64 * 2**20  # larger decoders are not sent to the browser (base64 on the websocket: 4/3 of this)


class BrowserDecoderError(ValueError):
    """The decoder cannot be given to the browser; the message says why (the app decodes on the server)."""


@dataclass(frozen=True)
class BrowserDecoder:
    """A self-contained ONNX decoder and what the browser needs to paint its output as (C, H, W) in [0, 1]."""

    onnx: bytes
    sha256: str  # of `onnx`: the browser keeps one session per model and digest
    image_shape: tuple[int, int, int]
    latent_dim: int
    layout: Layout = "NCHW"
    pixel_range: tuple[float, float] = (0.0, 1.0)  # of a pixels decoder's output
    output: DecoderOutput = "pixels"  # logits go through a sigmoid in the browser
    batch: int | None = None  # a fixed batch size: the code is padded with zero codes

    def to_json(self) -> dict[str, Any]:
        return {"onnx": base64.b64encode(self.onnx).decode("ascii"), **self.reading()}

    def reading(self) -> dict[str, Any]:
        """How to run and read the decoder, without its bytes (a page that serves them as a file)."""
        return {"sha256": self.sha256, "image_shape": list(self.image_shape), "latent_dim": self.latent_dim,
                "layout": self.layout, "pixel_range": list(self.pixel_range), "output": self.output,
                "batch": self.batch}


def cache_dir() -> Path:
    return data_cache_dir("browser-decoders")


def decoder_digest(decoder: nn.Module) -> str:
    """SHA-256 of the recipe, the decoder's layers (`repr`) and its weights and buffers, in order."""
    digest = hashlib.sha256(f"{EXPORT_RECIPE}\n{decoder!r}".encode())
    for name, tensor in decoder.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def exported_path(model: Autoencoder) -> Path:
    """Where the export of `model`'s decoder is cached (a file there once it was exported)."""
    return cache_dir() / f"{decoder_digest(model.decoder)}.onnx"


def exported_decoder_bytes(model: Autoencoder) -> bytes:
    """`model`'s decoder with a sigmoid as ONNX (pixels in [0, 1], free batch), from the cache or exported
    and checked against torch on random codes (a graph that decodes otherwise is never cached)."""
    path = exported_path(model)
    with _EXPORTING:  # one page's session may export while another's does (Generate, the Latent Map's job)
        if not path.is_file():
            atomic_save(path, lambda tmp: _export_checked(nn.Sequential(model.decoder, nn.Sigmoid()),
                                                          model.latent_dim, tmp))
    return path.read_bytes()


def _export_checked(pixels: nn.Module, latent_dim: int, path: Path) -> None:
    from .export import export_graph
    from .model import open_session

    pixels = pixels.eval().cpu()
    codes = torch.randn(3, latent_dim, generator=torch.Generator().manual_seed(0)) * 2
    try:
        export_graph(pixels, codes[:2], path, ["code"], ["images"])
        session = open_session(path.read_bytes())
        got = session.run(None, {"code": codes.numpy()})[0]
    except Exception as err:  # the exporter's and onnxruntime's own errors: a layer ONNX cannot express
        line = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip().split("\n")[0]  # the exporter's reports run long
        raise BrowserDecoderError(f"the decoder cannot be exported as ONNX ({type(err).__name__}: {line})") from err
    with torch.no_grad():
        gap = float((torch.from_numpy(got) - pixels(codes)).abs().max())
    if not gap < CHECK_TOLERANCE:
        raise BrowserDecoderError(f"the decoder exported as ONNX decodes differently from PyTorch (by {gap:.3g})")


def decoder_identity(model: Autoencoder) -> str:
    """What tells this model's decoder from another's without exporting it: its card's checksum of the
    weights (ours) or of decoder.onnx (a user's); a model without a card is told by its layers and weights."""
    card = model.card or {}
    return card.get("weights_sha256") or card.get("onnx", {}).get("decoder", {}).get("sha256") or decoder_digest(
        model.decoder)


def browser_decoder(name_or_folder: str | Path, model: Autoencoder) -> BrowserDecoder:
    """The decoder of `model` (opened from `name_or_folder`) for onnxruntime-web; raises BrowserDecoderError."""
    if isinstance(model, OnnxAE):
        spec = model.decoder.spec
        path = resolve_checkpoint(name_or_folder) / DECODER_FILE
        if path.stat().st_size > MAX_BYTES:
            raise BrowserDecoderError(f"its {DECODER_FILE} is {path.stat().st_size / 2**20:.0f} MB; the browser "
                                      f"gets decoders up to {MAX_BYTES // 2**20} MB")
        data = path.read_bytes()
        return BrowserDecoder(data, hashlib.sha256(data).hexdigest(), spec.image_shape, spec.latent_dim,
                              spec.decoder_layout, spec.pixel_range, spec.decoder_output, spec.decoder_batch)
    data = exported_decoder_bytes(model)
    return BrowserDecoder(data, hashlib.sha256(data).hexdigest(), tuple(model.image_shape), model.latent_dim)
