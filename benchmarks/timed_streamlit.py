"""`streamlit run` with the server's own clock on every rerun it is asked for (benchmarks only).

    python -m benchmarks.timed_streamlit run app.py …   # with AE_RERUN_LOG=path

Appends one line per answered rerun request to `AE_RERUN_LOG`: the wall-clock time the request
arrived, milliseconds until the run's "finished" message was handed to the websocket, whether it
was a fragment run, and whether the Generate page's code editor was on the page (its key among
the widget states). A fragment run with the editor on the page is the server's part of a latent
slider move, with nothing of the browser's in it. It wraps two methods of Streamlit's `Runtime`,
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


def install(log_path: str) -> None:
    log = open(log_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the server's life
    asked: dict[str, tuple[float, float, bool, bool]] = {}
    handle_backmsg, send_message = Runtime.handle_backmsg, Runtime._send_message

    def timed_handle_backmsg(self, session_id: str, msg: BackMsg, **kwargs) -> None:
        if msg.WhichOneof("type") == "rerun_script" and session_id not in asked:
            rerun = msg.rerun_script
            editor = any(EDITOR_KEY in w.id for w in rerun.widget_states.widgets)
            asked[session_id] = (time.time(), time.perf_counter(), bool(rerun.fragment_id), editor)
        return handle_backmsg(self, session_id, msg, **kwargs)

    def timed_send_message(self, session_info, msg: ForwardMsg) -> None:
        send_message(self, session_info, msg)
        if msg.WhichOneof("type") == "script_finished":
            request = asked.pop(session_info.session.id, None)
            if request is not None:
                wall, start, fragment, editor = request
                log.write(f"{wall:.3f} {(time.perf_counter() - start) * 1000:.1f} {int(fragment)} {int(editor)}\n")

    Runtime.handle_backmsg, Runtime._send_message = timed_handle_backmsg, timed_send_message


if __name__ == "__main__":
    install(os.environ["AE_RERUN_LOG"])
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()
