"""The snapshot mirror: pages carry the real seed texts, and the server answers like the
real sites (Host routing, charsets, 412 challenge, 404 annexes, conditional GET)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
import requests
from bs4 import BeautifulSoup

from core.config import REPO_ROOT

SHARED = REPO_ROOT.parent / "shared"
MIRROR = REPO_ROOT / "mirror"


def _build_module():
    spec = importlib.util.spec_from_file_location("build_pages", MIRROR / "tools" / "build_pages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_pages"] = module
    spec.loader.exec_module(module)
    return module


build = _build_module()


def get(base: str, host: str, path: str, **headers) -> requests.Response:
    return requests.get(base + path, headers={"Host": host, **headers}, timeout=10)


def test_committed_pages_are_what_the_build_script_makes_from_the_seeds():
    done = subprocess.run(
        [sys.executable, str(MIRROR / "tools" / "build_pages.py"), "--check", "--shared", str(SHARED)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("page", build.PAGES, ids=lambda p: f"{p.host}{p.path}")
def test_every_seed_line_is_on_its_page_verbatim(page):
    """Each region holds its seed lines unchanged, and every line outside the regions is blank."""
    lines = (SHARED / build.SEEDS[page.seed]).read_text(encoding="utf-8").split("\n")
    raw = (MIRROR / "sites" / page.host / page.path.lstrip("/")).read_bytes()
    soup = BeautifulSoup(raw.decode(page.encoding), "html.parser")
    covered: set[int] = set()
    for region in page.regions:
        el = soup.select_one(region.selector)
        assert el is not None, region.selector
        if region.tag:
            got = [child.get_text() for child in el.find_all(region.tag, recursive=False)]
        else:
            got = el.get_text().split("\n")
        want = lines[region.first - 1 : region.last]
        # HTML parsers fold whitespace-only text, so blank lines compare as blank
        assert [g if g.strip() else "" for g in got] == [w if w.strip() else "" for w in want], region.name
        covered.update(range(region.first, region.last + 1))
    if page.host != "rd.dingxi.gov.cn":  # the reprint carries only the report's body
        outside = [lines[i - 1] for i in range(1, len(lines) + 1) if i not in covered]
        assert all(not line.strip() for line in outside)


def test_dingxi_report_has_the_same_body_on_both_sources():
    portal = (MIRROR / "sites/www.dingxi.gov.cn/art/2026/1/29/art_23_1856321.html").read_text(encoding="utf-8")
    npc = (MIRROR / "sites/rd.dingxi.gov.cn/dxrd/hyzl/202601/t20260123_51842.shtml").read_text(encoding="utf-8")
    a = BeautifulSoup(portal, "lxml").select_one("#zoom")
    b = BeautifulSoup(npc, "lxml").select_one(".article-content")
    assert a.get_text() == b.get_text() and len(a.get_text()) > 20000


def test_host_header_routes_to_the_site(mirror_url):
    r = get(mirror_url, "www.wuhan.gov.cn", "/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml")
    assert r.status_code == 200 and "武政办〔2020〕1号" in r.text
    assert get(mirror_url, "www.yishui.gov.cn", "/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml").status_code == 404
    assert get(mirror_url, "unknown.example.org", "/").status_code == 404


def test_gbk_page_is_served_as_gbk(mirror_url):
    r = get(mirror_url, "xxgk.gansu.gov.cn", "/gsszf/c100055/201802/1023518.shtml")
    assert r.headers["Content-Type"] == "text/html; charset=gbk"
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    assert "2018年全省经济社会发展主要指标分解表" in r.content.decode("gbk")


def test_gateway_declares_big5_but_sends_utf8(mirror_url):
    r = get(mirror_url, "big5.gansu.gov.cn", "/gate/big5/www.gansu.gov.cn/gsszf/c100054/202602/1758243.shtml")
    assert r.headers["Content-Type"] == "text/html; charset=big5"
    assert b"charset=big5" in r.content
    text = r.content.decode("utf-8")  # the truth
    assert "甘政發(fā)〔2026〕7號(hào)" in text
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("big5")


def test_official_gansu_portal_answers_412_with_a_challenge(mirror_url):
    for path in ("/", "/robots.txt", "/gsszf/c100055/xxgk_list.shtml"):
        r = get(mirror_url, "www.gansu.gov.cn", path)
        assert r.status_code == 412
        assert "$_ts" in r.text and "document.cookie" in r.text


def test_gansu_2026_annexes_do_not_resolve_and_2018_pdf_does(mirror_url):
    for href in (build.GANSU2026_ANNEX1, build.GANSU2026_ANNEX2, build.GANSU2026_NOTICE_PDF):
        assert get(mirror_url, "big5.gansu.gov.cn", href).status_code == 404
    pdf = MIRROR / "build" / "gansu2018_annex" / "gansu-2018-annexes.pdf"
    r = get(mirror_url, "xxgk.gansu.gov.cn", build.GANSU2018_PDF)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/pdf"
    assert r.content == pdf.read_bytes() and r.content.startswith(b"%PDF")


def test_conditional_get_answers_304_without_a_body(mirror_url):
    path = "/zwgk/zcjd/wzjd.htm"
    first = get(mirror_url, "www.yishui.gov.cn", path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = get(mirror_url, "www.yishui.gov.cn", path, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert get(mirror_url, "www.yishui.gov.cn", path, **{"If-None-Match": '"other"'}).status_code == 200
    # Dingxi's server knows Last-Modified only
    d = get(mirror_url, "www.dingxi.gov.cn", "/col/col23/index.html")
    assert "ETag" not in d.headers
    since = get(mirror_url, "www.dingxi.gov.cn", "/col/col23/index.html", **{"If-Modified-Since": d.headers["Last-Modified"]})
    assert since.status_code == 304
    assert get(mirror_url, "www.yishui.gov.cn", path, **{"If-Modified-Since": modified}).status_code == 304


def test_robots_txt_per_host(mirror_url):
    r = get(mirror_url, "www.yishui.gov.cn", "/robots.txt")
    assert r.status_code == 200 and "Disallow: /system/" in r.text
    assert r.headers["Content-Type"] == "text/plain"


def test_paths_cannot_escape_the_site_directory(mirror_url):
    assert get(mirror_url, "www.yishui.gov.cn", "/../www.wuhan.gov.cn/robots.txt").status_code == 404
    assert get(mirror_url, "www.yishui.gov.cn", "/%2e%2e/www.wuhan.gov.cn/robots.txt").status_code == 404
