"""``run_crawl`` over the bundled registry against the snapshot mirror: every seed document
is found for its jurisdiction, kind and year; the Gansu portal is blocked; the Gansu 2026
annexes are missing; an unchanged mirror re-crawled costs only 304s."""

from __future__ import annotations

import hashlib

import pytest

from extractors.crawl import run_crawl
from extractors.rawstore import RawStore
from govwork.mirror.site import MIRROR_ROOT, load_sites
from core.registry import load_registry
from tests.crawl.faults_registry import settings_for
from tests.crawl.snapshot import distractor_paths, expected_documents

# (jurisdiction, kind, year, source) of every document page the snapshot serves, from
# mirror/spec and the registry: seeds 000-004 (and the reference report when ../shared has it)
EXPECTED = expected_documents()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory, mirror_server):
    tmp = tmp_path_factory.mktemp("crawl")
    settings = settings_for(tmp, mirror_server.base_url)
    start = len(mirror_server.log)
    report = run_crawl(settings, load_registry())
    return report, settings, mirror_server.log[start:]


def by_key(report):
    return {(d.jurisdiction_code, d.kind, d.year, d.source_id): d for d in report.documents}


def test_every_seed_document_is_found_and_fetched(crawl):
    report, *_ = crawl
    docs = by_key(report)
    assert set(docs) == EXPECTED
    assert all(d.outcome == "fetched" and d.sha256 for d in docs.values())


def test_other_notices_on_the_listings_are_ignored(crawl):
    report, _, log = crawl
    requested = [r.path for r in log]
    distractors = distractor_paths()
    assert len(distractors) > 20
    assert not distractors & {(r.host, r.path) for r in log}
    for d in report.documents:  # each document page asked for once
        path = d.url.split("://", 1)[1].split("/", 1)[1]
        assert requested.count("/" + path) == 1


def test_the_official_gansu_portal_is_blocked(crawl):
    report, _, log = crawl
    assert [(p["source_id"], p["outcome"], p["reason"]) for p in report.pages] == [
        ("gansu-portal", "blocked", "anti_bot:ruishu:http_412")
    ]
    assert report.summary["620000"]["blocked"] == 1
    assert not any(d.source_id == "gansu-portal" for d in report.documents)
    assert not report.ok


def test_gansu_2026_annexes_are_reported_missing(crawl):
    report, *_ = crawl
    notice = by_key(report)[("620000", "breakdown", 2026, "gansu-big5-gateway")]
    assert [a.outcome for a in notice.attachments] == ["missing", "missing", "missing"]
    assert notice.attachments[0].title == "1.2026年《政府工作報(bào)告》主要目標(biāo)分解表"
    assert all(a.sha256 is None and a.reason == "http_404" for a in notice.attachments)
    assert report.summary["620000"]["missing"] == 3


def test_gansu_2018_annex_pdf_is_fetched_into_the_raw_store(crawl):
    report, settings, _ = crawl
    notice = by_key(report)[("620000", "breakdown", 2018, "gansu-xxgk")]
    (pdf,) = notice.attachments
    assert pdf.outcome == "fetched" and pdf.content_type == "application/pdf"
    expected = (MIRROR_ROOT / "build/gansu2018_annex/gansu-2018-annexes.pdf").read_bytes()
    assert RawStore(settings.raw_dir).get(pdf.sha256) == expected


def test_page_metadata_is_read_from_each_site(crawl):
    report, *_ = crawl
    docs = by_key(report)
    wuhan = docs[("420100", "breakdown", 2020, "wuhan-portal")].page_meta
    assert wuhan["doc_number"] == "武政办〔2020〕1号" and wuhan["publish_date"] == "2020-01-17"
    assert wuhan["issuer"] == "武汉市人民政府办公厅"
    gate = docs[("620000", "breakdown", 2026, "gansu-big5-gateway")].page_meta
    assert gate["doc_number"] == "甘政发〔2026〕7号" and gate["publish_date"] == "2026-02-02"
    yishui = docs[("371323", "interpretation", 2023, "yishui-portal")].page_meta
    assert yishui["issuer"] == "沂水县人民政府办公室" and yishui["written_date"] == "2023-03-06"
    g2018 = docs[("620000", "breakdown", 2018, "gansu-xxgk")].page_meta
    assert g2018["written_date"] == "2018-02-13" and "doc_number" not in g2018  # the snapshot invents no 文号
    npc = docs[("621100", "work_report", 2026, "dingxi-npc")]
    assert npc.page_meta["listed_date"] == "2026-01-23"  # the listing's date, not the one in the title


def test_encodings_are_detected_not_trusted(crawl):
    report, *_ = crawl
    docs = by_key(report)
    gbk = docs[("620000", "breakdown", 2018, "gansu-xxgk")]
    assert gbk.content_type == "text/html; charset=gbk" and gbk.encoding == "gb18030"
    gateway = docs[("620000", "breakdown", 2026, "gansu-big5-gateway")]
    assert gateway.content_type == "text/html; charset=big5" and gateway.encoding == "utf-8"


def test_raw_store_holds_the_exact_served_bytes_under_their_hash(crawl):
    report, settings, _ = crawl
    store = RawStore(settings.raw_dir)
    for d in report.documents:
        data = store.get(d.sha256)
        assert hashlib.sha256(data).hexdigest() == d.sha256
        assert store.path_of(d.sha256).name == d.sha256
    wuhan = by_key(report)[("420100", "breakdown", 2020, "wuhan-portal")]
    served = load_sites()["www.wuhan.gov.cn"].files["/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml"]
    assert store.get(wuhan.sha256) == served


def test_manifest_rows_record_live_urls_and_the_fetch_facts(crawl):
    report, settings, _ = crawl
    rows = [r for r in RawStore(settings.raw_dir).manifest() if r["run_id"] == report.run_id]
    for key in ("url", "final_url", "status", "etag", "last_modified", "content_type", "encoding", "sha256",
                "size", "fetched_at", "source_id", "jurisdiction", "kind", "outcome"):
        assert all(key in r for r in rows), key
    assert not [r for r in rows if "127.0.0.1" in r["url"]]
    article = next(r for r in rows if r["role"] == "article" and r["source_id"] == "wuhan-portal")
    assert article["url"] == "https://www.wuhan.gov.cn/zwgk/xxgk/zfwj/bgtwj/202001/t20200123_836251.shtml"
    assert article["etag"] and article["last_modified"] and article["status"] == 200


def test_filters_narrow_the_crawl(tmp_path, mirror_url):
    settings = settings_for(tmp_path, mirror_url)
    report = run_crawl(settings, load_registry(), jurisdiction="620000", kind="breakdown", year=2026)
    assert {(d.jurisdiction_code, d.kind, d.year) for d in report.documents} == {("620000", "breakdown", 2026)}
    report = run_crawl(settings, load_registry(), kind="work_report")
    assert {d.kind for d in report.documents} == {"work_report"}
    assert len(report.documents) == sum(kind == "work_report" for _, kind, _, _ in EXPECTED)


def test_a_recrawl_of_the_unchanged_mirror_downloads_no_document_bytes(tmp_path, mirror_server):
    settings = settings_for(tmp_path, mirror_server.base_url)
    first = run_crawl(settings, load_registry())
    start = len(mirror_server.log)
    second = run_crawl(settings, load_registry())
    assert [d.outcome for d in second.documents] == ["unchanged"] * len(EXPECTED)
    assert [d.sha256 for d in second.documents] == [d.sha256 for d in first.documents]
    rows = [r for r in RawStore(settings.raw_dir).manifest() if r["run_id"] == second.run_id]
    fetched_again = [r for r in rows if r["outcome"] == "fetched"]
    assert fetched_again == []
    assert sum(r["bytes_received"] for r in rows if r["outcome"] == "unchanged") == 0
    # what the server sent: 304s, the 404 annex pages and the 412 challenge — no page, no PDF
    sent = mirror_server.log[start:]
    assert {r.status for r in sent} == {304, 404, 412}
    assert all(r.body_bytes == 0 for r in sent if r.status == 304)
    # keep-alive: the fetcher's sessions (one per politeness setting) each keep one connection
    # to the mirror, 304s included, instead of one connection a request
    sessions = {s.politeness for j in load_registry().jurisdictions for s in j.sources}
    assert len({r.client_port for r in sent}) <= len(sessions) < len(sent)
    objects = sorted(p.name for p in (settings.raw_dir / "objects").rglob("*") if p.is_file())
    assert len(objects) == len(set(objects))


def test_an_unforeseen_error_on_one_page_stays_with_that_document(tmp_path, mirror_url, monkeypatch):
    """A crawler bug on one page (simulated: the page reader raises for Wuhan's notice)
    becomes that document's failure and a manifest row; the other documents are fetched."""
    import extractors.crawl.run as crawl_run

    real = crawl_run.read_article

    def reader(html_text, rules, page_url, cms):
        if "wuhan" in page_url:
            raise RuntimeError("unexpected page layout")
        return real(html_text, rules, page_url, cms)

    monkeypatch.setattr(crawl_run, "read_article", reader)
    settings = settings_for(tmp_path, mirror_url)
    report = run_crawl(settings, load_registry())
    outcomes = {(d.jurisdiction_code, d.source_id): d for d in report.documents}
    wuhan = outcomes[("420100", "wuhan-portal")]
    assert wuhan.outcome == "failed" and wuhan.reason == "crawler_error: RuntimeError: unexpected page layout"
    assert sum(d.outcome == "fetched" for d in report.documents) == len(EXPECTED) - 1
    rows = RawStore(settings.raw_dir).manifest()
    assert any(r["reason"] == wuhan.reason and r["url"] == wuhan.url for r in rows)
