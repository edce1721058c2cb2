"""Hostile HTTP servers on loopback for the fetcher's fault tests, and a registry whose one
source points at such a server.

``HostileServer`` answers each request with whatever its ``routes`` function writes to the
raw socket, so a test can send a body shorter than its Content-Length, half a gzip
stream, or a byte a second. It counts the requests it saw (by path), so a test can prove
that a refused URL was never asked for.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

from core.registry import load_registry
from core.registry.model import Source

Route = Callable[[socket.socket, str], None]


class HostileServer:
    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes = routes or {}
        self.requests: list[str] = []
        self.connections = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1].decode("latin-1")
            self.requests.append(path)
            route = self.routes.get(path.split("?")[0]) or _not_found
            route(conn, path)
        except OSError:
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def hits(self, path: str) -> int:
        return sum(1 for p in self.requests if p == path)

    def stop(self) -> None:
        self._stop = True
        self._sock.close()


def answer(body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None,
           length: int | None = None) -> Route:
    """A route that sends ``body`` with a Content-Length of ``length`` (default: the truth)."""

    def route(conn: socket.socket, _path: str) -> None:
        head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body) if length is None else length}",
                "Connection: close", *(f"{k}: {v}" for k, v in (headers or {}).items())]
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)

    return route


def trickle(body: bytes, per_second: float = 1.0) -> Route:
    """Sends the headers at once, then ``body`` one byte at a time."""

    def route(conn: socket.socket, _path: str) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n".encode())
        for i in range(len(body)):
            conn.sendall(body[i:i + 1])
            time.sleep(1 / per_second)

    return route


def _not_found(conn: socket.socket, _path: str) -> None:
    answer(b"no", status="404 Not Found")(conn, _path)


ROBOTS_BODY = b"User-agent: *\nAllow: /\n"
ROBOTS_OK = answer(ROBOTS_BODY, headers={"Content-Type": "text/plain"})

_YAML = """\
code: "990000"
name: 敌意测试省
level: province
sources:
  - id: hostile
    name: 敌意测试站
    base_url: {base}
    allow_private_addresses: {allow_private}
    politeness:
      min_delay: 0
      timeout: {timeout}
      deadline: {deadline}
      max_bytes: {max_bytes}
      retries: 0
      backoff: 0
    listings:
      - url: {base}/list.html
        kinds: [breakdown]
"""


def hostile_source(tmp_path: Path, base: str, *, allow_private: bool = True, timeout: float = 2,
                   deadline: float = 30, max_bytes: int = 100_000) -> Source:
    d = tmp_path / f"registry-{uuid.uuid4().hex[:8]}"
    d.mkdir()
    (d / "990000.yaml").write_text(
        _YAML.format(base=base, allow_private=str(allow_private).lower(), timeout=timeout, deadline=deadline,
                     max_bytes=max_bytes),
        encoding="utf-8",
    )
    return load_registry(d, cache=False).source("hostile")
