"""Many people at once: N concurrent sessions over Streamlit's websocket protocol (no browser), each
changing a filter (the year shortcut of the sidebar) as soon as its last change finished.

Configurations: the embedded file behind one server; PostgreSQL with one replica; PostgreSQL with two
replicas behind the sticky-session proxy (tools/bench/proxy.py). For each N: median and p95 of the
time from sending the change to the end of the run, reruns per second (all sessions), errors (runs that
timed out or drew no figure), the servers' CPU per rerun and memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from alize import text
from tools.bench import proxy, server
from tools.bench.ws import Session

ROOT = Path(__file__).resolve().parents[2]
YEARS = [str(y) for y in range(2006, 2021)]
TICK = os.sysconf("SC_CLK_TCK")


class Server:
    """One `streamlit run app.py` on 127.0.0.1 with ALIZE_DB set."""

    def __init__(self, location: str):
        self.port = server.free_port()
        self.log = open(Path(tempfile.gettempdir()) / f"alize-bench-server-{self.port}.log", "w")  # noqa: SIM115
        env = {**os.environ, "ALIZE_DB": str(location)}
        self.proc = subprocess.Popen(server.command(ROOT / "app.py", self.port), cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        if not server.wait_healthy(self.url, timeout=120):
            raise RuntimeError(f"streamlit did not start (see {self.log.name})")

    @property
    def url(self) -> str:
        return server.url_of(self.port)

    def cpu_s(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def rss_mb(self) -> float | None:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
        return None

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _session(url: str, index: int, stop_at: float, times: list, errors: list) -> None:
    label = text.t("filter.year_shortcut", "fr")
    try:
        with Session(url, timeout=60) as s:
            first = s.run()
            widget = first.labelled[label]
            i = index
            while time.monotonic() < stop_at:
                year = YEARS[i % len(YEARS)]
                i += 1
                t = time.perf_counter()
                try:
                    run = s.choose(widget, year)
                except TimeoutError:
                    errors.append("timeout")
                    continue
                elapsed = time.perf_counter() - t
                if not run.finished or run.metrics == 0:
                    errors.append(f"no figures ({run.alerts[:1]})")
                times.append(elapsed)
    except Exception as exc:  # noqa: BLE001 -- a session that fails is counted, the others go on
        errors.append(f"{type(exc).__name__}: {exc}")


def measure(url: str, sessions: int, duration_s: float, servers: list[Server]) -> dict:
    times: list[float] = []
    errors: list[str] = []
    cpu0 = sum(s.cpu_s() for s in servers)
    start = time.monotonic()
    threads = [threading.Thread(target=_session, args=(url, i, start + duration_s, times, errors))
               for i in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    cpu = sum(s.cpu_s() for s in servers) - cpu0
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if ordered else None
    return {"sessions": sessions, "reruns": len(times), "median_s": round(statistics.median(times), 3) if times else None,
            "p95_s": round(p95, 3) if p95 is not None else None, "reruns_per_s": round(len(times) / wall, 2),
            "errors": len(errors), "error_kinds": sorted(set(errors))[:3],
            "cpu_ms_per_rerun": round(cpu * 1000 / len(times), 1) if times else None,
            "rss_mb": [s.rss_mb() for s in servers]}


def run(configs: dict[str, tuple[str, int]], sessions=(1, 5, 10, 20), duration_s: float = 20.0, log=None) -> dict:
    """configs: label → (ALIZE_DB, number of replicas). Two or more replicas sit behind the proxy."""
    out = {}
    for label, (location, replicas) in configs.items():
        servers = [Server(location) for _ in range(replicas)]
        stop = None
        try:
            url = servers[0].url
            if replicas > 1:
                port = server.free_port()
                _, stop = proxy.serve_in_thread(port, [("127.0.0.1", s.port) for s in servers])
                url = f"http://127.0.0.1:{port}"
            for _ in range(replicas):  # one warm-up session per replica: copies loaded, first run done
                measure(url, 1, 2.0, servers)
            out[label] = [measure(url, n, duration_s, servers) for n in sessions]
            if log:
                for row in out[label]:
                    print(f"concurrency {label}: {row}", file=log, flush=True)
        finally:
            if stop is not None:
                stop.set()
            for s in servers:
                s.close()
    return out
