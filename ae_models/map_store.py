"""Every image of a dataset on the map: the point sets' images, and their codes and 2-D maps kept on
disk (whether a set's files are at hand, and how many images it has: `point_sets`).

    images = map_points("mnist", "all")                 # train + test: 70,000 images
    store = MapStore()                                  # $AE_CACHE_DIR/maps or ~/.cache/ae_models/maps
    codes = store.codes(model, "mnist", "all", progress=lambda done, what: ...)
    codes, pictures = store.pictures(model, "mnist", "all", progress=...)  # + thumbnails, errors: one pass
    xy = store.projection(codes, "tsne", progress=...)  # a second call (or a restart) reads the file

A set of codes is keyed by the checkpoint's weights (their SHA-256), the dataset's source (the
files it is read from: names, sizes and modification times, or the generator's version for a
rendered set) and the point set; a projection by its codes' key, the method and its parameters.
So new weights or changed data never reuse old maps, and nothing large is hashed to find them.
Files are written atomically; the folder keeps at most `AE_MAP_CACHE_MAX_MB` (default 2,000 MB),
dropping the least recently used entries first.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from .atomic import atomic_path
from .data import BUILTIN_DATASETS, DatasetError, ImageDataset, cache_dir, default_data_dir
from .latent_ops import encode_all
from .metrics import mse_per_image
from .model_data import load_split, parse_dataset_key, shown_images
from .models import Autoencoder
from .point_sets import POINT_SETS, SPLITS, PointSet, point_count
from .projections import Projector, fit_settings
from .sprites import SpriteSheets, sheets_of, thumbnails

MAX_MAP_POINTS = 200_000  # the most images one map shows (issue 23: every image of a user dataset up to this)
CACHE_MAX_ENV, CACHE_MAX_MB = "AE_MAP_CACHE_MAX_MB", 2000
ENCODE_BATCH = 1000
FORMAT_VERSION = 1  # bump when what is stored changes: old entries are then never read
Progress = Callable[[float, str], None]  # (share done in [0, 1], what is happening)


def _no_progress(done: float, what: str) -> None:
    """The default progress callback: report nothing."""


# --- which images --------------------------------------------------------------
def _concat(parts: list[ImageDataset]) -> ImageDataset:
    factors = None if parts[0].factors is None else torch.cat([p.factors for p in parts])
    return dataclasses.replace(parts[0], images=torch.cat([p.images for p in parts]),
                               labels=torch.cat([p.labels for p in parts]), factors=factors)


def _parts(key: str, points: PointSet) -> list[Callable[[], ImageDataset]]:
    """Loaders of the datasets a point set is made of, in point order (train, then test)."""
    if points not in POINT_SETS:
        raise DatasetError(f"Unknown point set {points!r}: choose one of {', '.join(POINT_SETS)}.")
    if points == "sample":
        return [lambda: shown_images(key)]
    return [functools.partial(load_split, key, split) for split in SPLITS[points]]


def _check_size(count: int) -> None:
    if count > MAX_MAP_POINTS:
        raise DatasetError(f"This set has {count:,} images or more; a map shows at most {MAX_MAP_POINTS:,}. "
                           "Choose the test split instead.")


def map_points(key: str, points: PointSet) -> ImageDataset:
    """The images of one point set of a `dataset_key`: the shipped `sample` (as every page shows
    it), the whole `test` split, or `all` (train + test, test last). Raises DatasetError when the
    data is not in the data folder (the sample always is) or the set has over `MAX_MAP_POINTS`."""
    parts = [load() for load in _parts(key, points)]
    data = parts[0] if len(parts) == 1 else _concat(parts)
    if points != "sample":
        _check_size(len(data))
    return data


def source_fingerprint(key: str) -> str:
    """What the images of a `dataset_key` are read from, cheaply: the files' names, sizes and
    modification times (a rendered set: its generator's version). Changes when the data does."""
    dataset, _ = parse_dataset_key(key)
    if dataset == "shapes":
        from .shapes import GENERATOR_VERSION

        return f"{key}|shapes-v{GENERATOR_VERSION}"
    if dataset == "digits":
        import sklearn

        return f"{key}|scikit-learn {sklearn.__version__}"
    root = default_data_dir() / dataset if dataset in BUILTIN_DATASETS else Path(dataset).expanduser()
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    stats = [(str(p.relative_to(root) if root.is_dir() else p.name), p.stat().st_size, p.stat().st_mtime_ns)
             for p in files if p.exists()]
    return f"{key}|{json.dumps(stats)}"


# --- codes and maps on disk --------------------------------------------------------
@dataclass(frozen=True)
class MapCodes:
    """The codes of one point set, with the labels (and factors) to colour them by."""

    key: str  # the cache key: projections of these codes are stored under it
    codes: np.ndarray  # (N, D) float32; VAEs: posterior means
    labels: np.ndarray  # (N,) int64
    factors: np.ndarray | None = None  # (N, K) int64 for known-factor datasets


@dataclass(frozen=True)
class MapPictures:
    """What hovering and selecting a map's points shows, in point order."""

    images: SpriteSheets  # each point's thumbnail, for the browser
    reconstructions: SpriteSheets  # its reconstruction's
    thumbnails: np.ndarray  # (N, h, w) or (N, h, w, 3) uint8: the images' tiles (memory-mapped from the cache)
    errors: np.ndarray  # (N,) float64: reconstruction error, MSE per pixel (`anomaly_scores(...)["mse"]`)


def cache_root() -> Path:
    return cache_dir("maps")


def cache_max_bytes() -> int:
    raw = os.environ.get(CACHE_MAX_ENV, "").strip()
    try:
        megabytes = float(raw) if raw else CACHE_MAX_MB
    except ValueError:
        raise DatasetError(f"{CACHE_MAX_ENV} must be a number of megabytes, not {raw!r}.") from None
    return int(megabytes * 1024 * 1024)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join((f"v{FORMAT_VERSION}", *parts)).encode("utf-8")).hexdigest()[:24]


def picture_points(model: Autoencoder, images: torch.Tensor,
                   progress: Progress = _no_progress) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One pass over `images` (N, C, H, W) in batches: (codes (N, D) float32, thumbnails of the images
    and of their reconstructions (uint8, `sprites.thumbnails`), errors (N,) float64). The error is
    the anomaly score `anomaly_scores` calls "mse": the same function of the same reconstruction,
    decode(encode(x)), computed once here for the codes, the thumbnails and the score together."""
    parts: dict[str, list[np.ndarray]] = {"codes": [], "thumbs": [], "recons": [], "errors": []}
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            for start in range(0, len(images), ENCODE_BATCH):
                x = images[start:start + ENCODE_BATCH].to(model.device)
                z = model.encode(x)
                x_hat = model.decode(z)
                parts["codes"].append(z.float().cpu().numpy())
                parts["errors"].append(mse_per_image(x_hat, x).double().cpu().numpy())
                parts["thumbs"].append(thumbnails(x.cpu()))
                parts["recons"].append(thumbnails(x_hat.cpu()))
                progress(min(1.0, (start + ENCODE_BATCH) / len(images)), "encoding and decoding")
    finally:
        model.train(was_training)
    return tuple(np.concatenate(parts[name]) for name in ("codes", "thumbs", "recons", "errors"))  # type: ignore[return-value]


def _picture_splits(model: Autoencoder, key: str, points: PointSet, progress: Progress) -> dict[str, np.ndarray]:
    """`picture_points` over the point set's splits, loaded one at a time (MNIST's train split is
    188 MB of floats: never both splits and their concatenation at once), and the labels (and
    factors): "codes", "thumbs", "recons", "errors", "labels" (, "factors"). Progress goes to 0.9."""
    progress(0.0, "loading the images")
    loaders = _parts(key, points)
    expected = point_count(key, points)  # for the progress; None: each split counts the same
    columns: dict[str, list[np.ndarray]] = {}
    seen = 0
    for k, load in enumerate(loaders):
        data = load()
        start, seen = seen, seen + len(data)
        if points != "sample":
            _check_size(seen)

        def report(done: float, what: str, start: int = start, n: int = len(data), k: int = k) -> None:
            share = (start + done * n) / expected if expected else (k + done) / len(loaders)
            progress(0.9 * min(share, 1.0), what)

        made = dict(zip(("codes", "thumbs", "recons", "errors"), picture_points(model, data.images, report),
                        strict=True))
        made["labels"] = data.labels.numpy().astype(np.int64)
        if data.factors is not None:
            made["factors"] = data.factors.numpy().astype(np.int64)
        del data
        for name, array in made.items():
            columns.setdefault(name, []).append(array)
    return {name: np.concatenate(parts) for name, parts in columns.items()}


def projection_file(method: str, dims: int, seed: int = 0) -> str:
    """The cache file of a map of the codes, named by everything it was made with."""
    settings = fit_settings(method)
    return f"{method}-{dims}d-seed{seed}{'-' + settings if settings else ''}.npz"


class MapStore:
    """Codes and projections on disk, one folder per set of codes (see the module docstring)."""

    def __init__(self, root: Path | None = None, max_bytes: int | None = None):
        self.root = root if root is not None else cache_root()
        self.max_bytes = max_bytes if max_bytes is not None else cache_max_bytes()

    def codes_key(self, model: Autoencoder, key: str, points: PointSet) -> str:
        weights = str(model.card.get("weights_sha256") or "unsaved")
        return _digest(weights, str(model.card.get("family")), source_fingerprint(key), points)

    def codes(self, model: Autoencoder, key: str, points: PointSet, progress: Progress = _no_progress) -> MapCodes:
        """The point set's codes: read from disk, else encoded (`progress` reports it) and stored."""
        cache_key = self.codes_key(model, key, points)
        path = self.root / cache_key / "codes.npz"
        stored = self._read(path)
        if stored is not None:
            progress(1.0, "read from the cache")
            return MapCodes(cache_key, stored["codes"], stored["labels"], stored.get("factors"))
        data = map_points(key, points)
        codes = encode_all(model, data.images, ENCODE_BATCH, lambda done: progress(done, "encoding"))
        arrays = {"codes": codes, "labels": data.labels.numpy().astype(np.int64)}
        if data.factors is not None:
            arrays["factors"] = data.factors.numpy().astype(np.int64)
        self._write(path, arrays)
        return MapCodes(cache_key, codes, arrays["labels"], arrays.get("factors"))

    def pictures(self, model: Autoencoder, key: str, points: PointSet,
                 progress: Progress = _no_progress) -> tuple[MapCodes, MapPictures]:
        """The point set's codes and pictures, read from disk, else made in one pass over the images
        (`picture_points`; `progress` reports it) and stored. The images are dropped when it returns:
        the thumbnails come back memory-mapped from the cache folder, so a 70,000-image set holds
        little memory once done."""
        cache_key = self.codes_key(model, key, points)
        folder = self.root / cache_key
        stored = self._read(folder / "codes.npz")
        pictures = self._read_pictures(folder)
        if stored is not None and pictures is not None and len(pictures.errors) == len(stored["codes"]):
            progress(1.0, "read from the cache")
            return MapCodes(cache_key, stored["codes"], stored["labels"], stored.get("factors")), pictures
        arrays = _picture_splits(model, key, points, progress)
        stored = {name: arrays[name] for name in ("codes", "labels", "factors") if name in arrays}
        self._write(folder / "codes.npz", stored)
        thumbs, errors = arrays["thumbs"], arrays["errors"]
        progress(0.9, "building the thumbnail sheets")
        pictures = MapPictures(sheets_of(thumbs), sheets_of(arrays.pop("recons")), thumbs, errors)
        self._write(folder / "pictures.npz", {"errors": errors, **pictures.images.arrays("images"),
                                              **pictures.reconstructions.arrays("reconstructions")})
        self._write(folder / "thumbnails.npy", thumbs)
        progress(1.0, "done")
        codes = MapCodes(cache_key, stored["codes"], stored["labels"], stored.get("factors"))
        return codes, self._read_pictures(folder) or pictures

    def _read_pictures(self, folder: Path) -> MapPictures | None:
        """The stored pictures; the thumbnails memory-mapped (safe, as files here are only ever
        replaced by a rename or removed, never rewritten in place)."""
        arrays = self._read(folder / "pictures.npz")
        try:
            thumbs = np.load(folder / "thumbnails.npy", mmap_mode="r", allow_pickle=False)
            if arrays is None or len(thumbs) != len(arrays["errors"]):
                return None
            return MapPictures(SpriteSheets.from_arrays(arrays, "images"),
                               SpriteSheets.from_arrays(arrays, "reconstructions"), thumbs, arrays["errors"])
        except (OSError, ValueError, EOFError, KeyError):  # missing or damaged: made again
            return None

    def projection(self, codes: MapCodes, method: str, dims: int = 2, seed: int = 0,
                   progress: Progress = _no_progress) -> np.ndarray:
        """(N, dims) map of the codes with `method` ("pca", "tsne", "umap"), stored beside them;
        `progress` gets t-SNE's and UMAP's stages ("neighbours", then "layout": `Projector.fit`)."""
        path = self.root / codes.key / projection_file(method, dims, seed)
        stored = self._read(path)
        if stored is not None and len(stored["embedding"]) == len(codes.codes):
            progress(1.0, "read from the cache")
            return stored["embedding"]
        projector = Projector(method, dims, seed).fit(codes.codes, progress=progress)  # "neighbours", "layout"
        embedding = projector.embedding_.astype(np.float32)
        self._write(path, {"embedding": embedding})
        progress(1.0, "done")
        return embedding

    def _read(self, path: Path) -> dict[str, np.ndarray] | None:
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
        except (OSError, ValueError, EOFError, KeyError):  # missing or damaged: computed again
            return None
        os.utime(path.parent)  # recently used: kept longest
        return arrays

    def _write(self, path: Path, arrays: dict[str, np.ndarray] | np.ndarray) -> None:
        """An .npz of `arrays`, or one array as an .npy (which can be memory-mapped, unlike an .npz's)."""
        try:
            with atomic_path(path) as tmp, open(tmp, "wb") as handle:
                if isinstance(arrays, dict):
                    np.savez(handle, **arrays)
                else:
                    np.save(handle, arrays, allow_pickle=False)
        except OSError:  # a read-only or full cache folder only means computing again next time
            return
        self.trim()

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.root.rglob("*") if p.is_file()) if self.root.is_dir() else 0

    def trim(self) -> None:
        """Remove the least recently used entries until the folder fits `max_bytes`."""
        if not self.root.is_dir():
            return
        entries = sorted((p for p in self.root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
        total = self.size_bytes()
        for entry in entries[:-1]:  # the newest entry stays, whatever its size
            if total <= self.max_bytes:
                break
            total -= sum(p.stat().st_size for p in entry.rglob("*") if p.is_file())
            shutil.rmtree(entry, ignore_errors=True)

