"""Target paragraph variants met in real reports (sentences written here)."""

import pytest

from core.records import SourceSpan
from extractors.parsers.work_report import WorkReportParser
from extractors.source_text import DocumentHints, Section, SourceText
from extractors.values import read_targets


def targets_of(lines: list[str], year: int = 2025):
    src = SourceText([Section("body", ["2025年政府工作报告", "各位代表:"] + lines)], DocumentHints(year=year))
    return [(t.indicator, t.low, t.high, t.qualifier) for t in WorkReportParser().parse(src).targets]


@pytest.mark.parametrize("opening", [
    "今年经济社会发展的主要预期目标是:", "今年全县经济社会发展的主要预期目标是,", "主要预期目标为:",
    "今年经济社会发展的主要预期目标:", "建议今年的主要预期目标是",
])
def test_openings(opening):
    assert targets_of([opening + "地区生产总值增长6%左右,固定资产投资增长8%。"]) == [
        ("gdp_growth", 6, 6, "about"), ("fixed_asset_investment_growth", 8, 8, "exact")]


def test_a_heading_then_bulleted_targets():
    assert targets_of(["2025年经济社会发展的主要预期目标", "●经济增长5.5%左右", "●粮食产量继续保持120万吨以上",
                       "●城镇调查失业率5.5%以内", "重点抓好以下工作"]) == [
        ("gdp_growth", 5.5, 5.5, "about"), ("grain_output", 120, None, "at_least"),
        ("urban_surveyed_unemployment_rate", None, 5.5, "at_most")]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("经济增长5%左右、在实际工作中努力争取更好结果", ("gdp_growth", 5, "%")),
    ("国内生产总值(GDP)增长6%左右", ("gdp_growth", 6, "%")),
    ("一般公共预算收入同口径增长9.7%", ("budget_revenue_growth", 9.7, "%")),
    ("城镇居民人均可支配收入实际增长6%", ("urban_income_growth", 6, "%")),
    ("居民消费价格总水平涨幅控制在3%左右", ("cpi_growth", 3, "%")),
    ("粮食产量1.2万亿斤以上", ("grain_output", 1.2, "万亿斤")),
    ("单位国内生产总值能耗降低2%左右", ("energy_intensity", -2, "%")),
    ("全社会研发经费支出相当于全市生产总值的比例达到3.2%", ("rd_intensity", 3.2, "%")),
    ("进出口总额力争增长6%", ("foreign_trade_growth", 6, "%")),
])
def test_words_between_indicator_and_figure(phrase, expected):
    (t,) = read_targets(phrase, period="2025", span=SourceSpan("body", 1))
    assert (t.indicator, t.low, t.unit) == expected


def test_a_word_between_and_a_shared_subject_in_actuals():
    from extractors.values import read_actuals

    found = read_actuals("一般公共预算收入完成3.1亿元,同口径增长8.2%;社会消费品零售总额完成40亿元,增长5%",
                         year=2024, span=SourceSpan("body", 1))
    assert [(a.indicator, a.value, a.measure) for a in found] == [
        ("budget_revenue", 3.1, "level"), ("budget_revenue_growth", 8.2, "growth_rate"),
        ("retail_sales", 40, "level"), ("retail_sales_growth", 5, "growth_rate")]
