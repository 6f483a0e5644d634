"""The benchmark's hosted path and its sticky-session proxy: consistency and routing, never speed."""

from __future__ import annotations

import http.server
import threading
import urllib.request

import pytest

from alize.store import db
from tools.bench import hosted, proxy
from tools.bench.bench import PAGES
from tools.bench.server import free_port


def backend(name: str) -> int:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def get(port: int, cookie: str | None = None) -> tuple[str, str | None]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.read().decode(), resp.headers.get("Set-Cookie")


def test_the_proxy_spreads_new_clients_and_keeps_each_on_its_replica():
    port = free_port()
    _, stop = proxy.serve_in_thread(port, [("127.0.0.1", backend("A")), ("127.0.0.1", backend("B"))])
    try:
        first, second = get(port), get(port)
        assert [first[0], second[0]] == ["A", "B"]                       # round robin for newcomers
        assert first[1].startswith("alize_replica=0;") and second[1].startswith("alize_replica=1;")
        assert [get(port, "alize_replica=1")[0] for _ in range(3)] == ["B", "B", "B"]  # sticky
        assert get(port, "theme=dark; alize_replica=0") == ("A", None)   # no new cookie for a known client
    finally:
        stop.set()


@pytest.mark.postgres
def test_the_hosted_bench_measures_every_part(pg_url):
    r = hosted.run(db.DATA_DIR, runs=1, url=pg_url)
    assert set(r["pages"]) == set(PAGES)
    assert all(e["embedded_ms"] > 0 and e["copy_ms"] > 0 for e in r["pages"].values())
    assert r["copy_load_s"] > 0 and r["copy_snapshot_s"] > 0 and r["copy_build_s"] > 0
    assert 0 < r["commit_to_serve_s"] <= r["commit_to_serve_max_s"]
    assert r["replica_rss_mb"]["after_reload"] >= r["replica_rss_mb"]["after_first_copy"] > 0
