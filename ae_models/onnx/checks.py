"""Checking a pair of ONNX graphs as an image autoencoder, and inferring how to run them.

    report = inspect_pair(Path("enc.onnx"), Path("dec.onnx"), "digits")   # never raises for a bad model
    report.ok, report.checks                    # each Check: name, "ok" | "warn" | "fail", message
    report.spec                                 # OnnxSpec: image shape, latent size, VAE or not, layouts…
    report.images, report.reconstructions       # a few test images of the dataset and their round trips

What the graphs say is read first (`graphs.read_graph`: format, size, external data, operators);
then their inputs and outputs must fit images of the dataset: the encoder takes (N, C, H, W),
(N, H, W, C), (N, H, W) or (N, C·H·W) and returns codes (N, d), or μ and log σ² (N, d) twice (a
VAE); the decoder takes (N, d) and returns an image of the same shape. Free dimensions are fixed by
the dataset's images and by running the graphs on them (the probe); what neither settles (e.g. the
layout of a graph whose dimensions are all free) is asked for through `Options`. The probe refuses
decoders that return NaN/Inf or values outside the declared pixel range, and warns about an encoder
slower than `ENCODE_WARN_S` per image or reconstructions no better than the mean image.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import torch

from ..data import BUILTIN_DATASETS, BUILTIN_IMAGE_SHAPES, DatasetError, ImageDataset, first_per_class, load_dataset
from ..model_data import dataset_key, shown_images
from .graphs import GraphFile, OnnxModelError, TensorInfo, read_graph
from .model import DecoderOutput, Layout, OnnxEncoder, OnnxSpec, build_adapter, from_layout, open_session

Status = Literal["ok", "warn", "fail"]
ENCODE_WARN_S = 1.0  # per image on this server's CPU: the pages encode thousands of images
PROBE_IMAGES = 8  # test images encoded and decoded by the probe (one per class first)
PROBE_PRIOR = 16  # codes drawn from N(0, 2²I) that the decoder must also map into the pixel range
RANGE_TOLERANCE = 1e-3  # of the pixel range: float rounding of a sigmoid or tanh output
IMAGE_LAYOUTS: tuple[Layout, ...] = ("NCHW", "NHWC")


@dataclass(frozen=True)
class Options:
    """What the user says about the graphs (CLI flags, the Models page's choices); None = infer."""

    layout: Layout | None = None  # the encoder's input layout
    decoder_layout: Layout | None = None  # the decoder's output layout (default: the encoder's)
    variational: bool | None = None  # needed only for a VAE whose encoder returns one output of 2·d
    pixel_range: tuple[float, float] = (0.0, 1.0)
    decoder_output: DecoderOutput = "pixels"

    def __post_init__(self) -> None:
        low, high = self.pixel_range
        if not (np.isfinite(low) and np.isfinite(high) and high > low):
            raise OnnxModelError(f"The pixel range must be two numbers, low < high; got {self.pixel_range}.")


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    message: str


@dataclass
class Inspection:
    """What the checks found, and what the probe decoded (tensors (K, C, H, W) in [0, 1])."""

    dataset: str  # as given: a built-in name or a path
    key: str = ""  # what the model is shown with (a `dataset_key`: the dataset at the model's image shape)
    grey: bool = False  # a colour built-in set taken in grey
    checks: list[Check] = field(default_factory=list)
    spec: OnnxSpec | None = None
    encoder: GraphFile | None = None
    decoder: GraphFile | None = None
    images: torch.Tensor | None = None
    reconstructions: torch.Tensor | None = None
    samples: torch.Tensor | None = None  # decoded prior codes
    mse: float | None = None  # per pixel, of the probe images' reconstructions
    encode_ms: float | None = None  # per image

    @property
    def ok(self) -> bool:
        return self.spec is not None and not any(c.status == "fail" for c in self.checks)

    def add(self, name: str, status: Status, message: str) -> None:
        self.checks.append(Check(name, status, message))

    def failures(self) -> str:
        """The failed checks' messages, one per line."""
        return "\n".join(f"{c.name}: {c.message}" for c in self.checks if c.status == "fail")

    def inferred(self) -> dict[str, str]:
        """What was inferred or declared, in words (the Models page's table and the CLI's lines)."""
        if self.spec is None:
            return {}
        s = self.spec
        c, h, w = s.image_shape
        kind = ("VAE: the encoder returns μ and log σ²" + (" (two outputs)" if s.encoder_outputs == 2 else
                                                           " (one output of 2·d, split in halves)")
                if s.variational else "autoencoder: the encoder returns the code")
        return {"images": f"{c}×{h}×{w} ({'colour' if c == 3 else 'grey' if c == 1 else f'{c} channels'})",
                "latent size": str(s.latent_dim), "kind": kind,
                "encoder input": f"{s.encoder_layout}, batch {s.encoder_batch or 'any'}",
                "decoder output": f"{s.decoder_layout}, {s.decoder_output}, batch {s.decoder_batch or 'any'}",
                "pixel range": f"{s.pixel_range[0]:g} … {s.pixel_range[1]:g}",
                "weights": f"{self.parameters:,}", "dataset": Path(self.dataset).name}

    @property
    def parameters(self) -> int:
        return sum(g.parameters for g in (self.encoder, self.decoder) if g is not None)


# --- the pair's shapes ----------------------------------------------------------------------------
def _fixed(dim: int | str) -> int | None:
    return dim if isinstance(dim, int) and dim > 0 else None


def _layout_shape(layout: Layout, image_shape: tuple[int, int, int]) -> tuple[int, ...]:
    c, h, w = image_shape
    return {"NCHW": (c, h, w), "NHWC": (h, w, c), "NHW": (h, w), "flat": (c * h * w,)}[layout]


def _fits(tensor: TensorInfo, layout: Layout, image_shape: tuple[int, int, int]) -> bool:
    """Whether every fixed dimension of `tensor` (batch axis aside) agrees with images in `layout`."""
    expected = _layout_shape(layout, image_shape)
    if tensor.shape is None or len(tensor.shape) != 1 + len(expected):
        return False
    return all(_fixed(d) in (None, e) for d, e in zip(tensor.shape[1:], expected, strict=True))


def infer_layout(tensor: TensorInfo, image_shape: tuple[int, int, int], declared: Layout | None, role: str,
                 flag: str) -> Layout:
    """The layout in which `tensor` holds images of `image_shape`; OnnxModelError saying what to declare."""
    c, h, w = image_shape
    if tensor.shape is None:
        if declared is None:
            raise OnnxModelError(f"The {role}'s {tensor.name!r} has no shape in the graph, so its layout cannot be "
                                 f"read: declare it ({flag} NCHW, NHWC, NHW or flat).")
        return declared
    rank = len(tensor.shape)
    candidates: tuple[Layout, ...] = {4: IMAGE_LAYOUTS, 3: ("NHW",) if c == 1 else (), 2: ("flat",)}.get(rank, ())
    if not candidates:
        raise OnnxModelError(f"The {role}'s {tensor.describe()} has rank {rank}; an image autoencoder's images are "
                             f"(N, C, H, W), (N, H, W, C), (N, H, W) for grey, or flattened (N, C·H·W).")
    if declared is not None:
        if declared not in candidates or not _fits(tensor, declared, image_shape):
            raise OnnxModelError(f"The {role}'s {tensor.describe()} does not hold {c}×{h}×{w} images in the declared "
                                 f"{declared} layout.")
        return declared
    fitting = [layout for layout in candidates if _fits(tensor, layout, image_shape)]
    if not fitting:
        raise OnnxModelError(f"The {role}'s {tensor.describe()} does not fit the dataset's {c}×{h}×{w} images in any "
                             f"layout ({', '.join(candidates)}): pick the dataset the model was trained on.")
    if len(fitting) > 1:
        raise OnnxModelError(f"The {role}'s {tensor.describe()} fits {c}×{h}×{w} images as {' and as '.join(fitting)}: "
                             f"say which ({flag} {fitting[0]} or {flag} {fitting[1]}).")
    return fitting[0]


def image_shape_hint(tensor: TensorInfo, declared: Layout | None) -> tuple[int, int, int] | None:
    """The (C, H, W) an encoder input's fixed dimensions give, when they settle it."""
    if tensor.shape is None or len(tensor.shape) != 4 or any(_fixed(d) is None for d in tensor.shape[1:]):
        return None
    a, b, c = (int(d) for d in tensor.shape[1:])
    nchw, nhwc = a in (1, 3), c in (1, 3)
    if declared == "NCHW" or (declared is None and nchw and not nhwc):
        return a, b, c
    if declared == "NHWC" or (declared is None and nhwc and not nchw):
        return c, a, b
    return None


def resolve_dataset(dataset: str, encoder_input: TensorInfo, declared: Layout | None
                    ) -> tuple[str, bool, tuple[int, int, int], ImageDataset]:
    """The dataset key, whether it is a colour set taken in grey, the image shape and the test
    images: a built-in set has one shape (taken in grey when
    the encoder takes one channel of a colour set); user data comes at the size the encoder's fixed
    dimensions give, else at its own. Raises DatasetError or OnnxModelError."""
    hint = image_shape_hint(encoder_input, declared)
    grey = False
    if dataset in BUILTIN_DATASETS:
        natural = BUILTIN_IMAGE_SHAPES[dataset]
        grey = hint is not None and hint[0] == 1 != natural[0]
        shape = (1, *natural[1:]) if grey else natural
        if hint is not None and hint != shape:
            raise OnnxModelError(f"The encoder takes {_shape(hint)} images, but {dataset}'s are {_shape(natural)}: "
                                 "pick the dataset the model was trained on.")
    else:
        shape = hint or load_dataset(dataset, "test", download=False).image_shape
    key = dataset_key({"dataset": dataset, "grey": grey, "config": {"image_shape": list(shape)}})
    data = shown_images(key)
    if data.image_shape != tuple(shape):
        raise OnnxModelError(f"{dataset} gives {_shape(data.image_shape)} images, not {_shape(shape)}.")
    return key, grey, tuple(shape), data


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape))


def _latent_widths(encoder: GraphFile, decoder: GraphFile) -> tuple[list[int | None], int | None]:
    """The fixed widths of the encoder's outputs and the decoder's input (None where free); refuses ranks ≠ 2."""
    widths = []
    for out in encoder.outputs:
        if out.shape is not None and len(out.shape) != 2:
            raise OnnxModelError(f"The encoder's output {out.describe()} has rank {len(out.shape)}; codes are (N, d).")
        widths.append(None if out.shape is None else _fixed(out.shape[1]))
    code = decoder.inputs[0]
    if code.shape is not None and len(code.shape) != 2:
        raise OnnxModelError(f"The decoder's input {code.describe()} has rank {len(code.shape)}; it must take codes "
                             "(N, d).")
    return widths, None if code.shape is None else _fixed(code.shape[1])


def _signature(encoder: GraphFile, decoder: GraphFile) -> None:
    """One image input; one or two encoder outputs; one code input and one image output; float32."""
    if len(encoder.inputs) != 1:
        listed = ", ".join(i.describe() for i in encoder.inputs)
        raise OnnxModelError(f"The encoder has {len(encoder.inputs)} inputs ({listed}); it must take the images only.")
    if len(encoder.outputs) not in (1, 2):
        raise OnnxModelError(f"The encoder has {len(encoder.outputs)} outputs; it must return the code, or μ and "
                             "log σ² for a VAE.")
    if len(decoder.inputs) != 1 or len(decoder.outputs) != 1:
        raise OnnxModelError(f"The decoder has {len(decoder.inputs)} inputs and {len(decoder.outputs)} outputs; it "
                             "must take the code and return the image.")
    for tensor in (*encoder.inputs, *encoder.outputs, *decoder.inputs, *decoder.outputs):
        if tensor.elem_type != "float32":
            raise OnnxModelError(f"{tensor.describe()} is {tensor.elem_type}; inputs and outputs must be float32 "
                                 "(export in full precision).")


def _batch(tensor: TensorInfo) -> int | None:
    return None if tensor.shape is None or not tensor.shape else _fixed(tensor.shape[0])


# --- the whole inspection -------------------------------------------------------------------------
def inspect_pair(encoder_path: Path, decoder_path: Path, dataset: str, options: Options = Options()) -> Inspection:
    """Check the two graphs, infer an `OnnxSpec` and probe it on a few of the dataset's test images.
    Problems become failed checks (nothing raises for a bad model); `Inspection.ok` says whether it can
    be added."""
    report = Inspection(dataset)
    for role, path in (("encoder", encoder_path), ("decoder", decoder_path)):
        try:
            graph = read_graph(Path(path), role)
        except OnnxModelError as err:
            report.add(f"{role} file", "fail", str(err))
            continue
        setattr(report, role, graph)
        ops = ", ".join(f"{op} ×{n}" for op, n in sorted(graph.ops.items(), key=lambda item: -item[1]))
        report.add(f"{role} file", "ok", f"ONNX opset {graph.opset}, {sum(graph.ops.values())} nodes ({ops}), "
                   f"{graph.parameters:,} weights, {graph.bytes_on_disk / 1e6:,.2f} MB, made by {graph.producer}; "
                   "standard operators only, no external files outside its folder")
    if report.encoder is None or report.decoder is None:
        return report
    try:
        spec, data = _static_spec(report, options)
    except DatasetError as err:
        report.add("dataset", "fail", str(err))
        return report
    except OnnxModelError as err:
        report.add("shapes", "fail", str(err))
        return report
    _probe(report, spec, data)
    return report


def _static_spec(report: Inspection, options: Options) -> tuple[OnnxSpec, ImageDataset]:
    """What the graphs' declared shapes and the dataset settle (the latent size may still be free: -1)."""
    encoder, decoder = report.encoder, report.decoder
    assert encoder is not None and decoder is not None
    _signature(encoder, decoder)
    report.key, report.grey, shape, data = resolve_dataset(report.dataset, encoder.inputs[0], options.layout)
    layout = infer_layout(encoder.inputs[0], shape, options.layout, "encoder", "--layout")
    decoder_layout = infer_layout(decoder.outputs[0], shape, options.decoder_layout or
                                  (layout if _fits(decoder.outputs[0], layout, shape) else None),
                                  "decoder", "--decoder-layout")
    widths, code = _latent_widths(encoder, decoder)
    two = len(widths) == 2
    if two and options.variational is False:
        raise OnnxModelError("The encoder returns two outputs, which is how a VAE returns μ and log σ²; a plain "
                             "autoencoder's returns the code alone.")
    if two and None not in widths and widths[0] != widths[1]:
        raise OnnxModelError(f"The encoder's two outputs have {widths[0]} and {widths[1]} numbers; a VAE's μ and "
                             "log σ² have the same size.")
    variational = two or bool(options.variational)
    width = next((w for w in widths if w is not None), None)
    if width is not None and variational and not two and width % 2:
        raise OnnxModelError(f"The encoder returns {width} numbers, which cannot be split into μ and log σ².")
    latent = None if width is None else width if two or not variational else width // 2
    if latent is not None and code is not None and latent != code:
        raise OnnxModelError(f"The latent sizes disagree: the encoder gives codes of {latent} numbers "
                             f"({encoder.outputs[0].describe()}), the decoder takes {code} "
                             f"({decoder.inputs[0].describe()}). Pick the two halves of one model.")
    spec = OnnxSpec(shape, latent or code or -1, variational, layout, decoder_layout, len(widths),
                    options.pixel_range, options.decoder_output, _batch(encoder.inputs[0]), _batch(decoder.inputs[0]))
    report.add("shapes", "ok", f"the encoder takes {layout} images {'×'.join(map(str, shape))}, the decoder "
               f"returns {decoder_layout}; {'VAE' if variational else 'autoencoder'}")
    return spec, data


def _probe_images(data: ImageDataset) -> torch.Tensor:
    firsts = first_per_class(data.labels)[:PROBE_IMAGES]
    rest = [i for i in range(min(len(data), PROBE_IMAGES)) if i not in firsts]
    return data.images[(firsts + rest)[:PROBE_IMAGES]]


def _probe(report: Inspection, spec: OnnxSpec, data: ImageDataset) -> None:
    """Run both graphs on test images and prior codes; record what they returned."""
    assert report.encoder is not None and report.decoder is not None
    images = _probe_images(data)
    low, high = spec.pixel_range
    try:
        sessions = open_session(report.encoder.payload), open_session(report.decoder.payload)
    except Exception as err:  # onnxruntime raises its own types: an operator or attribute it cannot run
        report.add("onnxruntime", "fail", f"onnxruntime cannot open the graphs: {_short(err)}")
        return
    encoder = OnnxEncoder(sessions[0], spec)
    try:
        encoder(images[:1])  # warm-up: the first run allocates
        start = time.perf_counter()
        codes = encoder(images)
        report.encode_ms = 1000 * (time.perf_counter() - start) / len(images)
    except Exception as err:
        report.add("probe: encoder", "fail", f"running the encoder on {_shape(spec.image_shape)} test images failed: "
                   f"{_short(err)}. Its dimensions cannot be resolved for these images: pick the dataset it was "
                   "trained on, or declare the layout.")
        return
    width = codes.shape[1]
    latent = width // 2 if spec.variational else width
    if (spec.variational and width % 2) or (spec.latent_dim > 0 and latent != spec.latent_dim):
        report.add("probe: encoder", "fail", f"the encoder returned {width} numbers per image, which do not make "
                   f"{'μ and log σ² of ' if spec.variational else ''}{spec.latent_dim} latents as its graph declares.")
        return
    if not torch.isfinite(codes).all():
        report.add("probe: encoder", "fail", "the encoder returned NaN or infinite codes for test images.")
        return
    spec = replace(spec, latent_dim=latent)
    model = build_adapter(spec, *sessions)
    prior = torch.from_numpy(np.random.default_rng(0).normal(0, 2, (PROBE_PRIOR, latent)).astype(np.float32))
    try:
        raw = model.decoder.run(np.concatenate([model.encode(images).numpy(), prior.numpy()]))[0]
        from_layout(raw, spec.decoder_layout, spec.image_shape)
    except Exception as err:
        report.add("probe: decoder", "fail", f"decoding codes of {latent} numbers into {_shape(spec.image_shape)} "
                   f"images failed: {_short(err)}. The latent sizes or the decoder's output shape do not fit.")
        return
    if not np.isfinite(raw).all():
        bad = int((~np.isfinite(raw)).sum())
        report.add("probe: decoder", "fail", f"the decoder returned NaN or infinite values ({bad} of {raw.size}) for "
                   "test images' codes or codes drawn from N(0, 2²).")
        return
    tolerance = RANGE_TOLERANCE * (high - low)
    if spec.decoder_output == "pixels" and (raw.min() < low - tolerance or raw.max() > high + tolerance):
        report.add("probe: decoder", "fail", f"the decoder returned values from {raw.min():.3g} to {raw.max():.3g}, "
                   f"outside the declared pixel range {low:g} … {high:g}. Declare its range (--pixel-range LOW HIGH), "
                   "or --decoder-output logits if it returns values before a sigmoid.")
        return
    report.add("probe: decoder", "ok", f"finite values within the pixel range for {len(images)} test images and "
               f"{PROBE_PRIOR} codes drawn from N(0, 2²)")
    report.spec, report.images = spec, images
    report.reconstructions, report.samples = model(images), model.decode(prior[:8])
    _judge(report)


def _judge(report: Inspection) -> None:
    """The speed and the reconstructions' error: warnings only."""
    assert report.images is not None and report.reconstructions is not None and report.encode_ms is not None
    if report.encode_ms > 1000 * ENCODE_WARN_S:
        report.add("speed", "warn", f"encoding takes {report.encode_ms / 1000:.1f} s per image on this server, over "
                   f"{ENCODE_WARN_S:g} s: pages that encode thousands of test images will be slow.")
    else:
        report.add("speed", "ok", f"{report.encode_ms:.2f} ms per image to encode")
    images = report.images
    report.mse = float((report.reconstructions - images).pow(2).mean())
    baseline = float((images - images.mean(0, keepdim=True)).pow(2).mean())
    if report.mse >= baseline:
        report.add("reconstructions", "warn", f"MSE {report.mse:.4f} per pixel, no better than the mean image "
                   f"({baseline:.4f}): check the dataset, the pixel range and the layout.")
    else:
        report.add("reconstructions", "ok", f"MSE {report.mse:.4f} per pixel on {len(images)} test images "
                   f"(the mean image: {baseline:.4f})")


def _short(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text[:400] if text else type(err).__name__
