"""Session-state helpers every page may use."""

from __future__ import annotations

import streamlit as st


def clamp_state(key: str, high: int) -> None:
    """Keep a stored index within 0..high, e.g. after switching to a dataset with fewer images."""
    if key in st.session_state:
        st.session_state[key] = min(max(int(st.session_state[key]), 0), high)
