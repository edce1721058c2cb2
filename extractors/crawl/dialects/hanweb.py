"""Hanweb (大汉) jpage listings.

The rows of a ``/col/colN/index.html`` page are not HTML elements: each is a CDATA
``<record>`` inside ``<script type="text/xml"><datastore><recordset>``, rendered by
JavaScript in a browser. Further rows come from ``/module/web/jpage/dataproxy.jsp`` (the
``<nextgroup>`` link names columnid/unitid; ``startrecord``/``endrecord``/``perpage`` page
through ``<totalrecord>``), or, where the registry says so, from ``?uid=…&pageNum=N``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from extractors.crawl.dialects.base import ArticleDialect, ListingPage, ListingReader, Row, anchor_row, dedupe
from core.registry.model import Listing

_RECORD = re.compile(r"<record[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_PERPAGE = re.compile(r"<perpage>\s*(\d+)\s*</perpage>", re.I)
PAGES_PER_REQUEST = 3  # jpage asks the proxy for three screen pages at a time


class HanwebListing(ListingReader):
    name = "hanweb"

    def rows(self, page: ListingPage, listing: Listing) -> list[Row]:
        rows = []
        for fragment in _RECORD.findall(page.text):
            soup = BeautifulSoup(f"<record>{fragment}</record>", "html.parser")
            for a in soup.select(listing.item_selector or "a[href]"):
                row = anchor_row(a, page.url)
                if row is not None:
                    rows.append(row)
                    break  # one document per record
        return dedupe(rows)

    def next_page(self, page: ListingPage, listing: Listing) -> str | None:
        if listing.pagination is not None:
            return super().next_page(page, listing)
        group, total = _NEXTGROUP.search(page.text), _TOTAL.search(page.text)
        if not group or not total:
            return None
        href = BeautifulSoup(group.group(1), "html.parser").find("a", href=True)
        seen = page.rows_so_far + len(_RECORD.findall(page.text))
        if href is None or seen >= int(total.group(1)):
            return None
        per = int(_PERPAGE.search(page.text).group(1)) if _PERPAGE.search(page.text) else 15
        base = urljoin(page.url, href["href"])
        sep = "&" if "?" in base else "?"
        return f"{base}{sep}startrecord={seen + 1}&endrecord={seen + per * PAGES_PER_REQUEST}&perpage={per}"


HANWEB_ARTICLE = ArticleDialect(
    name="hanweb",
    title=(".main-title", "td.title", "meta[name=ArticleTitle]"),
    body=("#zoom", "#Zoom", ".bt_content", "#barrierfree_container .content"),
    meta=(".xxgk_table", ".main-info", "table.xxgk"),
    attachments=("#zoom a[href]", ".fujian a[href]", ".attachment a[href]"),
)
