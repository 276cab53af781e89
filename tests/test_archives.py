"""ae_models.archives: safe extraction of a zip of images, its caps, and the refusals."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ae_models import archives
from ae_models.archives import ArchiveCaps, capped_chunks, extract_images, store_archive
from ae_models.data import DatasetError

MIB = 1 << 20


def png(colour: tuple[int, int, int], size: tuple[int, int] = (6, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_zip(path: Path, entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def patch_central_directory(path: Path, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of the (first) central directory header, e.g. the declared size."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02") + offset
    data[at:at + struct.calcsize(fmt)] = struct.pack(fmt, value)
    path.write_bytes(bytes(data))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_images_land_in_class_folders_and_the_rest_is_reported(tmp_path: Path):
    red, blue = png((255, 0, 0)), png((0, 0, 255))
    zip_path = make_zip(tmp_path / "pets.zip", {
        "pets/cats/1.png": red, "pets/cats/2.png": red, "pets/dogs/1.png": blue,
        "pets/dogs/notes.txt": b"hello", "pets/dogs/fake.png": b"not a picture",
        "pets/.DS_Store": b"x", "pets/cats/.hidden.png": red, "__MACOSX/pets/cats/._1.png": b"x",
    })
    report = extract_images(zip_path, tmp_path / "out" / "pets")
    assert report.images == 3 and report.classes == ("cats", "dogs")
    assert report.folder == tmp_path / "out" / "pets"
    assert sorted(str(p.relative_to(report.folder)) for p in report.folder.rglob("*") if p.is_file()) == [
        archives.REPORT_FILE, "cats/1.png", "cats/2.png", "dogs/1.png"]  # the common root "pets/" is dropped
    assert archives.read_report(report.folder) == report
    assert (report.folder / "dogs" / "1.png").read_bytes() == blue  # byte for byte: the colour stays
    assert dict(report.skipped) == {"pets/dogs/notes.txt": "type", "pets/dogs/fake.png": "unreadable"}
    assert leftovers(tmp_path / "out") == ["pets"]  # no temporary folder left behind


def test_images_at_the_top_have_no_class_and_backslash_names_are_folders(tmp_path: Path):
    flat = extract_images(make_zip(tmp_path / "flat.zip", {"a.png": png((1, 2, 3)), "b.jpg": png((4, 5, 6))}),
                          tmp_path / "flat")
    assert flat.images == 2 and flat.classes == () and flat.skipped == ()
    windows_zip = make_zip(tmp_path / "win.zip", {"cats\\1.png": png((1, 2, 3)), "dogs\\1.png": png((0,) * 3)})
    windows = extract_images(windows_zip, tmp_path / "win")
    assert windows.classes == ("cats", "dogs") and (tmp_path / "win" / "cats" / "1.png").is_file()


def test_unpack_extracts_once_per_archive_and_reads_the_report_back(tmp_path: Path):
    zip_path = make_zip(tmp_path / "x.zip", {"cats/1.png": png((1, 2, 3)), "dogs/1.png": png((3, 2, 1)),
                                             "read me.txt": b"hi"})
    first = archives.unpack(zip_path, tmp_path / "data")
    assert first.folder == archives.archive_folder(zip_path, tmp_path / "data")
    assert first.folder.parent == tmp_path / "data" / "archives" and first.classes == ("cats", "dogs")
    (first.folder / "cats" / "1.png").unlink()  # not extracted again: the folder is the cache
    assert archives.unpack(zip_path, tmp_path / "data") == first
    (first.folder / archives.REPORT_FILE).write_text("{")
    with pytest.raises(DatasetError, match="delete it and load the archive again"):
        archives.unpack(zip_path, tmp_path / "data")


@pytest.mark.parametrize("name", ["../evil.png", "cats/../../evil.png", "/etc/evil.png", "C:/evil.png",
                                  "C:evil.png", "..\\evil.png", "cats\\..\\..\\evil.png"])
def test_a_name_that_escapes_the_folder_refuses_the_archive(tmp_path: Path, name: str):
    zip_path = make_zip(tmp_path / "bad.zip", {"cats/1.png": png((9, 9, 9)), name: png((1, 1, 1))})
    with pytest.raises(DatasetError, match="points outside its folder") as err:
        extract_images(zip_path, tmp_path / "out" / "bad")
    assert repr(name) in str(err.value)
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil.png").exists()


def test_a_symlink_entry_refuses_the_archive(tmp_path: Path):
    link = zipfile.ZipInfo("cats/link.png")
    link.create_system = 3  # unix: the high 16 bits are the file mode
    link.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(tmp_path / "link.zip", "w") as archive:
        archive.writestr("cats/1.png", png((9, 9, 9)))
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(DatasetError, match="'cats/link.png' is a symbolic link"):
        extract_images(tmp_path / "link.zip", tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("data", [b"", b"just some text, not a zip", b"PK\x03\x04 truncated"])
def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path, data: bytes):
    (tmp_path / "x.zip").write_bytes(data)
    with pytest.raises(DatasetError, match="not a zip archive, or it is damaged"):
        extract_images(tmp_path / "x.zip", tmp_path / "out")


def test_a_damaged_entry_is_refused_and_nothing_is_left(tmp_path: Path):
    zip_path = make_zip(tmp_path / "crc.zip", {"cats/1.png": png((9, 9, 9))}, zipfile.ZIP_STORED)
    data = bytearray(zip_path.read_bytes())
    data[60] ^= 0xFF  # a byte of the stored picture: the CRC no longer matches
    zip_path.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match="damaged"):
        extract_images(zip_path, tmp_path / "out" / "crc")
    assert leftovers(tmp_path / "out") == []


def test_an_encrypted_entry_is_refused(tmp_path: Path):
    zip_path = make_zip(tmp_path / "secret.zip", {"cats/1.png": png((9, 9, 9))})
    patch_central_directory(zip_path, 8, "<H", 0x1)  # general purpose flag bit 0: encrypted
    with pytest.raises(DatasetError, match="encrypted"):
        extract_images(zip_path, tmp_path / "out")


def test_a_highly_compressible_big_entry_is_refused_as_a_bomb(tmp_path: Path):
    zip_path = make_zip(tmp_path / "bomb.zip", {"cats/1.png": png((9, 9, 9)), "cats/2.bmp": bytes(8 * MIB)})
    assert zip_path.stat().st_size < 50_000  # 8 MB of zeros deflate ≈ 1,000×
    with pytest.raises(DatasetError, match="zip bomb"):
        extract_images(zip_path, tmp_path / "out")
    assert leftovers(tmp_path) == ["bomb.zip"]  # refused from the central directory: nothing written


def test_the_default_caps_refuse_a_big_entry_and_a_big_total(tmp_path: Path):
    caps = ArchiveCaps()
    assert (caps.max_files, caps.max_total_bytes, caps.max_file_bytes) == (20_000, 1 << 30, 50 * MIB)
    big = make_zip(tmp_path / "big.zip", {"cats/1.bmp": bytes(caps.max_file_bytes + 1)})
    with pytest.raises(DatasetError, match="the limit is 50 MB per file"):
        extract_images(big, tmp_path / "out")
    random = np.random.default_rng(0).bytes(3 * MIB)  # incompressible, so only the total cap can object
    many = make_zip(tmp_path / "many.zip", {f"cats/{i}.png": random for i in range(4)}, zipfile.ZIP_STORED)
    with pytest.raises(DatasetError, match="more than 10 MB"):
        extract_images(many, tmp_path / "out", ArchiveCaps(max_total_bytes=10 * MIB))
    assert leftovers(tmp_path) == ["big.zip", "many.zip"]


def test_too_many_files_and_too_big_an_archive_are_refused(tmp_path: Path):
    zip_path = make_zip(tmp_path / "many.zip", {f"cats/{i}.png": png((i, i, i)) for i in range(6)})
    with pytest.raises(DatasetError, match="6 entries; the limit is 5 files"):
        extract_images(zip_path, tmp_path / "out", ArchiveCaps(max_files=5))
    with pytest.raises(DatasetError, match="archives of up to 0 MB"):
        extract_images(zip_path, tmp_path / "out", ArchiveCaps(max_archive_bytes=100))


def test_a_header_that_understates_a_size_does_not_get_past_the_cap(tmp_path: Path):
    zip_path = make_zip(tmp_path / "liar.zip", {"cats/1.bmp": np.random.default_rng(0).bytes(2 * MIB)})
    patch_central_directory(zip_path, 24, "<I", 1000)  # the uncompressed size it declares
    assert zipfile.ZipFile(zip_path).infolist()[0].file_size == 1000
    with pytest.raises(DatasetError, match="damaged"):  # zipfile stops at the declared 1,000 bytes: CRC error
        extract_images(zip_path, tmp_path / "out", ArchiveCaps(max_file_bytes=MIB))
    assert leftovers(tmp_path) == ["liar.zip"]


def test_the_streaming_counter_stops_at_the_declared_size_and_at_the_total():
    source = io.BytesIO(bytes(3 * MIB))
    with pytest.raises(DatasetError, match="more bytes than the archive declares"):
        b"".join(capped_chunks(source, "a.png", file_limit=2 * MIB, total_left=10 * MIB))
    with pytest.raises(DatasetError, match="total cap"):
        b"".join(capped_chunks(io.BytesIO(bytes(3 * MIB)), "a.png", file_limit=5 * MIB, total_left=MIB))
    assert len(b"".join(capped_chunks(io.BytesIO(bytes(3 * MIB)), "a.png", 3 * MIB, 3 * MIB))) == 3 * MIB


@pytest.mark.parametrize("entries", [{"a.txt": b"x", "b.csv": b"1,2"}, {"cats/1.png": b"fake"}, {}])
def test_an_archive_without_images_is_refused(tmp_path: Path, entries: dict[str, bytes]):
    with pytest.raises(DatasetError, match="holds no readable image"):
        extract_images(make_zip(tmp_path / "empty.zip", entries), tmp_path / "out" / "empty")
    assert leftovers(tmp_path / "out") == []


def test_images_over_the_pixel_limit_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(archives, "MAX_IMAGE_PIXELS", 30)
    report = extract_images(make_zip(tmp_path / "x.zip", {"small.png": png((1, 2, 3), (5, 5)),
                                                          "large.png": png((1, 2, 3), (8, 8))}), tmp_path / "out")
    assert report.images == 1 and report.skipped == (("large.png", "too_large"),)


def test_an_existing_destination_is_not_overwritten(tmp_path: Path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("keep")
    with pytest.raises(DatasetError, match="exists already"):
        extract_images(make_zip(tmp_path / "x.zip", {"a.png": png((1, 2, 3))}), tmp_path / "out")
    assert leftovers(tmp_path / "out") == ["mine.txt"]


def test_store_archive_keys_the_file_by_its_digest_and_keeps_its_stem(tmp_path: Path):
    data = make_zip(tmp_path / "x.zip", {"a.png": png((1, 2, 3))}).read_bytes()
    path = store_archive(data, "My Flowers (1).zip", data_dir=tmp_path / "data")
    assert path.parent.parent == tmp_path / "data" / "uploads" and len(path.parent.name) == 64
    assert path.name == "My-Flowers--1-.zip" and path.read_bytes() == data
    mtime = os.stat(path).st_mtime_ns
    assert store_archive(data, "My Flowers (1).zip", data_dir=tmp_path / "data") == path
    assert os.stat(path).st_mtime_ns == mtime  # stored once per content
    with pytest.raises(DatasetError, match="not a .zip archive"):
        store_archive(b"\x89PNG not a zip", "photo.zip", data_dir=tmp_path / "data")
    with pytest.raises(DatasetError, match="archives of up to"):
        store_archive(data, "x.zip", ArchiveCaps(max_archive_bytes=10), data_dir=tmp_path / "data")
    assert sorted(p.name for p in (tmp_path / "data" / "uploads").rglob("*.zip")) == [path.name]


def test_a_server_path_must_be_a_folder_zip_or_npz_and_its_fingerprint_follows_its_files(tmp_path: Path):
    folder = tmp_path / "pets"
    (folder / "cats").mkdir(parents=True)
    (folder / "cats" / "1.png").write_bytes(png((1, 2, 3)))
    path, before = archives.server_dataset(f"  {folder}  ")
    assert path == folder.resolve()
    assert archives.server_dataset(str(folder))[1] == before
    (folder / "cats" / "2.png").write_bytes(png((3, 2, 1)))
    os.utime(folder / "cats", ns=(1, 1))  # a new mtime even on a coarse clock
    assert archives.server_dataset(str(folder))[1] != before
    with pytest.raises(DatasetError, match="more than 1 files"):
        archives.server_dataset(str(folder), ArchiveCaps(max_files=1))
    with pytest.raises(DatasetError, match="server's disk"):
        archives.server_dataset(str(tmp_path / "missing"))
    with pytest.raises(DatasetError, match="neither a .zip nor an .npz"):
        archives.server_dataset(str(folder / "cats" / "1.png"))
    npz = tmp_path / "set.npz"
    np.savez(npz, images=np.zeros((2, 4, 4), np.uint8))
    assert archives.server_dataset(str(npz))[0] == npz.resolve()
    with pytest.raises(DatasetError, match="files of up to"):
        archives.server_dataset(str(npz), ArchiveCaps(max_total_bytes=10))
