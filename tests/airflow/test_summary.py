"""How the closing comparison of `govwork run` writes target values and counts."""

from govwork.orchestration.summary import _count, format_target


def test_targets_are_written_the_way_reports_state_them():
    assert format_target({"low": 7.5, "high": 7.8, "qualifier": "range", "value_unit": "%"}) == "7.5–7.8%"
    assert format_target({"low": 6.0, "high": 6.0, "qualifier": "about", "value_unit": "%"}) == "6% (about)"
    assert format_target({"low": 6.5, "high": 6.5, "qualifier": "exact", "value_unit": "percent"}) == "6.5%"
    assert format_target({"low": 6.0, "high": None, "qualifier": "at_least", "value_unit": "%"}) == "≥ 6%"
    assert format_target({"low": None, "high": None, "qualifier": "qualitative", "raw": "稳中求进"}) == "稳中求进"


def test_counts_say_parsed_of_declared():
    assert _count(21, 268) == "21 of 268"
    assert _count(None, 91) == "– of 91"
    assert _count(178, None) == "178"
    assert _count(None, None) == ""
