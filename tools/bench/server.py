"""A Streamlit server on this machine, as the benchmarks and the browser tests start one: a free port,
the command line, and the wait until it answers. One place, so that every measured or tested server
runs with the same flags."""

from __future__ import annotations

import socket
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(script: Path, port: int, *extra: str) -> list[str]:
    """`streamlit run` headless on 127.0.0.1, without usage statistics or a file watcher."""
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
            "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", *extra]


def url_of(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def wait_healthy(url: str, timeout: float, poll: float = 0.1) -> bool:
    """True once the server's health check answers "ok", False after `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return True
        except OSError:
            time.sleep(poll)
    return False
