"""Adding an ONNX model to the user models folder, with its card.

    request = AddRequest.build(encoder=Path("enc.onnx"), decoder=Path("dec.onnx"), dataset="digits", name="my ae")
    name = add(request)                                   # "user-my-ae"; OnnxModelError lists what failed
    name = add(AddRequest.build(Path("exported/")))       # a model folder: encoder.onnx, decoder.onnx, card.json

A model is installed only when every check passed (`checks.inspect_pair`), whole or not at all: its
graphs, made self-contained, and its card are written into a staging folder that one rename turns
into `AE_MODELS_DIR/user-<name>`. Its size counts against the user models' allowance before
anything is written. From an existing card only what the user declared is read (name, dataset,
pixel range, layouts, likelihood); everything else is inferred again from the graphs.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_bytes
from ..checkpoints import CARD_FILE, library_versions
from ..checkpoints import ONNX_FORMAT as FORMAT
from ..data import BUILTIN_DATASETS, default_data_dir
from ..hashing import file_digest
from ..model_data import parse_dataset_key
from ..user_models import new_model_dir, staging
from .checks import Inspection, Options, inspect_pair
from .graphs import MAX_FILE_ENV, GraphFile, OnnxModelError, max_file_bytes
from .model import ADAPTERS_BY_KIND, DECODER_FILE, ENCODER_FILE

CARD_VERSION = 1
DECLARED = ("layout", "decoder_layout", "variational", "pixel_range", "decoder_output")  # Options a card may carry


@dataclass(frozen=True)
class AddRequest:
    """What to add: the two graphs, the dataset, the declared options, and the card's extras."""

    encoder: Path
    decoder: Path
    dataset: str
    options: Options = Options()
    name: str = ""
    likelihood: str = "bernoulli"  # for a VAE's −ELBO figures
    beta: float = 1.0
    source: str = ""

    @classmethod
    def build(cls, folder: Path | None = None, encoder: Path | None = None, decoder: Path | None = None,
              dataset: str | None = None, name: str | None = None, likelihood: str | None = None,
              beta: float | None = None, **declared: Any) -> AddRequest:
        """Arguments given (None = not given) over what a model folder's card declares, over defaults.
        `declared` takes `Options` fields. Raises OnnxModelError when the graphs or the dataset are missing."""
        known = folder_declarations(Path(folder)) if folder else {}
        encoder = encoder or (Path(folder) / ENCODER_FILE if folder else None)
        decoder = decoder or (Path(folder) / DECODER_FILE if folder else None)
        if encoder is None or decoder is None:
            raise OnnxModelError("Give a model folder, or both the encoder and the decoder graph.")
        dataset = dataset or known.get("dataset")
        if not dataset:
            raise OnnxModelError("Say which data the model belongs with (--dataset DATA).")
        chosen = {k: declared[k] if declared.get(k) is not None else known.get(k) for k in DECLARED}
        default = Path(folder).name if folder else (encoder.parent.name if encoder.stem == "encoder" else encoder.stem)
        options = Options(**{k: v for k, v in chosen.items() if v is not None})
        return cls(Path(encoder), Path(decoder), str(dataset), options, name or known.get("name") or default,
                   likelihood or known.get("likelihood", "bernoulli"),
                   float(beta if beta is not None else known.get("beta", 1.0)), known.get("source", ""))

    def inspect(self) -> Inspection:
        return inspect_pair(self.encoder, self.decoder, self.dataset, self.options)


def add(request: AddRequest, report: Inspection | None = None) -> str:
    """Check the request (or use its `report`) and install it; returns the installed name
    (`user-…`). OnnxModelError lists the failed checks; then nothing was installed."""
    report = report or request.inspect()
    if not report.ok:
        raise OnnxModelError(f"The model was not added; nothing was installed.\n{report.failures()}")
    return install(report, request.name, request.likelihood, request.beta, request.source)


def folder_declarations(folder: Path) -> dict[str, Any]:
    """What a model folder's card declares: name, dataset, likelihood, β, source and `Options` fields."""
    card_path = folder / CARD_FILE
    if not card_path.is_file():
        return {}
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise OnnxModelError(f"{card_path} is not valid JSON ({err}).") from err
    if not isinstance(card, dict):
        raise OnnxModelError(f"{card_path} is not a model card (a JSON object).")
    spec = card.get("onnx", {}).get("spec", {}) if isinstance(card.get("onnx"), dict) else {}
    config = card.get("config") if isinstance(card.get("config"), dict) else {}
    declared = {"name": card.get("name"), "dataset": card.get("dataset"), "likelihood": config.get("likelihood"),
                "beta": config.get("beta"), "source": card.get("source"),
                "layout": spec.get("encoder_layout"), "decoder_layout": spec.get("decoder_layout"),
                "variational": spec.get("variational"), "decoder_output": spec.get("decoder_output"),
                "pixel_range": tuple(spec["pixel_range"]) if spec.get("pixel_range") else None}
    return {k: v for k, v in declared.items() if v is not None}


def install(report: Inspection, name: str, likelihood: str = "bernoulli", beta: float = 1.0, source: str = "") -> str:
    """Write a passed inspection's graphs and card as a new user model; returns its name."""
    assert report.ok and report.encoder is not None and report.decoder is not None
    final = new_model_dir(name, extra_bytes=len(report.encoder.payload) + len(report.decoder.payload))
    with staging(final) as tmp:
        (tmp / ENCODER_FILE).write_bytes(report.encoder.payload)
        (tmp / DECODER_FILE).write_bytes(report.decoder.payload)
        card = model_card(report, name, tmp, likelihood, beta, source)
        (tmp / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return final.name


def graph_entry(graph: GraphFile, folder: Path, file: str) -> dict[str, Any]:
    return {"file": file, "sha256": file_digest(folder / file, "sha256"), "bytes": (folder / file).stat().st_size,
            "opset": graph.opset, "ops": graph.ops, "parameters": graph.parameters, "producer": graph.producer,
            "inputs": [t.describe() for t in graph.inputs], "outputs": [t.describe() for t in graph.outputs]}


def model_card(report: Inspection, name: str, folder: Path, likelihood: str, beta: float, source: str
               ) -> dict[str, Any]:
    """The card of an ONNX model folder whose graphs are in `folder` (what the pickers and pages read)."""
    spec = report.spec
    assert spec is not None and report.encoder is not None and report.decoder is not None
    dataset, _ = parse_dataset_key(report.key)
    config: dict[str, Any] = {"image_shape": list(spec.image_shape), "latent_dim": spec.latent_dim,
                              "likelihood": likelihood}
    if spec.variational:
        config |= {"beta": beta, "gaussian_sigma": 0.1}
    return {
        "card_version": CARD_VERSION, "format": FORMAT, "name": name.strip(),
        "family": ADAPTERS_BY_KIND[spec.variational].family,
        "latent_dim": spec.latent_dim, "image_shape": list(spec.image_shape),
        "dataset": dataset if dataset in BUILTIN_DATASETS else str(Path(dataset).expanduser().resolve()),
        "grey": report.grey, "config": config, "noise": None, "parameters": report.parameters,
        "onnx": {"spec": spec.to_card(), "encoder": graph_entry(report.encoder, folder, ENCODER_FILE),
                 "decoder": graph_entry(report.decoder, folder, DECODER_FILE)},
        "sample_metrics": {"mse": report.mse, "images": 0 if report.images is None else len(report.images)},
        "encode_ms_per_image": report.encode_ms,
        "checks": [{"name": c.name, "status": c.status, "message": c.message} for c in report.checks],
        "source": source or "added with python -m ae_models.onnx add",
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "versions": library_versions() | _onnx_versions(),
    }


def _onnx_versions() -> dict[str, str]:
    import onnx
    import onnxruntime

    return {"onnx": onnx.__version__, "onnxruntime": onnxruntime.__version__}



def store_upload(data: bytes, role: str, data_dir: Path | None = None) -> Path:
    """Save uploaded graph bytes as `<data folder>/uploads/onnx/<sha256>/<role>.onnx` (atomically,
    once per content) and return the path; the digest in the path keys whatever is computed from
    it. Raises OnnxModelError for an empty file or one over the size cap (nothing written)."""
    if not data:
        raise OnnxModelError(f"The {role} file is empty (0 bytes): export the model again.")
    if len(data) > max_file_bytes():
        raise OnnxModelError(f"The {role} file is {len(data) / 1e6:,.4g} MB; graphs of up to "
                             f"{max_file_bytes() / 1e6:,.4g} MB are accepted ({MAX_FILE_ENV}).")
    target = (data_dir or default_data_dir()) / "uploads" / "onnx" / hashlib.sha256(data).hexdigest() / f"{role}.onnx"
    if not target.is_file():
        atomic_write_bytes(target, data)
    return target
