"""The load benchmark's server-side clock: how long the server took for a rerun it was asked for."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.runtime import Runtime

from benchmarks.load import server_runs
from benchmarks.timed_streamlit import install


def rerun_request(fragment: str = "", widget_ids: tuple[str, ...] = (), columns: int | None = None) -> BackMsg:
    """A rerun request with the given widgets, and the Traversals columns slider at `columns`."""
    message = BackMsg()
    message.rerun_script.fragment_id = fragment
    message.rerun_script.query_string = ""
    for widget_id in widget_ids:
        message.rerun_script.widget_states.widgets.add().id = widget_id
    if columns is not None:
        slider = message.rerun_script.widget_states.widgets.add()
        slider.id = "$$ID-9c0d-gen_trav_steps"
        slider.double_array_value.data.append(columns)
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
    assert [(fragment, kind) for _, _, fragment, kind in lines] == [("1", "editor"), ("0", "other")]
    assert float(lines[0][1]) >= 50 and started - 1 <= float(lines[0][0]) <= time.time()
    assert server_runs(log, "editor", started - 1, time.time() + 1) == [float(lines[0][1])]
    assert server_runs(log, "editor", time.time() + 1, time.time() + 2) == []  # outside the measured window


def test_a_run_counts_as_a_parameter_move_only_when_the_slider_changed(timed_runtime):
    runtime, log, _ = timed_runtime
    for columns in (9, 9, 11, 11, 7):  # the tab opens at 9; a tab click; a move; a click elsewhere; a move
        runtime.handle_backmsg("a", rerun_request(widget_ids=("$$ID-0a1b-gen_tab",), columns=columns))
        runtime._send_message(session("a"), forward("script_finished"))
    runtime.handle_backmsg("b", rerun_request(columns=13))  # another session's first request: no move
    runtime._send_message(session("b"), forward("script_finished"))
    kinds = [line.split()[3] for line in log.read_text().splitlines()]
    assert kinds == ["other", "other", "parameter", "other", "parameter", "other"]
    assert len(server_runs(log, "parameter", 0, time.time() + 1)) == 2
