"""Reading one response body: a size cap, a deadline for the whole fetch, and proof that the
body is complete.

The bytes are read off the wire undecoded and decompressed here, so that

- a gzip or deflate stream that stops before its end marker is a truncated body (a
  decompressor fed half a stream returns what it has and says nothing);
- a body shorter than its ``Content-Length`` is a truncated body;
- the size cap counts decompressed bytes, so a small bomb cannot grow past it;
- a server that trickles a byte at a time cannot hold the fetch past its deadline: each
  read returns what has arrived (``read1``), the socket's timeout shrinks to the time left,
  and the deadline is checked after every read.
"""

from __future__ import annotations

import socket
import time
import zlib
from dataclasses import dataclass

import requests

_CHUNK = 64 * 1024


class BodyError(Exception):
    """The body could not be read whole; ``reason`` is the manifest's reason."""

    def __init__(self, reason: str, received: int):
        super().__init__(reason)
        self.reason = reason
        self.received = received


@dataclass
class Body:
    data: bytes
    received: int  # bytes that came over the wire (compressed, when compressed)


class _Decoder:
    def __init__(self, encoding: str):
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
            self._raw_fallback = True
        else:
            self._z = None

    def feed(self, chunk: bytes, room: int) -> bytes:
        """Decompressed bytes of ``chunk``, at most ``room`` + 1 of them (one more than room
        means: over the cap)."""
        if self._z is None:
            return chunk
        try:
            out = self._z.decompress(self._z.unconsumed_tail + chunk, room + 1)
        except zlib.error:
            if getattr(self, "_raw_fallback", False) and not self._z.eof:
                # "deflate" sent as a raw stream without the zlib header (old IIS servers)
                self._raw_fallback = False
                self._z = zlib.decompressobj(wbits=-zlib.MAX_WBITS)
                return self.feed(chunk, room)
            raise
        self._raw_fallback = False
        return out

    def complete(self) -> bool:
        return self._z is None or self._z.eof


def read_body(resp: requests.Response, *, max_bytes: int, deadline: float, timeout: float) -> Body:
    """The whole, decoded body of ``resp`` (opened with ``stream=True``).

    Raises ``BodyError`` with reason ``body_over_N_bytes``, ``deadline_exceeded``,
    ``truncated_body``, ``unsupported_content_encoding:X``, ``bad_compressed_body`` or
    ``read_error: ...``. ``deadline`` is a ``time.monotonic()`` value."""
    encoding = (resp.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate", ""):
        raise BodyError(f"unsupported_content_encoding:{encoding[:40]}", 0)
    declared = resp.headers.get("Content-Length")
    expected = int(declared) if declared and declared.isdigit() else None
    decoder = _Decoder(encoding)
    raw = resp.raw
    body, received = bytearray(), 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise BodyError("deadline_exceeded", received)
        _set_timeout(raw, min(timeout, left))
        try:
            chunk = raw.read1(_CHUNK, decode_content=False)
        except Exception as exc:  # noqa: BLE001 - urllib3 wraps socket trouble in its own types
            if time.monotonic() >= deadline:
                raise BodyError("deadline_exceeded", received) from None
            name = type(exc).__name__
            if "IncompleteRead" in name or "IncompleteRead" in repr(exc):
                raise BodyError("truncated_body", received) from None
            raise BodyError(f"read_error: {name}: {str(exc)[:160]}", received) from None
        if not chunk:
            break
        received += len(chunk)
        try:
            body += decoder.feed(chunk, max_bytes - len(body))
        except zlib.error as exc:
            raise BodyError(f"bad_compressed_body: {exc}", received) from None
        if len(body) > max_bytes:
            raise BodyError(f"body_over_{max_bytes}_bytes", received)
    if expected is not None and received < expected:
        raise BodyError("truncated_body", received)
    if not decoder.complete():
        raise BodyError("truncated_body", received)
    return Body(bytes(body), received)


def release_if_bodiless(resp: requests.Response) -> None:
    """Hand the connection of an answer without a body (a 304, Content-Length: 0) back to the
    session's pool: urllib3 keeps a connection only once its response is read to the end, and
    closing an unread one closes the connection. A chunked answer is never read here (a
    hostile server could make "nothing" endless); it is closed with the response as before."""
    if getattr(resp.raw, "chunked", True):
        return
    if resp.status_code == 304 or resp.headers.get("Content-Length") == "0":
        try:
            resp.raw.read(decode_content=False)  # zero bytes: http.client knows the length is 0
        except Exception:  # noqa: BLE001 - then the connection is closed with the response, as before
            pass


def _set_timeout(raw, seconds: float) -> None:
    """Shrink the socket's timeout to the time left (urllib3 keeps the socket on the
    connection object; when it is not reachable the read timeout alone bounds a read)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None) or getattr(getattr(raw, "_connection", None), "sock", None)
    if isinstance(sock, socket.socket):
        try:
            sock.settimeout(max(seconds, 0.001))
        except OSError:
            pass
