"""Background work of the Latent Map: encoding a whole point set and building its thumbnails, or
fitting t-SNE/UMAP on its codes, each in a daemon thread, so the page stays usable and can show how
far it got. Knows nothing of Streamlit: `data.map_jobs()` keeps one `MapJobs` per server process.

    job = jobs.get(("pictures", sha, "mnist", "all"), lambda progress: store.pictures(..., progress=progress))
    job.wait(1.0)                    # a cached result is usually there at once
    job.done, job.share, job.stage   # finished?, how far (0..1), what it does now
    job.result, job.error            # what it made, or why it failed (a message)
    job.cancel()                     # it stops at its next progress report: job.cancelled, with an error
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

Progress = Callable[[float, str], None]  # (share done in [0, 1], what is happening)


class Cancelled(Exception):
    """Raised in a job's thread by its progress callback once the job was asked to stop."""


class MapJob:
    """One piece of work in a daemon thread; its progress and outcome are safe to read from any thread."""

    def __init__(self, key: Hashable, work: Callable[[Progress], Any]):
        self.key = key
        self.share, self.stage = 0.0, "queued"
        self.result: Any = None
        self.error: str | None = None
        self.cancelled = False  # ended by `cancel` (then `error` says so too: every failure path applies)
        self._work = work
        self._finished, self._cancel = threading.Event(), threading.Event()
        name = "-".join(map(str, key)) if isinstance(key, tuple) else str(key)
        self._thread = threading.Thread(target=self._run, name=f"map-{name}", daemon=True)

    def start(self) -> MapJob:
        self._thread.start()
        return self

    @property
    def done(self) -> bool:
        """Finished, with a result or an error."""
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds; True when the job has finished."""
        return self._finished.wait(timeout)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (every batch of images, every few
        iterations of t-SNE, every UMAP epoch); it then ends with no result and `cancelled` set."""
        self._cancel.set()

    def _progress(self, share: float, stage: str) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.share, self.stage = min(max(float(share), 0.0), 1.0), stage  # two assignments: readers never lock

    def _run(self) -> None:
        try:
            self.result = self._work(self._progress)
        except Cancelled:
            self.cancelled, self.error = True, "cancelled"
        except Exception as err:  # a thread boundary: every failure becomes a message for the page
            self.error = str(err) or type(err).__name__
        finally:
            self._finished.set()


class MapJobs:
    """The jobs of one server process, one per key. Finished jobs keep their results (the maps the
    pages show) and the `keep` most recently asked for stay; running ones are never dropped."""

    def __init__(self, keep: int = 8):
        self.keep = keep
        self._jobs: OrderedDict[Hashable, MapJob] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, work: Callable[[Progress], Any]) -> MapJob:
        """The job of `key`, started with `work` when there is none (or the last one failed and was forgotten)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                job = self._jobs[key] = MapJob(key, work).start()
            self._jobs.move_to_end(key)
            finished = [k for k, j in self._jobs.items() if j.done and k != key]
            for old in finished[: max(0, len(self._jobs) - self.keep)]:
                del self._jobs[old]
            return job

    def forget(self, key: Hashable) -> None:
        """Drop the job of `key` (e.g. a failed one, so that the next `get` tries again)."""
        with self._lock:
            self._jobs.pop(key, None)

    def running(self) -> list[MapJob]:
        with self._lock:
            return [job for job in self._jobs.values() if not job.done]
