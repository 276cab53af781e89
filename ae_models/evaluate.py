"""Evaluate a checkpoint on a dataset split: MSE per pixel, PSNR, SSIM, and −ELBO for VAEs.

Usage:

    python -m ae_models.evaluate pretrained/mnist-conv_ae-16 --dataset mnist --split test
    python -m ae_models.evaluate /tmp/x --dataset digits --noise gaussian:0.3 --json
"""

from __future__ import annotations

import argparse
import json
import sys

import torch

from .checkpoints import CheckpointError, load_pretrained
from .data import DatasetError, load_dataset
from .metrics import batched, mse_per_image, negative_elbo, psnr, ssim
from .models import Autoencoder
from .noise import corrupt, parse_noise


@torch.no_grad()
def per_image_metrics(model: Autoencoder, images: torch.Tensor, noise: str | None = None,
                      seed: int = 0, batch_size: int = 512, quality: bool = True) -> dict[str, torch.Tensor]:
    """Per-image metrics of reconstructing `images` (optionally corrupted first by `noise`).

    Keys: mse, psnr and ssim (unless `quality` is False), and neg_elbo (nats) for VAEs.
    Deterministic for a given seed.
    """
    generator = torch.Generator().manual_seed(seed)
    device = model.device

    def one_batch(x: torch.Tensor) -> dict[str, torch.Tensor]:
        x = x.to(device)
        x_in = corrupt(x, noise, generator) if noise else x
        x_hat = model(x_in)
        out = {"mse": mse_per_image(x_hat, x)}
        if quality:  # PSNR and SSIM triple the cost; anomaly scoring needs only the MSE
            out |= {"psnr": psnr(x_hat, x), "ssim": ssim(x_hat, x)}
        if model.variational:
            out["neg_elbo"] = negative_elbo(model, x, generator)
        return out

    was_training = model.training
    model.eval()
    try:
        return batched(one_batch, images, batch_size)
    finally:
        model.train(was_training)


def summarize(metrics: dict[str, torch.Tensor]) -> dict[str, float]:
    """Means over images, as plain floats (rounded to 6 significant digits for cards)."""
    return {k: float(f"{v.double().mean().item():.6g}") for k, v in metrics.items()}


def evaluate(model: Autoencoder, images: torch.Tensor, noise: str | None = None,
             seed: int = 0) -> dict[str, float]:
    """Mean metrics over `images`; see `per_image_metrics`."""
    return summarize(per_image_metrics(model, images, noise, seed))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ae_models.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint", help="checkpoint folder or name in pretrained/")
    parser.add_argument("--dataset", default=None, help="dataset name or path (default: the card's)")
    parser.add_argument("--split", default="test", choices=["train", "test"])
    parser.add_argument("--noise", default=None, help="corrupt inputs first, e.g. gaussian:0.5")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N images")
    parser.add_argument("--device", default=None, help="cpu, cuda or mps (default: best available)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    try:
        parse_noise(args.noise)
        model = load_pretrained(args.checkpoint, device=args.device)
        name = args.dataset or model.card.get("dataset")
        if not name:
            raise DatasetError("The card names no dataset; pass --dataset.")
        # The model's size, and its colour: a grey model of colour images saw them turned grey.
        data = load_dataset(name, args.split, image_size=model.image_shape[1:], grey=model.image_shape[0] == 1)
        if data.image_shape != model.image_shape:
            raise DatasetError(f"{name} images are {data.image_shape}, the model expects "
                               f"{model.image_shape}.")
        images = data.images[: args.limit] if args.limit else data.images
        result = evaluate(model, images, args.noise)
    except (CheckpointError, DatasetError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    result = {"images": len(images), **result}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.checkpoint} on {name}/{args.split}" + (f" with {args.noise}" if args.noise else ""))
        for key, value in result.items():
            print(f"  {key:>9}: {value:.6g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
