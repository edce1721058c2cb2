"""The crawler against the mirror's fault host, over real HTTP: retries, timeouts, resets,
anti-bot pages, redirects off the allow-list, size caps, robots.txt, rate limit, 304s."""

from __future__ import annotations

import hashlib

import pytest

from extractors.crawl import run_crawl
from extractors.crawl.fetch import Fetcher
from extractors.rawstore import RawStore
from govwork.mirror.site import MIRROR_ROOT
from tests.crawl.fault_host import FAULT_HOST
from tests.crawl.faults_registry import fault_registry, settings_for


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory, mirror_server):
    """One crawl of the fault listing; every test below reads its outcome."""
    tmp = tmp_path_factory.mktemp("faults")
    registry, prefix = fault_registry(tmp)
    settings = settings_for(tmp, mirror_server.base_url)
    report = run_crawl(settings, registry)
    docs = {d.url.split(prefix, 1)[-1] if prefix in d.url else d.url: d for d in report.documents}
    return report, docs, prefix, settings, registry


def hits(server, path: str) -> list:
    return [r for r in server.log if r.host == FAULT_HOST and r.path == path]


def test_one_failing_url_never_stops_the_run(fault_run):
    report, docs, *_ = fault_run
    assert len(report.documents) == 12  # 14 links: one duplicate URL, one notice that is no candidate
    assert report.summary["990000"] == {
        "found": 12, "fetched": 3, "unchanged": 0, "inbox": 0, "blocked": 1, "failed": 3,
        "refused": 3, "too_large": 1, "missing": 4,  # one dead document link + three dead annex links
        "empty_listing": 0, "no_body": 0, "capped": 0,
    }
    assert not report.ok


def test_5xx_is_retried_with_backoff_until_it_works(fault_run, mirror_server):
    _, docs, prefix, *_ = fault_run
    doc = docs["flaky/first?fail=2"]
    assert doc.outcome == "fetched" and doc.sha256
    assert [r.status for r in hits(mirror_server, prefix + "flaky/first?fail=2")] == [500, 500, 200]


def test_5xx_that_persists_fails_after_the_retries(fault_run, mirror_server):
    _, docs, prefix, *_ = fault_run
    doc = docs["status/503"]
    assert doc.outcome == "failed" and doc.reason == "http_503 after 3 attempts"
    assert len(hits(mirror_server, prefix + "status/503")) == 3


def test_4xx_is_not_retried(fault_run, mirror_server):
    _, docs, prefix, *_ = fault_run
    assert docs["status/404"].outcome == "missing"
    assert len(hits(mirror_server, prefix + "status/404")) == 1


def test_timeout_and_connection_reset_are_failures_with_a_reason(fault_run, mirror_server):
    _, docs, prefix, *_ = fault_run
    assert docs["slow?seconds=3"].outcome == "failed"
    assert docs["slow?seconds=3"].reason.startswith("timeout")
    assert docs["reset"].outcome == "failed"
    assert docs["reset"].reason.startswith("connection_error")
    assert len(hits(mirror_server, prefix + "reset")) == 3  # connection errors are retried too


def test_anti_bot_page_is_blocked_not_a_document(fault_run, mirror_server):
    report, docs, prefix, settings, _ = fault_run
    doc = docs["challenge"]
    assert doc.outcome == "blocked" and doc.sha256 is None and doc.reason == "anti_bot:ruishu:http_412"
    assert len(hits(mirror_server, prefix + "challenge")) == 1
    stored = {p.name for p in (settings.raw_dir / "objects").rglob("*") if p.is_file()}
    page = (MIRROR_ROOT / "templates/challenge-ruishu.html").read_bytes()
    assert hashlib.sha256(page).hexdigest() not in stored  # a challenge is never kept as a document


def test_redirects_stay_on_the_allow_list(fault_run):
    _, docs, prefix, *_ = fault_run
    off = docs["redirect-off"]
    assert off.outcome == "refused" and off.reason == "redirect_host_not_allowed:evil.example.com"
    inside = docs["redirect-in"]
    assert inside.outcome == "fetched" and inside.final_url == f"http://{FAULT_HOST}{prefix}doc/moved.html"


def test_only_http_and_https(fault_run):
    _, docs, *_ = fault_run
    ftp = docs["ftp://faults.test/doc.html"]
    assert ftp.outcome == "refused" and ftp.reason == "scheme_not_allowed:ftp"


def test_oversize_bodies_are_refused(fault_run, tmp_path, mirror_server):
    _, docs, prefix, *_ = fault_run
    assert docs["big?bytes=300000"].outcome == "too_large"
    assert docs["big?bytes=300000"].reason == "content_length_300000_over_100000"
    # without a Content-Length the body is cut off while streaming
    registry, prefix2 = fault_registry(tmp_path)
    fetcher = Fetcher(RawStore(tmp_path / "raw"), mirror_url=mirror_server.base_url)
    res = fetcher.fetch(
        f"http://{FAULT_HOST}{prefix2}big?bytes=300000&length=0", registry.source("faults"), role="article", jurisdiction="990000"
    )
    assert res.outcome == "too_large" and res.reason == "body_over_100000_bytes"
    assert 100_000 < res.bytes_received < 300_000 and res.sha256 is None


def test_robots_txt_is_honoured(fault_run, mirror_server):
    _, docs, *_ = fault_run
    assert docs[f"http://{FAULT_HOST}/private/doc.html"].outcome == "refused"
    assert docs[f"http://{FAULT_HOST}/private/doc.html"].reason == "robots_txt_disallow"
    assert not [r for r in mirror_server.log if r.host == FAULT_HOST and r.path.startswith("/private/")]


def test_links_that_are_no_candidates_are_never_fetched_and_duplicates_once(fault_run, mirror_server):
    _, docs, prefix, *_ = fault_run
    assert not hits(mirror_server, prefix + "doc/other.html")
    assert len(hits(mirror_server, prefix + "doc/ok.html")) == 1
    ok = docs["doc/ok.html"]
    assert ok.page_meta["doc_number"] == "测政发〔2026〕1号" and ok.page_meta["publish_date"] == "2026-02-02"
    assert [(a.url, a.outcome) for a in ok.attachments] == [(f"http://{FAULT_HOST}/missing/annex.pdf", "missing")]


def test_every_fetch_is_a_manifest_row_with_a_reason(fault_run):
    report, _, _, settings, _ = fault_run
    rows = [r for r in RawStore(settings.raw_dir).manifest() if r["run_id"] == report.run_id]
    assert {r["role"] for r in rows} == {"robots", "listing", "article", "attachment"}
    for r in rows:
        assert r["outcome"] in ("fetched", "unchanged", "blocked", "failed", "missing", "refused", "too_large")
        if r["outcome"] not in ("fetched", "unchanged"):
            assert r["reason"], r
        assert r["url"].startswith(("http://faults.test/", "ftp://")), "the live URL, not the mirror's"
    # all fetched bytes are in the store under their hash
    store = RawStore(settings.raw_dir)
    for r in rows:
        if r["outcome"] == "fetched":
            assert store.has(r["sha256"]) and r["size"] == len(store.get(r["sha256"]))


def test_a_recrawl_of_unchanged_pages_costs_304s_and_no_bytes(fault_run, mirror_server):
    report, _, prefix, settings, registry = fault_run
    start = len(mirror_server.log)
    again = run_crawl(settings, registry)
    by_url = {d.url: d for d in again.documents}
    ok = by_url[f"http://{FAULT_HOST}{prefix}doc/ok.html"]
    assert ok.outcome == "unchanged"
    assert ok.sha256 == next(d.sha256 for d in report.documents if d.url == ok.url)
    rows = [r for r in RawStore(settings.raw_dir).manifest() if r["run_id"] == again.run_id]
    unchanged = [r for r in rows if r["outcome"] == "unchanged"]
    assert {r["role"] for r in unchanged} >= {"listing", "article"}
    assert all(r["bytes_received"] == 0 and r["status"] == 304 for r in unchanged)
    # robots.txt, read by the first crawl minutes ago, is not asked again (RFC 9309 lets a
    # crawler cache it up to 24 h; tests/crawl/test_robots_cache.py) and still holds
    assert "robots" not in {r["role"] for r in rows}
    assert not [r for r in mirror_server.log[start:] if r.host == FAULT_HOST and r.path == "/robots.txt"]
    assert by_url[f"http://{FAULT_HOST}/private/doc.html"].reason == "robots_txt_disallow"
    last = hits(mirror_server, prefix + "doc/ok.html")[-1]
    assert last.conditional and last.status == 304 and last.body_bytes == 0


def test_rate_limit_spaces_requests_to_one_host(tmp_path, mirror_server):
    registry, prefix = fault_registry(tmp_path)
    fetcher = Fetcher(RawStore(tmp_path / "raw"), mirror_url=mirror_server.base_url, min_delay=0.3)
    source = registry.source("faults")
    paths = [f"{prefix}doc/rate-{i}.html" for i in range(4)]
    for p in paths:
        assert fetcher.fetch(f"http://{FAULT_HOST}{p}", source, role="article", jurisdiction="990000").outcome == "fetched"
    times = [hits(mirror_server, p)[0].at for p in paths]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= 0.28 for g in gaps), gaps

