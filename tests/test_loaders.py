"""The app's cached loaders: the test images are one shared object, not a copy per call."""

from __future__ import annotations


def test_test_images_are_loaded_once_and_shared():
    from app_ui.common.loaders import load_images

    load_images.clear()
    first = load_images("digits")
    assert load_images("digits") is first  # st.cache_data would unpickle a fresh copy on every call
    assert first.images.ndim == 4 and len(first.images) == len(first.labels) > 0
