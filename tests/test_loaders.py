"""The app's cached loaders: the test images are one shared object, not a copy per call."""

from __future__ import annotations


def test_test_images_are_loaded_once_and_shared():
    from app_ui.common.loaders import load_images

    load_images.clear()
    first = load_images("digits")
    assert load_images("digits") is first  # st.cache_data would unpickle a fresh copy on every call
    assert first.images.ndim == 4 and len(first.images) == len(first.labels) > 0


def test_forgetting_the_models_clears_every_cache_keyed_by_a_model_name():
    """A user model removed and trained again under its name must not be answered from the old one's
    caches: every `st.cache_resource` of the app whose first argument names a model is `model_keyed`,
    and `forget_models` clears them all (the map's projector and neighbours, Generate's payloads)."""
    import importlib
    import inspect
    import pkgutil

    import streamlit as st

    import app_ui
    from app_ui.common import loaders

    modules = [importlib.import_module(info.name) for info in pkgutil.walk_packages(app_ui.__path__, "app_ui.")]
    keyed = {id(cached) for cached in loaders._MODEL_KEYED}  # once every module registered its own
    missing = []
    for module in modules:
        for name, value in vars(module).items():
            wrapped = getattr(value, "__wrapped__", None)
            if not callable(value) or wrapped is None or wrapped.__module__ != module.__name__:
                continue
            params = list(inspect.signature(wrapped).parameters)
            resource = type(getattr(value, "_info", None)).__name__ == "CachedResourceFuncInfo"
            named = bool(params) and params[0] in ("name", "model_name") and "identity" not in params
            if resource and named and id(value) not in keyed:
                missing.append(f"{module.__name__}.{name}")
    assert missing == [], f"model-named st.cache_resource functions forget_models would leave stale: {missing}"
    assert {"map_projector", "latent_neighbours", "map_neighbours", "live_payload", "ghost_map", "load_model"} <= {
        cached.__wrapped__.__name__ for cached in loaders._MODEL_KEYED}

    calls = []

    @loaders.model_keyed
    @st.cache_resource
    def codes_of(model_name: str) -> int:
        calls.append(model_name)
        return len(calls)

    assert codes_of("user-m") == codes_of("user-m") == 1  # cached
    loaders.forget_models()
    assert codes_of("user-m") == 2  # computed again for the model that now has the name
    loaders._MODEL_KEYED.remove(codes_of)
