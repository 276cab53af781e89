"""The load benchmark's server-side clock: how long the server took for a rerun it was asked for."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.runtime import Runtime

from benchmarks.load import editor_reruns
from benchmarks.timed_streamlit import install


def rerun_request(fragment: str = "", widget_ids: tuple[str, ...] = ()) -> BackMsg:
    message = BackMsg()
    message.rerun_script.fragment_id = fragment
    message.rerun_script.query_string = ""
    for widget_id in widget_ids:
        message.rerun_script.widget_states.widgets.add().id = widget_id
    return message


def forward(kind: str) -> ForwardMsg:
    message = ForwardMsg()
    if kind == "script_finished":
        message.script_finished = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    else:
        message.delta.SetInParent()
    return message


@pytest.fixture
def timed_runtime(tmp_path, monkeypatch):
    """Runtime's two methods replaced by recorders, then wrapped as the launcher wraps them."""
    sent: list[ForwardMsg] = []
    monkeypatch.setattr(Runtime, "handle_backmsg", lambda self, session_id, msg, **kwargs: None)
    monkeypatch.setattr(Runtime, "_send_message", lambda self, info, msg: sent.append(msg))
    log = tmp_path / "reruns.log"
    install(str(log))
    return object.__new__(Runtime), log, sent


def session(session_id: str) -> SimpleNamespace:
    return SimpleNamespace(session=SimpleNamespace(id=session_id))


def test_logs_each_request_until_its_run_finished_message(timed_runtime):
    runtime, log, sent = timed_runtime
    started = time.time()
    runtime.handle_backmsg("a", rerun_request("frag-1", ("$$ID-1f2e-gen_live-0-mnist-ae-16", "$$ID-77aa-model")))
    runtime.handle_backmsg("b", rerun_request())  # another session: a full run, no editor
    time.sleep(0.05)
    runtime.handle_backmsg("a", rerun_request("frag-1", ("$$ID-1f2e-gen_live-0-mnist-ae-16",)))  # still busy
    runtime._send_message(session("a"), forward("delta"))
    runtime._send_message(session("a"), forward("script_finished"))
    runtime._send_message(session("b"), forward("script_finished"))
    runtime._send_message(session("a"), forward("script_finished"))  # nothing was asked since
    assert len(sent) == 4  # every message still went out
    lines = [line.split() for line in log.read_text().splitlines()]
    assert [(fragment, editor) for _, _, fragment, editor in lines] == [("1", "1"), ("0", "0")]
    assert float(lines[0][1]) >= 50 and started - 1 <= float(lines[0][0]) <= time.time()
    assert editor_reruns(log, started - 1, time.time() + 1) == [float(lines[0][1])]
    assert editor_reruns(log, time.time() + 1, time.time() + 2) == []  # outside the measured window
