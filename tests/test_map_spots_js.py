"""A click on empty space of a 2-D map is decoded in the browser from the code the server would decode:
`assets/map_spots/inverse.js`, run under Node.js on `map_inverse`'s table, gives the code of
`Projector.inverse_transform` for PCA, the raw latent and a nearest-points (t-SNE/UMAP) map."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from ae_models.latent_map import RawProjector, fit_map, map_inverse
from ae_models.projections import Projector

INVERSE_JS = Path(__file__).resolve().parent.parent / "assets" / "map_spots" / "inverse.js"
# Reads {kind, table (float32 as a list), latent_dim, k, points}; prints each point's code.
NODE_MAIN = """
const input = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const table = Float32Array.from(input.table);
console.log(JSON.stringify(input.points.map(([x, y]) =>
  Array.from(aeInverse(input.kind, table, input.latent_dim, input.k, x, y)))));
"""


def codes_in_node(node: str, projector: Projector, points: np.ndarray, tmp_path: Path) -> np.ndarray:
    inverse = map_inverse(projector)
    (tmp_path / "in.json").write_text(json.dumps({
        "kind": inverse.kind, "table": inverse.table.ravel().tolist(), "latent_dim": inverse.latent_dim,
        "k": inverse.k, "points": points.tolist()}))
    (tmp_path / "run.js").write_text(INVERSE_JS.read_text() + NODE_MAIN)
    done = subprocess.run([node, str(tmp_path / "run.js"), str(tmp_path / "in.json")], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return np.asarray(json.loads(done.stdout))


def latents(n: int = 300, d: int = 6) -> np.ndarray:
    return np.random.default_rng(0).normal(size=(n, d)) * [3, 2, 1, 1, 0.5, 0.2][:d]


def spots(embedding: np.ndarray, n: int = 40) -> np.ndarray:
    """Positions over the map and a little beyond it (a click grid's padding)."""
    low, high = embedding.min(0), embedding.max(0)
    return np.random.default_rng(1).uniform(low - 0.1 * (high - low), high + 0.1 * (high - low), size=(n, 2))


def test_a_pca_maps_spot_decodes_from_the_servers_code(node: str, tmp_path: Path) -> None:
    projector = fit_map(latents(), "pca", 2)
    where = spots(projector.embedding_)
    got = codes_in_node(node, projector, where, tmp_path)
    assert map_inverse(projector).kind == "linear"
    np.testing.assert_allclose(got, projector.inverse_transform(where), atol=1e-5)


def test_a_raw_latents_spot_is_its_own_code(node: str, tmp_path: Path) -> None:
    projector = fit_map(latents(d=2), "tsne", 2)
    assert isinstance(projector, RawProjector)
    where = spots(projector.embedding_)
    np.testing.assert_allclose(codes_in_node(node, projector, where, tmp_path), where, atol=1e-5)


def test_a_nearest_points_maps_spot_decodes_from_the_servers_code(node: str, tmp_path: Path) -> None:
    codes = latents()
    # a t-SNE-like map given as an embedding; float32 values, so the browser's table holds them exactly
    embedding = np.random.default_rng(2).normal(size=(len(codes), 2)).astype(np.float32).astype(np.float64) * 10
    projector = fit_map(codes, "tsne", 2, embedding=embedding)
    inverse = map_inverse(projector)
    assert inverse.kind == "nearest" and inverse.k == 8
    where = np.vstack([spots(embedding), embedding[[3, 17]]])  # the last two: exactly on a point
    got = codes_in_node(node, projector, where, tmp_path)
    np.testing.assert_allclose(got, projector.inverse_transform(where), atol=1e-5)
    np.testing.assert_allclose(got[-2:], codes[[3, 17]], atol=1e-5)  # an exact hit is that point's code


def test_only_a_2d_maps_inverse_is_given_as_tables() -> None:
    with pytest.raises(ValueError, match="2-D"):
        map_inverse(fit_map(latents(), "pca", 3))
