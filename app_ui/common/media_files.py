"""Bytes the browser fetches as files (Streamlit's media files) rather than as a component's data:
the browser downloads and decodes them beside its other work and keeps them, and the page's
websocket and the server's run do not carry them."""

from __future__ import annotations

from streamlit import runtime


def served(data: bytes, mimetype: str, name: str) -> str:
    """The URL of `data`, registered as one of this session's media files under `name`.

    A whole run drops the references of the run before (a fragment's run keeps them), so a page
    registers its files on every run; the same bytes keep the same URL (hashing them costs about
    1 ms per MB), so the browser does not fetch them again."""
    return runtime.get_instance().media_file_mgr.add(data, mimetype, name)
