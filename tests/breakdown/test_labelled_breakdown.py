"""Labelled lines and division sentences (``extractors/parsers/labelled_breakdown.py``)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ParseError
from extractors.parsers.labelled_breakdown import LabelledBreakdownParser, numbering, split_labels
from extractors.source_text import DocumentHints, Section, SourceText


def read(lines: list[str], jurisdiction: str = "621102"):
    src = SourceText([Section("body", lines)], DocumentHints(jurisdiction_code=jurisdiction, year=2026))
    return LabelledBreakdownParser().parse(src)


def test_several_labels_on_one_line_in_any_order():
    head, pairs = split_labels("完成时限：2026年6月底 牵头单位：区发展改革局；配合单位：区财政局")
    assert head == "" and pairs == [("完成时限", "2026年6月底"), ("牵头单位", "区发展改革局"), ("配合单位", "区财政局")]


def test_numbering_forms():
    assert [numbering(x)[:3] for x in ("第二部分 重点任务", "三、项目", "(四)产业", "5.任务", "6、任务", "(7)任务", "⑧任务", "二是任务")] == [
        (0, "二", "第二部分"), (1, "三", "三、"), (2, "四", "(四)"), (3, "5", "5."), (3, "6", "6、"),
        (4, "7", "(7)"), (5, "⑧", "⑧"), (6, "二", "二是"),
    ]
    assert numbering("2026年重点工作") is None and numbering("1.5万亩") is None


def test_division_sentence_roles():
    records = read(["一、稳增长", "1.推进城区供热管网改造。部门分工：区住建局牵头，区财政局、区发展改革局配合，各街道参与。",
                    "2.建成物流园。(区商务局负责)", "3.扩大就业。区人社局牵头,区财政局按职责分工负责"])
    roles = [[(u.role, u.name) for u in t.units] for t in records.tasks]
    assert roles[0] == [("lead", "区住房城乡建设局"), ("cooperating", "区财政局"), ("cooperating", "区发展改革局"),
                        ("cooperating", "各街道")]
    assert roles[1] == [("responsible", "区商务局")]
    assert records.tasks[1].text == "建成物流园。" and "lead_unit_missing" in records.tasks[1].flags
    assert len(records.tasks) == 2  # item 3 has no division sentence label or parenthesis: not a task


def test_first_listed_unit_leads_only_when_the_notice_says_so():
    lines = ["一、民生", "1.新建托育机构3所。", "责任单位：区卫生健康局、区住建局"]
    assert [u.role for u in read(lines).tasks[0].units] == ["responsible", "responsible"]
    ruled = read(["责任单位中排在第一位的为牵头单位。"] + lines)
    assert [u.role for u in ruled.tasks[0].units] == ["lead", "responsible"]
    assert "lead_by_notice_rule" in ruled.tasks[0].flags


def test_a_heading_naming_a_leader_assigns_it_to_the_tasks_below():
    records = read(["二、刘建军副区长分管工作", "(一)建成口袋公园5个。", "牵头单位：区住建局",
                    "三、其他工作", "(一)完成人口普查。", "牵头单位：区统计局"])
    assert [t.leaders for t in records.tasks] == [["刘建军"], []]
    assert records.tasks[0].leaders_inherited and "assigned_by_heading" in records.tasks[0].flags


def test_cover_letter_requirements_are_not_tasks():
    records = read(["一、提高站位。各单位要高度重视，主要负责同志亲自抓。", "二、按时报送。每季度末报送进展情况。",
                    "附件", "1.地区生产总值增长6%。", "牵头单位：区发展改革局"])
    assert len(records.tasks) == 1 and records.tasks[0].text == "地区生产总值增长6%。"


def test_no_labelled_items_is_a_parse_error():
    try:
        read(["一、总体要求", "各单位要抓好落实。"])
    except ParseError as err:
        assert err.reason == "no_labelled_items"
    else:
        raise AssertionError("expected a ParseError")


PIECES = ["一、", "(一)", "1.", "①", "一是", "牵头单位:", "责任单位：", "配合单位:", "牵头领导:", "完成时限:",
          "部门分工:", "牵头", "配合", "负责", "参与", "区财政局", "王建华副区长分管工作", "。", ",", "、", "(", ")",
          "列第一位的责任单位为牵头单位", "(分解任务3项)"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map("".join), max_size=14))
def test_any_lines_give_records_or_a_parse_error(lines):
    parser = LabelledBreakdownParser()
    src = SourceText([Section("body", lines)], DocumentHints(year=2026))
    assert 0 <= parser.score(src) <= 1
    try:
        records = parser.parse(src)
    except ParseError:
        return
    assert records.tasks or records.targets
