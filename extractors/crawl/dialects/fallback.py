"""Sites that match no dialect: find article-URL patterns anywhere in the raw page, in
anchors, script text and CDATA alike, and take the title written beside each."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from extractors.crawl.dialects.base import ListingPage, ListingReader, Row, anchor_row, dedupe
from core.registry.model import Listing

# Article URLs of the common platforms: Hanweb art_, TRS tYYYYMMDD_, VSB /info/N/N.htm,
# gkmlpt/jpaas post_N, and numbered pages under a yyyymm folder.
ARTICLE_URL = re.compile(
    r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html"
    r"|/t\d{8}_\d+\.s?html?"
    r"|/info/\d+/\d+\.htm"
    r"|/(?:content/)?post_\d+\.html"
    r"|/\d{6}/\d+\.s?html?",
)
_QUOTED_URL = re.compile(r"""(["'])([^"'<>\s]*?(?:""" + ARTICLE_URL.pattern + r"""))\1""")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_TITLE_NEAR = re.compile(r"""\b(?:title|doctitle|name)["']?\s*[:=]\s*(["'])((?:\\.|(?!\1).)+)\1""", re.I)
_DATE = re.compile(r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}")
_WINDOW = 400  # characters around a URL in script text where its title may stand


def detect(text: str) -> str:
    """Which system made this page, by the markers each leaves; "fallback" if none."""
    if "<datastore" in text or "dataproxy.jsp" in text or "<!--<$[" in text:  # jpage; JCMS placeholders
        return "hanweb"
    if "createPageHTML" in text or re.search(r"trs_editor_view|TRS_UEDITOR|TRS_Editor", text):
        return "trs"
    if re.search(r"winstyle\d+|vsb_content|_newscontent_fromname|\.vsb\b", text):
        return "vsb"
    return "fallback"


class FallbackListing(ListingReader):
    name = "fallback"

    def rows(self, page: ListingPage, listing: Listing) -> list[Row]:
        flat = _CDATA.sub(lambda m: m.group(1), page.text)  # CDATA records become markup
        soup = BeautifulSoup(flat, "lxml")
        rows = [r for a in soup.find_all("a", href=True)
                if ARTICLE_URL.search(a["href"]) and (r := anchor_row(a, page.url))]
        for script in soup.find_all("script"):
            code = script.string or ""
            titles = [(t.span(), t.group(2)) for t in _TITLE_NEAR.finditer(code) if not ARTICLE_URL.search(t.group(2))]
            dates = [(d.span(), d.group(0)) for d in _DATE.finditer(code)]
            for m in _QUOTED_URL.finditer(code):
                title = _nearest(titles, m.span())  # the one written closest: same record, most often
                if title:
                    rows.append(Row(href=urljoin(page.url, m.group(2)), title=title,
                                    date_text=_nearest(dates, m.span()) or ""))
        return dedupe(rows)


def _nearest(found: list[tuple[tuple[int, int], str]], span: tuple[int, int]) -> str | None:
    """The text whose span lies closest to ``span`` (the gap between them), within _WINDOW."""
    gaps = [(max(start - span[1], span[0] - end, 0), text) for (start, end), text in found]
    near = [g for g in gaps if g[0] <= _WINDOW]
    return min(near)[1] if near else None
