"""Chinese numerals in the forms documents use: 九, 十二, 二十一, 一百零五, 〇 digit years."""

from __future__ import annotations

import re

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = "〇零一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+|[{CN_NUMBER}]+)"


def cn_to_int(text: str) -> int | None:
    """``12``, ``十二``, ``二十一``, ``一百零五`` → int; digit-by-digit (``二〇二六``) too."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):  # 二〇二六
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


_CN_DATE = re.compile(rf"([{CN_NUMBER}\d]{{4}})年([{CN_NUMBER}\d]{{1,3}})月([{CN_NUMBER}\d]{{1,3}})日")


def find_dates(text: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every full date written ``2026年1月30日`` or ``二〇二六年一月二十七日``."""
    out = []
    for m in _CN_DATE.finditer(text):
        y, mo, d = (cn_to_int(g) for g in m.groups())
        if y and mo and d and 1 <= mo <= 12 and 1 <= d <= 31 and 1900 < y < 2200:
            out.append((m.start(), f"{y:04d}-{mo:02d}-{d:02d}"))
    return out
