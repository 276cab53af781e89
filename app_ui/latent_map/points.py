"""Which points a Latent Map shows and how they get there (the picker is `settings.py`): the
background job that encodes a whole set and its progress, the hover thumbnails, and the points'
labels and pictures that the inspector and a selection read."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from ae_models.data import ImageDataset
from ae_models.imaging import to_uint8
from ae_models.projection_methods import METHOD_LABELS
from app_ui.common.hover_thumbnails import hover_thumbnails
from app_ui.common.i18n import t
from app_ui.common.loaders import load_images
from app_ui.latent_map.data import (
    map_jobs,
    needs_projection_job,
    pictures_job,
    point_codes,
    point_pictures,
    projection_job,
)
from app_ui.latent_map.figures import Pick
from app_ui.latent_map.jobs import MapJob
from app_ui.latent_map.settings import points_count
from app_ui.latent_map.spots import spot_decoding
from app_ui.latent_map.view import MapView

POLL_S = 1.0  # how often a running job's progress is shown anew
GRACE_S = 1.0  # how long a page waits for a job before it shows progress: a map on disk arrives well within it


# --- a whole set's background jobs -------------------------------------------------------------
def _jobs(view: MapView) -> list[MapJob]:
    """The jobs the view's map needs, in order; a later one is asked for once the earlier is done."""
    name, dataset = view.model.name, view.model.dataset
    jobs = [pictures_job(name, dataset, view.points)]
    needs = needs_projection_job(view.model.latent_dim, view.method, view.dims)
    if needs and jobs[0].wait(GRACE_S) and jobs[0].error is None:
        jobs.append(projection_job(name, dataset, view.points, view.method, view.dims))
    return jobs


def map_ready(view: MapView) -> bool:
    """Whether the view's points can be drawn now. The sample always can; a whole set when its jobs
    are done. Otherwise their progress is shown (polled) or why they failed, and False returned."""
    if view.points == "sample":
        return True
    jobs = _jobs(view)
    jobs[-1].wait(GRACE_S)
    failed = next((job for job in jobs if job.error is not None), None)
    if failed is not None:
        if failed.cancelled:
            st.info(t("map_job_cancelled"))
        else:
            st.error(t("map_job_failed").format(error=failed.error))
        st.button(t("map_job_retry"), key="map_job_retry", on_click=map_jobs().forget, args=(failed.key,))
        return False
    if all(job.done for job in jobs):
        return True
    count = points_count(view.model.dataset, view.points)
    st.info(t("map_job_intro").format(n=f"{count:,}" if count else t(f"map_points_{view.points}")))
    poll(jobs, METHOD_LABELS[view.method])
    st.button(t("map_job_cancel"), key="map_job_cancel", on_click=cancel_jobs, args=(jobs,))
    return False


def cancel_jobs(jobs: list[MapJob]) -> None:
    """Stop a whole set's jobs (shared by every session showing that map); the page then offers to start again."""
    for job in jobs:
        job.cancel()


@st.fragment(run_every=POLL_S)
def poll(jobs: list[MapJob], method: str | None = None) -> None:
    """Rerun the page once `jobs` are done; until then show their progress (with `method`'s name)
    or, without one, nothing."""
    if all(job.done for job in jobs):
        st.rerun(scope="app")
    if method is None:
        return
    for job in jobs:
        stage = t("map_job_stage_" + job.stage.split(" ")[0])  # t-SNE/UMAP: "neighbours", then "layout"
        if job.key[0] == "projection":
            stage = f"{method} · {stage}"
        st.progress(job.share, text=f"{stage} · {job.share:.0%}")


# --- hover thumbnails ------------------------------------------------------------------------------
def hover_ui(views: list[MapView], pick: Pick | None = None) -> None:
    """Thumbnails of the hovered point and its reconstruction on each map, from sprite sheets made by
    the point set's job (for the sample it starts here, after the map was drawn, so it costs the
    first paint nothing; the page reruns once when they are ready). A clicked point's are pinned
    beside it at once, and a clicked empty spot of a 2-D map is decoded in the browser (`spots.py`),
    until this run's inspector shows that `pick`."""
    picked = pick.index if pick is not None and pick.kind == "sample" else None
    position = pick.position if pick is not None and pick.kind == "position" else None
    pending = []
    for view in views:
        job = pictures_job(view.model.name, view.model.dataset, view.points)
        if not job.done:
            pending.append(job)
        elif job.error is None:
            _, pictures = job.result
            spots, export = spot_decoding(view)
            pending += [export] if export is not None else []
            sheets_id = "-".join(map(str, job.key[1:]))
            hover_thumbnails(view.chart_key, sheets_id, pictures.images, pictures.reconstructions,
                             captions=(t("map_original"), t("map_reconstruction")), picked=picked,
                             pending=t("map_pick_pending"), spots=spots, picked_position=position)
    if pending:
        poll(pending)


# --- the points' data --------------------------------------------------------------------------------
@dataclass(frozen=True)
class MapPoints:
    """The points of a map as the colouring, the inspector and a selection need them."""

    dataset: str
    points: str  # "sample", "test" or "all"
    labels: np.ndarray  # (N,)
    factors: np.ndarray | None  # (N, K) value indices of known factors
    sample: ImageDataset  # the shipped sample: class names, factor names and values (and its images)
    thumbnails: np.ndarray | None = None  # a whole set's (N, h, w[, 3]) uint8 thumbnails; None for the sample

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def classes(self) -> tuple[str, ...]:
        return tuple(self.sample.classes)

    @property
    def key(self) -> tuple[str, str]:
        """What picks and selections are kept under: their indices name the same images for every model."""
        return (self.dataset, self.points)

    @property
    def has_images(self) -> bool:
        """The full images are at hand (the sample); a whole set has thumbnails only."""
        return self.thumbnails is None

    def tiles(self, index: np.ndarray) -> np.ndarray:
        """uint8 pictures (M, h, w) or (M, h, w, 3) of the points `index`."""
        if self.thumbnails is not None:
            return np.asarray(self.thumbnails[index])
        return to_uint8(self.sample.images[index])


def map_points(view: MapView) -> MapPoints:
    """The points of the view's map (a whole set's once its job is done)."""
    sample = load_images(view.model.dataset)
    if view.points == "sample":
        factors = None if sample.factors is None else sample.factors.numpy()
        return MapPoints(view.model.dataset, "sample", sample.labels.numpy(), factors, sample)
    codes = point_codes(view.model.name, view.model.dataset, view.points)
    pictures = point_pictures(view.model.name, view.model.dataset, view.points)
    return MapPoints(view.model.dataset, view.points, codes.labels, codes.factors, sample, pictures.thumbnails)
