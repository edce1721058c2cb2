"""parse_value / read_targets / read_actuals over the phrase forms the seed documents use."""

import pytest

from core.records import SourceSpan
from extractors.values import (
    ValueParseError,
    ValueReading,
    parse_value,
    read_actuals,
    read_number,
    read_targets,
)
from core.errors import ParseError

SPAN = SourceSpan("body", 7)


def targets(text, **kw):
    return [
        (t.indicator, t.low, t.high, t.qualifier, t.unit)
        for t in read_targets(text, period=kw.pop("period", "2026"), span=SPAN, **kw)
    ]


@pytest.mark.parametrize(
    "phrase, expected",
    [
        # qualifiers
        ("增长6.5%", ValueReading(6.5, 6.5, "exact", "%")),
        ("增长5.5%左右", ValueReading(5.5, 5.5, "about", "%")),
        ("增长10%以上", ValueReading(10, None, "at_least", "%")),
        ("超过2%", ValueReading(2, None, "at_least", "%")),
        ("不低于5%", ValueReading(5, None, "at_least", "%")),
        ("突破1100亿元", ValueReading(1100, None, "at_least", "亿元")),
        ("力争外贸进出口总额增长10%以上", ValueReading(10, None, "at_least", "%")),
        ("控制在4%以内", ValueReading(None, 4, "at_most", "%")),
        ("涨幅控制在3%以内", ValueReading(None, 3, "at_most", "%")),
        ("不超过3.5%", ValueReading(None, 3.5, "at_most", "%")),
        ("控制在5.5%左右", ValueReading(5.5, 5.5, "about", "%")),
        ("稳定在1300万吨以上", ValueReading(1300, None, "at_least", "万吨")),
        ("达到13.52%", ValueReading(13.52, 13.52, "exact", "%")),
        # ranges
        ("7.5%—7.8%", ValueReading(7.5, 7.8, "range", "%")),
        ("7.5-7.8%", ValueReading(7.5, 7.8, "range", "%")),
        ("6%至6.5%", ValueReading(6, 6.5, "range", "%")),
        ("7.5％～8％", ValueReading(7.5, 8, "range", "%")),
        ("地区生产总值增长7.5%—7.8%。", ValueReading(7.5, 7.8, "range", "%")),
        # units
        ("城镇新增就业22万人", ValueReading(22, 22, "exact", "万人")),
        ("城镇新增就业1.6万人以上", ValueReading(1.6, None, "at_least", "万人")),
        ("提升1个百分点以上", ValueReading(1, None, "at_least", "个百分点")),
        ("出生率8‰", ValueReading(8, 8, "exact", "‰")),
        ("粮食产量稳定在240亿斤", ValueReading(240, 240, "exact", "亿斤")),
        ("新建高标准农田50万亩以上", ValueReading(50, None, "at_least", "万亩")),
        ("地区生产总值793.9亿元", ValueReading(793.9, 793.9, "exact", "亿元")),
        ("人均预期寿命达到78岁", ValueReading(78, 78, "exact", "岁")),
        # Chinese numerals
        ("百分之五", ValueReading(5, 5, "exact", "%")),
        ("增长百分之五点五左右", ValueReading(5.5, 5.5, "about", "%")),
        ("三万人", ValueReading(3, 3, "exact", "万人")),
        ("提高一个百分点", ValueReading(1, 1, "exact", "个百分点")),
        # decreases are negative changes; 以上 on a decrease bounds it from above
        ("下降3%", ValueReading(-3, -3, "exact", "%")),
        ("下降3%以上", ValueReading(None, -3, "at_most", "%")),
        ("降低2%左右", ValueReading(-2, -2, "about", "%")),
        # qualitative
        ("与经济增长同步", ValueReading(None, None, "qualitative", None)),
        ("增长与经济增长基本同步", ValueReading(None, None, "qualitative", None)),
        ("完成国家下达的控制指标", ValueReading(None, None, "qualitative", None)),
        ("完成省上下达控制目标", ValueReading(None, None, "qualitative", None)),
        ("全面完成省下达的节能减排任务", ValueReading(None, None, "qualitative", None)),
        ("稳中有降", ValueReading(None, None, "qualitative", None)),
        ("力争外贸进出口总值翻一番", ValueReading(None, None, "qualitative", None)),
    ],
)
def test_parse_value(phrase, expected):
    assert parse_value(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    ["", "坚持稳中求进工作总基调", "2026年", "“十五五”开局之年", "三个不平衡", "PM2.5", "第3位"],
)
def test_no_value_is_a_typed_error(phrase):
    with pytest.raises(ValueParseError) as err:
        parse_value(phrase)
    assert isinstance(err.value, ParseError)
    assert err.value.reason == "no_value"


def test_several_values_are_refused_by_parse_value():
    with pytest.raises(ValueParseError) as err:
        parse_value("城乡居民人均可支配收入分别增长6.5%、7.5%")
    assert err.value.reason == "several_values"
    with pytest.raises(ValueParseError):
        parse_value("城镇新增就业40万人，城镇登记失业率控制在4%以内")


def test_not_text_is_a_typed_error():
    with pytest.raises(ValueParseError):
        parse_value(None)  # type: ignore[arg-type]


def test_baseline_of_from_to_is_not_read():
    assert parse_value("森林覆盖率由12.1%提高到12.5%") == ValueReading(12.5, 12.5, "exact", "%")


def test_read_number():
    assert read_number("6.5") == 6.5
    assert read_number("五点五") == 5.5
    assert read_number("二〇二六") == 2026
    assert read_number("一月") is None


# --- 分别 lists -----------------------------------------------------------------------


def test_fenbie_urban_rural_incomes_split_into_two_indicators():
    assert targets("城乡居民人均可支配收入分别增长6.5%、7.5%") == [
        ("urban_income_growth", 6.5, 6.5, "exact", "%"),
        ("rural_income_growth", 7.5, 7.5, "exact", "%"),
    ]


def test_fenbie_trailing_qualifier_applies_to_every_item():
    assert targets("城乡居民人均可支配收入分别增长5%、6.5%左右") == [
        ("urban_income_growth", 5, 5, "about", "%"),
        ("rural_income_growth", 6.5, 6.5, "about", "%"),
    ]


def test_fenbie_item_keeps_its_own_qualifier():
    assert targets("城乡居民人均可支配收入分别增长5%以上、6.5%左右") == [
        ("urban_income_growth", 5, None, "at_least", "%"),
        ("rural_income_growth", 6.5, 6.5, "about", "%"),
    ]


def test_fenbie_list_of_named_indicators():
    assert targets("全市森林覆盖率、水土保持率分别达到13.13%、77.16%", known_only=True) == [
        ("forest_coverage_rate", 13.13, 13.13, "exact", "%"),
        ("soil_conservation_rate", 77.16, 77.16, "exact", "%"),
    ]


def test_fenbie_unknown_indicators_keep_their_names():
    found = read_targets("文化及相关产业、旅游及相关产业增加值占地区生产总值比重分别超过2%、5%", period="15th_fyp", span=SPAN)
    assert [(t.indicator, t.indicator_raw, t.low, t.qualifier) for t in found] == [
        (None, "文化及相关产业", 2, "at_least"),
        (None, "旅游及相关产业增加值占地区生产总值比重", 5, "at_least"),
    ]
    assert read_targets(
        "文化及相关产业、旅游及相关产业增加值占地区生产总值比重分别超过2%、5%", period="x", span=SPAN, known_only=True
    ) == []


def test_list_without_fenbie_is_split_too():
    # Dingxi's five-year review: 城乡居民收入年均增长6%、8%
    assert targets("城乡居民收入年均增长6%、8%") == [
        ("urban_income_growth", 6, 6, "exact", "%"),
        ("rural_income_growth", 8, 8, "exact", "%"),
    ]


def test_fenbie_with_he_shares_the_head_noun():
    found = read_targets("城镇和农村居民人均可支配收入分别增长5%和6%", period="2026", span=SPAN)
    assert [(t.indicator, t.indicator_raw, t.low) for t in found] == [
        ("urban_income_growth", "城镇和农村居民人均可支配收入", 5),  # built name: the written subject
        ("rural_income_growth", "农村居民人均可支配收入", 6),
    ]


def test_a_decrease_of_an_indicator_that_counts_decreases_is_positive():
    assert targets("农村贫困人口减少15万人以上") == [("poverty_reduction", 15, None, "at_least", "万人")]
    assert targets("减少农村贫困人口15.2万人") == [("poverty_reduction", 15.2, 15.2, "exact", "万人")]


def test_fenbie_decreases():
    assert targets("单位生产总值能耗、碳排放强度分别下降3%、4%") == [
        ("energy_intensity", -3, -3, "exact", "%"),
        ("carbon_intensity", -4, -4, "exact", "%"),
    ]


# --- whole target paragraphs ------------------------------------------------------------

DINGXI_2026 = (
    "地区生产总值增长6.5%,规模以上工业增加值增长10%,固定资产投资增长6%,社会消费品零售总额增长7%,"
    "一般公共预算收入增长6%,城乡居民人均可支配收入分别增长6.5%、7.5%,"
    "碳排放强度、生态环境约束性指标完成省上下达控制目标。"
)


def test_dingxi_2026_targets_paragraph():
    assert targets(DINGXI_2026) == [
        ("gdp_growth", 6.5, 6.5, "exact", "%"),
        ("industrial_value_added_growth", 10, 10, "exact", "%"),
        ("fixed_asset_investment_growth", 6, 6, "exact", "%"),
        ("retail_sales_growth", 7, 7, "exact", "%"),
        ("budget_revenue_growth", 6, 6, "exact", "%"),
        ("urban_income_growth", 6.5, 6.5, "exact", "%"),
        ("rural_income_growth", 7.5, 7.5, "exact", "%"),
        ("carbon_intensity", None, None, "qualitative", None),
        ("environmental_binding_targets", None, None, "qualitative", None),
    ]


def test_targets_carry_raw_phrase_period_and_span():
    found = read_targets(DINGXI_2026, period="2026", span=SPAN)
    assert found[0].raw == "地区生产总值增长6.5%"
    assert found[0].indicator_raw == "地区生产总值"
    assert found[5].raw == found[6].raw == "城乡居民人均可支配收入分别增长6.5%、7.5%"
    assert found[7].raw == "碳排放强度、生态环境约束性指标完成省上下达控制目标"
    assert {t.period for t in found} == {"2026"}
    assert {t.span for t in found} == {SPAN}
    for t in found:
        assert t.raw in DINGXI_2026


def test_fullwidth_punctuation_reads_the_same():
    ascii_ = "一般公共预算收入同口径增长5.5%左右;城镇调查失业率5.5%左右;"
    wide = "一般公共预算收入同口径增长5.5％左右；城镇调查失业率5.5％左右；"
    assert targets(ascii_) == targets(wide) == [
        ("budget_revenue_growth", 5.5, 5.5, "about", "%"),
        ("urban_surveyed_unemployment_rate", 5.5, 5.5, "about", "%"),
    ]


# --- breakdown target rows (seeds 003 Gansu 2018 and 004 Wuhan 2020) --------------------


@pytest.mark.parametrize(
    "row, expected",
    [
        ("生产总值增长6%左右。", [("gdp_growth", 6, 6, "about", "%")]),
        ("固定资产投资增长7%。", [("fixed_asset_investment_growth", 7, 7, "exact", "%")]),
        ("社会消费品零售总额增长8%。", [("retail_sales_growth", 8, 8, "exact", "%")]),
        ("一般公共预算收入增长7%（同口径）。", [("budget_revenue_growth", 7, 7, "exact", "%")]),
        ("城镇居民人均可支配收入增长7%。", [("urban_income_growth", 7, 7, "exact", "%")]),
        ("农村居民人均可支配收入增长8%。", [("rural_income_growth", 8, 8, "exact", "%")]),
        (
            "城镇新增就业40万人，城镇登记失业率控制在4%以内。",
            [("new_urban_jobs", 40, 40, "exact", "万人"), ("urban_registered_unemployment_rate", None, 4, "at_most", "%")],
        ),
        ("居民消费价格指数涨幅控制在3%以内。", [("cpi_growth", None, 3, "at_most", "%")]),
        ("单位生产总值能耗完成国家下达的控制指标。", [("energy_intensity", None, None, "qualitative", None)]),
        ("排放完成国家下达的约束性控制指标。", [(None, None, None, "qualitative", None)]),
        (
            "65万以上贫困人口脱贫，10个片区县、3个插花县申请摘帽。",
            [
                ("poverty_reduction", 65, None, "at_least", "万人"),
                (None, 10, 10, "exact", "个"),
                (None, 3, 3, "exact", "个"),
            ],
        ),
        ("(一)地区生产总值增长7.5%—7.8%。", [("gdp_growth", 7.5, 7.8, "range", "%")]),
        ("(二)城镇新增就业22万人。", [("new_urban_jobs", 22, 22, "exact", "万人")]),
        (
            "(三)城乡居民人均可支配收入增长与经济增长基本同步。",
            [("urban_rural_income_growth", None, None, "qualitative", None)],
        ),
        (
            "(四)生态环境进一步改善,全面完成省下达的节能减排任务。",
            [(None, None, None, "qualitative", None), ("energy_saving_emission_reduction", None, None, "qualitative", None)],
        ),
    ],
)
def test_breakdown_target_rows(row, expected):
    assert targets(row) == expected


def test_breakdown_row_raw_and_indicator_raw():
    (t,) = read_targets("(一)地区生产总值增长7.5%—7.8%。", period="2020", span=SPAN)
    assert (t.indicator_raw, t.raw) == ("地区生产总值", "地区生产总值增长7.5%—7.8%")
    (t,) = read_targets("(三)城乡居民人均可支配收入增长与经济增长基本同步。", period="2020", span=SPAN)
    assert t.indicator_raw == "城乡居民人均可支配收入"
    assert t.raw == "城乡居民人均可支配收入增长与经济增长基本同步"
    first, _, _ = read_targets("65万以上贫困人口脱贫，10个片区县、3个插花县申请摘帽。", period="2018", span=SPAN)
    assert (first.indicator_raw, first.raw) == ("贫困人口脱贫", "65万以上贫困人口脱贫")


def test_indicator_hint_names_a_bare_value():
    assert targets("7%左右", indicator_hint="地区生产总值增速") == [("gdp_growth", 7, 7, "about", "%")]
    assert targets("与经济增长同步", indicator_hint="居民收入") == [("resident_income_growth", None, None, "qualitative", None)]


def test_indicator_hint_wins_over_a_trailing_note():
    assert targets("7%（同口径）", indicator_hint="一般公共预算收入增长") == [
        ("budget_revenue_growth", 7, 7, "exact", "%")
    ]
    assert targets("3%左右", indicator_hint="单位生产总值能耗下降(%)") == [("energy_intensity", -3, -3, "about", "%")]


def test_text_without_values_gives_nothing():
    assert read_targets("坚持稳中求进工作总基调,实现“十五五”良好开局。", period="2026", span=SPAN) == []


# --- actuals ------------------------------------------------------------------------------


def test_actuals_level_and_growth_of_one_indicator():
    found = read_actuals("全年完成地区生产总值793.9亿元、增长6.9%,规模以上工业增加值增长14%", year=2025, span=SPAN)
    assert [(a.indicator, a.value, a.unit, a.year) for a in found] == [
        ("gdp", 793.9, "亿元", 2025),
        ("gdp_growth", 6.9, "%", 2025),
        ("industrial_value_added_growth", 14, "%", 2025),
    ]
    assert found[1].raw == "全年完成地区生产总值793.9亿元、增长6.9%"


def test_actuals_skip_unknown_and_inexact_values():
    text = "304个省列重大项目完成投资2929亿元、超年度计划28%。拉动直接消费12亿元以上。城镇新增就业31.7万人"
    assert [(a.indicator, a.value) for a in read_actuals(text, year=2025, span=SPAN)] == [("new_urban_jobs", 31.7)]


def test_condition_clause_changes_the_indicator():
    (a,) = read_actuals("扣除房地产开发投资后，固定资产投资增长2.7%。", year=2025, span=SPAN)
    assert a.indicator == "fixed_asset_investment_ex_real_estate_growth"
    assert a.indicator_raw == "扣除房地产开发投资后，固定资产投资"


def test_firm_level_rd_is_not_the_economy():
    text = "省属企业完成产业类投资553.1亿元、研发投入133.5亿元，分别增长10.6%、10.3%。"
    assert read_actuals(text, year=2025, span=SPAN) == []
