"""The server process's once-only settings: long-lived objects are taken out of the full garbage
collection Streamlit runs after every script run."""

from __future__ import annotations

import gc
import sys
import time
import types

import pytest

from app_ui.common import server_process
from tests.apptest import open_page


@pytest.fixture
def unfrozen(monkeypatch: pytest.MonkeyPatch):
    """No objects frozen before and after the test, whatever the app did in this process."""
    gc.unfreeze()
    monkeypatch.setattr(server_process, "_modules_when_frozen", 0)
    yield
    gc.unfreeze()


def _full_collection_ms() -> float:
    started = time.perf_counter()
    gc.collect()
    return 1000 * (time.perf_counter() - started)


def test_freezes_once_and_again_only_after_new_imports(unfrozen, monkeypatch: pytest.MonkeyPatch) -> None:
    assert server_process.freeze_imported_objects()
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # torch, numpy and streamlit are imported in this process
    assert not server_process.freeze_imported_objects()  # nothing new imported: nothing to do
    assert gc.get_freeze_count() == frozen
    monkeypatch.setitem(sys.modules, "a_module_imported_later", types.ModuleType("a_module_imported_later"))
    assert server_process.freeze_imported_objects()


def test_a_full_collection_is_much_cheaper_after_freezing(unfrozen) -> None:
    import plotly.graph_objects  # noqa: F401  (what the app's pages import: a heap of the app's size)
    import sklearn.linear_model  # noqa: F401

    before = min(_full_collection_ms() for _ in range(3))
    server_process.freeze_imported_objects()
    after = min(_full_collection_ms() for _ in range(3))
    assert after < before / 5, (before, after)


def test_the_app_freezes_the_imported_heap(tiny_zoo, unfrozen) -> None:
    open_page()
    assert gc.get_freeze_count() > 10_000
