"""The quick map (`assets/quick_map/component.js`): a 2-D map drawn on a canvas in the browser, for a
cold start's first paint. Streamlit's plotly chart needs its 4.7 MB chunk fetched and evaluated and
a first WebGL plot (≈ 2 s on two busy cores); this draws in milliseconds from ≈ 25 kB.

    quick_map_relay(on_pick)                            # outside the page's fragment, above the map
    data = quick_map_data(embedding, labels, classes, colours, ("PCA 1", "PCA 2"), 620, 4.0, view)
    quick_map("map_chart", data, "picked")              # then the plotly map of "map_chart" right after

It stands over the plotly map drawn right after it until that map has drawn its data, answers a
hover (index and class) and a click (a ring and a label) in the browser, and reports the click,
through `quick_map_relay` (drawn outside the page's fragment), as a `QuickPick`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

from app_ui.latent_map.figures import map_range

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "quick_map"
_COMPONENT = st.components.v2.component("ae_quick_map", html="<div></div>",
                                        js=(ASSETS / "component.js").read_text(encoding="utf-8"),
                                        isolate_styles=False)  # tests and benchmarks find its canvas in the page
_RELAY = st.components.v2.component("ae_quick_map_relay", html="<span></span>",
                                    js=(ASSETS / "relay.js").read_text(encoding="utf-8"), isolate_styles=False)
RELAY_KEY = "ae_quick_map_relay"
MAX_QUICK_CLASSES = 255  # labels travel as uint8
LEVELS = 65535  # coordinates travel as uint16 steps of the map's range: < 0.01 px on a 620 px map


@dataclass(frozen=True)
class QuickPick:
    """A click on the quick map of `dataset`'s point set `points`, drawn as the map `source` (model,
    projection, dims): a point's index, or a spot (x, y) in the map's coordinates."""

    dataset: str
    points: str
    source: tuple[str, str, int]
    index: int | None = None
    position: tuple[float, float] | None = None


def _levels(values: np.ndarray, low: float, high: float) -> str:
    steps = np.rint((values - low) / (high - low) * LEVELS).astype("<u2")
    return base64.b64encode(steps.tobytes()).decode("ascii")


def quick_map_data(embedding: np.ndarray, labels: np.ndarray, classes: Sequence[str], colours: Sequence[str],
                   axes: tuple[str, str], height: int, size: float, view: tuple[str, str, str, str, int]) -> dict:
    """The component's data: coordinates as base64 uint16 steps of `map_range`, labels as uint8;
    `view` (dataset, point set, model, projection, dims) comes back with a click.
    Sequences are tuples: Streamlit checks a list value of a component's data for a data frame,
    which imports pandas (0.4 s of a cold start, measured)."""
    if len(classes) > MAX_QUICK_CLASSES or len(colours) < len(classes):
        raise ValueError(f"the quick map colours up to {MAX_QUICK_CLASSES} classes, one colour each; "
                         f"got {len(classes)} classes and {len(colours)} colours")
    x0, x1, y0, y1 = map_range(embedding)
    return {"x": _levels(embedding[:, 0], x0, x1), "y": _levels(embedding[:, 1], y0, y1),
            "labels": base64.b64encode(np.asarray(labels, dtype=np.uint8).tobytes()).decode("ascii"),
            "range": (x0, x1, y0, y1), "classes": tuple(classes), "colours": tuple(colours)[: len(classes)],
            "axes": tuple(axes), "height": height, "size": size, "levels": LEVELS,
            "view": (*view, len(labels))}


def decoded_points(data: dict) -> np.ndarray:
    """The (N, 2) coordinates the browser decodes from `quick_map_data`'s data, as it does."""
    x0, x1, y0, y1 = data["range"]
    x = np.frombuffer(base64.b64decode(data["x"]), dtype="<u2") / LEVELS
    y = np.frombuffer(base64.b64decode(data["y"]), dtype="<u2") / LEVELS
    return np.stack([x0 + x * (x1 - x0), y0 + y * (y1 - y0)], axis=1)


def quick_pick(value: object) -> QuickPick | None:
    """The relay's `pick` trigger → a QuickPick; None for anything else (a malformed view, an index
    out of the map's range, a spot that is not two finite numbers)."""
    if not isinstance(value, dict):
        return None
    view = value.get("view")
    if not (isinstance(view, list) and len(view) == 6 and all(isinstance(v, str) for v in view[:4])
            and all(isinstance(v, int) and not isinstance(v, bool) for v in view[4:])):
        return None
    dataset, points, model, method, dims, count = view
    index, position = value.get("index"), value.get("position")
    where = {"dataset": dataset, "points": points, "source": (model, method, dims)}
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < count:
        return QuickPick(**where, index=index)
    if (isinstance(position, list) and len(position) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v) for v in position)):
        return QuickPick(**where, position=(float(position[0]), float(position[1])))
    return None


def quick_map(key: str, data: dict, pending: str) -> None:
    """Draw the map of `quick_map_data`'s `data` over the plotly map of `key`, which must be the next
    element. `pending` ends the label of a clicked point while the server works on it; the click goes
    through the relay."""
    _COMPONENT(data={**data, "chart": key, "pending": pending}, key=f"{key}-quick")


def quick_map_relay(on_pick: Callable[[QuickPick], None]) -> None:
    """The quick map's line to the server (`assets/quick_map/relay.js`): draw it outside the page's
    fragment, above the map; a click on the quick map calls `on_pick` before the whole-page rerun
    it asks for."""
    def picked() -> None:
        result = st.session_state.get(RELAY_KEY)
        pick = quick_pick(result.get("pick") if result is not None else None)
        if pick is not None:
            on_pick(pick)

    _RELAY(key=RELAY_KEY, on_pick_change=picked)
