"""The inline parser on the Wuhan 2020 plan (seed 004) as captured (lines broken mid-item,
a reprint site's name after a closing parenthesis) and on small plans that isolate one rule."""

import pytest

from extractors.parsers.inline_breakdown import InlineBreakdownParser, find_unit_paren
from extractors.source_text import DocumentHints, Section, SourceText
from core.errors import ParseError


def _src(lines, year=2020):
    return SourceText([Section("body", lines)], DocumentHints(jurisdiction_code="420100", kind="breakdown", year=year))


def _units(item, role):
    return [u.name for u in item.units if u.role == role]


@pytest.fixture(scope="module")
def raw_records(wuhan_lines):
    """The capture's lines as they are: nothing rejoined, nothing removed."""
    return InlineBreakdownParser().parse(_src(wuhan_lines))


def test_score_needs_numbered_items_with_unit_parentheses(wuhan_lines):
    parser = InlineBreakdownParser()
    assert parser.score(_src(wuhan_lines)) > 0.5
    assert parser.score(_src(["一、总体要求", "1.做好工作。", "2.抓好落实。"])) == 0
    assert parser.score(_src(["序号\t任务\t牵头单位", "1\t做好工作\t市财政局"])) == 0


def test_wuhan_2020_tasks_and_targets(raw_records):
    assert [t.seq for t in raw_records.tasks] == list(range(1, 22))
    assert sorted({t.seq for t in raw_records.targets}) == [1, 2, 3, 4]
    gdp = raw_records.targets[0]
    assert (gdp.indicator, gdp.low, gdp.high, gdp.qualifier, gdp.unit) == ("gdp_growth", 7.5, 7.8, "range", "%")
    assert gdp.period == "2020" and gdp.seq == 1
    # a target's responsible unit broken over two lines (各区人 / 民政府〈含开发区管委会〉)
    assert _units(gdp, "responsible") == ["各区人民政府〈含开发区管委会〉"]
    assert _units(gdp, "lead") == ["市发展改革委"]
    for t in raw_records.tasks:
        assert _units(t, "lead") and _units(t, "responsible"), t.seq


def test_heading_paths(raw_records):
    tasks = {t.seq: t for t in raw_records.tasks}
    assert tasks[1].section_path == ["二、九个方面重点工作", "(一)坚决打赢三大攻坚战", "——坚决完成脱贫攻坚任务"]
    assert tasks[7].section_path == ["二、九个方面重点工作", "(一)坚决打赢三大攻坚战", "——强力推进污染防治"]
    assert tasks[14].section_path[-1] == "——有效防范金融风险"
    assert tasks[15].section_path == ["二、九个方面重点工作", "(二)着力增强中心城市功能", "——提高资源配置能力"]


def test_items_broken_over_lines_are_read_whole(raw_records):
    tasks = {t.seq: t for t in raw_records.tasks}
    assert tasks[1].text == "严格落实“四不摘”要求,开展脱贫攻坚“回头看”,及时做好返贫人口和新发生贫困人口的监测和帮扶。"
    assert tasks[1].span.line == 32  # the line the item starts on
    assert _units(tasks[10], "responsible")[0] == "市发展改革委"  # 市发展 / 改革委
    assert _units(tasks[6], "responsible") == ["市农业农村局", "各区人民政府〈含开发区、风景区管委会〉"]
    assert _units(tasks[14], "responsible") == ["市公安局", "各区人民政府〈含开发区、风景区管委会〉"]


def test_reprint_junk_after_the_parenthesis_is_removed_and_flagged(raw_records):
    task7 = raw_records.tasks[6]
    assert task7.flags == ["trailing_junk_removed:武汉汽车网"]
    assert task7.text.endswith("推动空气质量持续改善。")
    assert _units(task7, "responsible")[-1] == "各区人民政府〈含开发区、风景区管委会〉"
    assert len(_units(task7, "responsible")) == 12
    assert sum(1 for t in raw_records.tasks if t.flags) == 1


def test_junk_rule_is_generic_and_keeps_closing_punctuation():
    lines = [
        "一、重点工作(共3项)",
        "1.做好就业工作。(牵头单位:市人社局;责任单位:各区人民政府)某某新闻网 责任编辑:张三",
        "2.抓好稳定工作。(牵头单位:市公安局;责任单位:市司法局)。",
        "3.推进改革。(牵头单位:市发改委;配合单位:市财政局;实施单位:各区人民政府〈含开发区、风景区管委会〉)",
    ]
    records = InlineBreakdownParser().parse(_src(lines))
    t1, t2, t3 = records.tasks
    assert t1.flags == ["trailing_junk_removed:某某新闻网 责任编辑:张三"]
    assert t1.text == "做好就业工作。"
    assert [(u.name, u.name_raw) for u in t1.units if u.role == "lead"] == [("市人力资源社会保障局", "市人社局")]
    assert t2.flags == []
    assert [(u.role, u.name) for u in t3.units] == [
        ("lead", "市发展改革委"),
        ("cooperating", "市财政局"),
        ("implementing", "各区人民政府〈含开发区、风景区管委会〉"),
    ]
    assert t3.section_path == ["一、重点工作"]


def test_capture_as_normalised_gives_the_same_records(raw_records, wuhan_lines):
    """Lines rejoined by the normaliser (and page furniture gone) give the same records;
    only line numbers differ."""
    from extractors.normalize import normalize_text

    normalised = normalize_text("\n".join(wuhan_lines)).lines
    assert len(normalised) < len(wuhan_lines)
    again = InlineBreakdownParser().parse(_src(normalised))

    def key(t):
        return (t.seq, t.section_path, t.text, [(u.role, u.name, u.name_raw) for u in t.units], t.flags)

    assert [key(t) for t in again.tasks] == [key(t) for t in raw_records.tasks]
    assert [(t.seq, t.raw, t.indicator) for t in again.targets] == [(t.seq, t.raw, t.indicator) for t in raw_records.targets]


def test_item_without_units_after_the_plan_started_is_kept_and_flagged():
    lines = [
        "二、重点工作",
        "1.做好工作。(牵头单位:市财政局)",
        "2.抓好落实。",
        "3.推进改革。(牵头单位:市发改委)",
    ]
    records = InlineBreakdownParser().parse(_src(lines))
    assert [t.seq for t in records.tasks] == [1, 2, 3]
    assert "units_missing" in records.tasks[1].flags
    assert records.tasks[1].text == "抓好落实。"


def test_numbering_gaps_are_noted():
    lines = ["二、重点工作", "1.做好工作。(牵头单位:市财政局)", "3.推进改革。(牵头单位:市发改委)"]
    records = InlineBreakdownParser().parse(_src(lines))
    assert any("not 1..2" in n for n in records.notes)


def test_find_unit_paren():
    text = "做好工作(含两项)。(牵头单位:市财政局;责任单位:各区人民政府〈含开发区〉)网"
    start, end = find_unit_paren(text)
    assert text[start:end] == "(牵头单位:市财政局;责任单位:各区人民政府〈含开发区〉)"
    assert find_unit_paren("做好工作。") is None


def test_a_plan_without_unit_parentheses_is_a_parse_error():
    with pytest.raises(ParseError):
        InlineBreakdownParser().parse(_src(["一、总体要求", "1.做好工作。"]))
