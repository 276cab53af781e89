"""Images on hover for a plotly map: a small component that listens to the chart's hover events in
the browser and paints the point's thumbnail (and reconstruction) from sprite sheets it gets once.
A click on a point pins them beside it at once, until the server's rerun shows that point `picked`.

    st.plotly_chart(fig, key="map")                      # points' customdata = index into the sheets
    hover_thumbnails("map", sheets_id, images, recons)   # after the chart, same key
"""

from __future__ import annotations

import base64
from pathlib import Path

import streamlit as st

from ae_models.sprites import SpriteSheets

ASSET = Path(__file__).resolve().parents[2] / "assets" / "hover_thumbnails" / "component.js"
_COMPONENT = st.components.v2.component("ae_hover_thumbnails", html="<span></span>",
                                        js=ASSET.read_text(encoding="utf-8"))


def _encoded(sheets: SpriteSheets) -> dict:
    return {"meta": sheets.meta(), "sheets": [base64.b64encode(png).decode("ascii") for png in sheets.sheets]}


@st.cache_data(show_spinner=False, max_entries=4)
def _payload(sheets_id: str, _images: SpriteSheets, _reconstructions: SpriteSheets | None) -> dict:
    """The base64 sheets, once per `sheets_id` (70,000 MNIST thumbnails: 18 PNGs, 12 MB)."""
    return {"images": _encoded(_images),
            "reconstructions": _encoded(_reconstructions) if _reconstructions is not None else None}


def hover_thumbnails(chart_key: str, sheets_id: str, images: SpriteSheets,
                     reconstructions: SpriteSheets | None = None,
                     captions: tuple[str, str] = ("image", "reconstruction"), picked: int | None = None,
                     pending: str = "picked") -> None:
    """Show `images` (and `reconstructions`) of the hovered point of the chart drawn with `chart_key`;
    a clicked point's stay, titled with its index and `pending`, until a run says it is `picked`.

    The sheets go to the browser once per session and `sheets_id`; the browser keeps them, and asks
    again (`need`) if it lost them (a reloaded tab)."""
    sent: set[str] = st.session_state.setdefault("_hover_sheets_sent", set())
    first = sheets_id not in sent
    payload = _payload(sheets_id, images, reconstructions) if first else {}
    result = _COMPONENT(data={**payload, "chart": chart_key, "id": sheets_id, "captions": list(captions),
                                  "picked": picked, "pending": pending},
                        key=f"{chart_key}-hover", on_need_change=lambda: None)
    sent.add(sheets_id)
    need = result.get("need") if result is not None else None
    if need and st.session_state.get("_hover_sheets_need") != need:
        st.session_state["_hover_sheets_need"] = need
        sent.discard(sheets_id)
        st.rerun()
