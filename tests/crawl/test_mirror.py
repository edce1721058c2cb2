"""The snapshot mirror: each site is built from its spec file in its CMS dialect's real
markup, every seed line sits on its page verbatim, and the server answers like the real
sites (Host routing, charsets, 412 challenge, 404 annexes, Hanweb's dataproxy.jsp,
conditional GET). Pages and documents come from mirror/spec, not from a list here."""

from __future__ import annotations

import pytest
import requests
from bs4 import BeautifulSoup

from govwork.mirror.site import MIRROR_ROOT, load_sites
from tests.shared_inputs import shared_dir
from tests.crawl.snapshot import REFERENCE, require_reference, sites

ARTICLES = [(host, art) for host, site in sites().items() for art in site.articles]


def get(base: str, host: str, path: str, **headers) -> requests.Response:
    return requests.get(base + path, headers={"Host": host, **headers}, timeout=10)


def _lines(art) -> list[str]:
    ref = art["text"]
    path = shared_dir() / ref.removeprefix("shared:") if ref.startswith("shared:") else MIRROR_ROOT / "texts" / ref
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("host, art", ARTICLES, ids=[f"{h}{a['path']}" for h, a in ARTICLES])
def test_every_seed_line_is_on_its_page_verbatim(mirror_url, host, art):
    """Each region holds its text lines unchanged, and every line outside the regions is
    blank (except on a reprint that carries only part of the text)."""
    lines = _lines(art)
    r = get(mirror_url, host, art["path"])
    assert r.status_code == 200
    soup = BeautifulSoup(r.content.decode(_encoding(host)), "html.parser")
    covered: set[int] = set()
    for name, spec in art["regions"].items():
        spec = spec if isinstance(spec, dict) else {"lines": spec}
        first, last = spec["lines"]
        tag = spec.get("tag", "p")
        el = soup.select_one(f'[data-region="{name}"]') if name != "body" else None
        if name == "body":  # the body lives where the dialect puts it
            el = soup.select_one(".trs_editor_view, #zoom, .v_news_content, .article-content")
        assert el is not None, name
        got = [c.get_text() for c in el.find_all(tag, recursive=False)] if tag else el.get_text().strip("\n").split("\n")
        want = lines[first - 1 : last]
        # HTML parsers fold whitespace-only text, so blank lines compare as blank
        assert [g if g.strip() else "" for g in got] == [w if w.strip() else "" for w in want], name
        covered.update(range(first, last + 1))
    if not art.get("partial"):
        outside = [lines[i - 1] for i in range(1, len(lines) + 1) if i not in covered]
        assert all(not line.strip() for line in outside)


def _encoding(host: str) -> str:
    import yaml

    spec = yaml.safe_load((MIRROR_ROOT / "spec" / f"{host}.yaml").read_text(encoding="utf-8"))
    return spec.get("encoding") or spec.get("charset") or "utf-8"


def test_the_third_party_report_is_served_from_shared_only(mirror_url, tmp_path):
    """The Gansu 2026 work report is third-party text: never committed, served when
    ../shared has it, and absent (page and listing row) when it does not."""
    assert not list(MIRROR_ROOT.rglob("*gansu-2026-work-report*"))
    bare = load_sites(shared=tmp_path)  # a checkout with nothing beside it
    assert "/gsszf/c100055/202602/1757016.shtml" not in bare["xxgk.gansu.gov.cn"].files
    assert b"1757016" not in b"".join(bare["xxgk.gansu.gov.cn"].files.values())
    require_reference()
    r = get(mirror_url, "xxgk.gansu.gov.cn", "/gsszf/c100055/202602/1757016.shtml")
    assert r.status_code == 200
    first_body_line = (shared_dir() / REFERENCE).read_text(encoding="utf-8").split("\n")[10]
    assert first_body_line.strip() and first_body_line.strip() in r.content.decode("gbk")


def test_dingxi_report_has_the_same_body_on_both_sources(mirror_url):
    portal = get(mirror_url, "www.dingxi.gov.cn", "/art/2026/1/29/art_3_1876612.html").text
    npc = get(mirror_url, "dxrdw.gov.cn", "/dxrd/hyzl/202601/t20260123_51842.shtml").text
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


def test_official_gansu_portal_answers_412_with_a_ruishu_challenge(mirror_url):
    for path in ("/", "/robots.txt", "/gsszf/c100055/xxgk_list.shtml"):
        r = get(mirror_url, "www.gansu.gov.cn", path)
        assert r.status_code == 412
        assert "$_ts" in r.text and "document.cookie" in r.text


def test_annexes_missing_on_the_gateway_and_the_2018_pdf_served(mirror_url):
    for path in ("P020260202580144928101.pdf", "P020260202580145106937.pdf", "P020260202580143712450.pdf"):
        assert get(mirror_url, "big5.gansu.gov.cn", "/gate/big5/www.gansu.gov.cn/gsszf/c100054/202602/" + path).status_code == 404
    pdf = MIRROR_ROOT / "build" / "gansu2018_annex" / "gansu-2018-annexes.pdf"
    r = get(mirror_url, "xxgk.gansu.gov.cn", "/gsszf/c100055/201802/P020180214392851236417.pdf")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/pdf"
    assert r.content == pdf.read_bytes() and r.content.startswith(b"%PDF")


def test_hanweb_dataproxy_answers_records_by_column_and_range(mirror_url):
    page = get(mirror_url, "www.dingxi.gov.cn", "/col/col3/index.html").text
    assert '<script type="text/xml"><datastore>' in page and page.count("<record><![CDATA[") == 3
    assert "art_3_1876612" not in page  # the report is on a later page, not in the HTML
    proxy = "/module/web/jpage/dataproxy.jsp?columnid=3&unitid=7381245&startrecord=4&endrecord=6&perpage=3"
    r = get(mirror_url, "www.dingxi.gov.cn", proxy)
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert r.text.count("<record>") == 3 and "art_3_1876612" in r.text
    assert get(mirror_url, "www.dingxi.gov.cn", proxy.replace("columnid=3", "columnid=99")).status_code == 404
    assert get(mirror_url, "www.dingxi.gov.cn", proxy.replace("startrecord=4", "startrecord=x")).status_code == 404


def test_conditional_get_answers_304_without_a_body(mirror_url):
    path = "/zwgk/zcjd/wzjd.htm"
    first = get(mirror_url, "www.yishui.gov.cn", path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = get(mirror_url, "www.yishui.gov.cn", path, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert get(mirror_url, "www.yishui.gov.cn", path, **{"If-None-Match": '"other"'}).status_code == 200
    # Dingxi's server knows Last-Modified only
    d = get(mirror_url, "www.dingxi.gov.cn", "/col/col3/index.html")
    assert "ETag" not in d.headers
    since = get(mirror_url, "www.dingxi.gov.cn", "/col/col3/index.html", **{"If-Modified-Since": d.headers["Last-Modified"]})
    assert since.status_code == 304
    assert get(mirror_url, "www.yishui.gov.cn", path, **{"If-Modified-Since": modified}).status_code == 304


def test_robots_txt_per_host(mirror_url):
    r = get(mirror_url, "www.yishui.gov.cn", "/robots.txt")
    assert r.status_code == 200 and "Disallow: /system/" in r.text
    assert r.headers["Content-Type"] == "text/plain"


def test_paths_cannot_escape_the_site(mirror_url):
    assert get(mirror_url, "www.yishui.gov.cn", "/../www.wuhan.gov.cn/robots.txt").status_code == 404
    assert get(mirror_url, "www.yishui.gov.cn", "/%2e%2e/www.wuhan.gov.cn/robots.txt").status_code == 404
    assert get(mirror_url, "xxgk.gansu.gov.cn", "/../../pyproject.toml").status_code == 404


def test_a_bound_mirror_answers_what_was_asked_before_it_started():
    """`govwork run` binds the mirror, starts the Airflow runner, then loads the sites: a
    request made in between waits in the backlog and is answered once the mirror starts."""
    import threading

    from govwork.mirror.server import bind

    mirror = bind(port=0)
    host = next(iter(sites()))
    answers: list[int] = []
    asking = threading.Thread(target=lambda: answers.append(get(mirror.base_url, host, "/robots.txt").status_code))
    try:
        asking.start()
        asking.join(timeout=0.3)
        assert asking.is_alive() and answers == []  # bound, not answering yet
        mirror.start()
        asking.join(timeout=10)
        assert answers == [200]
        assert [r.path for r in mirror.log] == ["/robots.txt"]
    finally:
        mirror.stop()


def test_a_mirror_stopped_before_it_started_releases_its_port():
    import socket

    from govwork.mirror.server import bind

    mirror = bind(port=0)
    mirror.stop()
    with socket.socket() as s:
        s.bind(("127.0.0.1", mirror.port))  # free again
