"""The shared base of the dialect readers: a listing page's rows and its next page, and
the selectors an article page keeps its parts under."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from core.registry.model import Listing

_DATE = re.compile(r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}")


@dataclass
class Row:
    """One row of a listing: where it links, the title it shows, the date beside it."""

    href: str  # absolute
    title: str
    date_text: str = ""


@dataclass
class ListingPage:
    url: str  # where the page was fetched from (after redirects)
    text: str
    page_no: int
    rows_so_far: int = 0  # rows read on the earlier pages of this listing

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "lxml")


class ListingReader:
    """Reads one system's listing pages. Subclasses override ``rows`` and ``next_page``."""

    name = "html"

    def rows(self, page: ListingPage, listing: Listing) -> list[Row]:
        raise NotImplementedError

    def next_page(self, page: ListingPage, listing: Listing) -> str | None:
        """The URL of the page after this one, or None. The registry's ``pagination`` (a
        URL pattern, a declared page count, a next-link text) wins over the dialect's own."""
        p = listing.pagination
        if p is None:
            return None
        if p.pattern:
            if p.page_count:
                m = re.search(p.page_count, page.text)
                if m and page.page_no >= int(m.group(1)):
                    return None
            return urljoin(listing.url, p.pattern.format(n=p.first + page.page_no - 1))
        return next_link(page, texts=p.next_text)


def anchor_row(a: Tag, base: str) -> Row | None:
    href = (a.get("href") or "").strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
        return None
    title = (a.get("title") or a.get_text(" ", strip=True) or "").strip()
    if not title:
        return None
    return Row(href=urljoin(base, href), title=title, date_text=item_text(a))


def item_text(a: Tag) -> str:
    """Text of the list item around a link, without the link's own text (a title may
    contain a date: 政府工作报告（2026年1月20日在…）; the listing's date is beside it)."""
    for parent in a.parents:
        if parent.name in ("li", "tr", "dd", "div", "record"):
            own = set(id(s) for s in a.strings)
            return " ".join(s.strip() for s in parent.strings if id(s) not in own and s.strip())
    return ""


def next_link(page: ListingPage, *, texts: tuple[str, ...] = (), classes: tuple[str, ...] = ()) -> str | None:
    """The href of the first anchor whose text is one of ``texts`` or whose class is one
    of ``classes`` (an http(s) URL only: a javascript: link is no page)."""
    for a in page.soup.find_all("a", href=True):
        if a.get_text(strip=True) in texts or set(a.get("class") or ()) & set(classes):
            target = urljoin(page.url, a["href"])
            return target if urlsplit(target).scheme in ("http", "https") else None
    return None


def dedupe(rows: list[Row]) -> list[Row]:
    seen: set[str] = set()
    out = []
    for r in rows:
        if r.href not in seen:
            seen.add(r.href)
            out.append(r)
    return out


@dataclass(frozen=True)
class ArticleDialect:
    """Where one system keeps an article's parts, tried after the source's own registry
    selectors. ``attachments`` are areas that may lie outside the body (TRS ``#articleFJ``)."""

    name: str = "html"
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    meta: tuple[str, ...] = ()
    attachments: tuple[str, ...] = field(default=())


def has_date(text: str) -> bool:
    return bool(_DATE.search(text))
