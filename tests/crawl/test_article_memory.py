"""An article page the portal answers 304 for is not read again: its reading is remembered by
the page's text, rules, URL, CMS and the reading code, and gives the same found documents."""

from __future__ import annotations

import dataclasses

import extractors.crawl.run as crawl_run
from core.registry import load_registry
from extractors.crawl import run_crawl
from extractors.crawl.article import read_article
from extractors.crawl.article_memory import ArticleMemory
from tests.crawl.faults_registry import settings_for


def _documents(report) -> list[dict]:
    return [{k: v for k, v in dataclasses.asdict(d).items() if k != "fetched_at"} for d in report.documents]


def test_a_recrawl_reads_no_unchanged_page_again_and_finds_the_same(tmp_path, mirror_url, monkeypatch):
    settings = settings_for(tmp_path, mirror_url)
    run_crawl(settings, load_registry())
    with monkeypatch.context() as m:  # every page read again, as before pages were remembered
        m.setattr(ArticleMemory, "get", lambda self, key: None)
        read_again = run_crawl(settings, load_registry())
    read: list[str] = []

    def counting(html_text, rules, page_url, cms):
        read.append(page_url)
        return read_article(html_text, rules, page_url, cms)

    monkeypatch.setattr(crawl_run, "read_article", counting)
    remembered = run_crawl(settings, load_registry())
    assert {d.outcome for d in remembered.documents} == {"unchanged"}
    assert read == []
    assert _documents(remembered) == _documents(read_again)
    assert any(d.attachments for d in remembered.documents) and any(d.page_meta for d in remembered.documents)


def test_the_key_changes_with_what_a_reading_depends_on(tmp_path):
    rules = load_registry().source("hubei-portal").article
    key = ArticleMemory.key("<html>a</html>", rules, "https://x.gov.cn/a.html", "trs")
    assert key == ArticleMemory.key("<html>a</html>", rules, "https://x.gov.cn/a.html", "trs")
    others = [
        ArticleMemory.key("<html>b</html>", rules, "https://x.gov.cn/a.html", "trs"),
        ArticleMemory.key("<html>a</html>", rules, "https://x.gov.cn/b/a.html", "trs"),
        ArticleMemory.key("<html>a</html>", rules, "https://x.gov.cn/a.html", "html"),
        ArticleMemory.key("<html>a</html>", dataclasses.replace(rules, body=("#other",)), "https://x.gov.cn/a.html",
                          "trs"),
    ]
    assert key not in others and len(set(others)) == len(others)


def test_an_unreadable_memory_is_a_miss(tmp_path):
    root = tmp_path / "articles"
    root.mkdir()
    (root / "results.sqlite").write_bytes(b"not a database")
    memory = ArticleMemory(root)
    assert memory.get("k") is None
    memory.put("k", read_article("<html><title>t</title></html>", load_registry().source("hubei-portal").article,
                                 "https://x.gov.cn/a.html", "trs"))  # no error either
