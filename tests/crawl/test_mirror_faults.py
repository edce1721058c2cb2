"""The production mirror does not serve the test fault host, and a bad query value on the
fault host is a 400, not a traceback (issue 14, item 12)."""

from __future__ import annotations

import http.client

from govwork.mirror import serve
from tests.crawl.fault_host import FAULT_HOST


def _get(base_url: str, path: str, host: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(base_url.removeprefix("http://"), timeout=10)
    try:
        conn.request("GET", path, headers={"Host": host})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_the_production_mirror_does_not_serve_the_fault_host():
    with serve(port=0) as server:  # what `govwork mirror` starts
        status, body = _get(server.base_url, "/big?bytes=100000000", FAULT_HOST)
        assert status == 404 and len(body) < 1000
        assert _get(server.base_url, "/list.html", FAULT_HOST)[0] == 404


def test_bad_query_values_are_400_and_sizes_are_capped(mirror_server, capfd):
    for path in ("/flaky/x?fail=abc", "/status/abc", "/slow?seconds=nan-ish", "/big?bytes=-5",
                 "/big?bytes=999999999999"):
        status, _ = _get(mirror_server.base_url, path, FAULT_HOST)
        assert status == 400, path
    assert "Traceback" not in capfd.readouterr().err
    status, body = _get(mirror_server.base_url, "/big?bytes=2000", FAULT_HOST)
    assert (status, len(body)) == (200, 2000)
