"""The Latent Map's background jobs: a cancel stops one at its next progress report with no result
(and nothing in the disk cache), t-SNE reports its stages through the job, and the page's Cancel
button stops a whole set's job and offers to start it again."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from apptest import open_page

from ae_models.map_store import MapCodes, MapStore, projection_file
from app_ui.latent_map.jobs import MapJob, MapJobs

PAGE = "app_pages/latent_map.py"


def test_a_cancelled_job_stops_at_its_next_progress_report_with_no_result() -> None:
    reports, started = [], threading.Event()

    def work(progress):
        for step in range(1000):
            progress(step / 1000, "encoding")
            reports.append(step)
            started.set()
            time.sleep(0.01)
        return "made"

    job = MapJob("k", work).start()
    assert started.wait(10)
    job.cancel()
    assert job.wait(10)
    assert job.cancelled and job.error == "cancelled" and job.result is None
    assert len(reports) < 1000
    count = len(reports)
    time.sleep(0.1)
    assert len(reports) == count  # the thread has ended


def test_a_job_done_before_the_cancel_keeps_its_result() -> None:
    job = MapJob("k", lambda progress: "made").start()
    assert job.wait(10)
    job.cancel()
    assert job.result == "made" and not job.cancelled and job.error is None


def test_a_forgotten_cancelled_job_starts_again() -> None:
    jobs = MapJobs()
    job = jobs.get("k", lambda progress: progress(0.5, "encoding"))
    job.cancel()
    job.wait(10)
    assert jobs.get("k", lambda progress: "again") is job  # kept: the page says it was cancelled
    jobs.forget("k")
    again = jobs.get("k", lambda progress: "again")
    assert again.wait(10) and again.result == "again"


def test_a_projection_reports_its_stages_and_a_cancelled_one_stores_nothing(tmp_path) -> None:
    codes = MapCodes("codes-key", np.random.default_rng(0).normal(size=(200, 5)).astype(np.float32),
                     np.zeros(200, dtype=np.int64))
    store = MapStore(tmp_path)
    stages: list[tuple[float, str]] = []
    store.projection(codes, "tsne", progress=lambda share, stage: stages.append((share, stage)))
    assert stages[0] == (0.0, "neighbours") and stages[-1] == (1.0, "done")
    layout = [share for share, stage in stages if stage == "layout"]
    assert len(layout) > 5 and layout == sorted(layout) and layout[0] >= 0.3
    (tmp_path / "codes-key" / projection_file("tsne", 2)).unlink()

    def cancel_in_layout(progress):
        def report(share: float, stage: str) -> None:
            if stage == "layout":
                job.cancel()
            progress(share, stage)
        return store.projection(codes, "tsne", progress=report)

    job = MapJob("t2", cancel_in_layout).start()
    assert job.wait(120) and job.cancelled
    assert not (tmp_path / "codes-key" / projection_file("tsne", 2)).exists()


def jobs_of_the_test_split() -> list[MapJob]:
    from app_ui.latent_map.data import map_jobs

    return [job for job in map_jobs().running() if job.key[-1] == "test"]


def test_the_cancel_button_stops_a_whole_sets_job_and_offers_to_start_again(tiny_zoo, monkeypatch) -> None:
    def slow_pictures(self, model, key, points, progress=None):
        for step in range(6000):  # a minute at most: the test cancels it
            progress(step / 6000, "encoding and decoding")
            time.sleep(0.01)
        raise AssertionError("the job was not cancelled")

    monkeypatch.setattr(MapStore, "pictures", slow_pictures)
    at = open_page(PAGE)
    at.segmented_control(key="points").set_value("test").run()
    assert not at.exception, [e.value for e in at.exception]
    running = jobs_of_the_test_split()  # (the sample's thumbnails have a job of their own)
    assert len(running) == 1 and running[0].key[0] == "pictures"
    at.button(key="map_job_cancel").click().run()
    assert running[0].wait(10) and running[0].cancelled
    at.run()
    assert any("cancelled" in info.value for info in at.info)
    assert not any("could not be made" in error.value for error in at.error)
    at.button(key="map_job_retry").click().run()  # forgets it: the page starts a new job
    again = jobs_of_the_test_split()
    assert len(again) == 1 and again[0] is not running[0]
    again[0].cancel()
    assert again[0].wait(10)


def test_a_umap_job_shows_its_stage(tiny_zoo, monkeypatch) -> None:
    def slow_umap(self, codes, method, dims=2, seed=0, progress=None):
        progress(0.0, "neighbours")
        for _ in range(6000):
            progress(0.65, "layout")
            time.sleep(0.01)
        raise AssertionError("the job was not cancelled")

    monkeypatch.setattr(MapStore, "projection", slow_umap)
    at = open_page(PAGE)
    at.segmented_control(key="points").set_value("test").run()
    for job in jobs_of_the_test_split():  # the real encoding of the 360 digits: seconds
        job.wait(120)
    at.segmented_control(key="projection").set_value("umap").run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [bar.proto.text for bar in at.get("progress")]
    assert "UMAP · Optimising the layout · 65%" in texts, texts


@pytest.fixture(autouse=True)
def _no_job_left_running():
    yield
    from app_ui.latent_map.data import map_jobs

    for job in map_jobs().running():
        job.cancel()
        job.wait(30)
