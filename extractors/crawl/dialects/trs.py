"""TRS WCM (拓尔思) listings and articles.

List rows are often written by inline JavaScript (``var url = "./202001/t….shtml"``,
``var title = "…"``, ``FILENUM``, then ``document.writeln(…)``), so they are no HTML
elements until a browser runs the script. Pagination is
``createPageHTML(pages, current, "index", "shtml")``: page N+1 is ``index_N.shtml``.
Article bodies sit in ``.trs_editor_view`` / ``.TRS_UEDITOR`` (older ``.TRS_Editor``);
attachments are listed in ``#articleFJ``, outside the body.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from extractors.crawl.dialects.base import (
    ArticleDialect, ListingPage, ListingReader, Row, anchor_row, dedupe, has_date,
)
from core.registry.model import Listing

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_VAR = re.compile(r"""\b(?:var\s+)?(\w+)\s*=\s*(["'])((?:\\.|(?!\2).)*)\2""", re.S)
_DATE = re.compile(r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}")
_PAGER = re.compile(r"createPageHTML\s*\(([^)]*)\)", re.S)
_ARG = re.compile(r"""\s*(?:(\d+)|(["'])(.*?)\2|[\w.]+)\s*(?:,|$)""")
_URL_NAMES = ("url", "href", "link", "docurl", "str_url")
_TITLE_NAMES = ("title", "doctitle", "str_title", "name")


class TrsListing(ListingReader):
    name = "trs"

    def rows(self, page: ListingPage, listing: Listing) -> list[Row]:
        rows = [r for script in _SCRIPT.findall(page.text) if (r := _script_row(script, page.url))]
        if listing.item_selector or not rows:  # older TRS templates list plain anchors
            sel = listing.item_selector or "a[href]"
            rows += [r for a in page.soup.select(sel) if (r := anchor_row(a, page.url)) and _looks_like_document(r)]
        return dedupe(rows)

    def next_page(self, page: ListingPage, listing: Listing) -> str | None:
        if listing.pagination is not None:
            return super().next_page(page, listing)
        m = _PAGER.search(page.text)
        if not m:
            return None
        ints, strings = [], []
        for num, _q, text in _ARG.findall(m.group(1)):
            if num:
                ints.append(int(num))
            elif text:
                strings.append(text)
        if len(ints) < 2 or len(strings) < 2:
            return None
        pages, current = ints[0], ints[1]  # current is 0-based: page 1 is "index", page 2 "index_1"
        if current + 1 >= pages:
            return None
        name, ext = strings[-2], strings[-1]
        return urljoin(page.url, f"{name}_{current + 1}.{ext}")


def _script_row(script: str, base: str) -> Row | None:
    values: dict[str, str] = {}
    for name, _q, value in _VAR.findall(script):  # the first assignment wins: later ones sit in writeln strings
        values.setdefault(name.lower(), _unescape(value))
    url = next((values[n] for n in _URL_NAMES if values.get(n)), None)
    title = next((values[n] for n in _TITLE_NAMES if values.get(n)), None)
    if not url or not title or url.lower().startswith("javascript:"):
        return None
    date = next((v for v in values.values() if _DATE.fullmatch(v.strip())), "")
    if not date:
        m = _DATE.search(script)
        date = m.group(0) if m else ""
    return Row(href=urljoin(base, url), title=title, date_text=date)


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def _looks_like_document(row: Row) -> bool:
    """Among plain anchors, a document row has a dated item or a TRS document URL."""
    return has_date(row.date_text) or bool(re.search(r"/t\d{8}_\d+\.s?html?$", row.href))


TRS_ARTICLE = ArticleDialect(
    name="trs",
    title=("meta[name=ArticleTitle]", ".article-title", "div.title h1", "h1"),
    body=(".trs_editor_view", ".TRS_UEDITOR", ".TRS_Editor", ".view.TRS_UEDITOR"),
    meta=("div.sub", "div.xxgk-info", "table.xxgk-meta"),
    attachments=("#articleFJ a[href]", ".articleFJ a[href]"),
)
