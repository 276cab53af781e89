"""Opening the app in Streamlit's AppTest, as every page test does."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str | None = None, language: str = "en", timeout: float = 120) -> AppTest:
    """Run the app, pick the language, switch to `page` (e.g. "app_pages/features.py") and check
    that nothing raised."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if language != "en":
        at.sidebar.radio(key="language").set_value(language).run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_components(at: AppTest) -> list:
    """The page's own components (bidi, v2), without the hidden one every page starts with
    (`preload_components`)."""
    from app_ui.common.preload import COMPONENTS_KEY

    return [element for element in at.get("bidi_component") if getattr(element, "key", None) != COMPONENTS_KEY]
