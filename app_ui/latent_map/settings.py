"""The Latent Map's settings: the point set, the projection (both in the page URL with the model,
so a link reopens the same map), 3-D, the backdrop, a compared model and what colours the points.

Torch-free: a cold start draws these above the shipped first map before torch is imported, so the
map does not move down when the rest of the page arrives (a click aimed at a point would miss it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ae_models.model_data import parse_dataset_key
from ae_models.point_sets import POINT_SETS, MissingData, missing_data, point_count, sample_size
from ae_models.projection_methods import METHOD_LABELS, METHODS
from app_ui.common.i18n import keep_choices, register, t
from app_ui.common.loaders import ModelInfo, model_catalogue
from app_ui.latent_map.texts import TEXTS
from app_ui.latent_map.view import MapView

register(TEXTS)
LINK_DEFAULTS = {"points": "sample", "projection": "pca"}  # choices a link leaves out
LINK_READ = "_map_link_read"  # session state: the URL keys whose link value this session has applied


@dataclass(frozen=True)
class Settings:
    points: str
    method: str
    dims: int
    backdrop: bool
    compare_with: ModelInfo | None
    colour_by: str = "class"  # or a known factor's name (shapes)

    def views(self, model: ModelInfo) -> list[MapView]:
        """The model's map, and the compared model's beside it."""
        views = [MapView(model, self.method, self.dims, "map_chart", self.points)]
        if self.compare_with is not None:
            views.append(MapView(self.compare_with, self.method, self.dims, "map_chart_compare", self.points))
        return views

    @property
    def plain(self) -> bool:
        """The page's default map: the sample in 2-D, coloured by class, no backdrop or comparison."""
        return (self.points == "sample" and self.dims == 2 and not self.backdrop and self.compare_with is None
                and self.colour_by == "class")


def points_missing(dataset: str, points: str) -> MissingData | None:
    """Where a point set's files should be when they are not in the data folder."""
    return missing_data(dataset, points)  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, ttl=30)
def points_count(dataset: str, points: str) -> int | None:
    """How many images the point set has, when that is cheap to know (looked up twice a minute)."""
    return sample_size(dataset) if points == "sample" else point_count(dataset, points)  # type: ignore[arg-type]


def from_link(key: str, options: Sequence[str], default: str) -> str | None:
    """Before the widget `key` is drawn: a shared link's `?key=` value picks it the first time the
    page draws it in a session; after that the widget keeps its own value (across page visits too),
    kept among `options`. Returns the link's value when it named something not offered."""
    read: set[str] = st.session_state.setdefault(LINK_READ, set())
    linked, refused = st.query_params.get(key), None
    if key not in read:
        read.add(key)
        if linked in options:
            st.session_state[key] = linked
        elif linked:
            refused = linked
    if st.session_state.get(key) not in options:  # unset, or e.g. a set the newly selected model's data lacks
        st.session_state[key] = default
    return refused


def to_link(choices: dict[str, str]) -> None:
    """Mirror the map's choices into the URL (`?model=…&points=…&projection=…`), defaults left out,
    only the keys that changed written (a quiet history). Streamlit's own `bind="query-params"` would
    write the options' translated labels (`?points=Train + test · 70,000`), not their names."""
    for key, value in choices.items():
        if value == LINK_DEFAULTS.get(key):
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def _label(dataset: str, points: str) -> str:
    count = points_count(dataset, points)
    return t(f"map_points_{points}") + (f" · {count:,}" if count else "")


def points_ui(model: ModelInfo, place: DeltaGenerator) -> str:
    """The point set picker (`?points=`) in `place`: the sample, and the whole test split and train +
    test when the data folder has them; what is missing is said below, with how to get it."""
    missing = {points: points_missing(model.dataset, points) for points in POINT_SETS}
    offered = [points for points in POINT_SETS if missing[points] is None]
    refused = from_link("points", offered, "sample")
    if refused in POINT_SETS:
        st.warning(t("map_points_link").format(points=t(f"map_points_{refused}")))
    keep_choices("points")  # its labels are translated
    choice = place.segmented_control(t("map_points"), offered, format_func=lambda p: _label(model.dataset, p),
                                     required=True, key="points", persist_state="session",
                                     disabled=len(offered) == 1, help=t("map_points_help"))
    absent = next((missing[points] for points in POINT_SETS if missing[points] is not None), None)
    if absent is not None and absent.command:
        st.caption(t("map_points_missing").format(folder=absent.folder, command=absent.command,
                                                  name=absent.folder.name))
    elif absent is not None:
        st.caption(t("map_points_missing_user").format(folder=absent.folder))
    return choice or "sample"


def known_factors(dataset: str) -> tuple[str, ...]:
    """The names of the factors a dataset's images were rendered from (shapes), else ()."""
    if parse_dataset_key(dataset)[0] != "shapes":
        return ()
    from ae_models.shapes import FACTOR_NAMES  # NumPy and Pillow only

    return FACTOR_NAMES


def colour_ui(dataset: str) -> str:
    """What colours the points: "class", or one of the dataset's known factors (shapes) when it has them."""
    factors = known_factors(dataset)
    if not factors:
        return "class"
    keep_choices("map_colour")  # its "class" option is translated
    return st.columns([2, 3])[0].selectbox(t("map_colour_by"), ["class", *factors], key="map_colour",
                                           format_func=lambda key: t("map_colour_class") if key == "class" else key,
                                           help=t("map_colour_help"))


def settings_ui(model: ModelInfo) -> Settings:
    """Point set and projection (both in the URL) in a row, then the 2-D/3-D, backdrop and comparison
    toggles, then the colouring. A whole point set is drawn in 2-D, one model at a time."""
    choices = st.columns([3, 2])
    points = points_ui(model, choices[0])
    whole = points != "sample"
    others = [m for m in model_catalogue()[0]
              if m.dataset == model.dataset and m.name != model.name and m.normal_class is None]
    from_link("projection", METHODS, "pca")
    method = choices[1].segmented_control(t("map_projection"), METHODS, format_func=METHOD_LABELS.get,
                                          required=True, key="projection", persist_state="session",
                                          disabled=model.latent_dim == 2)
    to_link({"model": model.name, "points": points, "projection": method or "pca"})  # a link to this map
    row = st.columns(3)
    three_d = row[0].toggle(t("map_3d"), key="map_3d", disabled=model.latent_dim < 3 or whole,
                            help=t("map_sample_only") if whole else t("map_3d_help"))
    backdrop = row[1].toggle(t("map_backdrop"), key="map_backdrop", disabled=three_d, help=t("map_backdrop_help"))
    compare = row[2].toggle(t("map_compare"), key="map_compare", disabled=not others or whole,
                            help=t("map_sample_only") if whole else t("map_compare_help") if others
                            else t("map_compare_none"))
    other = None
    if compare and others and not whole:
        by_name = {m.name: m for m in others}
        other = by_name[row[2].selectbox(t("map_compare_model"), list(by_name), key="map_compare_model",
                                         format_func=lambda n: by_name[n].label)]
    dims = 3 if three_d and model.latent_dim >= 3 and not whole else 2
    return Settings(points, method or "pca", dims, backdrop and dims == 2, other, colour_ui(model.dataset))
