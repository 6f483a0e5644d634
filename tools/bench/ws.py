"""A minimal Streamlit websocket client (no browser) against a real `streamlit run`: open a session
(optionally with extra handshake headers such as X-Forwarded-For), run the script, read its alerts
and widget ids, change a widget, submit a form, send `clear_cache`. Protobufs from Streamlit itself.
The tests (tests/streamlit_ws.py) and the concurrency benchmark use it."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


@dataclass
class Run:
    """What one script run drew (only what the tests need)."""

    alerts: list[str] = field(default_factory=list)
    widgets: dict[str, str] = field(default_factory=dict)   # element type → widget id (last seen)
    labelled: dict[str, str] = field(default_factory=dict)  # widget label → widget id (selectbox, multiselect)
    metrics: int = 0
    bytes: int = 0                                          # what the server sent for this run
    texts: list[str] = field(default_factory=list)
    finished: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.alerts + self.texts)


class Session:
    def __init__(self, url: str, headers: dict | None = None, timeout: float = 20.0):
        host = urlparse(url).netloc
        self.timeout = timeout
        self.ws = connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"],
                          additional_headers={"Origin": f"http://{host}", **(headers or {})},
                          open_timeout=timeout, max_size=None).__enter__()
        self.session_id = ""
        self.page_script_hash = ""

    def close(self) -> None:
        self.ws.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _send(self, msg: BackMsg) -> None:
        self.ws.send(msg.SerializeToString())

    def run(self, widgets: list | None = None) -> Run:
        """Rerun the script with these widget states; read until the run has finished."""
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_script_hash
        for state in widgets or []:
            msg.rerun_script.widget_states.widgets.append(state)
        self._send(msg)
        return self._read()

    def choose(self, widget_id: str, value: str | list[str]) -> Run:
        """Set a selectbox (its option's label) or a multiselect (their labels) and rerun, as a browser does."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=widget_id)
        if isinstance(value, str):
            state.string_value = value
        else:
            state.string_array_value.data.extend(value)
        return self.run([state])

    def clear_cache(self) -> None:
        msg = BackMsg()
        msg.clear_cache = True
        self._send(msg)

    def submit(self, run: Run, password: str, email: str | None = None) -> Run:
        """Fill the password box of `run` (and the e-mail box above it) and press the form's submit button."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        states = [WidgetState(id=run.widgets["text_input"], string_value=password)]
        if email is not None and "email" in run.widgets:
            states.append(WidgetState(id=run.widgets["email"], string_value=email))
        states.append(WidgetState(id=run.widgets["submit"], trigger_value=True))
        return self.run(states)

    def _read(self) -> Run:
        out = Run()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            raw = self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            if isinstance(raw, str):
                continue
            out.bytes += len(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
                self.page_script_hash = fwd.new_session.page_script_hash or self.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                etype = element.WhichOneof("type")
                if etype == "alert":
                    out.alerts.append(element.alert.body)
                elif etype == "text_input":  # the sign-in form: the e-mail box, then the password box
                    if "text_input" in out.widgets:
                        out.widgets["email"] = out.widgets["text_input"]
                    out.widgets["text_input"] = element.text_input.id
                elif etype == "button" and element.button.is_form_submitter:
                    out.widgets["submit"] = element.button.id
                elif etype == "file_uploader":
                    out.widgets["file_uploader"] = element.file_uploader.id
                elif etype in ("selectbox", "multiselect"):
                    widget = getattr(element, etype)
                    out.labelled[widget.label] = widget.id
                elif etype == "metric":
                    out.metrics += 1
                elif etype in ("markdown", "heading", "text"):
                    out.texts.append(getattr(element, etype).body)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # st.rerun(): read the next run
                    out = Run()
                    continue
                out.finished = True
                return out
        raise TimeoutError("the script run did not finish")
