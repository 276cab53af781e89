"""Whole-dataset maps: the point sets, codes and projections computed once and read back from
disk, keys that change with the weights and the data, progress, a damaged file, the size cap."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from ae_models import build_model
from ae_models import map_store as ms
from ae_models import point_sets as ps
from ae_models.data import DatasetError
from ae_models.projections import Projector


@pytest.fixture
def model():
    torch.manual_seed(0)
    net = build_model("ae", image_shape=(1, 8, 8), latent_dim=3).eval()
    net.card = {"weights_sha256": "a" * 64, "family": "ae"}
    return net


def test_point_sets_are_the_sample_the_test_split_and_everything():
    sample, test, every = (ms.map_points("digits", points) for points in ("sample", "test", "all"))
    assert len(sample) == len(test) == 360 and len(every) == 1797  # digits' sample is its test split
    assert torch.equal(every.images[-360:], test.images)  # test last
    with pytest.raises(DatasetError, match="Unknown point set"):
        ms.map_points("digits", "half")


def test_a_set_over_the_cap_is_refused_with_the_cap(monkeypatch):
    monkeypatch.setattr(ms, "MAX_MAP_POINTS", 1000)
    with pytest.raises(DatasetError, match="at most 1,000"):
        ms.map_points("digits", "all")


def test_missing_data_says_so_instead_of_downloading():
    with pytest.raises(DatasetError):
        ms.map_points("mnist", "all")  # the tests' data folder is empty


def test_codes_are_encoded_once_then_read_back(model, monkeypatch, tmp_path):
    calls, seen = [], []
    encode = ms.encode_all
    monkeypatch.setattr(ms, "encode_all", lambda *a, **k: calls.append(1) or encode(*a, **k))
    store = ms.MapStore(tmp_path)
    first = store.codes(model, "digits", "all", progress=lambda done, what: seen.append((done, what)))
    again = ms.MapStore(tmp_path).codes(model, "digits", "all")  # a new store: as after a restart
    assert len(calls) == 1 and np.array_equal(first.codes, again.codes) and first.key == again.key
    assert first.codes.shape == (1797, 3) and np.array_equal(first.labels, again.labels)
    assert seen[-1][0] == 1.0 and all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    with torch.no_grad():
        np.testing.assert_allclose(first.codes[:5], model.encode(ms.map_points("digits", "all").images[:5]).numpy(),
                                   atol=1e-6)


def test_keys_change_with_weights_points_and_data(model, tmp_path):
    store = ms.MapStore(tmp_path)
    base = store.codes_key(model, "digits", "all")
    assert store.codes_key(model, "digits", "test") != base
    model.card = {**model.card, "weights_sha256": "b" * 64}
    assert store.codes_key(model, "digits", "all") != base
    folder = tmp_path / "imgs"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"x")
    before = ms.source_fingerprint(str(folder))
    (folder / "b.png").write_bytes(b"yy")
    assert ms.source_fingerprint(str(folder)) != before


@pytest.fixture
def fits(monkeypatch) -> list[str]:
    """The methods `Projector.fit` is called with, in order (the fits still run)."""
    called: list[str] = []
    fit = Projector.fit
    monkeypatch.setattr(Projector, "fit", lambda self, *a, **k: called.append(self.method) or fit(self, *a, **k))
    return called


def test_projections_are_fitted_once_per_method(model, fits, tmp_path):
    store = ms.MapStore(tmp_path)
    codes = store.codes(model, "digits", "test")
    pca = store.projection(codes, "pca")
    assert np.array_equal(store.projection(codes, "pca"), pca) and fits == ["pca"]
    shares = []
    tsne = store.projection(codes, "tsne", progress=lambda done, what: shares.append(done))
    assert tsne.shape == (360, 2) and fits == ["pca", "tsne"]
    assert len(shares) > 5 and shares[-1] == 1.0  # t-SNE reports its iterations


def test_a_map_made_with_other_fit_settings_is_not_read_back(model, fits, monkeypatch, tmp_path):
    import ae_models.projections as projections

    store = ms.MapStore(tmp_path)
    codes = store.codes(model, "digits", "test")
    store.projection(codes, "tsne")
    store.projection(codes, "tsne")
    monkeypatch.setattr(projections, "TSNE_ITER", projections.TSNE_ITER + 50)  # e.g. a release that iterates longer
    store.projection(codes, "tsne")
    assert fits == ["tsne", "tsne"]  # read back once, fitted again under the new settings
    assert len(list((tmp_path / codes.key).glob("tsne-2d-seed0-*.npz"))) == 2


def test_a_damaged_file_is_computed_again(model, tmp_path):
    store = ms.MapStore(tmp_path)
    codes = store.codes(model, "digits", "test")
    (tmp_path / codes.key / "codes.npz").write_bytes(b"not a zip")
    again = store.codes(model, "digits", "test")
    assert np.array_equal(again.codes, codes.codes)


def test_the_cache_keeps_within_its_cap_dropping_the_oldest(model, tmp_path):
    store = ms.MapStore(tmp_path, max_bytes=30_000)
    first = store.codes(model, "digits", "all")  # ≈ 36 kB: over the cap, but the newest stays
    second = store.codes(model, "digits", "test")
    assert not (tmp_path / first.key).exists() and (tmp_path / second.key).exists()
    assert store.size_bytes() <= 30_000


def test_factors_travel_with_the_codes(tmp_path):
    torch.manual_seed(0)
    net = build_model("conv_ae", image_shape=(3, 64, 64), latent_dim=4, channels=(4, 8), dense=16).eval()
    net.card = {"weights_sha256": "c" * 64, "family": "conv_ae"}
    codes = ms.MapStore(tmp_path).codes(net, "shapes", "sample")
    again = ms.MapStore(tmp_path).codes(net, "shapes", "sample")
    assert codes.factors.shape == (5000, 7) and np.array_equal(again.factors, codes.factors)


def test_point_sets_say_what_they_miss_and_how_many_they_hold(monkeypatch, tmp_path):
    assert ps.missing_data("digits", "all") is None and ps.missing_data("mnist", "sample") is None
    missing = ps.missing_data("mnist", "test")  # the tests' data folder is empty
    assert missing.command == "python -m ae_models.data download mnist" and missing.folder.name == "mnist"
    assert ps.missing_data(str(tmp_path / "gone.npz"), "all") == ps.MissingData(tmp_path / "gone.npz")
    assert ps.point_count("digits", "all") == 1797 and ps.point_count("mnist", "all") is None
    from ae_models.samples import load_sample

    assert ps.sample_size("mnist") == len(load_sample("mnist").labels) == 5000 and ps.sample_size("shapes") == 5000
    assert ps.sample_size("digits") == len(load_sample("digits").labels)
    from ae_models.idx import write_idx

    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path))
    (tmp_path / "mnist").mkdir()
    for split, n in (("train", 7), ("t10k", 3)):  # labels files: only their header is read
        for part in ("images", "labels"):
            shape = (n, 2, 2) if part == "images" else (n,)
            write_idx(tmp_path / "mnist" / f"{split}-{part}-idx{len(shape) if part == 'labels' else 3}-ubyte.gz",
                      np.zeros(shape))
    assert ps.missing_data("mnist", "all") is None
    assert ps.point_count("mnist", "test") == 3 and ps.point_count("mnist", "all") == 10


def test_pictures_are_made_in_one_pass_and_read_back(model, monkeypatch, tmp_path):
    from ae_models.anomaly import anomaly_scores
    from ae_models.sprites import thumbnails

    passes, seen = [], []
    one_pass = ms.picture_points
    monkeypatch.setattr(ms, "picture_points", lambda *a, **k: passes.append(1) or one_pass(*a, **k))
    codes, pictures = ms.MapStore(tmp_path).pictures(model, "digits", "all", progress=lambda d, w: seen.append(d))
    images = ms.map_points("digits", "all").images
    assert np.array_equal(pictures.thumbnails, thumbnails(images)) and pictures.images.count == 1797
    np.testing.assert_allclose(pictures.errors, anomaly_scores(model, images)["mse"], rtol=1e-6)  # the same score
    assert np.array_equal(codes.codes, ms.MapStore(tmp_path).codes(model, "digits", "all").codes)
    assert seen[-1] == 1.0 and all(a <= b for a, b in zip(seen, seen[1:], strict=False))
    again_codes, again = ms.MapStore(tmp_path).pictures(model, "digits", "all")  # as after a restart
    assert len(passes) == 2 and isinstance(again.thumbnails, np.memmap)  # a pass per split; then not in memory
    assert again.images == pictures.images and again.reconstructions == pictures.reconstructions
    assert np.array_equal(again_codes.labels, codes.labels)


def test_damaged_pictures_are_made_again(model, tmp_path):
    store = ms.MapStore(tmp_path)
    codes, pictures = store.pictures(model, "digits", "test")
    damaged = tmp_path / codes.key / "thumbnails.npy"
    damaged.unlink()  # a new file, as any writer but a crash would leave it: the old one is memory-mapped
    damaged.write_bytes(b"broken")
    _, again = store.pictures(model, "digits", "test")
    assert np.array_equal(again.thumbnails, pictures.thumbnails)


def test_a_read_only_cache_still_gives_the_pictures(model, monkeypatch, tmp_path):
    monkeypatch.setattr(ms.MapStore, "_write", lambda self, path, arrays: None)
    codes, pictures = ms.MapStore(tmp_path).pictures(model, "digits", "test")
    assert len(codes.codes) == len(pictures.errors) == len(pictures.thumbnails) == 360
