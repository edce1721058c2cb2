"""Chinese numerals in the forms documents use: 九, 十二, 二十一, 一百零五, 〇 digit years."""

from __future__ import annotations

import re
from functools import lru_cache

CN_NUMBER = "〇零一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+|[{CN_NUMBER}]+)"

_DIGITS = {ch: n for n, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
_ONE_TO_NINE = "一二三四五六七八九"


def _common_value(text: str) -> int | None:
    """The value of the forms most documents write, read here: 一-九, 十-九十九 (十二, 二十,
    二十一), digit by digit (二〇二六); None for any other text. What cn2an's smart mode
    reads them as (``tests/parse/test_numerals.py`` compares every such text of up to four
    characters with it)."""
    if len(text) == 1:
        return _DIGITS.get(text) if text in _ONE_TO_NINE else (10 if text == "十" else None)
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or any(ch not in _ONE_TO_NINE for ch in tens + ones):
            return None
        return 10 * (_DIGITS[tens] if tens else 1) + (_DIGITS[ones] if ones else 0)
    if len(text) <= 4 and text[0] in _ONE_TO_NINE and all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    return None


@lru_cache(maxsize=4096)  # cn2an is slow, and documents use few distinct numerals
def cn2an_smart(text: str) -> int | float:
    """``cn2an.cn2an(text, "smart")``, raising what it raises. The common forms are read
    without it (``_common_value``): importing cn2an costs 0.25-0.3 s of CPU (it builds its
    converters and their patterns), which every parse helper paid before its first document
    and most batches never need."""
    value = _common_value(text)
    if value is not None:
        return value
    import cn2an  # only for the rarer forms: see above

    return cn2an.cn2an(text, "smart")


def cn_to_int(text: str) -> int | None:
    """``12``, ``十二``, ``二十一``, ``一百零五`` → int; digit-by-digit (``二〇二六``) too; None
    when ``text`` is not a well-formed number (cn2an reads it; it rejects 十十 or 十百)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_NUMBER for ch in text):
        return None
    try:
        return int(cn2an_smart(text))
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
