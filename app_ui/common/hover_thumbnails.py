"""Images on hover for a plotly map: a small component that listens to the chart's hover events in
the browser and paints the point's thumbnail (and reconstruction) from sprite sheets it fetches once.
A click on a point pins them beside it at once, until the server's rerun shows that point `picked`;
given `spots` (`app_ui.latent_map.spots`), a click on empty space pins that spot decoded in the browser,
until the server's rerun shows that `picked_position`.

    st.plotly_chart(fig, key="map")                      # points' customdata = index into the sheets
    hover_thumbnails("map", sheets_id, images, recons)   # after the chart, same key

The sheets are served as image files (Streamlit's media files), not sent through the page's
websocket: 70,000 MNIST thumbnails and their reconstructions are 12 MB of PNGs, which as component
data held the server's run for 0.6 s (JSON and hashing), while the browser still had the map's code to
fetch from it, and then held the browser's main thread to parse them. As files, the browser fetches
and decodes them beside its other work, and keeps them.
"""

from __future__ import annotations

import streamlit as st

from ae_models.sprites import SpriteSheets
from app_ui.common.browser_decoder import ASSETS, decoder_js
from app_ui.common.media_files import served

_COMPONENT = st.components.v2.component(
    "ae_hover_thumbnails", html="<span></span>",
    js=decoder_js(ASSETS / "map_spots" / "inverse.js", ASSETS / "hover_thumbnails" / "component.js"))


def sheet_urls(name: str, sheets: SpriteSheets) -> dict:
    """The layout of `sheets` and a URL per PNG, registered as this session's media files under `name`.

    Registered on every run (see `served`): the browser has fetched them already."""
    return {"meta": sheets.meta(),
            "sheets": [served(png, "image/png", f"ae-hover/{name}/{k}") for k, png in enumerate(sheets.sheets)]}


def hover_thumbnails(chart_key: str, sheets_id: str, images: SpriteSheets,
                     reconstructions: SpriteSheets | None = None,
                     captions: tuple[str, str] = ("image", "reconstruction"), picked: int | None = None,
                     pending: str = "picked", spots: dict | None = None,
                     picked_position: tuple[float, ...] | None = None) -> None:
    """Show `images` (and `reconstructions`) of the hovered point of the chart drawn with `chart_key`;
    a clicked point's stay, titled with its index and `pending`, until a run says it is `picked`.
    The browser loads the sheets of `sheets_id` once, and keeps them across reruns. With `spots`, a
    click on empty space is decoded in the browser and stays until a run says it is `picked_position`."""
    data = {"images": sheet_urls(f"{chart_key}/images", images),
            "reconstructions": sheet_urls(f"{chart_key}/reconstructions", reconstructions)
            if reconstructions is not None else None,
            "chart": chart_key, "id": sheets_id, "captions": tuple(captions), "picked": picked, "pending": pending,
            "spots": spots, "picked_position": None if picked_position is None else list(picked_position)}
    _COMPONENT(data=data, key=f"{chart_key}-hover")
