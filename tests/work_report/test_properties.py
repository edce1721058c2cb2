"""Property tests: arbitrary text never makes the value parser, the target readers or the
work-report parser raise anything but a govwork ParseError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.parsers.work_report import WorkReportParser
from core.records import QUALIFIERS, SourceSpan
from extractors.source_text import DocumentHints, Section, SourceText
from extractors.taxonomy import match_indicator
from extractors.values import ValueParseError, parse_value, read_actuals, read_targets
from core.errors import ParseError

SPAN = SourceSpan("body", 1)
# Text made of the pieces target phrases are built from, so the generator reaches the
# interesting paths (ranges, lists, Chinese numerals, qualifiers) and not only noise.
PIECES = [
    "0", "1", "5", "6.5", "7.8", "99999999999999999999", ".", "%", "％", "‰", "万人", "万吨", "亿斤",
    "亿元", "个百分点", "万", "左右", "以上", "以内", "以下", "至", "—", "——", "-", "~", "、", ",", "，",
    ";", "；", ":", "。", "和", "分别", "增长", "下降", "提高到", "控制在", "不超过", "达到", "由", "从",
    "百分之", "五", "点", "三", "十", "〇", "一个", "地区生产总值", "城乡居民人均可支配收入", "城镇",
    "与经济增长同步", "完成省下达的", "任务", "扣除房地产开发投资后", "(一)", "“", "”", "十五五", "时期",
    "主要预期目标是:", "2025年是", "刚刚过去的2025年,", "\n", " ", "?",
]
phrases = st.one_of(st.lists(st.sampled_from(PIECES), max_size=30).map("".join), st.text(max_size=60))
LIMITS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@LIMITS
@given(phrases)
def test_parse_value_raises_only_its_typed_error(text):
    try:
        reading = parse_value(text)
    except ValueParseError:
        return
    assert reading.qualifier in QUALIFIERS
    if reading.qualifier == "qualitative":
        assert reading.low is None and reading.high is None
    if reading.low is not None and reading.high is not None:
        assert reading.low <= reading.high


@LIMITS
@given(phrases)
def test_readers_never_raise(text):
    for t in read_targets(text, period="2026", span=SPAN):
        assert t.qualifier in QUALIFIERS
        assert t.raw.strip() == t.raw
        if t.low is not None and t.high is not None:
            assert t.low <= t.high
    for a in read_actuals(text, year=2025, span=SPAN):
        assert a.indicator is not None
    code, raw = match_indicator(text)
    assert isinstance(raw, str)


@LIMITS
@given(st.lists(phrases, max_size=8), st.one_of(st.none(), st.integers(1900, 2100)))
def test_parser_raises_only_parse_error(lines, year):
    src = SourceText([Section("body", lines)], DocumentHints(year=year))
    parser = WorkReportParser()
    assert parser.score(src) >= 0
    try:
        parser.parse(src)
    except ParseError:
        pass
