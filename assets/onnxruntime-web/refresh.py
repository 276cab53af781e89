"""Refresh the vendored onnxruntime-web from its npm package (the only step that needs npm).

    python assets/onnxruntime-web/refresh.py            # the pinned VERSION again: files and SHA256SUMS
    python assets/onnxruntime-web/refresh.py 1.31.0     # another version: rewrites VERSION too

Keeps only what the single-threaded wasm backend loads: `ort.wasm.min.js` (the API, `window.ort`),
`ort-wasm-simd-threaded.mjs` (the Emscripten glue it imports) and `ort-wasm-simd-threaded.wasm`,
stored gzipped (14 MB → 3.7 MB): Streamlit's server gzips other files at level 9 on every request,
≈ 1.3 s of CPU for this one, but sends `application/gzip` as it is; the browser inflates it with
`DecompressionStream`. The npm package ships no LICENSE file (its package.json says MIT): `LICENSE`
is the onnxruntime repository's and is kept as it is. Then run
`pytest tests/test_vendored_ort.py tests/test_live_decoder_js.py`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "onnxruntime-web"
SCRIPTS = ("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs")
WASM = "ort-wasm-simd-threaded.wasm"
FILES = (*SCRIPTS, WASM + ".gz")
SUMS = "SHA256SUMS"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sums() -> None:
    """`SHA256SUMS` in `sha256sum` format, so `sha256sum -c SHA256SUMS` checks the folder too."""
    lines = [f"{sha256(HERE / name)}  {name}\n" for name in FILES]
    (HERE / SUMS).write_text("".join(lines), encoding="utf-8")


def refresh(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            meta = json.load(archive.extractfile("package/package.json"))
            if meta["version"] != version or meta.get("license") != "MIT":
                raise SystemExit(f"unexpected package: version {meta['version']}, license {meta.get('license')}")
            for name in SCRIPTS:
                (HERE / name).write_bytes(archive.extractfile(f"package/dist/{name}").read())
            wasm = archive.extractfile(f"package/dist/{WASM}").read()
            (HERE / FILES[-1]).write_bytes(gzip.compress(wasm, compresslevel=9, mtime=0))  # mtime 0: same bytes
    (HERE / "VERSION").write_text(version + "\n", encoding="utf-8")
    write_sums()


if __name__ == "__main__":
    refresh(sys.argv[1] if len(sys.argv) > 1 else (HERE / "VERSION").read_text(encoding="utf-8").strip())
