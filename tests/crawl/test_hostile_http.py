"""The fetcher against hostile servers on loopback (issue 14, items 2, 6, 7 and the
unreachable site): the allow-list by origin, private addresses in live mode, every
redirect hop checked, bodies that end early, a trickle held to the deadline."""

from __future__ import annotations

import gzip
import hashlib
import socket
import time

import pytest

from extractors.crawl.fetch import Fetcher
from extractors.rawstore import RawStore
from tests.crawl.hostile import ROBOTS_BODY, ROBOTS_OK, HostileServer, answer, hostile_source, trickle

PAGE = "<html><body><p>关于分解落实2026年《政府工作报告》重点工作的通知</p></body></html>".encode()


@pytest.fixture
def servers():
    made: list[HostileServer] = []

    def make(routes=None) -> HostileServer:
        made.append(HostileServer({"/robots.txt": ROBOTS_OK, **(routes or {})}))
        return made[-1]

    yield make
    for s in made:
        s.stop()


def _fetch(tmp_path, source, url, **kw):
    store = RawStore(tmp_path / "raw")
    res = Fetcher(store, **kw).fetch(url, source, role="article", jurisdiction="990000")
    return res, store


def _objects(store: RawStore) -> list:
    """Stored objects besides robots.txt."""
    robots = hashlib.sha256(ROBOTS_BODY).hexdigest()
    found = store.objects.rglob("*") if store.objects.exists() else []
    return [p for p in found if p.is_file() and p.name != robots]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- item 2: scheme + host + port, credentials, private addresses, redirect hops ----------

def test_another_port_of_an_allowed_host_is_refused(tmp_path, servers):
    site, other = servers({"/doc.html": answer(PAGE)}), servers({"/doc.html": answer(PAGE)})
    source = hostile_source(tmp_path, site.base_url)
    res, _ = _fetch(tmp_path, source, f"{other.base_url}/doc.html")
    assert (res.outcome, res.reason) == ("refused", f"port_not_allowed:127.0.0.1:{other.port}")
    assert other.requests == [] and other.connections == 0
    ok, _ = _fetch(tmp_path, source, f"{site.base_url}/doc.html")
    assert ok.outcome == "fetched" and site.hits("/doc.html") == 1


def test_a_database_port_is_never_contacted(tmp_path, servers):
    site = servers()
    source = hostile_source(tmp_path, site.base_url)
    res, _ = _fetch(tmp_path, source, "http://127.0.0.1:5432/")
    assert (res.outcome, res.reason) == ("refused", "port_not_allowed:127.0.0.1:5432")


def test_credentials_in_a_url_smuggle_nothing(tmp_path, servers):
    site, other = servers(), servers({"/x": answer(PAGE)})
    source = hostile_source(tmp_path, site.base_url)
    for url in (f"http://127.0.0.1@127.0.0.1:{other.port}/x", f"http://u:p@127.0.0.1:{site.port}/x"):
        res, _ = _fetch(tmp_path, source, url)
        assert (res.outcome, res.reason) == ("refused", "credentials_in_url"), url
    assert other.connections == 0


def test_every_redirect_hop_is_checked_for_the_port(tmp_path, servers):
    other = servers({"/secret": answer(PAGE)})
    site = servers({"/hop": answer(b"", status="302 Found", headers={"Location": f"{other.base_url}/secret"})})
    source = hostile_source(tmp_path, site.base_url)
    res, store = _fetch(tmp_path, source, f"{site.base_url}/hop")
    assert (res.outcome, res.reason) == ("refused", f"redirect_port_not_allowed:127.0.0.1:{other.port}")
    assert other.connections == 0 and _objects(store) == []


def test_live_mode_refuses_loopback_unless_the_source_allows_it(tmp_path, servers):
    site = servers({"/doc.html": answer(PAGE)})
    for base in (site.base_url, f"http://localhost:{site.port}"):
        source = hostile_source(tmp_path, base, allow_private=False)
        res, store = _fetch(tmp_path, source, f"{base}/doc.html")
        assert res.outcome == "refused", base
        # robots.txt is the first request and is refused at the socket: nothing was sent
        assert res.reason.startswith("robots_txt_unreachable: private_address:"), res.reason
        assert _objects(store) == []
    assert site.requests == []
    allowed = hostile_source(tmp_path, site.base_url, allow_private=True)
    assert _fetch(tmp_path, allowed, f"{site.base_url}/doc.html")[0].outcome == "fetched"


def test_a_redirect_to_a_private_address_is_refused_in_live_mode(tmp_path, servers):
    """A public-looking source whose redirect lands on loopback: the hop's connection is
    checked like the first one (here the first hop is loopback too, so the source is
    refused before anything is sent; the check is per connection, not per name)."""
    inner = servers({"/x": answer(PAGE)})
    source = hostile_source(tmp_path, inner.base_url, allow_private=False)
    fetcher = Fetcher(RawStore(tmp_path / "raw"))
    res = fetcher._request_once(f"{inner.base_url}/x", f"{inner.base_url}/x", source, time.monotonic() + 5)
    assert (res.outcome, res.reason) == ("refused", "private_address:127.0.0.1")
    assert inner.requests == []


def test_the_mirror_stays_allowed(tmp_path, mirror_server):
    """Mirror mode connects to loopback by design; live URLs keep the allow-list."""
    source = hostile_source(tmp_path, "http://www.wuhan.gov.cn", allow_private=False)
    res, _ = _fetch(tmp_path, source, "http://www.wuhan.gov.cn/robots.txt", mirror_url=mirror_server.base_url)
    assert res.ok, res.reason


# --- the unreachable site ---------------------------------------------------------------

def test_an_unreachable_site_is_a_failure_not_a_robots_disallow(tmp_path):
    base = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    source = hostile_source(tmp_path, base)
    res, _ = _fetch(tmp_path, source, f"{base}/doc.html")
    assert res.outcome == "failed"
    assert res.reason.startswith("robots_txt_unreachable: connection_error"), res.reason


# --- item 6: bodies that end early --------------------------------------------------------

def test_a_truncated_gzip_body_is_a_failed_fetch_never_stored(tmp_path, servers):
    packed = gzip.compress(PAGE * 50)
    half = packed[: len(packed) // 2]
    site = servers({
        "/half.html": answer(half, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}),
        "/whole.html": answer(packed, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}),
    })
    source = hostile_source(tmp_path, site.base_url)
    res, store = _fetch(tmp_path, source, f"{site.base_url}/half.html")
    assert (res.outcome, res.reason, res.sha256) == ("failed", "truncated_body", None)
    assert _objects(store) == []
    whole, store = _fetch(tmp_path, source, f"{site.base_url}/whole.html")
    assert whole.outcome == "fetched" and store.get(whole.sha256) == PAGE * 50
    assert whole.bytes_received == len(packed)


def test_a_body_shorter_than_its_content_length_is_a_failed_fetch(tmp_path, servers):
    site = servers({"/short.html": answer(PAGE, length=len(PAGE) + 500, headers={"Content-Type": "text/html"})})
    source = hostile_source(tmp_path, site.base_url)
    res, store = _fetch(tmp_path, source, f"{site.base_url}/short.html")
    assert (res.outcome, res.reason, res.sha256) == ("failed", "truncated_body", None)
    assert _objects(store) == []


def test_a_gzip_bomb_stops_at_the_size_cap(tmp_path, servers):
    bomb = gzip.compress(b"\0" * 5_000_000)
    site = servers({"/bomb": answer(bomb, headers={"Content-Encoding": "gzip"})})
    source = hostile_source(tmp_path, site.base_url, max_bytes=100_000)
    res, store = _fetch(tmp_path, source, f"{site.base_url}/bomb")
    assert (res.outcome, res.reason) == ("too_large", "body_over_100000_bytes")
    assert _objects(store) == []


# --- item 7: one deadline for the whole fetch ---------------------------------------------

def test_a_trickle_ends_at_the_deadline(tmp_path, servers):
    site = servers({"/slow": trickle(b"x" * 600, per_second=5)})
    source = hostile_source(tmp_path, site.base_url, timeout=3, deadline=2)
    started = time.monotonic()
    res, store = _fetch(tmp_path, source, f"{site.base_url}/slow")
    took = time.monotonic() - started
    assert (res.outcome, res.reason) == ("failed", "deadline_exceeded")
    assert 1.5 < took < 4.5, took  # the deadline, not 600 bytes at 5 a second (120 s)
    assert 0 < res.bytes_received < 600 and _objects(store) == []


def test_an_endless_chunked_body_behind_content_length_0_ends_at_the_deadline(tmp_path, servers):
    """The fetcher reads a body-less answer (a 304, Content-Length: 0) to hand its connection
    back for reuse; a chunked one that claims length 0 is still read by the capped reader."""

    def endless(conn, _path):
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(60):
            conn.sendall(b"1\r\nx\r\n")
            time.sleep(0.1)

    site = servers({"/endless": endless})
    source = hostile_source(tmp_path, site.base_url, timeout=3, deadline=2)
    started = time.monotonic()
    res, store = _fetch(tmp_path, source, f"{site.base_url}/endless")
    took = time.monotonic() - started
    assert (res.outcome, res.reason) == ("failed", "deadline_exceeded")
    assert 1.5 < took < 4.5, took  # the deadline, not the 6 s the server keeps sending
    assert _objects(store) == []
