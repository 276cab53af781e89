"""`streamlit run` with the server's own clock on every rerun it is asked for (benchmarks only).

    python -m benchmarks.timed_streamlit run app.py …   # with AE_RERUN_LOG=path

Appends one line per answered rerun request to `AE_RERUN_LOG`: the wall-clock time the request
arrived, milliseconds until the run's "finished" message was handed to the websocket, whether it
was a fragment run, and what the run answered: "editor" for a fragment run with the Generate
page's code editor on the page (its key among the widget states: a latent slider move),
"parameter" for a run whose parameter slider (the Traversals tab's columns) holds another value
than in the session's last request, else "other". This is the server's part of a slider move,
with nothing of the browser's in it. It wraps two methods of Streamlit's `Runtime`,
private API checked on 1.67.
"""

from __future__ import annotations

import os
import sys
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.runtime import Runtime

EDITOR_KEY = "gen_live-"  # the code editor's key ends its widget id
PARAMETER_KEY = "gen_trav_steps"  # the load test's parameter slider


def install(log_path: str) -> None:
    log = open(log_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the server's life
    asked: dict[str, tuple[float, float, bool, str]] = {}
    parameter: dict[str, bytes] = {}  # each session's parameter slider state in its last request
    handle_backmsg, send_message = Runtime.handle_backmsg, Runtime._send_message

    def what_it_answers(session_id: str, rerun) -> str:
        states = {w.id: w for w in rerun.widget_states.widgets}
        value = next((w.SerializeToString() for i, w in states.items() if i.endswith(PARAMETER_KEY)), None)
        moved = value is not None and parameter.get(session_id, value) != value
        if value is not None:
            parameter[session_id] = value
        if rerun.fragment_id and any(EDITOR_KEY in i for i in states):
            return "editor"
        return "parameter" if moved else "other"

    def timed_handle_backmsg(self, session_id: str, msg: BackMsg, **kwargs) -> None:
        if msg.WhichOneof("type") == "rerun_script":
            kind = what_it_answers(session_id, msg.rerun_script)
            if session_id not in asked:
                asked[session_id] = (time.time(), time.perf_counter(), bool(msg.rerun_script.fragment_id), kind)
        return handle_backmsg(self, session_id, msg, **kwargs)

    def timed_send_message(self, session_info, msg: ForwardMsg) -> None:
        send_message(self, session_info, msg)
        if msg.WhichOneof("type") == "script_finished":
            request = asked.pop(session_info.session.id, None)
            if request is not None:
                wall, start, fragment, kind = request
                log.write(f"{wall:.3f} {(time.perf_counter() - start) * 1000:.1f} {int(fragment)} {kind}\n")

    Runtime.handle_backmsg, Runtime._send_message = timed_handle_backmsg, timed_send_message


if __name__ == "__main__":
    install(os.environ["AE_RERUN_LOG"])
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()
