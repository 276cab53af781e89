"""Reading one ONNX file safely: size cap, parse, external data kept inside its folder, the ONNX
checker, operators, and the graph's inputs and outputs. Nothing here runs the graph.

    graph = read_graph(Path("encoder.onnx"), "encoder")   # GraphFile, or OnnxModelError saying why not
    graph.inputs[0].shape                                 # e.g. ("batch", 3, 32, 32): ints, or names of free dims
    graph.payload                                         # the model as one self-contained protobuf (bytes)

ONNX is data, not code: opening a stranger's file runs none of their code. What can still go wrong
is refused with a message: a file over `max_file_bytes()`, one that is not ONNX (empty, truncated,
something else), weights in external files whose `location` is absolute, has `..` or leaves the
model's folder, operators outside the standard ONNX domain (listed), and graphs the checker rejects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

import onnx
from google.protobuf.message import DecodeError
from onnx import TensorProto

from ..user_models import megabytes_from_env

MAX_FILE_ENV = "AE_ONNX_MAX_MB"
MAX_FILE_MB = 100  # per graph, external data included; ≈ 25 M float32 weights, far more than an image AE needs
STANDARD_DOMAINS = ("", "ai.onnx")  # the operators every ONNX runtime implements (onnxruntime-web included)
Dim = int | str  # a fixed size, or the name of a free dimension ("?" when it has none)


class OnnxModelError(ValueError):
    """An ONNX file or pair of files cannot be used as an autoencoder; the message says why and what to do."""


@dataclass(frozen=True)
class TensorInfo:
    """A graph input or output: its name, element type and shape (None when the graph gives no shape)."""

    name: str
    elem_type: str  # "float32", "int64", …
    shape: tuple[Dim, ...] | None

    def describe(self) -> str:
        dims = "?" if self.shape is None else "×".join(str(d) for d in self.shape)
        return f"{self.name} ({self.elem_type}, {dims})"


@dataclass(frozen=True)
class GraphFile:
    """One checked ONNX graph."""

    role: str  # "encoder" or "decoder", for messages
    path: Path
    bytes_on_disk: int  # the file and its external data files
    payload: bytes  # the model with every weight inside: what is installed and what onnxruntime opens
    inputs: tuple[TensorInfo, ...]  # the graph's inputs that are not initializers
    outputs: tuple[TensorInfo, ...]
    ops: dict[str, int]  # operator type → number of nodes (subgraphs included)
    opset: int
    parameters: int  # numbers held by the initializers
    producer: str  # e.g. "pytorch 2.13.0"


def max_file_bytes() -> int:
    """The largest graph accepted, external data included: `AE_ONNX_MAX_MB` megabytes (default 100)."""
    return megabytes_from_env(MAX_FILE_ENV, MAX_FILE_MB, OnnxModelError)


def read_graph(path: Path, role: str) -> GraphFile:
    """Read and check the ONNX file at `path` (the `role` names it in messages). Raises OnnxModelError."""
    path = Path(path)
    label = f"The {role} ({path.name})"
    if not path.is_file():
        raise OnnxModelError(f"{label} does not exist.")
    size, cap = path.stat().st_size, max_file_bytes()
    if size == 0:
        raise OnnxModelError(f"{label} is empty (0 bytes): export the model again.")
    if size > cap:
        raise OnnxModelError(f"{label} is {size / 1e6:,.4g} MB; graphs of up to {cap / 1e6:,.4g} MB are accepted "
                             f"({MAX_FILE_ENV}).")
    model = _parse(path.read_bytes(), label)
    external = _external_files(model, path.parent, label)
    total = size + sum(f.stat().st_size for f in external)
    if total > cap:
        raise OnnxModelError(f"{label} and its external data take {total / 1e6:,.4g} MB; graphs of up to "
                             f"{cap / 1e6:,.4g} MB are accepted ({MAX_FILE_ENV}).")
    if external:
        onnx.load_external_data_for_model(model, str(path.parent))  # each location was checked above
        for tensor in _tensors(model.graph):
            if tensor.data_location == TensorProto.EXTERNAL:
                tensor.data_location = TensorProto.DEFAULT
                del tensor.external_data[:]
    ops = Counter(_node_ops(model.graph))
    _check_operators(ops, label)
    try:
        onnx.checker.check_model(model)
    except (onnx.checker.ValidationError, ValueError) as err:
        raise OnnxModelError(f"{label} is not a valid ONNX graph: {_first_line(err)}") from err
    opset = next((o.version for o in model.opset_import if o.domain in STANDARD_DOMAINS), 0)
    if opset > onnx.defs.onnx_opset_version():
        raise OnnxModelError(f"{label} uses ONNX opset {opset}; this installation knows up to "
                             f"{onnx.defs.onnx_opset_version()}. Export with an older opset.")
    initializers = {t.name for t in model.graph.initializer}
    return GraphFile(
        role, path, total, model.SerializeToString(),
        tuple(_tensor_info(v) for v in model.graph.input if v.name not in initializers),
        tuple(_tensor_info(v) for v in model.graph.output), dict(sorted(ops.items())), opset,
        sum(_numel(t) for t in model.graph.initializer),
        f"{model.producer_name} {model.producer_version}".strip() or "unknown")


def _parse(data: bytes, label: str) -> onnx.ModelProto:
    """The ModelProto in `data`, or OnnxModelError when the bytes are not an ONNX model."""
    model = onnx.ModelProto()
    try:
        model.ParseFromString(data)
    except (DecodeError, RuntimeError, ValueError) as err:
        raise OnnxModelError(f"{label} is not an ONNX model, or it is truncated ({_first_line(err)}). "
                             "Export it again and upload the .onnx file itself.") from err
    # Protobuf reads many byte strings as a message of unknown fields: a real model has these.
    if model.ir_version < 3 or not model.opset_import or not model.graph.node:
        raise OnnxModelError(f"{label} is not an ONNX model (no graph, IR version or opset in it), or it is "
                             "truncated. Export it again and upload the .onnx file itself.")
    return model


def _graphs(graph: onnx.GraphProto) -> Iterator[onnx.GraphProto]:
    """`graph` and every subgraph (the bodies of If, Loop, Scan)."""
    yield graph
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.GRAPH:
                yield from _graphs(attribute.g)
            for sub in attribute.graphs:
                yield from _graphs(sub)


def _tensors(graph: onnx.GraphProto) -> Iterator[TensorProto]:
    """Every tensor that can hold weights: initializers, sparse ones, Constant values, in all subgraphs."""
    for g in _graphs(graph):
        yield from g.initializer
        for sparse in g.sparse_initializer:
            yield sparse.values
            yield sparse.indices
        for node in g.node:
            for attribute in node.attribute:
                if attribute.type == onnx.AttributeProto.TENSOR:
                    yield attribute.t
                yield from attribute.tensors


def _external_files(model: onnx.ModelProto, folder: Path, label: str) -> list[Path]:
    """The external data files the model reads, each checked to lie inside `folder`."""
    found: dict[Path, None] = {}
    for tensor in _tensors(model.graph):
        if tensor.data_location != TensorProto.EXTERNAL:
            continue
        location = next((e.value for e in tensor.external_data if e.key == "location"), "")
        pure = PurePosixPath(location.replace("\\", "/"))
        escapes = (not location or pure.is_absolute() or PureWindowsPath(location).is_absolute()
                   or ".." in pure.parts or "\x00" in location)
        target = (folder / pure).resolve() if not escapes else None
        if target is None or not target.is_relative_to(folder.resolve()):
            raise OnnxModelError(f"{label} reads weights of {tensor.name!r} from {location!r}, outside the model's "
                                 "folder. External data must sit beside the .onnx file (a plain file name, no '..' "
                                 "or absolute path); it was refused and nothing was read.")
        if not target.is_file():
            raise OnnxModelError(f"{label} keeps the weights of {tensor.name!r} in a separate file, {location!r}, "
                                 "which is not there. Export with the weights inside the .onnx file "
                                 "(torch: `program.save(path, external_data=False)`) or put that file beside it.")
        found[target] = None
    return list(found)


def _node_ops(graph: onnx.GraphProto) -> Iterator[str]:
    for g in _graphs(graph):
        for node in g.node:
            yield f"{node.domain}::{node.op_type}" if node.domain not in STANDARD_DOMAINS else node.op_type


def _check_operators(ops: Counter[str], label: str) -> None:
    """Refuse custom-domain operators and standard-domain names ONNX does not define, listing them."""
    custom = sorted(op for op in ops if "::" in op)
    unknown = sorted(op for op in ops if "::" not in op and not onnx.defs.has(op))
    if not custom and not unknown:
        return
    listed = ", ".join(f"{op} ×{ops[op]}" for op in custom + unknown)
    raise OnnxModelError(f"{label} uses operators outside standard ONNX: {listed}. Only the standard operator set "
                         "runs here and in the browser; export without custom or contrib operators (e.g. turn "
                         "off fusions that emit com.microsoft ops).")


def _tensor_info(value: onnx.ValueInfoProto) -> TensorInfo:
    kind = value.type.WhichOneof("value")
    if kind != "tensor_type":
        return TensorInfo(value.name, kind or "unknown", None)
    tensor = value.type.tensor_type
    elem = onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type).name if tensor.elem_type else "unknown"
    if not tensor.HasField("shape"):
        return TensorInfo(value.name, elem, None)
    dims = tuple(d.dim_value if d.HasField("dim_value") else (d.dim_param or "?") for d in tensor.shape.dim)
    return TensorInfo(value.name, elem, dims)


def _numel(tensor: TensorProto) -> int:
    count = 1
    for d in tensor.dims:
        count *= d
    return count


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:300] if text else type(err).__name__
