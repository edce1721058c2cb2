"""The snapshot server: one port on 127.0.0.1 serves every mirrored site, chosen by the
request's ``Host`` header, so each site keeps its real URL paths (see
docs/ARCHITECTURE.md, "mirror mode"). It serves the snapshot and nothing else: the tests'
misbehaving host lives in the tests (``tests/crawl/fault_host.py``) and is plugged in
through ``extra_hosts``. A request that breaks a handler is answered 500 without a
traceback on the console.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from govwork.mirror.paths import MIRROR_ROOT

if TYPE_CHECKING:  # the sites (jinja2, yaml) load in ``MirrorServer.start``, after the port is bound
    from govwork.mirror.site import Site

_NOT_FOUND = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head>"
    "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
).encode("utf-8")


@dataclass(frozen=True)
class RequestRecord:
    """One request the mirror answered, for tests and for ``govwork mirror``'s log."""

    at: float
    host: str
    path: str
    status: int
    body_bytes: int
    conditional: bool  # the request carried If-None-Match or If-Modified-Since
    user_agent: str
    client_port: int = 0  # the client's end of the connection: requests on one kept-alive connection share it


class MirrorServer:
    """A mirror listening on its port; ``start()`` loads the sites and answers (``serve`` does
    both), ``base_url`` is where to connect, ``stop()`` ends it."""

    def __init__(self, httpd: ThreadingHTTPServer, root: Path, shared: Path | None):
        self._httpd = httpd
        self._root, self._shared = root, shared
        self._thread: threading.Thread | None = None
        host, port = httpd.server_address[:2]
        self.host, self.port = host, port
        self.base_url = f"http://{host}:{port}"

    @property
    def log(self) -> list[RequestRecord]:
        """Every request answered so far. A request is recorded after its answer is sent, so a
        client can hold its answer before the record exists: this waits (up to 2 s) for the
        requests being answered, and a test reading the log after its last response sees it."""
        httpd = self._httpd
        with httpd.log_lock:  # type: ignore[attr-defined]
            httpd.log_lock.wait_for(lambda: not httpd.in_flight, timeout=2)  # type: ignore[attr-defined]
            return list(httpd.request_log)  # type: ignore[attr-defined]

    def requests_to(self, host: str, path_prefix: str = "") -> list[RequestRecord]:
        return [r for r in self.log if r.host == host and r.path.startswith(path_prefix)]

    def start(self) -> "MirrorServer":
        """Load the sites (~0.3-0.5 s: templates rendered, files hashed) and answer in a
        background thread. Connections made before wait in the listening socket's backlog."""
        from govwork.mirror.site import load_sites  # jinja2, yaml: after the port is bound

        self._httpd.RequestHandlerClass.sites = load_sites(self._root, self._shared)  # type: ignore[attr-defined]
        # A short poll: ``stop`` waits for the loop to see the request (0.5 s by default).
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="govwork-mirror", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "MirrorServer":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


HostHandler = Callable[[BaseHTTPRequestHandler], None]


def serve(port: int = 0, host: str = "127.0.0.1", root: Path = MIRROR_ROOT, shared: Path | None = None,
          extra_hosts: dict[str, HostHandler] | None = None) -> MirrorServer:
    """Start the mirror in a background thread and return at once. ``extra_hosts`` maps a
    host name to a function answering its requests (tests only)."""
    return bind(port, host, root, shared, extra_hosts).start()


def bind(port: int = 0, host: str = "127.0.0.1", root: Path = MIRROR_ROOT, shared: Path | None = None,
         extra_hosts: dict[str, HostHandler] | None = None) -> MirrorServer:
    """The mirror listening on its port but not answering yet (``start()`` does): its URL is
    known at once, so ``govwork run`` starts the Airflow runner, seconds from its first
    request, before it loads the sites."""

    class Handler(_Handler):
        pass

    Handler.extra_hosts = dict(extra_hosts or {})
    httpd = ThreadingHTTPServer((host, port), Handler)
    httpd.daemon_threads = True
    httpd.request_log = []  # type: ignore[attr-defined]
    httpd.log_lock = threading.Condition()  # type: ignore[attr-defined]
    httpd.in_flight = 0  # type: ignore[attr-defined]  # requests read and not yet recorded
    return MirrorServer(httpd, root, shared)


class _Handler(BaseHTTPRequestHandler):
    sites: dict[str, Site] = {}
    extra_hosts: dict[str, HostHandler] = {}
    server_version = "nginx"
    sys_version = ""
    # Keep-alive: a crawl task's requests share one connection instead of one each. Every
    # answer of ours carries Content-Length (a 304 has no body); a test host's handler may
    # not, so it answers as HTTP/1.0 and its connection is closed after the answer (see do_GET).
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; without this, Nagle holds the body back until the
    # client's delayed ACK of the headers (~40 ms an answer on a kept-alive connection).
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - keep stderr quiet; the log is self.server.request_log
        pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self.mirror_status, self.mirror_bytes = 0, 0
        with self.server.log_lock:  # type: ignore[attr-defined]
            self.server.in_flight += 1  # type: ignore[attr-defined]
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        try:
            if host in self.extra_hosts:
                # its answer may lack Content-Length (the close ends the body) and may close the
                # connection: answered as HTTP/1.0, the client never keeps it for another request
                self.protocol_version = "HTTP/1.0"
                self.close_connection = True
                self.extra_hosts[host](self)
            elif host in self.sites:
                self._site(self.sites[host])
            else:
                self._send(404, _NOT_FOUND, "text/html; charset=utf-8")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test); nothing to answer
        except Exception:  # noqa: BLE001 - a bad request must not print a traceback or kill the thread
            self.close_connection = True
            if not self.mirror_status:
                try:
                    self._send(500, b"<html><body>500</body></html>", "text/html", extra={"Connection": "close"})
                except OSError:
                    pass
        finally:
            record = RequestRecord(
                at=time.time(),
                host=host,
                path=self.path,
                status=self.mirror_status,
                body_bytes=self.mirror_bytes,
                conditional=bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")),
                user_agent=self.headers.get("User-Agent", ""),
                client_port=self.client_address[1],
            )
            with self.server.log_lock:  # type: ignore[attr-defined]
                self.server.request_log.append(record)  # type: ignore[attr-defined]
                self.server.in_flight -= 1  # type: ignore[attr-defined]
                self.server.log_lock.notify_all()  # type: ignore[attr-defined]

    def _site(self, site: Site) -> None:
        if site.challenge is not None:
            self._send(412, site.challenge, "text/html; charset=utf-8", extra={"Cache-Control": "no-store"})
            return
        parts = urlsplit(self.path)
        found = site.answer(parts.path, parts.query)
        if found is None:
            self._send(404, _NOT_FOUND, "text/html; charset=utf-8")
            return
        body, ctype = found
        from govwork.mirror.site import etag_of  # loaded with the sites

        etag = etag_of(body) if site.etag else None
        validators = {"Last-Modified": site.last_modified}
        if etag:
            validators["ETag"] = etag
        if self._not_modified(etag, site.last_modified_ts):
            self.send_response(304)
            for k, v in validators.items():
                self.send_header(k, v)
            self.end_headers()
            self.mirror_status = 304
            return
        self._send(200, body, ctype, extra=validators)

    def _not_modified(self, etag: str | None, last_modified_ts: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2)
            return etag is not None and etag in [t.strip() for t in inm.split(",")]
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims).timestamp() >= last_modified_ts
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.mirror_status, self.mirror_bytes = status, len(body)
