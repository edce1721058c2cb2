"""Readers for the markup the content-management systems of Chinese government portals
emit, one small class per system on a shared base (the way Juriscraper keeps one scraper
class per court on a shared ``OpinionSite``).

A source's registry key ``cms:`` picks the dialect. Each dialect knows where its system
puts listing rows (CDATA records, script-written rows, numbered classes, plain anchors),
how it paginates, and where an article page keeps its body, title, date, 文号 and
attachments. ``auto`` detects the system from the page and falls back to finding
article-URL patterns anywhere in the raw page.
"""

from __future__ import annotations

from extractors.crawl.dialects.base import ArticleDialect, ListingPage, ListingReader, Row
from extractors.crawl.dialects.fallback import FallbackListing, detect
from extractors.crawl.dialects.hanweb import HANWEB_ARTICLE, HanwebListing
from extractors.crawl.dialects.html import HTML_ARTICLE, HtmlListing
from extractors.crawl.dialects.trs import TRS_ARTICLE, TrsListing
from extractors.crawl.dialects.vsb import VSB_ARTICLE, VsbListing

LISTING_READERS: dict[str, type[ListingReader]] = {
    "hanweb": HanwebListing,
    "trs": TrsListing,
    "vsb": VsbListing,
    "html": HtmlListing,
    "fallback": FallbackListing,
}
ARTICLE_DIALECTS: dict[str, ArticleDialect] = {
    "hanweb": HANWEB_ARTICLE,
    "trs": TRS_ARTICLE,
    "vsb": VSB_ARTICLE,
    "html": HTML_ARTICLE,
}


def listing_reader(cms: str, page: ListingPage) -> ListingReader:
    """The reader for a source's ``cms``; ``auto`` looks at the page itself."""
    name = detect(page.text) if cms == "auto" else cms
    return LISTING_READERS[name]()


def article_dialect(cms: str, html_text: str) -> ArticleDialect:
    name = detect(html_text) if cms == "auto" else cms
    return ARTICLE_DIALECTS.get(name, ARTICLE_DIALECTS["html"])


__all__ = [
    "ARTICLE_DIALECTS", "LISTING_READERS", "ArticleDialect", "ListingPage", "ListingReader", "Row",
    "article_dialect", "listing_reader",
]
