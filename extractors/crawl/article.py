"""Read an article page: its title, dates, issuer, 文号 and attachment links. The source's
registry rules (CSS selectors for the regions, label regexes for the fields) are tried
first, then the places the page's CMS dialect keeps them (attachments outside the body
included). ``body_found`` is False when no body selector matched: the crawl records that
as ``no_body``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from extractors.crawl.dialects import article_dialect
from extractors.normalize import iso_date, normalize_line
from core.registry.model import ArticleRules

_HEAD_LINES = 15  # fields such as 文号 may stand in the first lines of the body


@dataclass
class ArticleInfo:
    page_meta: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (title, absolute URL)
    body_found: bool = True


def read_article(html_text: str, rules: ArticleRules, page_url: str, cms: str = "html") -> ArticleInfo:
    soup = BeautifulSoup(html_text, "lxml")
    dialect = article_dialect(cms, html_text)
    info = ArticleInfo()

    title_el = _first(soup, rules.title + dialect.title + ("title",))
    title = _text_of(title_el)
    if title:
        info.page_meta["title"] = title

    meta_text = "\n".join(el.get_text("\n", strip=True) for sel in rules.meta + dialect.meta for el in soup.select(sel))
    body_el = _first(soup, rules.body + dialect.body)
    info.body_found = body_el is not None
    head = ""
    if body_el is not None:
        lines = [ln for ln in body_el.get_text("\n").split("\n") if ln.strip()]
        head = "\n".join(lines[:_HEAD_LINES])
    # Label patterns are written in simplified characters; the gateway's pages are not.
    places = [normalise_lines(meta_text), normalize_line(title), normalise_lines(head)]
    for name, patterns in rules.fields.items():
        value = _find(patterns, places)
        if value and name.endswith("_date"):
            value = iso_date(value)
        if value:
            info.page_meta[name] = value

    seen: set[str] = set()
    href_re = re.compile(rules.attachment_href, re.I)
    for sel in (rules.attachment_selector, *dialect.attachments):
        for a in soup.select(sel):
            href = (a.get("href") or "").strip()
            if not href or href.lower().startswith(("javascript:", "mailto:")):
                continue
            url = urljoin(page_url, href)
            if not href_re.search(urlsplit(url).path) or url in seen:
                continue
            seen.add(url)
            info.attachments.append((a.get_text(" ", strip=True) or urlsplit(url).path.rsplit("/", 1)[-1], url))
    return info


def normalise_lines(text: str) -> str:
    return "\n".join(normalize_line(ln) for ln in text.split("\n"))


def _text_of(el) -> str:
    if el is None:
        return ""
    if el.name == "meta":
        return (el.get("content") or "").strip()
    return el.get_text(" ", strip=True)


def _first(soup: BeautifulSoup, selectors: tuple[str, ...]):
    for sel in selectors:
        el = soup.select_one(sel)
        if el is not None and _text_of(el):
            return el
    return None


def _find(patterns: tuple[str, ...], places: list[str]) -> str | None:
    for text in places:
        if not text:
            continue
        for pattern in patterns:
            m = re.search(pattern, text, re.M)
            if m and m.group(1).strip():
                return m.group(1).strip()
    return None
