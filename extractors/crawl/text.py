"""Small text helpers for the crawler: titles normalised for pattern matching, years and
dates read from titles and metadata. They reuse the parse stage's normalisation, so a
title is matched in the same form the document's text is read in."""

from __future__ import annotations

import re

from extractors.normalize import iso_date as _first_iso_date
from extractors.normalize import normalize_line

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


def normalise_title(text: str) -> str:
    """Pinyin annotations removed, traditional → simplified, widths and spaces unified."""
    return normalize_line(text or "")


def year_from_title(title: str) -> int | None:
    m = _YEAR_IN_TITLE.search(title)
    return int(m.group(1)) if m else None


def iso_date(text: str | None) -> str | None:
    """The first date in ``text`` as yyyy-mm-dd (2020.01.17, 2026年1月30日, 2026-02-02)."""
    return _first_iso_date(text) if text else None
