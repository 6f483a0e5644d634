"""A small sticky-session HTTP/websocket proxy for the benchmark's two-replica runs (asyncio, no deps).

Each client connection's first request head is read: a cookie `alize_replica=<i>` names its replica,
otherwise the next one in turn is chosen and the response gets `Set-Cookie` (a 101 Switching Protocols
too), so a browser's page, uploads and websocket all reach the process that holds its session. After
the heads the bytes are piped both ways untouched. A bench tool, not a production proxy (deploy/ uses
Caddy): one request head per connection is inspected, keep-alive requests follow the first.

    python -m tools.bench.proxy 8080 127.0.0.1:8501 127.0.0.1:8502
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import sys
import threading

COOKIE = "alize_replica"
_COOKIE_RE = re.compile(rb"(?im)^cookie:.*\b" + COOKIE.encode() + rb"=(\d+)")


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(1 << 16):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class StickyProxy:
    def __init__(self, backends: list[tuple[str, int]]):
        self.backends = backends
        self._turn = itertools.cycle(range(len(backends)))
        self.assigned = [0] * len(backends)

    async def handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            head = await client_r.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_w.close()
            return
        found = _COOKIE_RE.search(head)
        new = found is None or int(found.group(1)) >= len(self.backends)
        index = next(self._turn) if new else int(found.group(1))
        self.assigned[index] += 1
        host, port = self.backends[index]
        try:
            up_r, up_w = await asyncio.open_connection(host, port)
        except OSError:
            client_w.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await client_w.drain()
            client_w.close()
            return
        up_w.write(head)
        await up_w.drain()
        try:
            reply = await up_r.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            client_w.close()
            up_w.close()
            return
        if new:
            status, rest = reply.split(b"\r\n", 1)
            reply = status + f"\r\nSet-Cookie: {COOKIE}={index}; Path=/; HttpOnly; SameSite=Lax".encode() + \
                b"\r\n" + rest
        client_w.write(reply)
        await client_w.drain()
        await asyncio.gather(_pipe(client_r, up_w), _pipe(up_r, client_w))


def serve_in_thread(port: int, backends: list[tuple[str, int]]) -> tuple[StickyProxy, threading.Event]:
    """Start the proxy on 127.0.0.1:port in a daemon thread; set the returned event to stop it."""
    proxy, stop, ready = StickyProxy(backends), threading.Event(), threading.Event()

    async def main() -> None:
        server = await asyncio.start_server(proxy.handle, "127.0.0.1", port, limit=1 << 20)
        ready.set()
        async with server:
            while not stop.is_set():
                await asyncio.sleep(0.1)

    threading.Thread(target=lambda: asyncio.run(main()), name="bench-proxy", daemon=True).start()
    ready.wait(10)
    return proxy, stop


def main(argv: list[str]) -> None:
    port, *targets = argv
    backends = [(t.rsplit(":", 1)[0], int(t.rsplit(":", 1)[1])) for t in targets]

    async def run() -> None:
        server = await asyncio.start_server(StickyProxy(backends).handle, "127.0.0.1", int(port), limit=1 << 20)
        async with server:
            await server.serve_forever()

    asyncio.run(run())


if __name__ == "__main__":
    main(sys.argv[1:])
