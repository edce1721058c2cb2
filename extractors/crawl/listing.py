"""Walk a source's listing pages with its CMS dialect and pick candidate documents by
row title. A first page without any rows is ``empty_listing`` (a redesign must never
pass as "nothing new"); the per-listing caps on pages and candidates are reported when
they cut the walk short."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from extractors.crawl.dialects import ListingPage, listing_reader
from extractors.crawl.fetch import Fetcher, FetchResult
from extractors.crawl.page_memory import ListingReading, PageMemory
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


@dataclass
class ListingWalk:
    candidates: list[Candidate] = field(default_factory=list)
    rows: int = 0  # rows read on all pages, candidates or not
    pages: int = 0  # pages read
    dialect: str = ""
    empty: str | None = None  # URL of a fetched first page with no rows
    capped: list[str] = field(default_factory=list)  # which caps cut the walk short, and where


def walk_listing(
    fetcher: Fetcher,
    source: Source,
    listing: Listing,
    jurisdiction: str,
    *,
    extra_hosts: tuple[str, ...] = (),
    on_page: Callable[[FetchResult, int], None] | None = None,
    memory: PageMemory | None = None,
) -> ListingWalk:
    """Every candidate on every page of one listing (pages fetched politely, in order).
    A page whose reading ``memory`` holds (its text read before) is not parsed again."""
    walk = ListingWalk()
    page_url: str | None = listing.url
    seen_pages: set[str] = set()
    page_no = 0
    while page_url is not None and page_url not in seen_pages:
        if page_no >= listing.max_pages:
            walk.capped.append(f"max_pages={listing.max_pages}: next page {page_url} not read")
            break
        page_no += 1
        seen_pages.add(page_url)
        res = fetcher.fetch(page_url, source, role="listing", jurisdiction=jurisdiction, extra_hosts=extra_hosts)
        if on_page:
            on_page(res, page_no)
        if not res.ok or res.text is None:
            break
        page = ListingPage(url=res.final_url or page_url, text=res.text, page_no=page_no, rows_so_far=walk.rows)
        key = memory.listing_key(page, listing, source.cms) if memory is not None else None
        known = memory.listing(key) if key is not None else None
        reader = None if known is not None else listing_reader(source.cms, page)
        walk.dialect = known.dialect if known is not None else reader.name
        rows = known.rows if known is not None else reader.rows(page, listing)
        walk.pages += 1
        walk.rows += len(rows)
        if not rows and page_no == 1:
            walk.empty = page_url
            break
        for row in rows:
            title = normalize_line(row.title)
            kind = source.classify(title)
            if kind is None or kind not in listing.kinds:
                continue
            if len(walk.candidates) >= listing.max_candidates:
                walk.capped.append(f"max_candidates={listing.max_candidates}: {row.href} and later rows not taken")
                return walk
            listed = iso_date(row.date_text)
            year = _year_in_title(title) or (int(listed[:4]) if listed else None)
            walk.candidates.append(Candidate(url=row.href, title=row.title, kind=kind, year=year, listed_date=listed))
        if known is not None:
            page_url = known.next_page
        else:
            page_url = reader.next_page(page, listing)
            if key is not None:
                memory.remember_listing(key, ListingReading(reader.name, rows, page_url))
    return walk
