"""``numerals.cn_to_int`` reads Chinese numerals through cn2an. It gives what the project's
own reader gave before (kept here as the reference) on every well-formed number a document
writes, and None, never an exception, on what is not a number."""

from __future__ import annotations

import itertools

import cn2an

from extractors.numerals import CN_NUMBER, _common_value, cn2an_smart, cn_to_int, find_dates

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def reference(text: str) -> int | None:
    """The reader cn_to_int replaced (digit by digit, or digit × unit summed)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


def well_formed() -> list[str]:
    """Every number 0–9999 as documents write it (十二, 一百零五, 两千), the 一十 spelling,
    and years digit by digit with 〇 and with 零 (二〇二六, 二零二六)."""
    out = [cn2an.an2cn(n) for n in range(10000)]
    out += [w.replace("二", "两", 1) for w in out if w.startswith("二") and len(w) > 1 and w[1] in "百千"]
    out += ["一" + w for w in out if w.startswith("十")]
    for year in range(1949, 2201):
        digits = "".join("〇一二三四五六七八九"[int(c)] for c in str(year))
        out += [digits, digits.replace("〇", "零")]
    return out


def test_cn2an_reads_every_well_formed_number_as_the_old_reader_did():
    numbers = well_formed()
    assert len(numbers) > 10500
    assert [t for t in numbers if cn_to_int(t) != reference(t)] == []
    assert [cn_to_int(s) for s in ["九", "十二", "二十一", "一百零五", "二〇二六", "两千", "91", " 7 "]] == \
        [9, 12, 21, 105, 2026, 2000, 91, 7]


def test_what_is_not_a_number_is_none_never_an_exception():
    odd = ["".join(c) for n in range(1, 4) for c in itertools.product(CN_NUMBER, repeat=n)]
    values = {t: cn_to_int(t) for t in odd}  # raises if any input escapes as an exception
    assert values["十十"] is None and values["十百"] is None and values["百"] is None
    assert cn_to_int("") is None and cn_to_int("abc") is None and cn_to_int("十二万") is None
    assert find_dates("二〇二六年一月二十七日") == [(0, "2026-01-27")]


def test_the_common_forms_read_without_cn2an_are_what_cn2an_reads():
    """``cn2an_smart`` reads 一-九, 十-九十九 and digit-by-digit numbers itself (importing cn2an
    costs a parse helper 0.25-0.3 s): on every text of up to four numeral characters it
    reads, the value is cn2an's, and whatever it does not read goes to cn2an."""
    texts = ["".join(c) for n in range(1, 5) for c in itertools.product(CN_NUMBER, repeat=n)]
    read_here = {t: _common_value(t) for t in texts}
    read_here = {t: v for t, v in read_here.items() if v is not None}
    assert {"一", "九", "十", "十四", "二十", "九十九", "二〇二六", "二零二六", "一〇"} <= set(read_here)
    assert len(read_here) > 9000  # the digit-by-digit forms, most of them
    assert [t for t, v in read_here.items() if cn2an.cn2an(t, "smart") != v] == []
    assert cn2an_smart("十四") == 14 and cn2an_smart("二〇二六") == 2026
    assert cn2an_smart("一百零五") == cn2an.cn2an("一百零五", "smart") == 105  # through cn2an
    for odd in ("十十", "十百", "百", "〇", "零一", "两"):
        assert _common_value(odd) is None
