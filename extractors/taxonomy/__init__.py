"""The indicator taxonomy: Chinese indicator names -> canonical codes, kept as data in
``indicators.yaml`` beside this file.

Public API
----------
``load_indicators() -> list[IndicatorDef]``
    Every indicator (code, name, unit, names, growth). The warehouse loads this list into
    its indicator dimension.
``match_indicator(text) -> (code | None, raw)``
    The indicator a phrase names. ``text`` is what stands before a value
    (``全年完成地区生产总值``, ``一般公共预算收入同口径``). The name that ends latest in
    the text wins, the longest of those on a tie, and only a few modifiers
    (同口径, 总量 …) may follow it; anything else after it (``…占地区生产总值比重``)
    means the phrase is about something else, and the code is None. ``raw`` is the
    indicator as written: from the matched name to the end, or the whole phrase without
    leading filler words (全年, 确保, 力争 …) when nothing matched.
``growth_code(code) -> str``
    The growth-rate code of a level indicator (gdp -> gdp_growth); the code itself when it
    has none.
``indicator(code) -> IndicatorDef``
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

INDICATORS_PATH = Path(__file__).parent / "indicators.yaml"
# libyaml's safe loader (PyYAML's own in C): the same values as yaml.safe_load, 9x faster here
# (14 -> 1.5 ms CPU; a forced run's first load task reads the taxonomy and nothing else)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# May follow an indicator name without changing what it is.
# Words between an indicator's name and its figure that do not change what it names:
# 一般公共预算收入同口径增长9.7%, 地区生产总值完成56.2亿元, 粮食产量达到22.5万吨.
ALLOWED_AFTER_NAME = ("同口径", "(同口径)", "（同口径）", "总量", "绝对值", "水平", "全年完成", "全年实现", "完成",
                      "实现", "达到", "累计完成", "累计", "实际", "名义", "力争", "确保", "继续保持", "保持", "继续")
# A subject that is only "经济" (经济增长5%左右) is the economy's output.
_ECONOMY = "经济"
# Words that open a phrase but are not part of the indicator's name.
LEADING_FILLER = re.compile(
    r"^(?:[、和及与并且其中,，;；:：\s●■◆•▪]|全年完成|全年实现|全年|完成|实现|确保|力争|努力|争取|"
    r"全市|全省|全县|全区|全州|全盟|全旗|全国|我市|我省|我县|我区)+"
)
_ABBREVIATION = re.compile(r"\s*[(（](?:GDP|CPI|PPI|R&D|PM2\.5)[)）]")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
# ``text.translate(_QUOTES)``: one scan for the rare quote, where translate looks up every
# character (several times slower on Chinese text; ~16k phrases a 500-document batch)
_QUOTE_CHARS = re.compile("[“”‘’\"'「」『』]")


def _unquoted(text: str) -> str:
    return _QUOTE_CHARS.sub("", text)


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    unit: str | None
    names: tuple[str, ...]
    growth: str | None = None  # the code of this level indicator's growth rate
    measures_decrease: bool = False  # 贫困人口减少15万人 is +15
    aliases: tuple[str, ...] = field(default=(), repr=False)  # names in every spelling matched


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, IndicatorDef]
    codes: dict[str, str]  # spelling -> code
    lengths_by_last: dict[str, tuple[int, ...]]  # last character -> lengths of spellings ending in it, longest first


def _spellings(name: str) -> set[str]:
    # Normalised text uses ASCII , ( ) while the YAML is written with full-width ones.
    out = {name}
    out.add(name.replace("，", ",").replace("（", "(").replace("）", ")"))
    out.add(name.replace(",", "，").replace("(", "（").replace(")", "）"))
    return out


@lru_cache(maxsize=1)
def _index() -> _Index:
    data = yaml.load(INDICATORS_PATH.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    by_code: dict[str, IndicatorDef] = {}
    pairs: list[tuple[str, str]] = []
    for entry in data.get("indicators") or []:
        names = tuple(entry.get("names") or ())
        aliases = tuple(sorted({s for n in names for s in _spellings(n)}, key=lambda s: (-len(s), s)))
        d = IndicatorDef(
            code=entry["code"],
            name=entry["name"],
            unit=entry.get("unit"),
            names=names,
            growth=entry.get("growth"),
            measures_decrease=bool(entry.get("measures_decrease", False)),
            aliases=aliases,
        )
        if d.code in by_code:
            raise ValueError(f"indicators.yaml: code {d.code} defined twice")
        by_code[d.code] = d
        pairs.extend((a, d.code) for a in aliases)
    seen: dict[str, str] = {}
    for spelling, code in pairs:
        if seen.setdefault(spelling, code) != code:
            raise ValueError(f"indicators.yaml: name {spelling} given to {seen[spelling]} and {code}")
    for d in by_code.values():
        if d.growth and d.growth not in by_code:
            raise ValueError(f"indicators.yaml: {d.code}.growth {d.growth} is not a code")
    lengths_by_last: dict[str, set[int]] = {}
    for spelling in seen:
        lengths_by_last.setdefault(spelling[-1], set()).add(len(spelling))
    return _Index(by_code, seen, {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths_by_last.items()})


def load_indicators() -> list[IndicatorDef]:
    """Every indicator of the taxonomy, in file order."""
    return list(_index().by_code.values())


def indicator(code: str) -> IndicatorDef:
    return _index().by_code[code]


def growth_code(code: str) -> str:
    d = _index().by_code.get(code)
    return d.growth if d and d.growth else code


def clean_indicator_text(text: str) -> str:
    """The phrase without quotes, surrounding space and leading filler words."""
    text = _unquoted(text).strip()
    return LEADING_FILLER.sub("", text).strip()


def _latest_name(plain: str) -> tuple[int, int, str] | None:
    """(start, end, code) of the indicator name that ends latest in ``plain``, the longest
    of those on a tie. Scans end positions from the right and looks up only the names
    ending in the character there (the same answer as every name's rightmost occurrence)."""
    index = _index()
    for end in range(len(plain), 0, -1):
        for length in index.lengths_by_last.get(plain[end - 1], ()):
            if length <= end:
                code = index.codes.get(plain[end - length:end])
                if code is not None:
                    return end - length, end, code
    return None


@lru_cache(maxsize=8192)  # pure, and parsers ask about the same phrase several times
def match_indicator(text: str) -> tuple[str | None, str]:
    """(code, raw) for the indicator named at the end of ``text``; (None, cleaned text)
    when no indicator of the taxonomy is named there."""
    plain = _ABBREVIATION.sub("", _unquoted(text)).strip()  # 国内生产总值(GDP)增长 names 国内生产总值
    best = _latest_name(plain)
    if best is not None:
        start, end, code = best
        rest = plain[end:].strip()
        while rest:
            for word in ALLOWED_AFTER_NAME:
                if rest.startswith(word):
                    rest = rest[len(word):].strip()
                    break
            else:
                break
        if not rest:
            return code, plain[start:].strip()
    cleaned = clean_indicator_text(text)
    if cleaned == _ECONOMY:
        return "gdp", cleaned
    return None, cleaned


__all__ = [
    "IndicatorDef",
    "load_indicators",
    "indicator",
    "growth_code",
    "match_indicator",
    "clean_indicator_text",
]
