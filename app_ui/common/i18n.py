"""Texts in English and Korean. `t(key)` returns the text in the language picked in the sidebar."""

from __future__ import annotations

import streamlit as st

LANGUAGES = {"en": "English", "ko": "한국어"}

TEXTS: dict[str, dict[str, str]] = {
    "dataset": {"en": "Dataset", "ko": "데이터셋"},
    "model": {"en": "Model", "ko": "모델"},
    "device": {"en": "Device", "ko": "장치"},
    "language": {"en": "Language", "ko": "언어"},
    # the page titles in the sidebar's navigation
    "page_home": {"en": "Home", "ko": "홈"},
    "page_latent_map": {"en": "Latent Map", "ko": "잠재 공간 지도"},
    "page_generate": {"en": "Generate", "ko": "생성"},
    "page_denoise": {"en": "Denoise", "ko": "잡음 제거"},
    "page_anomalies": {"en": "Anomalies", "ko": "이상 탐지"},
    "page_features": {"en": "Features", "ko": "특징"},
    "page_train": {"en": "Train", "ko": "학습"},
    "no_models": {
        "en": "No trained model is available for this dataset. Train a small one in a few seconds:",
        "ko": "이 데이터셋에 학습된 모델이 없습니다. 몇 초 만에 작은 모델을 학습하세요:",
    },
}


def language() -> str:
    return st.session_state.get("language", "en")


def t(key: str) -> str:
    """The text `key` in the current language (English when a translation is missing)."""
    entry = TEXTS[key]
    return entry.get(language(), entry["en"])


def register(texts: dict[str, dict[str, str]]) -> None:
    """Add a page's texts (keys should be prefixed with the page name)."""
    TEXTS.update(texts)


def keep_choices(*keys: str) -> None:
    """Re-set the values of choice widgets whose option labels are translated. After a language
    switch Streamlit 1.67's browser shows a radio with nothing picked (a selectbox with the old
    label) although Python keeps the value; a value set through session state is sent again and
    shown. Call before the widgets are created."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
