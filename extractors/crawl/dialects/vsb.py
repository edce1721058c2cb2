"""VSB (博达) listings and articles.

Class names carry a per-site component number: ``table.winstyle1022523``,
``a.c1022523``, ``td.titlestyle1022526``, ``span.timestyle1022523``. The numbers differ
from site to site and column to column, so they are matched by prefix, never copied.
The next page is an anchor 「下页」 with class ``Next``. Article bodies: ``#vsb_content``
(also ``vsb_content_2``, ``vsb_content_502`` ...) and ``.v_news_content``.
"""

from __future__ import annotations

import re

from extractors.crawl.dialects.base import ArticleDialect, ListingPage, ListingReader, Row, anchor_row, dedupe, next_link
from core.registry.model import Listing

_ROW_LINK = re.compile(r"^c\d+$")  # a.c1022523
_TIME = re.compile(r"^timestyle\d+$")


class VsbListing(ListingReader):
    name = "vsb"

    def rows(self, page: ListingPage, listing: Listing) -> list[Row]:
        if listing.item_selector:
            anchors = page.soup.select(listing.item_selector)
        else:
            anchors = [a for a in page.soup.find_all("a", href=True)
                       if any(_ROW_LINK.match(c) for c in a.get("class") or ())]
        rows = []
        for a in anchors:
            row = anchor_row(a, page.url)
            if row is None:
                continue
            stamp = _row_time(a)
            if stamp:
                row.date_text = stamp
            rows.append(row)
        return dedupe(rows)

    def next_page(self, page: ListingPage, listing: Listing) -> str | None:
        if listing.pagination is not None:
            return super().next_page(page, listing)
        return next_link(page, texts=("下页", "下一页"), classes=("Next",))


def _row_time(a) -> str:
    row = a.find_parent(["tr", "li"])
    if row is None:
        return ""
    el = row.find(class_=lambda c: bool(c) and bool(_TIME.match(c)))
    return el.get_text(" ", strip=True) if el else ""


VSB_ARTICLE = ArticleDialect(
    name="vsb",
    title=("[class^=titlestyle]", "meta[name=ArticleTitle]", "h1"),
    body=("[id^=vsb_content] .v_news_content", ".v_news_content", "[id^=vsb_content]"),
    meta=("[class^=timestyle]", "[class^=authorstyle]", "div.xxgk-meta"),
    attachments=("form[name=_newscontent_fromname] ul a[href]", "[id^=vsb_content] a[href]"),
)
