"""The Generate page's editable state: where a code starts, the slider values in session state,
the shareable link (`?model=…&start=…&z=…&pc=…`), and an attribute vector another page hands over
(the Latent Map's "selection A → selection B").

`start` is a test-image index ("12"), a prior sample ("prior:5", the seed) or "zero". `z` holds
the code's values (the browser editor writes the whole code; the server editor its per-dimension
sliders) and `pc` the principal-direction coefficients the server editor adds, each a comma list
written with Python's shortest exact float repr, so a link reproduces the code bit for bit.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitAPIException

import app_ui.generate.texts  # noqa: F401  (the tab's label, for `open_tab`)
from ae_models import latent_ops
from app_ui.common.tabs import open_tab

Z_KEY, PC_KEY = "gen_z_{}", "gen_pc_{}"
SIGNATURE, TRAIL, URL_PENDING, KEPT = "gen_signature", "gen_trail", "gen_url_pending", "gen_kept_sliders"
TAB_KEY = "gen_tab"  # the open tab's label
MAP_VECTOR = "gen_map_vector"  # a `MapVector` handed over by the Latent Map


@dataclass(frozen=True)
class LinkState:
    """What a shared link says: the model, the start, and optional slider values."""

    model: str
    start: str
    z: tuple[float, ...] | None = None
    pc: tuple[float, ...] | None = None


@dataclass(frozen=True)
class MapVector:
    """An attribute vector made on another page: the model whose codes it is made of, its values
    (latent_dim,), and what it is, e.g. "A (12 points) → B (30 points)"."""

    model: str
    vector: tuple[float, ...]
    label: str


def hand_over_vector(vector: MapVector) -> None:
    """Give Generate an attribute vector and open its attribute tab there on the next visit."""
    st.session_state[MAP_VECTOR] = vector
    open_tab(TAB_KEY, "gen_tab_attr")


def _floats(text: str | None) -> tuple[float, ...] | None:
    if not text:
        return None
    try:
        return tuple(float(v) for v in text.split(","))
    except ValueError:
        return None


def parse_link(params: dict[str, str]) -> LinkState | None:
    """Read a link's query parameters; None when it names no model or no start."""
    if not params.get("model") or not params.get("start"):
        return None
    return LinkState(params["model"], params["start"], _floats(params.get("z")), _floats(params.get("pc")))


def link_params(state: LinkState) -> dict[str, str]:
    params = {"model": state.model, "start": state.start}
    if state.z is not None:
        params["z"] = ",".join(repr(float(v)) for v in state.z)
    if state.pc is not None:
        params["pc"] = ",".join(repr(float(v)) for v in state.pc)
    return params


def start_code(start: str, latents: np.ndarray) -> np.ndarray:
    """The code (d,) a start descriptor names (an invalid one gives the zero code)."""
    d = latents.shape[1]
    if start.startswith("prior:"):
        try:
            return latent_ops.prior_codes(1, d, seed=int(start.split(":", 1)[1]))[0]
        except ValueError:
            return np.zeros(d)
    if start.isdigit() and int(start) < len(latents):
        return latents[int(start)].astype(np.float64)
    return np.zeros(d)


def link_code(link: LinkState, z0: np.ndarray, directions: latent_ops.PrincipalDirections) -> np.ndarray | None:
    """The code a link's edits name: its `z` (when it has one value per dimension, else the start
    code `z0`) moved by its `pc` coefficients; None when the link has no edits."""
    if link.z is None and link.pc is None:
        return None
    z = np.array(link.z, dtype=np.float64) if link.z is not None and len(link.z) == len(z0) else z0
    if link.pc is None or len(link.pc) != len(directions.scales_):
        return np.array(z, dtype=np.float64)
    return directions.shift(z, link.pc)


def init_sliders(signature: tuple, z0: np.ndarray, ranges: latent_ops.SliderRange, n_dims: int, n_pcs: int,
                 z: tuple[float, ...] | None = None, pc: tuple[float, ...] | None = None) -> None:
    """(Re)set every slider to the start code (or to a link's values) when `signature` changes.

    Streamlit forgets a widget's value when a run on another page does not draw it, so after a page
    switch the sliders come back from the copy `remember_sliders` keeps."""
    keys = [Z_KEY.format(i) for i in range(n_dims)] + [PC_KEY.format(k) for k in range(n_pcs)]
    if st.session_state.get(SIGNATURE) == signature and z is None and pc is None:
        if all(key in st.session_state for key in keys):
            return
        kept = st.session_state.get(KEPT)
        if kept is not None and len(kept) == len(keys):
            for key, value in zip(keys, kept, strict=True):
                st.session_state.setdefault(key, value)
            return
    values = z if z is not None and len(z) == n_dims else z0[:n_dims]
    for i in range(n_dims):
        st.session_state[Z_KEY.format(i)] = float(np.clip(values[i], ranges.low[i], ranges.high[i]))
    coefficients = pc if pc is not None and len(pc) == n_pcs else (0.0,) * n_pcs
    for k in range(n_pcs):
        st.session_state[PC_KEY.format(k)] = float(np.clip(coefficients[k], -3.0, 3.0))
    st.session_state[SIGNATURE] = signature
    st.session_state[TRAIL] = []


def remember_sliders(values: list[float], coefficients: list[float]) -> None:
    """Keep the sliders' values where a page switch cannot drop them (see `init_sliders`)."""
    st.session_state[KEPT] = (*values, *coefficients)


def reset_dims(z0: np.ndarray, dims: list[int]) -> None:
    """Callback: put the given dimensions' sliders back to the start code."""
    for i in dims:
        st.session_state[Z_KEY.format(i)] = float(z0[i])


def reset_all(z0: np.ndarray, n_dims: int, n_pcs: int) -> None:
    """Callback: every slider back to the start."""
    reset_dims(z0, list(range(n_dims)))
    for k in range(n_pcs):
        st.session_state[PC_KEY.format(k)] = 0.0


def slider_values(n_dims: int, n_pcs: int) -> tuple[list[float], list[float]]:
    return ([float(st.session_state[Z_KEY.format(i)]) for i in range(n_dims)],
            [float(st.session_state[PC_KEY.format(k)]) for k in range(n_pcs)])


def write_link(state: LinkState) -> None:
    """Mirror the state into the URL (only the keys that changed, to keep the history quiet)."""
    wanted = link_params(state)
    for key in ("z", "pc"):
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            with suppress(StreamlitAPIException):  # a widget bound to this parameter owns it
                st.query_params[key] = value
