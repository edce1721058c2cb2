"""The indicator taxonomy: its data and name matching."""

import pytest

from extractors.taxonomy import growth_code, indicator, load_indicators, match_indicator

REQUIRED = {
    "gdp_growth", "industrial_value_added_growth", "fixed_asset_investment_growth",
    "retail_sales_growth", "budget_revenue_growth", "urban_income_growth",
    "rural_income_growth", "resident_income_growth", "cpi_growth",
    "urban_registered_unemployment_rate", "urban_surveyed_unemployment_rate",
    "new_urban_jobs", "foreign_trade_growth", "grain_output", "urbanization_rate",
    "energy_intensity", "carbon_intensity", "primary_value_added_growth",
    "secondary_value_added_growth", "tertiary_value_added_growth", "poverty_reduction",
    "gdp",
}


def test_required_codes_exist_and_are_unique():
    defs = load_indicators()
    codes = [d.code for d in defs]
    assert len(codes) == len(set(codes))
    assert REQUIRED <= set(codes)
    for d in defs:
        assert d.name and d.code.islower()
        if d.growth:
            assert indicator(d.growth).unit == "%"


def test_no_name_belongs_to_two_codes():
    owner = {}
    for d in load_indicators():
        for name in d.names:
            assert owner.setdefault(name, d.code) == d.code, name


@pytest.mark.parametrize(
    "text, code, raw",
    [
        ("地区生产总值", "gdp", "地区生产总值"),
        ("全年完成地区生产总值", "gdp", "地区生产总值"),
        ("全省地区生产总值", "gdp", "地区生产总值"),
        ("生产总值", "gdp", "生产总值"),
        # longest name wins
        ("城镇居民人均可支配收入", "urban_income", "城镇居民人均可支配收入"),
        ("农村居民人均可支配收入", "rural_income", "农村居民人均可支配收入"),
        ("全体居民人均可支配收入", "resident_income", "全体居民人均可支配收入"),
        ("城乡居民人均可支配收入", "urban_rural_income", "城乡居民人均可支配收入"),
        ("单位生产总值能耗", "energy_intensity", "单位生产总值能耗"),
        ("规模以上工业增加值", "industrial_value_added", "规模以上工业增加值"),
        ("二产增加值", "secondary_value_added", "二产增加值"),
        ("居民消费价格指数", "cpi", "居民消费价格指数"),
        ("常住人口城镇化率", "urbanization_rate", "常住人口城镇化率"),
        ("户籍人口城镇化率", "registered_urbanization_rate", "户籍人口城镇化率"),
        ("城镇调查失业率", "urban_surveyed_unemployment_rate", "城镇调查失业率"),
        ("城镇登记失业率", "urban_registered_unemployment_rate", "城镇登记失业率"),
        ("外贸进出口总值", "foreign_trade", "外贸进出口总值"),
        ("粮食产量", "grain_output", "粮食产量"),
        # modifiers that may follow a name
        ("一般公共预算收入同口径", "budget_revenue", "一般公共预算收入同口径"),
        ("“地区生产总值”", "gdp", "地区生产总值"),
        # condition clause is part of the name
        ("扣除房地产开发投资后,固定资产投资", "fixed_asset_investment_ex_real_estate", "扣除房地产开发投资后,固定资产投资"),
    ],
)
def test_match_indicator(text, code, raw):
    assert match_indicator(text) == (code, raw)


@pytest.mark.parametrize(
    "text, raw",
    [
        ("战略性新兴产业增加值占地区生产总值比重", "战略性新兴产业增加值占地区生产总值比重"),
        ("全市安定经济总量", "安定经济总量"),
        ("“十大工业产业链”规上工业总产值", "十大工业产业链规上工业总产值"),
        ("工业固投", "工业固投"),
        ("", ""),
    ],
)
def test_unknown_indicator_keeps_its_raw_name(text, raw):
    assert match_indicator(text) == (None, raw)


def test_growth_code():
    assert growth_code("gdp") == "gdp_growth"
    assert growth_code("urban_rural_income") == "urban_rural_income_growth"
    assert growth_code("urbanization_rate") == "urbanization_rate"
    assert growth_code("gdp_growth") == "gdp_growth"


def test_the_taxonomy_files_read_the_same_with_the_fast_loader():
    """libyaml's loader (``SAFE_LOADER``) reads the taxonomy's YAML files as ``yaml.safe_load``."""
    import yaml

    from extractors.taxonomy import INDICATORS_PATH, SAFE_LOADER
    from extractors.units import ALIASES_PATH

    for path in (INDICATORS_PATH, ALIASES_PATH):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=SAFE_LOADER) == yaml.safe_load(text)
