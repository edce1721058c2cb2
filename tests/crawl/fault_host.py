"""The test-only host ``faults.test``: endpoints that misbehave the way real portals do.

It lives in the tests, never in the production mirror: the test fixture plugs it into the
mirror server (``serve(extra_hosts={FAULT_HOST: handle})``), ``govwork mirror`` does not
serve it. Sizes are capped (``/big`` at 10 MB) and a bad query value is a 400. Every endpoint may sit
under ``/run/<token>/`` so each test gets fresh counters (``/run/abc/flaky/x`` and
``/run/def/flaky/x`` fail independently).

    /robots.txt                    Disallow: /private/
    /list.html                     a listing linking to every endpoint below
    /doc/<name>.html               an ordinary article page (ETag, Last-Modified, 304)
    /flaky/<name>?fail=N           N answers 500, then the article page
    /status/<code>                 always that status
    /slow?seconds=S                waits S seconds before answering
    /reset                         resets the connection without an answer
    /challenge                     412 and a JavaScript challenge page
    /redirect-off                  302 to a host on no allow-list
    /redirect-in                   302 to /doc/moved.html on this host
    /big?bytes=N[&length=0]        N bytes, with or without a Content-Length header
    /private/<anything>            an article page that robots.txt forbids
"""

from __future__ import annotations

import hashlib
import html
import socket
import struct
import threading
import time
from email.utils import formatdate
from urllib.parse import parse_qs, urlsplit

from govwork.mirror.routes import MIRROR_ROOT

FAULT_HOST = "faults.test"
MAX_BIG_BYTES = 10_000_000
_LAST_MODIFIED = formatdate(1767225600, usegmt=True)  # 2026-01-01

_counters: dict[str, int] = {}
_lock = threading.Lock()

LISTING_ITEMS = [
    # (title, href relative to the run prefix)
    ("测试文件1：关于分解落实2026年《政府工作报告》重点工作的通知", "doc/ok.html"),
    ("测试文件1：关于分解落实2026年《政府工作报告》重点工作的通知", "doc/ok.html"),  # same URL twice
    ("测试文件2：关于分解落实2026年《政府工作报告》主要目标的通知（先出错后成功）", "flaky/first?fail=2"),
    ("测试文件3：2026年《政府工作报告》责任分工方案（一直出错）", "status/503"),
    ("测试文件4：2026年《政府工作报告》重点工作分解（超时）", "slow?seconds=3"),
    ("测试文件5：2026年《政府工作报告》重点工作分解（连接重置）", "reset"),
    ("测试文件6：2026年《政府工作报告》重点工作分解（反爬）", "challenge"),
    ("测试文件7：2026年《政府工作报告》重点工作分解（跳转站外）", "redirect-off"),
    ("测试文件8：2026年《政府工作报告》重点工作分解（跳转站内）", "redirect-in"),
    ("测试文件9：2026年《政府工作报告》重点工作分解（过大）", "big?bytes=300000"),
    ("测试文件10：2026年《政府工作报告》重点工作分解（robots禁止）", "/private/doc.html"),
    ("测试文件11：2026年《政府工作报告》重点工作分解（不存在）", "status/404"),
    ("测试文件12：2026年《政府工作报告》重点工作分解（ftp）", "ftp://faults.test/doc.html"),
    ("关于做好2026年春节期间有关工作的通知", "doc/other.html"),
]


class _BadQuery(ValueError):
    pass


def handle(h) -> None:
    """Answer one request on the fault host. ``h`` is the BaseHTTPRequestHandler."""
    try:
        _handle(h)
    except _BadQuery as exc:
        _send(h, 400, f"<html><body>400 {html.escape(str(exc))}</body></html>".encode(), "text/html")


def _number(query: dict, key: str, default: str, cast=int, upper: float | None = None):
    value = query.get(key, [default])[0]
    try:
        number = cast(value)
    except ValueError:
        raise _BadQuery(f"{key} must be a number") from None
    if number < 0 or (upper is not None and number > upper):
        raise _BadQuery(f"{key} out of range")
    return number


def _handle(h) -> None:
    parts = urlsplit(h.path)
    path, query = parts.path, parse_qs(parts.query)
    prefix = ""
    if path.startswith("/run/"):
        token, _, rest = path[len("/run/"):].partition("/")
        prefix, path = f"/run/{token}/", "/" + rest
    q = lambda k, d: query.get(k, [d])[0]  # noqa: E731

    if path == "/robots.txt":
        return _send(h, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain", validators=True)
    if path == "/list.html":
        return _send(h, 200, _listing(prefix).encode("utf-8"), "text/html; charset=utf-8", validators=True)
    if path.startswith("/doc/") or path.startswith("/private/"):
        return _send(h, 200, _article(path).encode("utf-8"), "text/html; charset=utf-8", validators=True)
    if path.startswith("/flaky/"):
        key = prefix + path
        with _lock:
            _counters[key] = _counters.get(key, 0) + 1
            hit = _counters[key]
        if hit <= _number(query, "fail", "1", upper=100):
            return _send(h, _number(query, "status", "500", upper=599), b"<html><body>500 Internal Server Error</body></html>", "text/html")
        return _send(h, 200, _article(path).encode("utf-8"), "text/html; charset=utf-8", validators=True)
    if path.startswith("/status/"):
        code = _number({"code": [path.rsplit("/", 1)[1]]}, "code", "500", upper=599)
        return _send(h, code, f"<html><body>{code}</body></html>".encode(), "text/html")
    if path == "/slow":
        time.sleep(_number(query, "seconds", "5", cast=float, upper=30))
        return _send(h, 200, _article(path).encode("utf-8"), "text/html; charset=utf-8")
    if path == "/reset":
        # SO_LINGER with a zero timeout turns close() into a TCP RST.
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()
        h.mirror_status = 0
        return None
    if path == "/challenge":
        page = (MIRROR_ROOT / "sites" / "www.gansu.gov.cn" / "challenge.html").read_bytes()
        return _send(h, 412, page, "text/html; charset=utf-8")
    if path == "/redirect-off":
        return _redirect(h, "http://evil.example.com/stolen.html")
    if path == "/redirect-in":
        return _redirect(h, f"http://{FAULT_HOST}{prefix or '/'}doc/moved.html")
    if path == "/big":
        size = _number(query, "bytes", "1000000", upper=MAX_BIG_BYTES)
        body = (b"<html><body>" + b"x" * size)[: max(0, size - 14)] + b"</body></html>"
        return _send(h, 200, body, "text/html; charset=utf-8", length=q("length", "1") != "0")
    return _send(h, 404, b"<html><body>404</body></html>", "text/html")


def _listing(prefix: str) -> str:
    base = prefix or "/"
    items = []
    for i, (title, href) in enumerate(LISTING_ITEMS):
        url = href if "://" in href or href.startswith("/") else base + href
        items.append(f'<li><a href="{html.escape(url)}">{html.escape(title)}</a><span>2026-02-0{1 + i % 9}</span></li>')
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试列表</title></head><body>\n'
        '<ul class="list">\n' + "\n".join(items) + "\n</ul></body></html>\n"
    )


def _article(path: str) -> str:
    name = html.escape(path)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试文件</title></head><body>\n'
        f"<h1>测试文件 {name}</h1>\n"
        '<div class="xxgk-meta">发布机构：测试县人民政府办公室 发布日期：2026-02-02 文号：测政发〔2026〕1号</div>\n'
        f'<div id="zoom"><p>这是故障测试主机上的文件 {name}。</p>\n'
        '<p>附件：<a href="/missing/annex.pdf">附件1.pdf</a></p></div>\n'
        "</body></html>\n"
    )


def _redirect(h, location: str) -> None:
    h.send_response(302)
    h.send_header("Location", location)
    h.send_header("Content-Length", "0")
    h.end_headers()
    h.mirror_status, h.mirror_bytes = 302, 0


def _send(h, status: int, body: bytes, ctype: str, *, validators: bool = False, length: bool = True) -> None:
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    if validators and status == 200 and h.headers.get("If-None-Match") == etag:
        h.send_response(304)
        h.send_header("ETag", etag)
        h.end_headers()
        h.mirror_status, h.mirror_bytes = 304, 0
        return
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    if validators:
        h.send_header("ETag", etag)
        h.send_header("Last-Modified", _LAST_MODIFIED)
    if length:
        h.send_header("Content-Length", str(len(body)))
    else:
        h.close_connection = True
    h.end_headers()
    if h.command != "HEAD":
        h.wfile.write(body)
    h.mirror_status, h.mirror_bytes = status, len(body)
