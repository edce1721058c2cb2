"""Chinese numerals in the forms documents use: 九, 十二, 二十一, 一百零五, 〇 digit years."""

from __future__ import annotations

import re

import cn2an

CN_NUMBER = "〇零一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+|[{CN_NUMBER}]+)"


def cn_to_int(text: str) -> int | None:
    """``12``, ``十二``, ``二十一``, ``一百零五`` → int; digit-by-digit (``二〇二六``) too; None
    when ``text`` is not a well-formed number (cn2an reads it; it rejects 十十 or 十百)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_NUMBER for ch in text):
        return None
    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):  # cn2an's answers to malformed numbers
        return None


_CN_DATE = re.compile(rf"([{CN_NUMBER}\d]{{4}})年([{CN_NUMBER}\d]{{1,3}})月([{CN_NUMBER}\d]{{1,3}})日")


def find_dates(text: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every full date written ``2026年1月30日`` or ``二〇二六年一月二十七日``."""
    out = []
    for m in _CN_DATE.finditer(text):
        y, mo, d = (cn_to_int(g) for g in m.groups())
        if y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31 and 1900 < y < 2200:
            out.append((m.start(), f"{y:04d}-{mo:02d}-{d:02d}"))
    return out
