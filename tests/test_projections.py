"""ae_models.projections (Projector, faithfulness, pca_plane_grid) and ae_models.latent_map
(raw map, latent neighbours, export)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from ae_models.latent_map import LatentNeighbours, RawProjector, export_columns, export_csv, export_npy
from ae_models.projections import (
    LAYOUT_FROM,
    EpochStream,
    Projector,
    faithfulness,
    import_umap,
    neighbourhood_kept,
    pca_plane_grid,
)


@pytest.fixture
def latents() -> np.ndarray:
    return np.random.default_rng(0).normal(size=(300, 6))


def planar(n: int = 200, d: int = 6, rank: int = 2, seed: int = 1) -> np.ndarray:
    """Points on a `rank`-D affine subspace of R^d."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, rank)) @ rng.normal(size=(rank, d)) + rng.normal(size=d)


# --- PCA: exact inverse -------------------------------------------------------------------------
@pytest.mark.parametrize("dims", [2, 3])
def test_pca_inverse_round_trips_on_its_plane(dims: int) -> None:
    points = planar(rank=dims)
    projector = Projector("pca", dims).fit(points)
    assert projector.exact_inverse
    np.testing.assert_allclose(projector.inverse_transform(projector.embedding_), points, atol=1e-8)


def test_pca_map_position_round_trips(latents: np.ndarray) -> None:
    projector = Projector("pca", 2).fit(latents)
    spots = np.random.default_rng(2).normal(size=(20, 2))
    np.testing.assert_allclose(projector.transform(projector.inverse_transform(spots)), spots, atol=1e-8)


# --- t-SNE/UMAP: nearest-neighbour inverse -------------------------------------------------------
@pytest.mark.parametrize("method", ["tsne", "umap"])
def test_knn_inverse_gives_a_code_back_at_its_own_position(latents: np.ndarray, method: str) -> None:
    embedding = np.random.default_rng(3).normal(size=(len(latents), 2))  # a stored map, no fitting
    projector = Projector(method, 2).fit(latents, embedding=embedding)  # type: ignore[arg-type]
    assert not projector.exact_inverse
    picked = [0, 17, 299]
    np.testing.assert_array_equal(projector.inverse_transform(embedding[picked]), latents[picked])


def test_knn_inverse_between_points_stays_among_their_codes(latents: np.ndarray) -> None:
    embedding = np.random.default_rng(4).normal(size=(len(latents), 2))
    projector = Projector("tsne", 2, inverse_neighbors=2).fit(latents, embedding=embedding)
    a, b = embedding[0], embedding[1]
    z = projector.inverse_transform((a + b) / 2)[0]
    assert np.all(z >= latents.min(0) - 1e-9) and np.all(z <= latents.max(0) + 1e-9)



# --- 3-D and small latents -----------------------------------------------------------------------
def test_projector_3d(latents: np.ndarray) -> None:
    projector = Projector("pca", 3).fit(latents)
    assert projector.embedding_.shape == (300, 3)
    assert projector.transform(latents[:5]).shape == (5, 3)
    assert projector.inverse_transform(projector.embedding_[:5]).shape == (5, 6)


def test_a_latent_smaller_than_the_map_is_padded_with_zeros() -> None:
    small = np.random.default_rng(5).normal(size=(50, 2))
    projector = Projector("tsne", 3).fit(small)
    assert projector.embedding_.shape == (50, 3)
    np.testing.assert_array_equal(projector.embedding_[:, 2], 0.0)


@pytest.mark.parametrize(("method", "dims"), [("kmeans", 2), ("pca", 4)])
def test_bad_arguments_are_refused(method: str, dims: int) -> None:
    with pytest.raises(ValueError):
        Projector(method, dims)  # type: ignore[arg-type]


def test_distance_to_data_is_zero_on_the_data(latents: np.ndarray) -> None:
    projector = Projector("pca", 2).fit(latents)
    np.testing.assert_allclose(projector.distance_to_data(latents[:10]), 0.0, atol=1e-12)
    assert projector.distance_to_data(latents[:1] + 100.0)[0] > 90.0


# --- faithfulness ---------------------------------------------------------------------------------
def test_a_perfect_embedding_is_fully_faithful(latents: np.ndarray) -> None:
    scores = faithfulness(latents, 3.0 * latents + 1.0)  # a similarity keeps every neighbourhood
    assert scores == pytest.approx({"trustworthiness": 1.0, "neighbourhood_kept": 1.0})


def test_a_shuffled_embedding_is_not(latents: np.ndarray) -> None:
    shuffled = np.random.default_rng(6).permutation(latents)
    assert neighbourhood_kept(latents, shuffled) < 0.2
    assert faithfulness(latents, shuffled)["trustworthiness"] < 0.7


def test_faithfulness_subsamples_large_inputs() -> None:
    big = np.random.default_rng(7).normal(size=(500, 4))
    assert faithfulness(big, big, max_points=100)["trustworthiness"] == pytest.approx(1.0)


# --- decoded grid -------------------------------------------------------------------------------
def test_pca_plane_grid_decodes_every_cell(latents: np.ndarray) -> None:
    projector = Projector("pca", 2).fit(latents)
    centres, images = pca_plane_grid(projector, lambda z: np.zeros((len(z), 8, 8)), steps=5)
    assert centres.shape == (25, 2) and images.shape == (25, 8, 8)
    assert centres[0, 1] == centres[4, 1] and centres[0, 0] < centres[1, 0]  # rows run along x


# --- progress of a fit ------------------------------------------------------------------------------
class Stop(Exception):
    """What a cancelled job's progress callback raises."""


def test_the_epoch_stream_reports_the_bars_counts_and_stops_after_a_raise() -> None:
    shares = []
    stream = EpochStream(shares.append)
    stream.write("\r0/200")
    stream.write("\r50/200")
    assert shares == [0.0, 0.25]

    def stop(share: float) -> None:
        raise Stop

    stopping = EpochStream(stop)
    with pytest.raises(Stop):
        stopping.write("1/200")
    assert stopping.write("200/200") == len("200/200")  # the bar closing: dropped, not raised again


def test_umap_is_imported_with_numba_caching_what_it_compiles() -> None:
    import numba

    plain = numba.njit
    umap = import_umap()
    assert numba.njit is plain  # only the import was patched
    # umap-learn's own decorator asks for no cache: without the patch this is a NullCache (compiled anew per process)
    assert type(umap.umap_.smooth_knn_dist._cache).__name__ == "FunctionCache"


@pytest.mark.slow
def test_umap_fits_on_exact_neighbours_and_places_codes_by_them(latents: np.ndarray, monkeypatch) -> None:
    umap = import_umap()
    given = {}
    fit_transform = umap.UMAP.fit_transform

    def spy(self, X, *args, **kwargs):
        given["knn"] = self.precomputed_knn
        return fit_transform(self, X, *args, **kwargs)

    monkeypatch.setattr(umap.UMAP, "fit_transform", spy)
    projector = Projector("umap").fit(latents)
    index, distances = given["knn"][:2]
    exact = NearestNeighbors(n_neighbors=15).fit(latents).kneighbors(latents)
    np.testing.assert_array_equal(index, exact[1])  # scikit-learn's exact neighbours, not NN-descent's
    assert np.isfinite(projector.embedding_).all() and projector.embedding_.shape == (len(latents), 2)
    np.testing.assert_allclose(projector.transform(latents[:5]), projector.embedding_[:5])  # a known code: its spot


@pytest.mark.slow
def test_umap_reports_its_stages_every_epoch_and_a_raise_ends_the_fit(latents: np.ndarray) -> None:
    stages: list[tuple[float, str]] = []
    Projector("umap").fit(latents, progress=lambda share, stage: stages.append((share, stage)))
    assert stages[0] == (0.0, "neighbours")
    layout = [share for share, stage in stages if stage == "layout"]
    assert len(layout) >= 200 and layout == sorted(layout) and layout[0] == LAYOUT_FROM and layout[-1] == 1.0

    def cancel(share: float, stage: str) -> None:
        if share > 0.5:
            raise Stop

    with pytest.raises(Stop):
        Projector("umap").fit(latents, progress=cancel)


# --- raw latent map, neighbours, export ----------------------------------------------------------
def test_raw_projector_is_the_identity() -> None:
    codes = np.random.default_rng(8).normal(size=(40, 2))
    projector = RawProjector().fit(codes)
    np.testing.assert_array_equal(projector.embedding_, codes)
    assert projector.exact_inverse
    np.testing.assert_array_equal(projector.inverse_transform([[0.5, -1.0]]), [[0.5, -1.0]])
    assert projector.distance_to_data(codes[:3]) == pytest.approx([0, 0, 0])
    with pytest.raises(ValueError):
        RawProjector().fit(np.zeros((10, 3)))


def test_latent_neighbours_exclude_the_point_itself() -> None:
    line = np.arange(20, dtype=float)[:, None] * np.array([[1.0, 0.0]])
    neighbours = LatentNeighbours(k=4).fit(line)
    assert sorted(neighbours.of(10)) == [8, 9, 11, 12]
    assert neighbours.median_gap_ == pytest.approx(1.0)
    assert neighbours.closeness(0.5) == "on_data"
    assert neighbours.closeness(50.0) == "hole"
    assert neighbours.gap_ratio(3.0) == pytest.approx(3.0)
    assert neighbours.distance_to([[3.0, 4.0]]) == pytest.approx([4.0])


def test_export_tables_agree() -> None:
    embedding, codes, labels = np.ones((3, 2)), np.arange(12.0).reshape(3, 4), np.array([0, 1, -1])
    text = export_csv(embedding, codes, labels, ("zero", "one")).decode().splitlines()
    assert text[0] == "index,x,y,z1,z2,z3,z4,label,class"
    assert text[2] == '1,1,1,4,5,6,7,1,"one"'
    assert text[3].endswith(',-1,""')
    table = np.load(io.BytesIO(export_npy(embedding, codes, labels)))
    assert table.shape == (3, len(export_columns(2, 4)))
    np.testing.assert_array_equal(table[:, 2:6], codes)
