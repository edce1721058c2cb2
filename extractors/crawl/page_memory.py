"""What the crawler read from a page (an article's fields and attachment links, a listing
page's rows and next page), remembered by the page's text, so a page the portal answers
304 for (a re-run, a forced run: every page) is not parsed with BeautifulSoup again. In a
forced run that parsing was most of a crawl task's own work (an article ~10 ms; each
listing page is read once per year's crawl task).

A key holds everything a reading depends on: the decoded text, the registry rules that
read it (article rules, or the listing's), the page URL (links are made absolute against
it), the CMS, for a listing page its number and the rows before it, and a fingerprint of
the reading code (the crawler's, and the normaliser and records it uses: the parse cache's
fingerprint covers those). The fetch itself is never skipped: only the reading of bytes the
portal said are unchanged, or that came before."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path

from core.fingerprint import fingerprint
from core.registry.model import ArticleRules, Listing
from extractors.crawl.article import ArticleInfo
from extractors.crawl.dialects import ListingPage, Row
from extractors.parse_cache import ResultCache, code_fingerprint

CRAWL_DIR = Path(__file__).resolve().parent


@functools.cache
def reading_fingerprint() -> str:
    return code_fingerprint() + fingerprint(CRAWL_DIR, (".py", ".yaml"), {"__pycache__"})


@dataclasses.dataclass
class ListingReading:
    dialect: str  # the reader's name
    rows: list[Row]
    next_page: str | None


def _key(*parts) -> str:
    blob = json.dumps([*parts, reading_fingerprint()], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class PageMemory:
    """Readings by key, in a ``ResultCache`` (one SQLite file under ``root``); an unreadable
    cache, or an entry that is not a reading, is a miss, as for every remembered result."""

    def __init__(self, root: Path):
        self._cache = ResultCache(root)

    # --- article pages -------------------------------------------------------------------

    @staticmethod
    def article_key(html_text: str, rules: ArticleRules, page_url: str, cms: str) -> str:
        return _key("article", _text_hash(html_text), page_url, cms, dataclasses.asdict(rules))

    def article(self, key: str) -> ArticleInfo | None:
        found = self._cache.get(key)
        try:
            return None if found is None else ArticleInfo(
                page_meta=dict(found["page_meta"]),
                attachments=[(title, url) for title, url in found["attachments"]],
                body_found=bool(found["body_found"]))
        except (KeyError, TypeError, ValueError):
            return None

    def remember_article(self, key: str, info: ArticleInfo) -> None:
        self._cache.put(key, dataclasses.asdict(info))

    # --- listing pages -------------------------------------------------------------------

    @staticmethod
    def listing_key(page: ListingPage, listing: Listing, cms: str) -> str:
        return _key("listing", _text_hash(page.text), page.url, page.page_no, page.rows_so_far, cms,
                    dataclasses.asdict(listing))

    def listing(self, key: str) -> ListingReading | None:
        found = self._cache.get(key)
        try:
            return None if found is None else ListingReading(
                dialect=str(found["dialect"]), rows=[Row(**row) for row in found["rows"]],
                next_page=found["next_page"])
        except (KeyError, TypeError, ValueError):
            return None

    def remember_listing(self, key: str, reading: ListingReading) -> None:
        self._cache.put(key, dataclasses.asdict(reading))
