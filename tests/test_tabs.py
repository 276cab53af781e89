"""Lazy tabs: only the open tab runs, and the open tab survives a language switch and a page visit."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def tabbed_page() -> None:
    import streamlit as st

    from app_ui.common.i18n import register, t
    from app_ui.common.tabs import lazy_tabs

    register({"tabs_test_a": {"en": "First", "ko": "첫째"}, "tabs_test_b": {"en": "Second", "ko": "둘째"}})
    st.radio("language", ["en", "ko"], key="language")
    if st.session_state.get("away"):  # stands for another page: the tabs are not drawn
        return
    ran = st.session_state.setdefault("ran", [])
    for tab, name in zip(lazy_tabs(["tabs_test_a", "tabs_test_b"], key="tabs_test"), "ab", strict=True):
        if tab.open:
            with tab:
                ran.append(name)
                st.write(t(f"tabs_test_{name}"))


def run_page() -> AppTest:
    at = AppTest.from_function(tabbed_page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_only_the_open_tab_runs():
    at = run_page()
    assert at.session_state["ran"] == ["a"]
    at.session_state["tabs_test"] = "Second"
    at.run()
    assert at.session_state["ran"] == ["a", "b"]


def test_the_open_tab_stays_open_after_a_language_switch():
    at = run_page()
    at.session_state["tabs_test"] = "Second"
    at.run()
    at.radio(key="language").set_value("ko").run()
    assert not at.exception
    assert at.session_state["tabs_test"] == "둘째" and at.session_state["ran"][-1] == "b"


def test_the_open_tab_stays_open_after_the_tabs_were_not_drawn():
    at = run_page()
    at.session_state["tabs_test"] = "Second"
    at.run()
    at.session_state["away"] = True
    at.run()
    assert "tabs_test" not in at.session_state  # Streamlit forgot the tabs' state
    at.session_state["away"] = False
    at.run()
    assert at.session_state["tabs_test"] == "Second" and at.session_state["ran"][-1] == "b"
