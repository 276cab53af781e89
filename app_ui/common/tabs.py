"""Tabs that run only the open tab's code, with labels in the sidebar's language."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_ui.common.i18n import TEXTS, t


def lazy_tabs(text_keys: Sequence[str], key: str) -> Sequence:
    """One tab per text key; only the open tab's container has `.open` True, and switching tabs reruns
    the page. Hidden tabs cost neither the server nor the browser anything, which matters on pages
    whose tabs hold many charts and images.

    Streamlit remembers the open tab by its label and forgets it when a run on another page does not
    draw the tabs, so the label is also kept under another key, and translated after a language
    switch: the same tab is open when the user comes back."""
    labels = [t(k) for k in text_keys]
    remembered = st.session_state.get(key, st.session_state.get(_kept(key)))
    if remembered not in labels or key not in st.session_state:
        same = [k for k in text_keys if remembered in TEXTS[k].values()]
        if same:
            st.session_state[key] = t(same[0])
    tabs = st.tabs(labels, key=key, on_change="rerun")
    st.session_state[_kept(key)] = st.session_state[key]
    return tabs


def open_tab(key: str, text_key: str) -> None:
    """Make the tab labelled `t(text_key)` the open one on the next run of its page."""
    st.session_state[key] = t(text_key)


def _kept(key: str) -> str:
    return f"{key}_kept"
