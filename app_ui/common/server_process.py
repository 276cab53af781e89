"""Settings of the server process the app runs in. app.py runs on every rerun of every session;
these act once (or when something changed), not every time."""

from __future__ import annotations

import gc
import sys

_modules_when_frozen = 0


def freeze_imported_objects() -> bool:
    """Take the objects that exist now out of every later garbage collection (`gc.freeze`),
    whenever new modules were imported since the last time; returns whether it froze.

    Streamlit runs a full collection after every script run (`runner.postScriptGC`). With torch,
    scikit-learn and plotly imported that walks ≈ 300,000 long-lived objects: 150–300 ms holding
    the GIL per rerun (measured), during which no other session gets a reply. Under load, with
    one session rerunning often, another session's slider reply waited up to 15 s.

    Call it at the start of a run: the previous run's own full collection has just swept the
    garbage, so freezing costs no collection of its own (one here would hold the GIL again). What
    frozen objects later leave behind in cycles is not reclaimed; that is bounded, as this acts
    only when the set of modules grew.
    """
    global _modules_when_frozen
    if len(sys.modules) == _modules_when_frozen:
        return False
    gc.freeze()
    _modules_when_frozen = len(sys.modules)
    return True
