"""Read an article page: its title, dates, issuer, 文号 and attachment links, following
the source's registry rules (CSS selectors for the regions, label regexes for the fields)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from extractors.normalize import iso_date, normalize_line
from core.registry.model import ArticleRules

_HEAD_LINES = 15  # fields such as 文号 may stand in the first lines of the body


@dataclass
class ArticleInfo:
    page_meta: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (title, absolute URL)


def read_article(html_text: str, rules: ArticleRules, page_url: str) -> ArticleInfo:
    soup = BeautifulSoup(html_text, "lxml")
    info = ArticleInfo()

    title_el = _first(soup, rules.title)
    title = title_el.get_text(" ", strip=True) if title_el else ""
    if title:
        info.page_meta["title"] = title

    meta_text = "\n".join(el.get_text("\n", strip=True) for sel in rules.meta for el in soup.select(sel))
    body_el = _first(soup, rules.body)
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
    for a in soup.select(rules.attachment_selector):
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


def _first(soup: BeautifulSoup, selectors: tuple[str, ...]):
    for sel in selectors:
        el = soup.select_one(sel)
        if el is not None and el.get_text(strip=True):
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
