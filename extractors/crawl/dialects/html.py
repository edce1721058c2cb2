"""Plain HTML listings: rows are anchors under the registry's ``item_selector``."""

from __future__ import annotations

from extractors.crawl.dialects.base import ArticleDialect, ListingPage, ListingReader, Row, anchor_row, dedupe
from core.registry.model import Listing


class HtmlListing(ListingReader):
    name = "html"

    def rows(self, page: ListingPage, listing: Listing) -> list[Row]:
        rows = [anchor_row(a, page.url) for a in page.soup.select(listing.item_selector or "a[href]")]
        return dedupe([r for r in rows if r is not None])


HTML_ARTICLE = ArticleDialect(name="html")  # the registry's selectors alone
