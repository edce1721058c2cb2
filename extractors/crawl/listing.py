"""Walk a source's listing pages and pick out candidate documents by link title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from extractors.crawl.fetch import Fetcher, FetchResult
from extractors.normalize import iso_date, normalize_line
from core.registry.model import Listing, Source

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


def _year_in_title(title: str) -> int | None:
    """The year a (normalised) link title names: 2026年政府工作报告 → 2026."""
    m = _YEAR_IN_TITLE.search(title)
    return int(m.group(1)) if m else None


@dataclass
class Candidate:
    url: str
    title: str  # as the listing shows it
    kind: str
    year: int | None  # from the title, else from the listing date
    listed_date: str | None


def walk_listing(
    fetcher: Fetcher,
    source: Source,
    listing: Listing,
    jurisdiction: str,
    *,
    extra_hosts: tuple[str, ...] = (),
    on_page: Callable[[FetchResult, int], None] | None = None,
) -> list[Candidate]:
    """Every candidate on every page of one listing (pages fetched politely, in order)."""
    candidates: list[Candidate] = []
    page_url: str | None = listing.url
    seen_pages: set[str] = set()
    pagination = listing.pagination
    max_pages = pagination.max_pages if pagination else 1
    for page_no in range(1, max_pages + 1):
        if page_url is None or page_url in seen_pages:
            break
        seen_pages.add(page_url)
        res = fetcher.fetch(page_url, source, role="listing", jurisdiction=jurisdiction, extra_hosts=extra_hosts)
        if on_page:
            on_page(res, page_no)
        if not res.ok or res.text is None:
            break
        soup = BeautifulSoup(res.text, "lxml")
        base = res.final_url or page_url
        found = list(_candidates(soup, listing, source, base))
        candidates.extend(found)
        page_url = _next_page(soup, res.text, listing, base, page_no)
    return candidates


def _candidates(soup: BeautifulSoup, listing: Listing, source: Source, base: str):
    for a in soup.select(listing.item_selector):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
            continue
        title = (a.get("title") or a.get_text(" ", strip=True) or "").strip()
        kind = source.classify(normalize_line(title))
        if kind is None or kind not in listing.kinds:
            continue
        listed = iso_date(_item_text(a))
        year = _year_in_title(normalize_line(title)) or (int(listed[:4]) if listed else None)
        yield Candidate(url=urljoin(base, href), title=title, kind=kind, year=year, listed_date=listed)


def _item_text(a) -> str:
    """Text of the list item around a link, without the link's own text (a title may
    contain a date: 政府工作报告（2026年1月20日在…）; the listing's date is beside it)."""
    for parent in a.parents:
        if parent.name in ("li", "tr", "dd", "div"):
            own = set(id(s) for s in a.strings)
            return " ".join(s.strip() for s in parent.strings if id(s) not in own and s.strip())
    return ""


def _next_page(soup: BeautifulSoup, text: str, listing: Listing, base: str, page_no: int) -> str | None:
    p = listing.pagination
    if p is None:
        return None
    if p.pattern:
        if p.page_count:
            m = re.search(p.page_count, text)
            if m and page_no >= int(m.group(1)):
                return None
        return urljoin(listing.url, p.pattern.format(n=p.first + page_no - 1))
    for a in soup.find_all("a", href=True):
        if a.get_text(strip=True) in p.next_text:
            target = urljoin(base, a["href"])
            return target if urlsplit(target).scheme in ("http", "https") else None
    return None
