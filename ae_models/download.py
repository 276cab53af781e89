"""Fetching MNIST / Fashion-MNIST files: mirrors tried in turn, MD5-checked, written atomically."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tqdm.auto import tqdm

from .atomic import atomic_path
from .hashing import file_digest


@dataclass(frozen=True)
class RemoteFile:
    name: str
    md5: str


@dataclass(frozen=True)
class RemoteDataset:
    mirrors: tuple[str, ...]
    files: dict[str, RemoteFile]  # key: "train-images", "train-labels", "test-images", "test-labels"


REMOTE_DATASETS: dict[str, RemoteDataset] = {
    "mnist": RemoteDataset(
        mirrors=("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
        files={
            "train-images": RemoteFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            "train-labels": RemoteFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            "test-images": RemoteFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            "test-labels": RemoteFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
        }),
    "fashion-mnist": RemoteDataset(
        mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
        files={
            "train-images": RemoteFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            "train-labels": RemoteFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            "test-images": RemoteFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            "test-labels": RemoteFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        }),
}


class DownloadError(RuntimeError):
    """No mirror delivered a file with the right checksum."""


def md5_of(path: Path) -> str:
    """The MD5 the mirrors publish for their files."""
    return file_digest(path, "md5")


def _fetch(url: str, dest: Path, timeout: float = 30.0) -> None:
    """Stream `url` into `dest` with a progress bar."""
    request = urllib.request.Request(url, headers={"User-Agent": "ae-models"})
    with urllib.request.urlopen(request, timeout=timeout) as response, open(dest, "wb") as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        with tqdm(total=total, unit="B", unit_scale=True, desc=dest.name.split(".")[1]) as bar:
            for chunk in iter(lambda: response.read(1 << 16), b""):
                out.write(chunk)
                bar.update(len(chunk))


def download_file(remote: RemoteFile, mirrors: tuple[str, ...], dest: Path,
                  fetch: Callable[[str, Path], None] | None = None) -> Path:
    """Download `remote` into `dest` from the first mirror that gives the right MD5.

    Nothing is left at `dest` unless the checksum matched (temp file + rename).
    """
    fetch = fetch or _fetch
    failures: list[str] = []
    for mirror in mirrors:
        url = mirror + remote.name
        try:
            with atomic_path(dest) as tmp:
                fetch(url, tmp)
                got = md5_of(tmp)
                if got != remote.md5:
                    raise DownloadError(f"MD5 mismatch (got {got}, expected {remote.md5})")
        except (OSError, urllib.error.URLError, DownloadError, ValueError) as err:
            failures.append(f"{url}: {err}")
            continue
        return dest
    raise DownloadError("; ".join(failures))
