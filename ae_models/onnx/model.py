"""A pair of ONNX graphs run by onnxruntime as an `Autoencoder`, so every page treats it like a
model of the zoo: `encode`, `decode`, `forward`, `posterior` for VAEs, `card`.

    model = load_onnx_model(folder)           # OnnxAE or OnnxVAE (its card says which)
    z = model.encode(images)                  # (N, latent_dim), images (N, C, H, W) in [0, 1]
    x_hat = model.decode(z)                   # (N, C, H, W) in [0, 1]

`OnnxSpec` is what the card says about running the graphs: the image layout each graph uses, its
pixel range, whether the decoder returns pixels or logits, fixed batch sizes. The adapter converts
to and from the app's convention, (N, C, H, W) float32 in [0, 1]. Sessions use the CUDA execution
provider when onnxruntime has it (the `onnxruntime-gpu` wheel) and `AE_DEVICE` does not ask for the
CPU, else the CPU one; tensors go in and come out on the CPU either way.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from ..checkpoints import CARD_FILE, CheckpointError, resolve_checkpoint
from ..hashing import file_digest
from ..models import Autoencoder, ModelConfig, VariationalConfig

ENCODER_FILE, DECODER_FILE = "encoder.onnx", "decoder.onnx"
Layout = Literal["NCHW", "NHWC", "NHW", "flat"]  # how a graph holds images: NHW is grey, flat is (N, C·H·W)
DecoderOutput = Literal["pixels", "logits"]  # pixels: values in the pixel range; logits: before a sigmoid
LOGIT_EPS = 1e-6  # pixels are clipped to [ε, 1 − ε] before their logit (log-likelihoods of pixel decoders)


@dataclass(frozen=True)
class OnnxSpec:
    """How the two graphs make an autoencoder of images (C, H, W): everything but the weights."""

    image_shape: tuple[int, int, int]
    latent_dim: int
    variational: bool  # the encoder returns (μ, log σ²): two outputs, or one of 2·latent_dim numbers
    encoder_layout: Layout = "NCHW"
    decoder_layout: Layout = "NCHW"
    encoder_outputs: int = 1  # 2 for a VAE that returns μ and log σ² separately
    pixel_range: tuple[float, float] = (0.0, 1.0)  # what the encoder takes and a pixel decoder returns
    decoder_output: DecoderOutput = "pixels"
    encoder_batch: int | None = None  # a graph's fixed batch size; None = any
    decoder_batch: int | None = None

    def to_card(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_card(cls, values: dict[str, Any]) -> OnnxSpec:
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return cls(**fields)


# --- layouts and sessions -----------------------------------------------------------------------
def to_layout(images: np.ndarray, layout: Layout) -> np.ndarray:
    """(N, C, H, W) → the graph's layout."""
    if layout == "NHWC":
        return np.ascontiguousarray(images.transpose(0, 2, 3, 1))
    if layout == "NHW":
        return np.ascontiguousarray(images[:, 0])
    if layout == "flat":
        return images.reshape(len(images), -1)
    return np.ascontiguousarray(images)


def from_layout(array: np.ndarray, layout: Layout, image_shape: tuple[int, int, int]) -> np.ndarray:
    """The graph's layout → (N, C, H, W); ValueError when the sizes do not fit `image_shape`."""
    c, h, w = image_shape
    n = len(array)
    if layout == "NHWC":
        return np.ascontiguousarray(array.reshape(n, h, w, c).transpose(0, 3, 1, 2))
    return array.reshape(n, c, h, w)


def providers() -> list[str]:
    """onnxruntime's execution providers to use, best first: CUDA when present and not `AE_DEVICE=cpu`."""
    import onnxruntime as ort

    wanted = os.environ.get("AE_DEVICE", "").strip().lower()
    if "CUDAExecutionProvider" in ort.get_available_providers() and not wanted.startswith(("cpu", "mps")):
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    return ["CPUExecutionProvider"]


def open_session(payload: bytes):
    """An onnxruntime session of the self-contained model `payload`, with as many CPU threads as torch
    uses (the server sets one: see `devices.set_server_threads`). It reads no file: a graph with
    external data was made self-contained when it was checked."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: optimiser notes are not the user's business
    return ort.InferenceSession(payload, sess_options=options, providers=providers())


class OnnxGraph(nn.Module):
    """One graph as a module without torch weights: float32 arrays in, its outputs out, batched to
    the graph's fixed batch size when it has one (the last batch padded with zeros)."""

    def __init__(self, session, batch: int | None) -> None:
        super().__init__()
        self.session, self.batch = session, batch
        self.input_name = session.get_inputs()[0].name

    def run(self, array: np.ndarray) -> list[np.ndarray]:
        array = np.ascontiguousarray(array, dtype=np.float32)
        if self.batch is None or len(array) == self.batch:
            return [np.asarray(out, dtype=np.float32) for out in self.session.run(None, {self.input_name: array})]
        chunks = []
        for start in range(0, len(array), self.batch):
            part = array[start:start + self.batch]
            padded = np.concatenate([part, np.zeros((self.batch - len(part), *part.shape[1:]), np.float32)])
            chunks.append([out[: len(part)] for out in self.session.run(None, {self.input_name: padded})])
        return [np.concatenate([c[i] for c in chunks]).astype(np.float32) for i in range(len(chunks[0]))]


class OnnxEncoder(OnnxGraph):
    """Images (N, C, H, W) in [0, 1] → codes (N, code width): a VAE's μ and log σ² side by side."""

    def __init__(self, session, spec: OnnxSpec) -> None:
        super().__init__(session, spec.encoder_batch)
        self.spec = spec

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        low, high = self.spec.pixel_range
        images = low + (high - low) * x.detach().cpu().float().numpy()
        outs = self.run(to_layout(images, self.spec.encoder_layout))
        return torch.from_numpy(np.concatenate([o.reshape(len(x), -1) for o in outs], axis=1))


class OnnxDecoder(OnnxGraph):
    """Codes (N, latent_dim) → (N, C, H, W): pixels in [0, 1], or logits for a logits decoder."""

    def __init__(self, session, spec: OnnxSpec) -> None:
        super().__init__(session, spec.decoder_batch)
        self.spec = spec

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        out = from_layout(self.run(z.detach().cpu().float().numpy())[0], self.spec.decoder_layout,
                          self.spec.image_shape)
        if self.spec.decoder_output == "pixels":
            low, high = self.spec.pixel_range
            out = (out - low) / (high - low)
        return torch.from_numpy(np.ascontiguousarray(out, dtype=np.float32))


# --- the adapter --------------------------------------------------------------------------------
class OnnxAE(Autoencoder):
    """An autoencoder brought as two ONNX graphs and run by onnxruntime; explored, never trained here."""

    family = "onnx_ae"
    Config = ModelConfig
    description = ("An autoencoder brought as two ONNX graphs (encoder.onnx, decoder.onnx) and run by "
                   "onnxruntime on the server.")

    def __init__(self, config: ModelConfig, encoder: OnnxEncoder, decoder: OnnxDecoder,
                 card: dict[str, Any] | None = None) -> None:
        nn.Module.__init__(self)  # the graphs come built: there is nothing for `Autoencoder.build` to make
        if not isinstance(config, self.Config):
            raise TypeError(f"{type(self).__name__} needs a {self.Config.__name__}")
        self.config, self.encoder, self.decoder = config, encoder, decoder
        self.card = card or {}

    @property
    def device(self) -> torch.device:
        return torch.device("cpu")  # onnxruntime takes and returns host arrays, whatever its provider

    def decode_logits(self, z: torch.Tensor) -> torch.Tensor:
        out = self.decoder(z)
        return out if self.decoder.spec.decoder_output == "logits" else torch.logit(out, eps=LOGIT_EPS)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        out = self.decoder(z)
        return torch.sigmoid(out) if self.decoder.spec.decoder_output == "logits" else out.clamp(0.0, 1.0)

    def count_parameters(self) -> int:
        return int(self.card.get("parameters", 0))


class OnnxVAE(OnnxAE):
    """A VAE brought as ONNX: the encoder returns μ and log σ² (two outputs or one of 2·latent_dim)."""

    family = "onnx_vae"
    Config = VariationalConfig
    variational = True
    description = ("A variational autoencoder brought as two ONNX graphs (the encoder returns μ and log σ²) and "
                   "run by onnxruntime on the server.")


ADAPTERS: dict[str, type[OnnxAE]] = {cls.family: cls for cls in (OnnxAE, OnnxVAE)}
ADAPTERS_BY_KIND: dict[bool, type[OnnxAE]] = {cls.variational: cls for cls in (OnnxAE, OnnxVAE)}  # by `variational`


def model_config(spec: OnnxSpec, likelihood: str = "bernoulli", beta: float = 1.0,
                 gaussian_sigma: float = 0.1) -> ModelConfig:
    """The config an adapter carries (what the metrics read: image shape, latent size, likelihood)."""
    if spec.variational:
        return VariationalConfig(spec.image_shape, spec.latent_dim, likelihood, beta, gaussian_sigma)
    return ModelConfig(spec.image_shape, spec.latent_dim, likelihood)


def build_adapter(spec: OnnxSpec, encoder_session, decoder_session, card: dict[str, Any] | None = None,
                  config: ModelConfig | None = None) -> OnnxAE:
    """An adapter over onnxruntime sessions of the two graphs (`open_session`)."""
    cls = ADAPTERS_BY_KIND[spec.variational]
    return cls(config or model_config(spec), OnnxEncoder(encoder_session, spec), OnnxDecoder(decoder_session, spec),
               card).eval()


def read_onnx_card(name_or_path: str | Path) -> tuple[Path, dict[str, Any]]:
    """The folder and card of an installed ONNX model, its graphs checked against the card's SHA-256
    (CheckpointError when anything is missing, damaged or swapped)."""
    folder = resolve_checkpoint(name_or_path)
    try:
        card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
        spec = OnnxSpec.from_card(card["onnx"]["spec"])
        digests = {file: card["onnx"][role]["sha256"] for role, file in (("encoder", ENCODER_FILE),
                                                                          ("decoder", DECODER_FILE))}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise CheckpointError(f"{folder.name}: its {CARD_FILE} is not an ONNX model card ({err}).") from err
    if card.get("family") != ADAPTERS_BY_KIND[spec.variational].family:
        raise CheckpointError(f"{folder.name}: the card's family {card.get('family')!r} does not match its graphs.")
    for file, digest in digests.items():
        path = folder / file
        if not path.is_file():
            raise CheckpointError(f"{folder.name}: {file} is missing.")
        if file_digest(path, "sha256") != digest:
            raise CheckpointError(f"{folder.name}: {file} does not match its card (checksum differs): the file is "
                                  "truncated, damaged or from another model. Add the model again.")
    return folder, card


def load_onnx_model(name_or_path: str | Path) -> OnnxAE:
    """Open an installed ONNX model (a user model's name or a folder) as an `Autoencoder`."""
    folder, card = read_onnx_card(name_or_path)
    spec = OnnxSpec.from_card(card["onnx"]["spec"])
    config = card["config"]
    model_cfg = model_config(spec, config.get("likelihood", "bernoulli"), float(config.get("beta", 1.0)),
                             float(config.get("gaussian_sigma", 0.1)))
    try:
        sessions = [open_session((folder / file).read_bytes()) for file in (ENCODER_FILE, DECODER_FILE)]
    except Exception as err:  # onnxruntime's own exception types: the graph cannot be opened here
        raise CheckpointError(f"{folder.name}: onnxruntime cannot open its graphs ({err}).") from err
    return build_adapter(spec, *sessions, card, model_cfg)

