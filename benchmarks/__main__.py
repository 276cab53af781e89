"""Benchmarks: print tables, write JSON into benchmarks/results/, and refresh benchmarks/README.md.

Usage:

    python -m benchmarks                       # all of them (about 10 minutes on 2 CPU cores)
    python -m benchmarks decode training       # only some
    AE_DATA_DIR=../shared/data python -m benchmarks projections   # 10k MNIST test latents
    AE_DATA_DIR=../shared/data python -m benchmarks map_scale     # 70k MNIST on the map (see benchmarks/map_scale.py)

Benchmarks: slider (slider → image latency in the browser, live component vs a naive full
rerun), drag (onnxruntime-web in Chromium: per-frame decode+paint time, frame coverage of a
2-second mouse drag, first mount), decode
(decoder images/s at batch 1 and 256), projections (PCA, openTSNE, scikit-learn t-SNE, UMAP on
10k latents: seconds and trustworthiness@10), training (images/s per family), cold_start
(process start → the latent map painted and a click on it answered, median of 5 cold starts),
shapes (rendering the known-factor dataset, reading its
cache, scoring disentanglement), map_scale (the Latent Map with all 70,000 MNIST images in Chromium:
paint, pan/zoom, hover, click, server memory; openTSNE vs scikit-learn t-SNE on 20k codes, UMAP with
numba's cache; needs MNIST in AE_DATA_DIR, about 15 minutes). Timings that the machine makes noisy are also given
as ratios to a baseline measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from .suite import BENCHMARKS, Table

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def machine() -> str:
    import os

    import torch

    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU cores, torch "
            f"{torch.__version__}, {'CUDA ' + torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU'}")


def write_readme() -> None:
    parts = ["# Benchmarks", "", "Regenerate with `python -m benchmarks` (see `python -m benchmarks --help`).",
             "Each table comes from `benchmarks/results/<name>.json`; the machine and date are given per table.", ""]
    for name in BENCHMARKS:
        path = RESULTS / f"{name}.json"
        if path.exists():
            parts.append(Table.from_json(json.loads(path.read_text())).markdown())
    (HERE / "README.md").write_text("\n".join(parts) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    for name in args.names or list(BENCHMARKS):
        print(f"== {name} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        try:
            table = BENCHMARKS[name]()
        except RuntimeError as err:  # e.g. no Chromium, no shipped model
            print(f"skipped {name}: {err}", file=sys.stderr)
            continue
        table.meta.update({"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"),
                           "seconds": round(time.perf_counter() - started, 1)})
        print(table.text())
        (RESULTS / f"{name}.json").write_text(json.dumps(table.to_json(), indent=2) + "\n")
    write_readme()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
