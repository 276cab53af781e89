"""Safe extraction of a user's `.zip` of images (sub-folders = classes) into a folder.

    report = unpack(Path("flowers.zip"))   # once per archive, into <data folder>/archives/<sha256>/
    report.images, report.classes, report.skipped   # 1200, ("daisy", "rose"), (("notes.txt", "…"),)
    report = extract_images(Path("flowers.zip"), Path("somewhere/new"))   # the same, into a chosen folder

Every entry is checked against the zip's central directory before anything is written: a name that
would land outside the folder (`..`, an absolute path, a drive letter, a symlink) refuses the whole
archive, and so do the caps (`ArchiveCaps`: file count, total and per-file uncompressed size, the
per-entry compression ratio of a zip bomb). Bytes are counted again while they stream out, so a
header that under-states a size cannot get past a cap. Entries that are not images (by suffix, or
because Pillow cannot identify them) are skipped and reported; `__MACOSX/` and dotfiles are
ignored. The images go into a temporary sibling folder that is renamed onto `dest` at the end, so
`dest` is either complete or absent; the report is kept beside them (a hidden file, `read_report`).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .atomic import atomic_write_bytes
from .data import IMAGE_SUFFIXES, MAX_IMAGE_PIXELS, DatasetError, default_data_dir
from .hashing import file_digest

MIB = 1 << 20
REPORT_FILE = ".archive-report.json"
CHUNK = MIB  # bytes copied per read while streaming an entry out


@dataclass(frozen=True)
class ArchiveCaps:
    """Limits on what one archive may unpack to; each refuses the archive with a message.

    Why these: 20,000 colour images at 64×64 are already 1 GB as float32 in memory (at 128×128,
    4 GB); 50 MB holds an uncompressed 4096×4096 RGB BMP (48 MiB), the largest image the decoder
    takes (`data.MAX_IMAGE_PIXELS`); 1 GiB unpacked and a 200 MB upload are ample for such sets of
    PNG/JPEG files (≈ 3–30 KB each at 64–128 px) and small enough for one server's disk and memory.
    """

    max_files: int = 20_000  # entries of any kind (a million tiny entries is a bomb too)
    max_total_bytes: int = 1 << 30  # 1 GiB uncompressed, all entries together
    max_file_bytes: int = 50 * MIB  # one entry, uncompressed
    max_archive_bytes: int = 200 * MIB  # the .zip itself (the upload cap)
    # Measured on scikit-learn's sample photos: PNG and JPEG deflate 1.0×, BMP/TIFF 1.5–1.6×; a flat
    # 512×512 BMP drawing 730× (deflate's maximum is ≈ 1,030×, which bombs use). Small entries may
    # compress any amount: the total cap bounds them.
    max_ratio: float = 100.0
    ratio_floor_bytes: int = MIB


@dataclass(frozen=True)
class ArchiveReport:
    """What `extract_images` wrote: `images` files in `folder`, with these class sub-folders."""

    folder: Path
    images: int
    classes: tuple[str, ...]  # the top-level folders holding images, sorted; () when all lie at the top
    # (entry name, why) of the entries left out, why = "type" (not an image suffix), "unreadable" (Pillow
    # cannot identify it), "too_large" (over `data.MAX_IMAGE_PIXELS`) or "duplicate" (a name seen before)
    skipped: tuple[tuple[str, str], ...]


def unpack(zip_path: Path, data_dir: Path | None = None, caps: ArchiveCaps = ArchiveCaps()) -> ArchiveReport:
    """Extract `zip_path` once into `archive_folder(zip_path)` and return its report (read back
    from the folder when it was unpacked before)."""
    dest = archive_folder(zip_path, data_dir)
    if not dest.is_dir():
        try:
            extract_images(zip_path, dest, caps)
        except DatasetError:
            if not dest.is_dir():  # else another session has just unpacked the same archive
                raise
    return read_report(dest)


def archive_folder(zip_path: Path, data_dir: Path | None = None) -> Path:
    """Where `unpack` puts the images of `zip_path`: `<data folder>/archives/<SHA-256 of the zip>`."""
    return (data_dir or default_data_dir()) / "archives" / file_digest(zip_path, "sha256")


def read_report(folder: Path) -> ArchiveReport:
    """The report `extract_images` left in `folder` (a hidden file, which folder loaders skip)."""
    try:
        saved = json.loads((folder / REPORT_FILE).read_text(encoding="utf-8"))
        return ArchiveReport(folder, int(saved["images"]), tuple(saved["classes"]),
                             tuple((str(name), str(why)) for name, why in saved["skipped"]))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DatasetError(f"{folder} was not unpacked completely ({err}); delete it and load the archive "
                           "again.") from err


def extract_images(zip_path: Path, dest: Path, caps: ArchiveCaps = ArchiveCaps()) -> ArchiveReport:
    """Extract the images of `zip_path` into the new folder `dest` (see the module docstring).

    A single folder holding everything (a zip of `flowers/`) is dropped, so its sub-folders are the
    classes. Raises DatasetError for a file that is not a zip or is damaged, an encrypted entry,
    an unsafe name, a cap exceeded, or an archive without a readable image.
    """
    zip_path, dest = Path(zip_path), Path(dest)
    if dest.exists():
        raise DatasetError(f"{dest} exists already: extract into a new folder.")
    if zip_path.stat().st_size > caps.max_archive_bytes:
        raise DatasetError(f"{zip_path.name} is {zip_path.stat().st_size / MIB:,.0f} MB; archives of up to "
                           f"{caps.max_archive_bytes / MIB:,.0f} MB are accepted. Split it or use fewer images.")
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = _checked_members(archive, caps)
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
            try:
                report = _extract(archive, members, tmp, dest, caps)
                _move_into_place(tmp, dest)
            except OSError as err:
                raise DatasetError(f"Could not unpack {zip_path.name} into {dest.parent} ({err}).") from err
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    except zipfile.BadZipFile as err:
        raise DatasetError(f"{zip_path.name} is not a zip archive, or it is damaged ({err}). Make a new .zip of "
                           "the image folder and try again.") from err
    return report


def _move_into_place(tmp: Path, dest: Path) -> None:
    """Rename the finished `tmp` folder onto `dest`; a `dest` that appeared meanwhile is another
    extraction of the same archive that finished first, and is kept."""
    try:
        os.replace(tmp, dest)
    except OSError:
        if not dest.is_dir():
            raise


def _checked_members(archive: zipfile.ZipFile, caps: ArchiveCaps) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """The entries to extract with their safe relative paths, after checking every entry's name
    and the caps against the central directory (nothing is read or written yet)."""
    infos = archive.infolist()
    if len(infos) > caps.max_files:
        raise DatasetError(f"The archive has {len(infos):,} entries; the limit is {caps.max_files:,} files.")
    total = 0
    members = []
    for info in infos:
        path = safe_member_path(info)
        if info.flag_bits & 0x1:
            raise DatasetError(f"{info.filename!r} in the archive is encrypted: make a zip without a password.")
        if info.file_size > caps.max_file_bytes:
            raise DatasetError(f"{info.filename!r} unpacks to {info.file_size / MIB:,.0f} MB; the limit is "
                               f"{caps.max_file_bytes / MIB:,.0f} MB per file.")
        if info.file_size >= caps.ratio_floor_bytes and info.file_size > caps.max_ratio * max(info.compress_size, 1):
            raise DatasetError(f"{info.filename!r} is compressed {info.file_size / max(info.compress_size, 1):,.0f}×; "
                               f"images never compress more than {caps.max_ratio:.0f}×, so this archive looks like "
                               "a zip bomb and is refused.")
        total += info.file_size
        if total > caps.max_total_bytes:
            raise DatasetError(f"The archive unpacks to more than {caps.max_total_bytes / MIB:,.0f} MB; use fewer "
                               "or smaller images.")
        if path is not None:
            members.append((info, path))
    return _drop_common_root(members)


def safe_member_path(info: zipfile.ZipInfo) -> PurePosixPath | None:
    """The entry's relative path, or None for what is ignored (folders, `__MACOSX/`, dotfiles).

    Raises DatasetError naming the entry when its name could escape the folder (`..`, absolute,
    a drive letter, a backslash path that does either) or when it is a symbolic link.
    """
    name = info.filename.replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    unsafe = name.startswith("/") or ".." in parts or (parts and len(parts[0]) >= 2 and parts[0][1] == ":")
    if unsafe:
        raise DatasetError(f"The archive entry {info.filename!r} points outside its folder, so the archive is "
                           "refused. Make the zip from inside the image folder.")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise DatasetError(f"The archive entry {info.filename!r} is a symbolic link, so the archive is refused. "
                           "Zip the images themselves.")
    if info.is_dir() or not parts or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts):
        return None
    return PurePosixPath(*parts)


def _drop_common_root(members: list[tuple[zipfile.ZipInfo, PurePosixPath]]
                      ) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Strip a folder that holds every entry (`flowers/daisy/1.png` → `daisy/1.png`)."""
    roots = {path.parts[0] for _, path in members}
    if len(roots) == 1 and all(len(path.parts) > 1 for _, path in members):
        return [(info, PurePosixPath(*path.parts[1:])) for info, path in members]
    return members


def _extract(archive: zipfile.ZipFile, members: list[tuple[zipfile.ZipInfo, PurePosixPath]], tmp: Path,
             dest: Path, caps: ArchiveCaps) -> ArchiveReport:
    """Stream the image entries into `tmp`; the report names `dest`, where `tmp` will be moved."""
    written = 0
    kept: set[PurePosixPath] = set()
    skipped: list[tuple[str, str]] = []
    for info, path in members:
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            skipped.append((info.filename, "type"))
            continue
        if path in kept:
            skipped.append((info.filename, "duplicate"))
            continue
        target = tmp.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with archive.open(info) as source, open(target, "wb") as out:
                for chunk in capped_chunks(source, info.filename, min(info.file_size, caps.max_file_bytes),
                                           caps.max_total_bytes - written):
                    out.write(chunk)
                    written += len(chunk)
        except DatasetError:
            raise
        except (RuntimeError, NotImplementedError) as err:  # zipfile's "encrypted" / unknown compression
            raise DatasetError(f"{info.filename!r} in the archive cannot be unpacked ({err}).") from err
        why = _not_an_image(target)
        if why:
            target.unlink()
            skipped.append((info.filename, why))
        else:
            kept.add(path)
    if not kept:
        raise DatasetError(f"The archive holds no readable image ({', '.join(IMAGE_SUFFIXES)})." +
                           (f" It has {len(skipped):,} other file(s), e.g. {skipped[0][0]!r}." if skipped else ""))
    classes = tuple(sorted({p.parts[0] for p in kept if len(p.parts) > 1}))
    report = ArchiveReport(dest, len(kept), classes, tuple(skipped))
    report_json = {"images": report.images, "classes": report.classes, "skipped": report.skipped}
    (tmp / REPORT_FILE).write_text(json.dumps(report_json, ensure_ascii=False), encoding="utf-8")
    return report


def capped_chunks(source: BinaryIO, name: str, file_limit: int, total_left: int) -> Iterator[bytes]:
    """The bytes of `source` in chunks, raising DatasetError once more than `file_limit` bytes (what
    the header declared, at most the per-file cap) or `total_left` (what the total cap leaves) came."""
    count = 0
    while chunk := source.read(CHUNK):
        count += len(chunk)
        if count > file_limit:
            raise DatasetError(f"{name!r} unpacks to more bytes than the archive declares or the cap allows "
                               f"({file_limit / MIB:,.1f} MB): the archive is refused.")
        if count > total_left:
            raise DatasetError(f"The archive unpacks to more than its total cap allows at {name!r}: use fewer or "
                               "smaller images.")
        yield chunk


def _not_an_image(path: Path) -> str | None:
    """Why `path` is skipped ("unreadable" by Pillow, or "too_large": over `MAX_IMAGE_PIXELS`), or
    None when it is an image; reads the header only."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "unreadable"
    if width * height > MAX_IMAGE_PIXELS:
        return "too_large"
    return None


def store_archive(data: bytes, filename: str, caps: ArchiveCaps = ArchiveCaps(),
                  data_dir: Path | None = None) -> Path:
    """Save uploaded zip bytes as `<data folder>/uploads/<sha256>/<stem>.zip` (atomically, once per
    content) and return that path: the file's digest keys everything computed from it, and its
    stem stays the dataset's display name. Raises DatasetError when it is too big or not a zip."""
    if len(data) > caps.max_archive_bytes:
        raise DatasetError(f"{filename} is {len(data) / MIB:,.0f} MB; archives of up to "
                           f"{caps.max_archive_bytes / MIB:,.0f} MB are accepted.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DatasetError(f"{filename} is not a .zip archive. Zip the image folder (sub-folders = classes) "
                           "and upload the .zip.")
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in PurePosixPath(filename.replace("\\", "/")).stem)
    target = (data_dir or default_data_dir()) / "uploads" / hashlib.sha256(data).hexdigest() / f"{stem or 'images'}.zip"
    if not target.is_file():
        atomic_write_bytes(target, data)
    return target


def server_dataset(text: str, caps: ArchiveCaps = ArchiveCaps()) -> tuple[Path, str]:
    """A dataset path typed for the server's own disk (a folder of images, a `.zip` or an `.npz`)
    and a fingerprint of it that changes when files are added, removed or renamed (the sizes and
    modification times of the file, or of the folder and each of its sub-folders).

    A folder is walked with a bound (`caps.max_files` files), so a slip such as `/` fails quickly;
    a file over `caps.max_total_bytes` is refused. Raises DatasetError saying what to type.
    """
    path = Path(text.strip()).expanduser()
    if path.is_file():
        if path.suffix.lower() not in (".zip", ".npz"):
            raise DatasetError(f"{path.name} is neither a .zip nor an .npz file: give a folder of images, a .zip of "
                               "one, or an .npz.")
        size = path.stat().st_size
        if size > caps.max_total_bytes:
            raise DatasetError(f"{path.name} is {size / MIB:,.0f} MB; files of up to {caps.max_total_bytes / MIB:,.0f} "
                               "MB are accepted.")
        return path.resolve(), f"{size}-{path.stat().st_mtime_ns}"
    if not path.is_dir():
        raise DatasetError(f"Nothing called {text.strip()!r} exists on the server's disk. Give the full path of a "
                           "folder, .zip or .npz there (a file on your own computer: upload it as a .zip instead).")
    files, stamp = 0, hashlib.sha256()
    for folder, _, names in os.walk(path):
        files += len(names)
        if files > caps.max_files:
            raise DatasetError(f"{path} holds more than {caps.max_files:,} files: give the folder of one dataset.")
        stamp.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode("utf-8", "replace"))
    return path.resolve(), stamp.hexdigest()[:16]
