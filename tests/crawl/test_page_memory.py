"""A page the portal answers 304 for is not parsed again: what the crawler read from it (an
article's fields and links, a listing page's rows and next page) is remembered by the page's
text, the rules that read it, its URL, the CMS and the reading code, and gives the same
found documents and walks."""

from __future__ import annotations

import dataclasses

import extractors.crawl.listing as crawl_listing
import extractors.crawl.run as crawl_run
from core.registry import load_registry
from extractors.crawl import run_crawl
from extractors.crawl.article import read_article
from extractors.crawl.dialects import ListingPage, listing_reader
from extractors.crawl.page_memory import PageMemory
from tests.crawl.faults_registry import settings_for


def _documents(report) -> list[dict]:
    return [{k: v for k, v in dataclasses.asdict(d).items() if k != "fetched_at"} for d in report.documents]


def test_a_recrawl_parses_no_unchanged_page_again_and_finds_the_same(tmp_path, mirror_url, monkeypatch):
    settings = settings_for(tmp_path, mirror_url)
    run_crawl(settings, load_registry())
    with monkeypatch.context() as m:  # every page parsed again, as before readings were remembered
        m.setattr(PageMemory, "article", lambda self, key: None)
        m.setattr(PageMemory, "listing", lambda self, key: None)
        parsed_again = run_crawl(settings, load_registry())
    parsed: list[str] = []

    def reading_article(html_text, rules, page_url, cms):
        parsed.append(page_url)
        return read_article(html_text, rules, page_url, cms)

    def choosing_reader(cms, page):
        parsed.append(page.url)
        return listing_reader(cms, page)

    monkeypatch.setattr(crawl_run, "read_article", reading_article)
    monkeypatch.setattr(crawl_listing, "listing_reader", choosing_reader)
    remembered = run_crawl(settings, load_registry())
    assert {d.outcome for d in remembered.documents} == {"unchanged"}
    assert parsed == []
    assert _documents(remembered) == _documents(parsed_again)
    assert (remembered.pages, remembered.summary) == (parsed_again.pages, parsed_again.summary)
    assert any(d.attachments for d in remembered.documents) and any(d.page_meta for d in remembered.documents)


def test_the_keys_change_with_what_a_reading_depends_on():
    source = load_registry().source("hubei-portal")
    rules, listing = source.article, source.listings[0]
    key = PageMemory.article_key("<html>a</html>", rules, "https://x.gov.cn/a.html", "trs")
    assert key == PageMemory.article_key("<html>a</html>", rules, "https://x.gov.cn/a.html", "trs")
    others = [
        PageMemory.article_key("<html>b</html>", rules, "https://x.gov.cn/a.html", "trs"),
        PageMemory.article_key("<html>a</html>", rules, "https://x.gov.cn/b/a.html", "trs"),
        PageMemory.article_key("<html>a</html>", rules, "https://x.gov.cn/a.html", "html"),
        PageMemory.article_key("<html>a</html>", dataclasses.replace(rules, body=("#other",)),
                               "https://x.gov.cn/a.html", "trs"),
    ]
    assert key not in others and len(set(others)) == len(others)
    page = ListingPage(url="https://x.gov.cn/list.html", text="<html>a</html>", page_no=1)
    key = PageMemory.listing_key(page, listing, "trs")
    others = [
        PageMemory.listing_key(dataclasses.replace(page, text="<html>b</html>"), listing, "trs"),
        PageMemory.listing_key(dataclasses.replace(page, url="https://x.gov.cn/l2.html"), listing, "trs"),
        PageMemory.listing_key(dataclasses.replace(page, page_no=2), listing, "trs"),
        PageMemory.listing_key(dataclasses.replace(page, rows_so_far=15), listing, "trs"),
        PageMemory.listing_key(page, dataclasses.replace(listing, item_selector="li a"), "trs"),
        PageMemory.listing_key(page, listing, "auto"),
    ]
    assert key not in others and len(set(others)) == len(others)


def test_an_unreadable_memory_is_a_miss(tmp_path):
    root = tmp_path / "pages"
    root.mkdir()
    (root / "results.sqlite").write_bytes(b"not a database")
    memory = PageMemory(root)
    assert memory.article("k") is None and memory.listing("k") is None
    memory.remember_article("k", read_article("<html><title>t</title></html>",
                                              load_registry().source("hubei-portal").article,
                                              "https://x.gov.cn/a.html", "trs"))  # no error either
