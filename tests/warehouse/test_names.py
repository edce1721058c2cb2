"""Names → codes (warehouse/names.py): what people type for a jurisdiction or an indicator."""

from __future__ import annotations

import json

import pytest

from core.registry import load_registry
from warehouse.names import UnknownName, indicator_index, jurisdiction_index, jurisdictions, pinyin


@pytest.fixture(scope="module")
def places():
    return jurisdictions(load_registry())


@pytest.mark.parametrize("given, code", [
    ("621100", "621100"), ("定西市", "621100"), ("定西", "621100"), ("Dingxi", "621100"), ("dingxi", "621100"),
    ("DINGXI", "621100"), ("Dingxi Shi", "621100"), ("ding-xi", "621100"), ("Gansu", "620000"),
    ("Wuhan", "420100"), ("Yishui", "371323"), ("沂水县", "371323"), ("Linyi", "371300"), ("Shandong", "370000"),
])
def test_codes_names_short_names_and_pinyin(places, given, code):
    assert places.code_of(given) == code


def test_unknown_names_are_usage_errors_naming_the_closest(places):
    with pytest.raises(UnknownName) as err:
        places.code_of("Dingxii")
    assert err.value.exit_code == 2
    assert str(err.value) == "unknown jurisdiction 'Dingxii'; closest: 定西市 621100 (Dingxi)"
    with pytest.raises(UnknownName, match="closest: 沂水县 371323"):
        places.code_of("Yishiu")
    with pytest.raises(UnknownName, match="unknown jurisdiction 'Paris'; known: 山东省 370000"):
        places.code_of("Paris")  # nothing close: the known ones, by code


def test_a_name_two_places_share_is_ambiguous():
    index = jurisdiction_index([("110105", "朝阳区", "朝阳"), ("220104", "朝阳区", "朝阳"), ("211300", "朝阳市", "朝阳")])
    with pytest.raises(UnknownName, match="ambiguous") as err:
        index.code_of("Chaoyang")
    assert "110105" in str(err.value) and "220104" in str(err.value) and "211300" in str(err.value)
    assert index.code_of("220104") == "220104"


def test_pinyin_of_names():
    assert (pinyin("定西市"), pinyin("沂水"), pinyin("甘肃")) == ("dingxishi", "yishui", "gansu")


def test_indicators_by_code_or_name_never_by_a_miscased_code():
    index = indicator_index([("gdp_growth", "地区生产总值增长率", json.dumps(["地区生产总值增长率", "生产总值增长"])),
                             ("cpi_growth", "居民消费价格涨幅", None)])
    assert index.code_of("gdp_growth") == "gdp_growth" and index.code_of("生产总值增长") == "gdp_growth"
    with pytest.raises(UnknownName) as err:
        index.code_of("GDP_growth")
    assert str(err.value).startswith("unknown indicator 'GDP_growth'; closest: gdp_growth (地区生产总值增长率)")
