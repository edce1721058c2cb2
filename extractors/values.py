"""Values in Chinese target phrases: 增长6.5%左右, 7.5%—7.8%, 1.6万人以上, 控制在4%以内,
分别增长6.5%、7.5%, 与经济增长同步, 完成省下达的节能减排任务.

Public API
----------
``parse_value(phrase) -> ValueReading(low, high, qualifier, unit)``
    The one value in a phrase (``增长7%左右``, ``地区生产总值增长7.5%—7.8%``,
    ``城镇新增就业22万人``, ``与经济增长基本同步``). Raises ``ValueParseError`` (a
    ``core.errors.ParseError``) when the phrase holds no value or several
    (use ``read_targets`` for ``分别增长6.5%、7.5%``).
``read_targets(clause, *, period, span, indicator_hint=None, known_only=False) -> list[Target]``
    Every target in a clause or sentence, with its indicator from the taxonomy. One
    ``分别`` list gives one target per indicator (``城乡居民人均可支配收入分别增长6.5%、7.5%``
    -> urban_income_growth 6.5, rural_income_growth 7.5). A breakdown row can give
    several targets (``城镇新增就业40万人，城镇登记失业率控制在4%以内``).
    ``indicator_hint`` names the indicator when the clause is only a value (a table's
    value cell); it may end with the change it measures (``一般公共预算收入增长(%)``). ``known_only`` drops targets whose indicator is not in the taxonomy.
    Never raises for text without values: the answer is then ``[]``.
``read_actuals(text, *, year, span) -> list[Actual]``
    Reported outcomes (``地区生产总值793.9亿元、增长6.9%``): exact values of indicators
    the taxonomy knows; everything else in the text is left alone.
``read_indicator_values(text, *, indicator_hint=None) -> list[IndicatorValue]``
    The lower level both build on: (indicator, indicator_raw, ValueReading, raw phrase).
``read_number(text) -> float | None``
    An Arabic or Chinese numeral alone.

Reading rules
-------------
- qualifier: ``about`` 左右/上下; ``at_least`` 以上, 超过, 突破, 不低于, 不少于, 高于,
  …余/多; ``at_most`` 以内, 以下, 不超过, 不高于, 低于, 控制在… (控制在5.5%左右 is
  ``about``); ``range`` 7.5%—7.8%, 7.5-7.8%, 6%至6.5%; ``qualitative`` for phrases
  without a number (与经济增长同步, 完成国家/省下达的…任务/目标/指标, 稳中有降, 翻一番);
  ``exact`` otherwise (增长6.5%, 达到1100亿元). 力争/确保 do not change the qualifier.
- low/high: exact and about: low = high = value; at_least: low = value; at_most:
  high = value; range: both; qualitative: neither.
- A qualifier after the last item of a list applies to every item without its own:
  ``分别增长5%、6.5%左右`` is 5 about and 6.5 about.
- A decrease (下降, 降低, 减少) is a negative change: ``能耗下降3%以上`` is at_most -3;
  except for an indicator that itself counts a decrease (``贫困人口减少15万人`` is
  poverty_reduction +15; ``measures_decrease`` in the taxonomy).
- 增长/提高/下降/涨幅 … % on a level indicator gives its growth code
  (地区生产总值增长6.9% -> gdp_growth); 增长到/提高到 … is a level.
- ``由A提高到B``: A is a baseline and is not read.
- Units as written (%, ‰, 个百分点, 万人, 万吨, 亿斤, 亿元, 万亩 …); a bare 万 before a noun
  (65万以上贫困人口脱贫) takes the indicator's unit (万人). Chinese numerals are read
  before a unit (三万人, 提高一个百分点) and in 百分之五.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from core.records import Actual, SourceSpan, Target
from extractors.normalize.width import sparse_translator
from extractors.numerals import cn2an_smart
from extractors.taxonomy import clean_indicator_text, growth_code, indicator, match_indicator
from core.errors import ParseError


class ValueParseError(ParseError):
    """A phrase holds no value, or more than one where one was asked for."""

    reason = "value_unreadable"


@dataclass(frozen=True)
class ValueReading:
    low: float | None
    high: float | None
    qualifier: str  # about | at_least | at_most | exact | range | qualitative
    unit: str | None


@dataclass(frozen=True)
class IndicatorValue:
    indicator: str | None
    indicator_raw: str
    value: ValueReading
    raw: str  # the phrase, subject included: 地区生产总值增长6.5%
    start: int  # offsets of ``raw`` in the text read
    end: int


# --- lexicon --------------------------------------------------------------------------

UNITS = (
    "个百分点", "百分点", "万亿元", "亿美元", "万美元", "亿元", "万元", "美元", "元",
    "万吨", "亿吨", "吨", "万亿斤", "亿斤", "万斤", "万亩", "亩", "万人次", "亿人次", "人次", "万人", "人",
    "万户", "户", "亿千瓦时", "千瓦时", "亿千瓦", "万千瓦", "千瓦", "万平方公里", "平方公里", "公里",
    "万个", "个", "家", "项", "座", "所", "名", "万套", "套", "倍", "岁", "%", "‰", "万", "亿",
)
# Chinese numerals only count before these, so 三个不平衡 and 一产 are not values.
CN_UNITS = ("个百分点", "百分点", "万亿元", "亿元", "万吨", "万亿斤", "亿斤", "万亩", "万人", "倍")

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CN_NUM = rf"[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_AMOUNT = re.compile(
    rf"(?P<pct>百分之(?P<pnum>\d+(?:\.\d+)?|{_CN_NUM}))"
    rf"|(?<![\d.])(?P<num>\d+(?:\.\d+)?)(?P<approx>余|多)?(?P<unit>{_alternation(UNITS)})?"
    rf"|(?P<cn>{_CN_NUM})(?P<cnapprox>余|多)?(?P<cnunit>{_alternation(CN_UNITS)})"
)
_RANGE_SEP = re.compile(r"^\s*(?:—{1,2}|–|-|~|至|到)\s*$")
_LIST_SEP = re.compile(r"^(?P<own>左右|以上|以内|以下)?\s*[、和]\s*$")
_SUFFIX = re.compile(r"左右|上下|以上|之上|以内|之内|以下")  # used as match(text, pos): no copy of the rest
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_ENDS_IN_TO = re.compile(r"[到至]$")
_FROM_BEFORE = re.compile(r"[由从]\s*$")

UP_VERBS = ("增长", "增加", "提高", "提升", "上升", "上涨", "增速", "增幅", "涨幅")
DOWN_VERBS = ("下降", "降低", "减少", "压减", "压降", "降幅")
AT_LEAST_WORDS = ("不低于", "不少于", "超过", "突破", "高于", "大于", "超")
AT_MOST_WORDS = ("不超过", "不高于", "低于", "少于", "控制在")
# 不超过 holds 超过: the longer words are read first.
_BOUND_WORDS = tuple(sorted(AT_LEAST_WORDS + AT_MOST_WORDS, key=len, reverse=True))
_LEAD_TOKENS = (
    "分别", "年均", "平均", "同比", "累计", "均",
    "增长到", "增长至", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "上升到",
    "上升至", "下降到", "下降至", "降低到", "降低至", "减少到", "减少至", "降至", "增至",
    *UP_VERBS, *DOWN_VERBS,
    "控制在", "稳定在", "保持在", "维持在", "达到", "达", "突破", "超过", "不低于",
    "不少于", "不高于", "不超过", "低于", "高于", "大于", "少于", "为",
)
_LEAD = re.compile(rf"(?:{_alternation(_LEAD_TOKENS)})+$")

_QUALITATIVE = re.compile(
    r"(?:增长|增速)?(?:与|和|同)(?:经济增长|经济发展|地区生产总值增长|经济增速)(?:基本)?(?:保持)?同步"
    r"|(?:全面|确保|努力|坚决)?完成[^,，;；。:：!！\n]{0,8}?下达的?[^,，;；。:：!！、\n]{0,14}?(?:任务|目标|指标)"
    r"|稳中有降|稳中有升|只增不减|持续下降|稳步提高|稳步提升|保持稳定|总体稳定|基本稳定"
    r"|明显改善|持续改善|进一步改善|持续好转|翻一番|翻番"
)
# Each alternative of _QUALITATIVE holds one of these words: a phrase with none (most) has
# no match, and looking for them is cheaper than trying the pattern at every position.
_QUALITATIVE_WORDS = ("同步", "下达", "稳中有", "只增不减", "持续下降", "稳步提", "稳定", "改善", "好转", "翻")
_CLAUSE_END = set(",，;；:：。!！\n")
_GAP_ONLY_SEPARATORS = re.compile(r"^[\s、,，和及]*$")

# Full-width forms map 1:1 to ASCII so offsets in the prepared text are offsets in the
# original (raw phrases are cut from the original).
_PREP = {cp: chr(cp - 0xFEE0) for cp in range(0xFF10, 0xFF1A)}
_PREP.update({ord("％"): "%", ord("．"): ".", ord("～"): "~", ord("－"): "-", ord("﹪"): "%"})
_prepare = sparse_translator(_PREP)  # text.translate(_PREP): normalised text rarely holds any of them


# --- scanning -------------------------------------------------------------------------


@dataclass
class _Amount:
    start: int
    end: int
    value: float | None  # None: could not be read as a number
    unit: str | None
    approx: bool  # …余 / …多


@dataclass
class _Event:
    """One value phrase in the text: a number, a range, a list or a qualitative phrase."""

    start: int  # where the value phrase starts (lead verbs included)
    value_start: int
    end: int  # after the suffix qualifier
    lead: str
    items: list[ValueReading] = field(default_factory=list)
    qualitative_text: str | None = None


def read_number(text: str) -> float | None:
    """An Arabic or Chinese numeral (6.5, 五点五, 二〇二六) as a float; None if it is not one."""
    if not _DECIMAL.fullmatch(text):
        return _chinese_number(text)
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@lru_cache(maxsize=4096)  # cn2an is slow, and documents use few distinct Chinese numerals
def _chinese_number(text: str) -> float | None:
    try:
        value = float(cn2an_smart(text))
    except Exception:  # cn2an raises several types for what is not a numeral
        return None
    return value if math.isfinite(value) else None


def _amounts(prep: str) -> list[_Amount]:
    out = []
    for m in _AMOUNT.finditer(prep):
        if m.group("pct"):
            out.append(_Amount(m.start(), m.end(), read_number(m.group("pnum")), "%", False))
        elif m.group("num"):
            out.append(_Amount(m.start(), m.end(), read_number(m.group("num")), m.group("unit"), bool(m.group("approx"))))
        else:
            out.append(_Amount(m.start(), m.end(), read_number(m.group("cn")), m.group("cnunit"), bool(m.group("cnapprox"))))
    return [a for a in out if a.value is not None]


def _qualifier(lead: str, suffix: str, approx: bool) -> str:
    if suffix in ("左右", "上下"):
        return "about"
    if suffix in ("以上", "之上") or approx:
        return "at_least"
    if suffix in ("以内", "之内", "以下"):
        return "at_most"
    for word in _BOUND_WORDS:
        if word in lead:
            return "at_least" if word in AT_LEAST_WORDS else "at_most"
    return "exact"


def _is_decrease(lead: str) -> bool:
    return any(v in lead for v in DOWN_VERBS) and not _ENDS_IN_TO.search(lead)


def _is_change(lead: str) -> bool:
    if _ENDS_IN_TO.search(lead):
        return False
    return any(v in lead for v in UP_VERBS + DOWN_VERBS)


def _reading(low: float, high: float | None, qualifier: str, unit: str | None, lead: str) -> ValueReading:
    if qualifier == "range":
        lo, hi = low, high
    elif qualifier == "at_least":
        lo, hi = low, None
    elif qualifier == "at_most":
        lo, hi = None, low
    else:
        lo, hi = low, low
    reading = ValueReading(lo, hi, qualifier, unit)
    return _negate(reading) if _is_decrease(lead) else reading


def _events(prep: str) -> list[_Event]:
    amounts = _amounts(prep)
    events: list[_Event] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        nxt = amounts[i + 1] if i + 1 < len(amounts) else None
        between = prep[a.end:nxt.start] if nxt else ""
        # Baseline of 由A提高到B: skip A.
        if nxt and _FROM_BEFORE.search(prep[max(0, a.start - 2):a.start]) and _ENDS_IN_TO.search(between):
            i += 1
            continue
        group: list[_Amount] = [a]
        is_range = False
        if nxt and nxt.unit and (a.unit is None or a.unit == nxt.unit) and _RANGE_SEP.match(between):
            group.append(nxt)
            is_range = True
        elif a.unit is None and not (nxt and nxt.unit and _LIST_SEP.match(between)):
            i += 1  # a bare number (year, ordinal, PM2.5) is not a value
            continue
        own_suffixes: list[str] = []
        if not is_range:
            j = i
            while j + 1 < len(amounts):
                cur, cand = amounts[j], amounts[j + 1]
                m = _LIST_SEP.match(prep[cur.end:cand.start])
                if not (m and cand.unit):
                    break
                own_suffixes.append(m.group("own") or "")
                group.append(cand)
                j += 1
        end = group[-1].end
        sm = _SUFFIX.match(prep, end)
        suffix = sm.group(0) if sm else ""
        end += len(suffix)
        lm = _LEAD.search(prep[max(0, a.start - 16):a.start])
        lead = lm.group(0) if lm else ""
        ev = _Event(start=a.start - len(lead), value_start=a.start, end=end, lead=lead)
        if is_range:
            lo, hi = sorted((group[0].value, group[1].value))
            ev.items.append(_reading(lo, hi, "range", group[1].unit, lead))
        else:
            unit_last = group[-1].unit
            own_suffixes.append(suffix)
            for k, item in enumerate(group):
                item_suffix = own_suffixes[k] or suffix
                q = _qualifier(lead, item_suffix, item.approx)
                ev.items.append(_reading(item.value, None, q, item.unit or unit_last, lead))
        events.append(ev)
        i += len(group)
    qualitative = _QUALITATIVE.finditer(prep) if any(w in prep for w in _QUALITATIVE_WORDS) else ()
    for m in qualitative:
        if any(e.start < m.end() and m.start() < e.end for e in events):
            continue
        events.append(
            _Event(
                start=m.start(),
                value_start=m.start(),
                end=m.end(),
                lead="",
                items=[ValueReading(None, None, "qualitative", None)],
                qualitative_text=m.group(0),
            )
        )
    events.sort(key=lambda e: e.start)
    return events


# --- subjects -------------------------------------------------------------------------


def _clause_start(text: str, lo: int, hi: int) -> int:
    s = hi
    while s > lo and text[s - 1] not in _CLAUSE_END:
        s -= 1
    # A condition clause belongs to the next one: 扣除房地产开发投资后，固定资产投资增长2.7%.
    if s > lo and text[s - 1] in ",，":
        q = s - 1
        while q > lo and text[q - 1] not in _CLAUSE_END:
            q -= 1
        if text[q:s - 1].endswith("后") and s - 1 - q <= 20:
            s = q
    return s


def _clause_end(text: str, lo: int, hi: int) -> int:
    e = lo
    while e < hi and text[e] not in _CLAUSE_END:
        e += 1
    return e


_ENUMERATOR = re.compile(r"\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")


def _strip_subject(text: str) -> str:
    m = _ENUMERATOR.match(text)
    if m:
        text = text[m.end():]
    return text.strip().strip("、和及与并").strip()


def _split_subject(subject: str, n: int) -> list[str]:
    """Subjects for the n values of a list (分别 …)."""
    cleaned = clean_indicator_text(subject)
    for separators in (r"[、]", r"[、和及与]"):
        parts = [p for p in re.split(separators, cleaned) if p.strip()]
        if len(parts) == n:
            return _share_head(parts)
    if n == 2 and cleaned.startswith("城乡"):
        return ["城镇" + cleaned[2:], "农村" + cleaned[2:]]
    return [subject] * n


def _share_head(parts: list[str]) -> list[str]:
    """城镇和农村居民人均可支配收入: the earlier parts share the last part's head noun."""
    last = parts[-1]
    out = []
    for part in parts[:-1]:
        if match_indicator(part)[0] is None:
            for k in range(1, len(last)):
                joined = part + last[k:]
                code, raw = match_indicator(joined)
                if code is not None and raw == joined:  # the whole of it is a name
                    part = joined
                    break
        out.append(part)
    return out + [last]


def _indicator_for(subject: str, lead: str, reading: ValueReading) -> tuple[str | None, str]:
    code, raw = match_indicator(subject)
    if code is None:
        return None, raw
    if reading.unit == "%" and _is_change(lead):
        code = growth_code(code)
    return code, raw


def _negate(v: ValueReading) -> ValueReading:
    low = -v.high if v.high is not None else None
    high = -v.low if v.low is not None else None
    qualifier = {"at_least": "at_most", "at_most": "at_least"}.get(v.qualifier, v.qualifier)
    return ValueReading(low, high, qualifier, v.unit)


def _fit(code: str | None, lead: str, reading: ValueReading) -> ValueReading:
    """The reading adjusted to its indicator: a decrease of an indicator that counts
    decreases is positive; a bare 万 takes the indicator's unit (万人)."""
    if code is None:
        return reading
    if _is_decrease(lead) and indicator(code).measures_decrease:
        reading = _negate(reading)
    if reading.unit not in ("万", "亿"):
        return reading
    unit = indicator(code).unit
    if unit and unit.startswith(reading.unit) and unit != reading.unit:
        return ValueReading(reading.low, reading.high, reading.qualifier, unit)
    return reading


def read_indicator_values(text: str, *, indicator_hint: str | None = None) -> list[IndicatorValue]:
    """Every value phrase in ``text`` with the indicator it is about."""
    if not isinstance(text, str):
        raise ValueParseError(f"not text: {type(text).__name__}")
    prep = _prepare(text)
    events = _events(prep)
    out: list[IndicatorValue] = []
    prev_end = 0
    prev_subject: tuple[str, int] | None = None  # (subject text, start)
    prev_value_first = False
    for k, ev in enumerate(events):
        if ev.start < prev_end:  # overlapping reads (a lead eaten by the previous suffix)
            continue
        s = _clause_start(prep, prev_end, ev.start)
        em = _ENUMERATOR.match(prep, s, ev.start)
        if em:
            s = em.end()
        subject = _strip_subject(text[s:ev.start])
        subject_start = s
        value_first = False
        hint_verb = ""
        end = ev.end
        if not _NO_SUBJECT.sub("", clean_indicator_text(subject)):  # 增长6.1%, 同口径增长9.7%: the previous subject's
            gap = prep[prev_end:ev.start]
            next_start = events[k + 1].start if k + 1 < len(events) else len(prep)
            after_end = _clause_end(prep, ev.end, next_start)
            after = _strip_subject(text[ev.end:after_end])
            if prev_value_first and after:
                subject, value_first = after, True
            elif prev_subject and ev.qualitative_text is None and _GAP_ONLY_SEPARATORS.match(_QUALIFYING.sub("", gap)):
                subject, subject_start = prev_subject
            elif indicator_hint:
                subject, hint_verb = _split_hint(indicator_hint)
            elif after and ev.qualitative_text is None:
                subject, value_first = after, True
            if value_first:
                subject_start = ev.value_start
                end = after_end
        raw = text[subject_start:end].strip().strip("、,，;；").strip()
        if ev.qualitative_text is not None:
            subjects = [p for p in re.split(r"[、]", subject) if p.strip()] or [""]
            # 增长与经济增长同步 is about the growth rate; 翻一番 and 稳中有降 about the level.
            growth = ev.qualitative_text.startswith(("增长", "增速")) or "同步" in ev.qualitative_text
            for part in subjects:
                code, ind_raw = match_indicator(part)
                if code and growth:
                    code = growth_code(code)
                if not part.strip():
                    # 全面完成省下达的节能减排任务: the indicator is named inside the phrase.
                    inner = re.sub(r"(任务|目标|指标)$", "", ev.qualitative_text)
                    code, _ = match_indicator(inner)
                    ind_raw = ev.qualitative_text if code else ""
                out.append(IndicatorValue(code, ind_raw, ev.items[0], raw, subject_start, end))
        else:
            subjects = _split_subject(subject, len(ev.items)) if len(ev.items) > 1 else [subject]
            lead = ev.lead + hint_verb
            for part, reading in zip(subjects, ev.items):
                if hint_verb and _is_decrease(hint_verb) and not _is_decrease(ev.lead):
                    reading = _negate(reading)
                code, ind_raw = _indicator_for(part, lead, reading)
                if len(ev.items) > 1 and len(set(subjects)) > 1 and not _is_part_of(part, subject):
                    ind_raw = clean_indicator_text(subject)  # 城乡… split: keep the written name
                out.append(IndicatorValue(code, ind_raw, _fit(code, lead, reading), raw, subject_start, end))
        prev_end = end
        prev_subject = (subject, subject_start) if subject else None
        prev_value_first = value_first
    return out


# words that qualify a figure without naming an indicator: the subject is the previous one
_QUALIFYING = re.compile(r"同口径|\(同口径\)|（同口径）|同比|比上年|全年")
_NO_SUBJECT = re.compile(rf"^(?:{_QUALIFYING.pattern})+$")
_HINT_VERB = re.compile(r"(增长|增速|增幅|涨幅|下降|降低|降幅)率?\s*(?:\(%\)|（%）|%)?$")


def _split_hint(hint: str) -> tuple[str, str]:
    """A column header names the indicator and maybe the change: 一般公共预算收入增长(%)."""
    m = _HINT_VERB.search(hint.strip())
    if not m:
        return hint, ""
    return hint.strip()[: m.start()], m.group(1)


def _is_part_of(part: str, subject: str) -> bool:
    return part in subject


# --- public readers -----------------------------------------------------------------------


def parse_value(phrase: str) -> ValueReading:
    """The single value of a phrase; ValueParseError for none or several."""
    if not isinstance(phrase, str):
        raise ValueParseError(f"not text: {type(phrase).__name__}")
    events = _events(_prepare(phrase))
    if not events:
        raise ValueParseError(f"no value in {phrase[:80]!r}", reason="no_value")
    if len(events) > 1 or len(events[0].items) > 1:
        raise ValueParseError(f"several values in {phrase[:80]!r}", reason="several_values")
    return events[0].items[0]


_CHANGE_VERBS = ("增加", "提高", "提升", "减少", "降低", "下降", "缩小", "扩大")


def meaning(raw: str, unit: str | None, indicator: str | None, qualifier: str, multi_year: bool) -> tuple[str, str | None]:
    """(basis, measure) of a figure (see ``core.records``): 年均 → average_annual, 累计 →
    cumulative; in a multi-year statement a level is the period's end and a change runs
    over the whole period; 百分点 and 提高/增加 N (not 到 N) are changes, % after 增长/下降 or
    of a growth indicator is a growth rate, anything else a level."""
    if qualifier == "qualitative":
        measure = None
    elif unit in ("个百分点", "百分点"):
        measure = "change"
    else:
        number = re.search(r"[\d" + _CN_DIGITS + r"]", raw)
        lead = raw[: number.start()] if number else raw
        if unit in ("%", "‰") and (_is_change(lead) or (indicator or "").endswith("_growth")):
            measure = "growth_rate"
        elif any(lead.rstrip().endswith(v) for v in _CHANGE_VERBS):
            measure = "change"
        else:
            measure = "level"
    if "年均" in raw or "年平均" in raw:
        basis = "average_annual"
    elif "累计" in raw:
        basis = "cumulative"
    elif multi_year:
        basis = "period_end" if measure in ("level", None) else "cumulative"
    else:
        basis = "annual"
    return basis, measure


def read_targets(
    clause: str,
    *,
    period: str,
    span: SourceSpan,
    indicator_hint: str | None = None,
    known_only: bool = False,
) -> list[Target]:
    """Targets stated in a clause; see the module docstring."""
    out = []
    for iv in read_indicator_values(clause, indicator_hint=indicator_hint):
        if known_only and iv.indicator is None:
            continue
        v = iv.value
        out.append(
            Target(
                indicator=iv.indicator,
                indicator_raw=iv.indicator_raw,
                low=v.low,
                high=v.high,
                qualifier=v.qualifier,  # type: ignore[arg-type]
                unit=v.unit,
                raw=iv.raw,
                period=period,
                span=span,
            )
        )
        out[-1].basis, out[-1].measure = meaning(iv.raw, v.unit, iv.indicator, v.qualifier, period.endswith("_fyp"))  # type: ignore[assignment]
    return out


def read_actuals(text: str, *, year: int, span: SourceSpan, period: str | None = None) -> list[Actual]:
    """Exact outcomes of known indicators (地区生产总值793.9亿元、增长6.9%). ``period`` names
    a multi-year review (``14th_fyp``): its figures are period totals, averages or ends."""
    out = []
    for iv in read_indicator_values(text):
        v = iv.value
        if iv.indicator is None or v.qualifier != "exact" or v.low is None:
            continue
        basis, measure = meaning(iv.raw, v.unit, iv.indicator, v.qualifier, period is not None)
        out.append(Actual(iv.indicator, iv.indicator_raw, v.low, v.unit, iv.raw, year, span,
                          period=period, basis=basis, measure=measure or "level"))  # type: ignore[arg-type]
    return out


__all__ = [
    "ValueParseError",
    "ValueReading",
    "IndicatorValue",
    "parse_value",
    "read_targets",
    "read_actuals",
    "read_indicator_values",
    "read_number",
    "meaning",
]
