"""Bring your own autoencoder as two ONNX graphs, or export one of ours.

Usage:

    python -m ae_models.onnx add --encoder enc.onnx --decoder dec.onnx --dataset mnist --name my-ae
    python -m ae_models.onnx add --encoder enc.onnx --decoder dec.onnx --dataset ~/faces.zip --layout NHWC \\
        --pixel-range -1 1
    python -m ae_models.onnx add exported/                 # a model folder: encoder.onnx, decoder.onnx, card.json
    python -m ae_models.onnx inspect --encoder enc.onnx --decoder dec.onnx --dataset mnist   # checks only
    python -m ae_models.onnx export digits-conv_ae-8 /tmp/digits-onnx   # a shipped or trained checkpoint
    python -m ae_models.onnx list
    python -m ae_models.onnx rename user-my-ae "better name"
    python -m ae_models.onnx remove user-better-name

Models go to the user models folder (AE_MODELS_DIR, default ~/.cache/ae_models/models), beside
the Train page's, and appear in the app's model picker. What the graphs do not say (the layout of
a graph whose dimensions are all free, the pixel range, whether the decoder returns logits) is
given with the options below; the checks say when one is needed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..checkpoints import CARD_FILE, CheckpointError, list_user_models, models_dir
from ..data import DatasetError
from ..user_models import MB, folder_bytes, max_bytes, remove_user_model, rename_user_model
from . import read_model_card
from .checks import Inspection
from .graphs import OnnxModelError
from .install import AddRequest, add
from .model import DECODER_FILE, ENCODER_FILE

MARKS = {"ok": "✓", "warn": "!", "fail": "✗"}
LAYOUTS = ("NCHW", "NHWC", "NHW", "flat")


def print_report(report: Inspection) -> None:
    for check in report.checks:
        print(f"{MARKS[check.status]} {check.name}: {check.message}")
    if report.spec is not None:
        print("inferred:")
        for key, value in report.inferred().items():
            print(f"  {key:<15} {value}")


def _pair_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", type=Path,
                        help="a model folder (encoder.onnx, decoder.onnx and optionally card.json)")
    parser.add_argument("--encoder", type=Path, help="the encoder graph: images → code (or μ and log σ²)")
    parser.add_argument("--decoder", type=Path, help="the decoder graph: code → image")
    parser.add_argument("--dataset", help="the data it belongs with: digits, mnist, fashion-mnist, shapes, or a "
                                          "folder/.zip/.npz of images (its test split is shown with the model)")
    parser.add_argument("--layout", choices=LAYOUTS, help="how the encoder takes images (when its graph does not say)")
    parser.add_argument("--decoder-layout", choices=LAYOUTS, help="how the decoder returns images (default: the "
                                                                  "encoder's)")
    parser.add_argument("--variational", action=argparse.BooleanOptionalAction, default=None,
                        help="the encoder's one output holds μ and log σ² side by side (two outputs are read as a "
                             "VAE anyway)")
    parser.add_argument("--pixel-range", nargs=2, type=float, metavar=("LOW", "HIGH"),
                        help="the pixel values the encoder takes and the decoder returns (default 0 1; e.g. -1 1)")
    parser.add_argument("--decoder-output", choices=("pixels", "logits"),
                        help="pixels (default) or logits, i.e. values before a sigmoid")


def _request(args: argparse.Namespace) -> AddRequest:
    return AddRequest.build(args.folder, args.encoder, args.decoder, args.dataset, getattr(args, "name", None),
                            getattr(args, "likelihood", None), getattr(args, "beta", None), layout=args.layout,
                            decoder_layout=args.decoder_layout, variational=args.variational,
                            pixel_range=tuple(args.pixel_range) if args.pixel_range else None,
                            decoder_output=args.decoder_output)


def cmd_inspect(args: argparse.Namespace) -> int:
    report = _request(args).inspect()
    print_report(report)
    return 0 if report.ok else 1


def cmd_add(args: argparse.Namespace) -> int:
    request = _request(args)
    report = request.inspect()
    print_report(report)
    if not report.ok:
        print("The model was not added; nothing was installed.", file=sys.stderr)
        return 1
    name = add(request, report)
    print(f"added {name} to {models_dir()}: pick it in the app's model picker (streamlit run app.py).")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export_checkpoint

    out = export_checkpoint(args.model, args.out)
    print(f"wrote {out}/{ENCODER_FILE}, {DECODER_FILE} and {CARD_FILE}; add it with: "
          f"python -m ae_models.onnx add {out}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    names = list_user_models()
    used = 0
    for name in names:
        size = folder_bytes(models_dir() / name)
        used += size
        try:
            card = read_model_card(name)
        except CheckpointError as err:
            print(f"{name:<40} broken: {err}")
            continue
        kind = "onnx" if card.get("format") == "onnx" else "trained here"
        print(f"{name:<40} {card['family']:<10} z={card['latent_dim']:<4} {kind:<13} {size / MB:8.2f} MB  "
              f"{card.get('dataset', '?')}")
    print(f"{len(names)} user model(s) in {models_dir()}: {used / MB:,.1f} MB of {max_bytes() / MB:,.0f} MB")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    remove_user_model(args.name)
    print(f"removed {args.name}")
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    print(f"renamed {args.name} to {rename_user_model(args.name, args.new_name)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_models.onnx", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="check a pair of graphs and install it as a user model")
    _pair_arguments(add)
    add.add_argument("--name", help="the model's name (saved as user-<name>; default: the folder or file name)")
    add.add_argument("--likelihood", choices=("bernoulli", "gaussian"),
                     help="the decoder's likelihood, for −ELBO figures of a VAE (default bernoulli)")
    add.add_argument("--beta", type=float, help="the KL weight the VAE was trained with (default 1)")
    add.set_defaults(run=cmd_add)
    check = commands.add_parser("inspect", help="run the checks and say what was inferred; install nothing")
    _pair_arguments(check)
    check.set_defaults(run=cmd_inspect)
    export = commands.add_parser("export", help="write a checkpoint of ours as a model folder")
    export.add_argument("model", help="a shipped or trained checkpoint: its name or folder")
    export.add_argument("out", type=Path, help="the folder to write (new or empty)")
    export.set_defaults(run=cmd_export)
    commands.add_parser("list", help="the user models, their kind and size").set_defaults(run=cmd_list)
    remove = commands.add_parser("remove", help="delete a user model")
    remove.add_argument("name", help="its name, e.g. user-my-ae")
    remove.set_defaults(run=cmd_remove)
    rename = commands.add_parser("rename", help="rename a user model")
    rename.add_argument("name", help="its name, e.g. user-my-ae")
    rename.add_argument("new_name", help="the new name (saved as user-<new name>)")
    rename.set_defaults(run=cmd_rename)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (OnnxModelError, CheckpointError, DatasetError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
