"""Property tests: on arbitrary text the breakdown parsers fail only with the ParseError
they mean (nothing to read), never by crashing; splitting names never loses a character."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.parsers.inline_breakdown import InlineBreakdownParser
from extractors.parsers.table_breakdown import TableBreakdownParser
from extractors.source_text import DocumentHints, Section, SourceText
from extractors.units import split_leaders, split_units
from core.errors import ParseError

# pieces of the documents' structure, so that generated text reaches the parsers' rules
FRAGMENTS = [
    "序号", "牵头单位", "牵头领导", "配合单位", "实施单位", "责任单位", "主要指标", "重点工作任务",
    "\t", "\t\t", "(", ")", "(牵头单位:", ";责任单位:", "〈含", "〉", "、", ",", "。", " ", "\u3000",
    "一、", "(一)", "——", "1.", "12.", "2", "省财政厅", "省扶贫办", "市发改委", "各区人民政府",
    "黄 强", "张世珍", "增长7.5%—7.8%", "40万人", "左右", "以内", "(共4项)", "附件2", "2018年", "\n",
]
text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map("".join)
cell = st.one_of(st.none(), text)
table = st.lists(st.lists(cell, max_size=7), max_size=8)
section = st.builds(
    lambda name, lines, tables: Section(name, lines, tables, [list(range(1, len(t) + 1)) for t in tables]),
    st.sampled_from(["body", "附件1.pdf"]),
    st.lists(text, max_size=25),
    st.lists(table, max_size=3),
)
source = st.builds(
    lambda sections, year: SourceText(sections, DocumentHints(jurisdiction_code="620000", year=year)),
    st.lists(section, min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(1990, 2100)),
)

PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _read(parser, src):
    score = parser.score(src)
    assert isinstance(score, float) and 0.0 <= score <= 1.0
    try:
        records = parser.parse(src)
    except ParseError as exc:
        # the parser's own "nothing to read here", never a crash wrapped as ParseError
        assert exc.reason != "parser_failed", repr(exc.__cause__)
        return
    for task in records.tasks:
        assert isinstance(task.seq, int) and isinstance(task.text, str)
    for target in records.targets:
        assert target.qualifier in ("about", "at_least", "at_most", "exact", "range", "qualitative")


@PROPERTY_SETTINGS
@given(source)
def test_table_parser_never_crashes(src):
    _read(TableBreakdownParser(), src)


@PROPERTY_SETTINGS
@given(source)
def test_inline_parser_never_crashes(src):
    _read(InlineBreakdownParser(), src)


SEPARATORS = re.compile(r"[\s、，,；;]")


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=20).map("".join))
def test_split_units_keeps_every_character(cell_text):
    units = split_units(cell_text)
    if not any(ch in cell_text for ch in "(（〈《【<"):  # separators inside brackets stay in names
        assert "".join(u.raw for u in units) == SEPARATORS.sub("", cell_text)
    assert all(u.raw and u.full.startswith(u.raw) for u in units)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(["黄 强", "宋 亮", "张世珍", " ", "\u3000", "、", "李"]), st.text(max_size=3)), max_size=12).map("".join))
def test_split_leaders_keeps_every_character(cell_text):
    for known in ((), {"黄强", "宋亮", "张世珍"}):
        leaders = split_leaders(cell_text, known)
        assert "".join(leaders) == SEPARATORS.sub("", cell_text)
