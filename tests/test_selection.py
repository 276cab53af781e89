"""Map selections: paging, mean code, the A → B vector, the rest scored as anomalies, exports."""

from __future__ import annotations

import io

import numpy as np
import pytest

from ae_models import selection as sel
from ae_models.latent_map import export_csv

CODES = np.arange(20, dtype=np.float64).reshape(10, 2)  # point i has code (2i, 2i + 1)


def test_selections_are_sorted_unique_and_inside_the_map():
    assert sel.as_selection([5, 1, 5, 3], 10).tolist() == [1, 3, 5]
    with pytest.raises(ValueError, match="from 0 to 9"):
        sel.as_selection([2, 10], 10)


def test_pages_cover_the_selection_once():
    selection = np.arange(100)
    pages = [sel.selection_page(selection, p, 48) for p in range(sel.page_count(selection, 48))]
    assert [len(p) for p in pages] == [48, 48, 4] and np.array_equal(np.concatenate(pages), selection)
    assert np.array_equal(sel.selection_page(selection, 99, 48), pages[-1])  # clamped
    assert sel.page_count(np.array([], dtype=int)) == 1


def test_mean_code_and_the_vector_between_two_selections():
    np.testing.assert_allclose(sel.mean_code(CODES, np.array([0, 2])), [2.0, 3.0])
    np.testing.assert_allclose(sel.selection_vector(CODES, np.array([0, 2]), np.array([5])), [8.0, 8.0])
    with pytest.raises(ValueError, match="empty"):
        sel.mean_code(CODES, np.array([], dtype=int))


def test_the_rest_is_scored_against_the_selection():
    scores = np.array([0.1, 0.2, 0.9, 0.8, 0.15])
    assert sel.selection_auroc(scores, np.array([0, 1, 4])) == 1.0  # the rest scores higher
    assert sel.selection_auroc(scores, np.array([2, 3])) == 0.0
    assert sel.rest_is_anomalous(5, np.array([1])).tolist() == [True, False, True, True, True]
    with pytest.raises(ValueError, match="not all"):
        sel.selection_auroc(scores, np.arange(5))


def test_exports_keep_the_points_own_indices():
    selection = np.array([3, 7])
    table = np.load(io.BytesIO(sel.selection_npy(CODES, selection)))
    assert table.tolist() == [[3, 6, 7], [7, 14, 15]]
    csv = export_csv(CODES[selection], CODES[selection], np.array([1, 0]), ("a", "b"), indices=selection)
    rows = csv.decode().splitlines()
    assert rows[1].startswith("3,") and rows[2].startswith("7,") and rows[2].endswith('"a"')
