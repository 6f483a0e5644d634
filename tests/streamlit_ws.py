"""The Streamlit websocket client the server tests use: tools/bench/ws.py (the benchmark drives
sessions with it too)."""

from tools.bench.ws import Run, Session  # noqa: F401 -- the tests' names
