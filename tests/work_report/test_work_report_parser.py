"""WorkReportParser on the seed texts as lines (independent of normalisation), and on
small made-up reports for the rules the seeds do not exercise."""

from pathlib import Path

import pytest

from extractors.parsers import all_parsers
from extractors.parsers.work_report import WorkReportParser
from extractors.source_text import DocumentHints, Section, SourceText
from core.errors import ParseError
from tests.shared_inputs import example_input

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "work_report"


def source(name: str, year: int | None = None) -> SourceText:
    lines = example_input(EXAMPLES / name).read_text(encoding="utf-8").splitlines()  # gansu: from ../shared
    return SourceText([Section("body", lines)], DocumentHints(year=year))


def source_lines(lines: list[str], year: int | None = 2026) -> SourceText:
    return SourceText([Section("body", lines)], DocumentHints(year=year))


def by(records, *keys):
    return [tuple(getattr(r, k) for k in keys) for r in records]


@pytest.fixture(scope="module")
def dingxi():
    return WorkReportParser().parse(source("dingxi-2026.txt", 2026))


@pytest.fixture(scope="module")
def gansu():
    return WorkReportParser().parse(source("gansu-2026.txt"))  # year read from the text


def test_parser_is_registered():
    assert any(isinstance(p, WorkReportParser) for p in all_parsers())


def test_dingxi_2026_year_targets(dingxi):
    year = [t for t in dingxi.targets if t.period == "2026"]
    assert by(year, "indicator", "low", "high", "qualifier", "unit") == [
        ("gdp_growth", 6.5, 6.5, "exact", "%"),  # the text has no 左右
        ("industrial_value_added_growth", 10, 10, "exact", "%"),
        ("fixed_asset_investment_growth", 6, 6, "exact", "%"),
        ("retail_sales_growth", 7, 7, "exact", "%"),
        ("budget_revenue_growth", 6, 6, "exact", "%"),
        ("urban_income_growth", 6.5, 6.5, "exact", "%"),
        ("rural_income_growth", 7.5, 7.5, "exact", "%"),
        ("carbon_intensity", None, None, "qualitative", None),
        ("environmental_binding_targets", None, None, "qualitative", None),
    ]
    # seed line 100: 全市经济社会发展的主要预期目标是:…
    assert {t.span.line for t in year} == {100}


def test_dingxi_2026_fifteenth_plan_goals_are_marked(dingxi):
    fyp = [t for t in dingxi.targets if t.period == "15th_fyp"]
    assert by(fyp, "indicator", "low", "high", "qualifier", "unit") == [
        ("gdp", 1100, 1100, "exact", "亿元"),
        ("rural_income_growth", 7, None, "at_least", "%"),
        ("rd_expenditure_growth", 80, None, "at_least", "%"),
        ("forest_coverage_rate", 13.13, 13.13, "exact", "%"),
        ("soil_conservation_rate", 77.16, 77.16, "exact", "%"),
        ("grassland_vegetation_coverage", 80, None, "at_least", "%"),
    ]
    assert all(72 <= t.span.line < 97 for t in fyp)  # under “十五五”时期奋斗目标和总体考虑


def test_dingxi_2025_actuals(dingxi):
    year = [a for a in dingxi.actuals if a.period is None]
    assert by(year, "indicator", "value", "unit", "year", "basis") == [
        ("gdp", 793.9, "亿元", 2025, "annual"),
        ("gdp_growth", 6.9, "%", 2025, "annual"),
        ("industrial_value_added_growth", 14, "%", 2025, "annual"),
        ("fixed_asset_investment_growth", 6.2, "%", 2025, "annual"),
        ("retail_sales_growth", 7.5, "%", 2025, "annual"),
        ("urban_income_growth", 6.6, "%", 2025, "annual"),
        ("rural_income_growth", 7.4, "%", 2025, "annual"),
        # the numbered review paragraphs: (五) 生态, (六) 改革开放, (七) 民生
        ("good_air_days_ratio", 92.6, "%", 2025, "annual"),
        ("foreign_trade_growth", 84.4, "%", 2025, "annual"),
        ("new_urban_jobs", 1.66, "万人", 2025, "annual"),
    ]
    assert [a.span.line for a in year][:7] == [26] * 7


def test_dingxi_five_year_review_is_marked_multi_year(dingxi):
    five = {(a.indicator, a.basis): (a.value, a.unit, a.measure) for a in dingxi.actuals if a.period == "14th_fyp"}
    assert five[("gdp_growth", "average_annual")] == (8.7, "%", "growth_rate")
    assert five[("urbanization_rate", "period_end")] == (44.4, "%", "level")
    assert five[("urbanization_rate", "cumulative")] == (6, "个百分点", "change")
    assert five[("new_urban_jobs", "average_annual")] == (1.6, "万人", "level")
    assert all(a.year == 2025 for a in dingxi.actuals)


def test_task_section_numbers_are_not_targets(dingxi):
    # 城镇新增就业1.6万人以上 and 粮食产量稳定在165万吨以上 stand among the year's tasks.
    assert "new_urban_jobs" not in {t.indicator for t in dingxi.targets}
    assert "grain_output" not in {t.indicator for t in dingxi.targets}


def test_gansu_2026_year_targets(gansu):
    year = [t for t in gansu.targets if t.period == "2026"]
    assert by(year, "indicator", "low", "high", "qualifier", "unit") == [
        ("gdp_growth", 5.5, 5.5, "about", "%"),
        ("primary_value_added_growth", 6, 6, "about", "%"),
        ("secondary_value_added_growth", 6, 6, "about", "%"),
        ("tertiary_value_added_growth", 5.5, 5.5, "about", "%"),
        ("industrial_value_added_growth", 8, 8, "about", "%"),
        ("fixed_asset_investment_growth", 4.5, 4.5, "about", "%"),
        ("retail_sales_growth", 4, 4, "about", "%"),
        ("foreign_trade_growth", 10, None, "at_least", "%"),
        ("budget_revenue_growth", 5.5, 5.5, "about", "%"),
        ("urban_surveyed_unemployment_rate", 5.5, 5.5, "about", "%"),
        ("urban_income_growth", 5, 5, "about", "%"),
        ("rural_income_growth", 6.5, 6.5, "about", "%"),
        ("urbanization_rate", 1, None, "at_least", "个百分点"),
        ("cpi_growth", 2, 2, "exact", "%"),
        ("grain_output", 1300, None, "at_least", "万吨"),
        ("carbon_intensity", None, None, "qualitative", None),
        ("environmental_binding_targets", None, None, "qualitative", None),
    ]
    assert {t.span.line for t in year} == {52}


def test_gansu_2026_five_year_goals(gansu):
    fyp = [t for t in gansu.targets if t.period == "15th_fyp"]
    assert ("gdp_growth", 5, None, "at_least") in by(fyp, "indicator", "low", "high", "qualifier")
    assert ("resident_income_growth", 5, None, "at_least") in by(fyp, "indicator", "low", "high", "qualifier")
    assert ("urban_surveyed_unemployment_rate", 5.5, 5.5, "about") in by(fyp, "indicator", "low", "high", "qualifier")
    assert all(39 <= t.span.line <= 48 for t in fyp)
    assert all(t.indicator for t in fyp)


def test_gansu_2025_actuals(gansu):
    assert by([a for a in gansu.actuals if a.period == "14th_fyp"], "indicator", "value", "basis", "measure") == [
        ("gdp", 13697.5, "period_end", "level"),  # ——这是…的五年: 全省地区生产总值达到13697.5亿元
        ("resident_income_growth", 6.8, "average_annual", "growth_rate"),
    ]
    assert by([a for a in gansu.actuals if a.period is None], "indicator", "value", "unit", "year") == [
        ("gdp_growth", 5.8, "%", 2025),
        ("industrial_value_added_growth", 9.5, "%", 2025),
        ("resident_income_growth", 6.1, "%", 2025),
        ("budget_revenue_growth", 5.7, "%", 2025),
        ("fixed_asset_investment_ex_real_estate_growth", 2.7, "%", 2025),
        ("retail_sales_growth", 2.5, "%", 2025),
        ("new_urban_jobs", 31.7, "万人", 2025),
    ]


def test_notes_say_where_things_were_read(dingxi):
    assert "main targets for 2026: body line(s) 100" in dingxi.notes
    assert any(n.startswith("actuals for 2025: body line(s) 26, 38, 40, 42, 50 (14th_fyp)") for n in dingxi.notes)
    assert any(n.startswith("15th_fyp goals: body lines 71-") for n in dingxi.notes)


def test_year_from_the_session_date_line():
    lines = ["政府工作报告", "——2024年1月15日在某市第一届人民代表大会第三次会议上", "各位代表:",
             "今年经济社会发展的主要预期目标是:地区生产总值增长5%左右。"]
    records = WorkReportParser().parse(source_lines(lines, year=None))
    assert [(t.indicator, t.period) for t in records.targets] == [("gdp_growth", "2024")]


def test_targets_listed_on_the_lines_after_the_colon():
    lines = ["2026年主要预期目标是:", "", "地区生产总值增长6%左右;", "城镇新增就业3万人以上。", "重点抓好以下工作:"]
    records = WorkReportParser().parse(source_lines(lines))
    assert [(t.indicator, t.low, t.span.line) for t in records.targets] == [
        ("gdp_growth", 6, 3),
        ("new_urban_jobs", 3, 4),
    ]


def test_five_year_goals_stated_with_the_targets_phrase_are_not_this_years():
    lines = ["“十五五”时期主要目标", "“十五五”时期经济社会发展的主要目标是:地区生产总值年均增长5%以上。",
             "今年工作安排", "今年经济社会发展的主要预期目标是:地区生产总值增长5.5%左右。"]
    records = WorkReportParser().parse(source_lines(lines))
    assert [(t.indicator, t.low, t.period) for t in records.targets] == [
        ("gdp_growth", 5.5, "2026"),
        ("gdp_growth", 5, "15th_fyp"),
    ]


def test_five_year_goals_list_without_a_heading_keeps_unknown_indicators():
    lines = ["各位代表:", "“十五五”时期经济社会发展的主要目标是:地区生产总值年均增长5%以上,数字经济核心产业增加值占比达到10%。",
             "今年经济社会发展的主要预期目标是:地区生产总值增长5.5%左右。"]
    records = WorkReportParser().parse(source_lines(lines))
    assert [(t.indicator, t.low, t.period, t.span.line) for t in records.targets] == [
        ("gdp_growth", 5.5, "2026", 3),
        ("gdp_growth", 5, "15th_fyp", 2),
        (None, 10, "15th_fyp", 2),
    ]


def test_last_years_targets_quoted_in_the_review_are_not_this_years():
    lines = ["——2026年1月20日在某市人民代表大会上", "去年主要预期目标为:地区生产总值增长6%左右。",
             "今年主要预期目标为:地区生产总值增长5%左右。"]
    records = WorkReportParser().parse(source_lines(lines, year=None))
    assert [(t.low, t.period, t.span.line) for t in records.targets] == [(5, "2026", 3)]


def test_plan_period_written_out():
    lines = ["第十四个五年规划时期的主要目标", "地区生产总值年均增长6%左右。", "今年工作", "今年主要预期目标是:城镇新增就业2万人。"]
    records = WorkReportParser().parse(source_lines(lines, year=2021))
    assert [(t.indicator, t.period) for t in records.targets] == [("new_urban_jobs", "2021"), ("gdp_growth", "14th_fyp")]


def test_first_review_paragraph_with_known_figures_gives_the_actuals():
    lines = ["——2024年1月10日在某县人民代表大会上", "一年来,主要做了以下工作:",
             "一年来,全县地区生产总值达到210亿元、增长5.2%,城镇新增就业0.6万人。",
             "2023年,规模以上工业增加值增长9%。",
             "今年主要预期目标建议为:地区生产总值增长5%以上。"]
    records = WorkReportParser().parse(source_lines(lines, year=None))
    assert [(a.indicator, a.value, a.year, a.span.line) for a in records.actuals] == [
        ("gdp", 210, 2023, 3), ("gdp_growth", 5.2, 2023, 3), ("new_urban_jobs", 0.6, 2023, 3),
        ("industrial_value_added_growth", 9, 2023, 4),  # 2023年,…: a review paragraph of last year too
    ]
    assert [(t.indicator, t.low, t.qualifier) for t in records.targets] == [("gdp_growth", 5, "at_least")]


def test_score():
    p = WorkReportParser()
    assert p.score(source("dingxi-2026.txt")) == 1.0
    assert p.score(source_lines(["一、强化思想认识。"])) == 0


def test_nothing_to_read_is_a_parse_error():
    with pytest.raises(ParseError) as err:
        WorkReportParser().parse(source_lines(["各位代表:", "今年要坚持稳中求进。"]))
    assert err.value.reason == "no_work_report_records"


def test_unknown_year_is_a_parse_error():
    with pytest.raises(ParseError) as err:
        WorkReportParser().parse(source_lines(["主要预期目标是:地区生产总值增长5%左右。"], year=None))
    assert err.value.reason == "no_year"
