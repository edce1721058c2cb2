"""Small text helpers for the crawler: titles normalised for pattern matching, years and
dates read from titles and metadata. (The full normalisation of document text is the
parse stage's job; this is only enough to recognise a link.)"""

from __future__ import annotations

import re
from functools import lru_cache

# 時(shí)間 → 時間: a bracketed pinyin syllable right after a CJK character.
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zA-Zü:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]{1,7}\)")
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def normalise_title(text: str) -> str:
    """Pinyin annotations removed, traditional → simplified, whitespace collapsed."""
    text = _PINYIN.sub("", text or "")
    text = _t2s().convert(text)
    return re.sub(r"\s+", " ", text).strip()


def year_from_title(title: str) -> int | None:
    m = _YEAR_IN_TITLE.search(title)
    return int(m.group(1)) if m else None


def iso_date(text: str | None) -> str | None:
    """The first date in ``text`` as yyyy-mm-dd (2020.01.17, 2026年1月30日, 2026-02-02)."""
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
