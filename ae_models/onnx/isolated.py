"""The browser's decoder for a server, exported in a child process.

    decoder = served_decoder("mnist-conv_ae-16", model)   # as `browser_decoder`, safe beside other sessions

Torch's exporter patches `nn.Module.__call__` for every thread while it traces, so a model that another
session (or a background job) runs meanwhile fails: seen on the Latent Map, where an inspector decoding
a spot during the export raised "Unexpected key _export_root.0.0". A child process exports into the
cache (`browser.exported_path`) that the server then reads; a cached decoder, or a user's own ONNX one,
needs no child.

    python -m ae_models.onnx.isolated NAME    # what the child runs: NAME's decoder into the cache
"""

from __future__ import annotations

import subprocess
import sys

from ..checkpoints import CheckpointError
from ..models import Autoencoder
from .browser import BrowserDecoder, BrowserDecoderError, browser_decoder, exported_path
from .model import OnnxAE

EXPORT_TIMEOUT_S = 600


def served_decoder(name: str, model: Autoencoder) -> BrowserDecoder:
    """`browser_decoder(name, model)`, its export (when one is needed) run in a child process that
    opens the checkpoint `name`; raises BrowserDecoderError."""
    if not isinstance(model, OnnxAE) and not exported_path(model).is_file():
        try:
            done = subprocess.run([sys.executable, "-m", __name__, name], capture_output=True, text=True,
                                  timeout=EXPORT_TIMEOUT_S)
        except subprocess.TimeoutExpired as err:
            raise BrowserDecoderError(f"exporting the decoder took over {EXPORT_TIMEOUT_S} s") from err
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines()
            raise BrowserDecoderError(lines[-1] if lines else f"the export ended with code {done.returncode}")
        if not exported_path(model).is_file():
            raise BrowserDecoderError(f"the checkpoint {name!r} on disk is not the model loaded here")
    return browser_decoder(name, model)


def _export(name: str) -> int:
    from . import load_model

    try:
        browser_decoder(name, load_model(name, device="cpu"))
    except (BrowserDecoderError, CheckpointError) as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_export(sys.argv[1]))
