"""Label limits dropped only where no label reaches them (govwork.research.label_fit): the
SVG is the same with and without the limit, and a label that might reach it is still cut."""

from __future__ import annotations

import re

import altair as alt
import pytest

vl_convert = pytest.importorskip("vl_convert")

from govwork.research import charts, label_fit  # noqa: E402


def _labels_svg(labels: list[str], limit: int) -> str:
    """A nominal axis of ``labels`` at the report's label size, with ``labelLimit`` ``limit``."""
    spec = {"data": {"values": [{"name": n, "v": i} for i, n in enumerate(labels)]}, "mark": "bar",
            "encoding": {"y": {"field": "name", "type": "nominal", "sort": None, "title": None,
                               "axis": {"labelLimit": limit}},
                         "x": {"field": "v", "type": "quantitative"}},
            "config": charts.CONFIG}
    return vl_convert.vegalite_to_svg(spec)


def _longest_fitting(unit: str, limit: int) -> str:
    text = unit
    while label_fit.certainly_fits([text + unit], limit):
        text += unit
    return text


@pytest.mark.parametrize("unit, limit", [("W", 120), ("@", 120), ("国", 120), ("国W", 300), ("m%", 300)])
def test_the_longest_label_called_fitting_is_drawn_the_same_without_its_limit(unit, limit):
    label = _longest_fitting(unit, limit)
    assert label_fit.label_limit([label], limit) == 0
    assert not label_fit.certainly_fits([label + unit * 2], limit)
    assert _labels_svg([label, "a"], limit) == _labels_svg([label, "a"], 0)


def test_a_label_that_might_reach_the_limit_keeps_it_and_is_cut():
    long_unit = "国家发展和改革委员会、财政部、自然资源部、生态环境部、住房和城乡建设部牵头，各有关部门按职责分工负责"
    assert label_fit.label_limit(["short", long_unit], 260, 260) == 260
    svg = charts.grouped_bars("lead units", ["市商务局", long_unit], {"lead tasks": [3, 2]})
    names = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "市商务局" in names
    assert long_unit not in names
    assert any(n.endswith("…") and long_unit.startswith(n[:-1]) for n in names)


def test_short_labels_are_drawn_without_a_limit():
    svg = charts.grouped_bars("lead units", ["市商务局", "市水务局"], {"lead tasks": [3, 2]})
    assert "…" not in svg
    assert label_fit.label_limit(["市商务局", "市水务局"], 260, 260) == 0
    assert label_fit.label_limit(charts.ROLE_SHAPES, charts.LEGEND_LABEL_LIMIT) == 0
    assert label_fit.label_limit(["this jurisdiction"], charts.LEGEND_LABEL_LIMIT) is alt.Undefined  # 17 × 1.25 em


def test_widest_number_labels_bound_the_tick_labels():
    assert label_fit.widest_number_labels([]) == []
    assert label_fit.widest_number_labels([6.5, 6.5]) == []  # a single value: unknown ticks
    assert label_fit.widest_number_labels([None, float("nan")]) == []
    (widest,) = label_fit.widest_number_labels([5.5, 7.8])
    assert len(widest) >= len("−17.8") and "." in widest
    (widest,) = label_fit.widest_number_labels([0, 1_250_000])
    assert len(widest) >= len("−2,500,000")
    assert label_fit.number_labels_fit([0, 268], 180)
    assert not label_fit.number_labels_fit([1e-12, 1.5e-12], 180)  # many decimals: kept


def test_a_numeric_axis_drawn_without_its_limit_is_unchanged():
    values = [0, 3, 268, 1200]
    assert label_fit.number_labels_fit(values, charts.AXIS_LABEL_LIMIT)
    spec = {"data": {"values": [{"v": v, "i": i} for i, v in enumerate(values)]}, "mark": "bar",
            "encoding": {"x": {"field": "v", "type": "quantitative"}, "y": {"field": "i", "type": "ordinal"}},
            "config": charts.CONFIG}
    limited = vl_convert.vegalite_to_svg(spec)
    spec["encoding"]["x"]["axis"] = {"labelLimit": 0}
    assert vl_convert.vegalite_to_svg(spec) == limited


@pytest.mark.parametrize("unit", ["W", "国W"])
def test_the_longest_legend_title_called_fitting_is_drawn_the_same_without_its_limit(unit):
    title = _longest_fitting(unit, charts.LEGEND_TITLE_LIMIT)  # titles are bold
    spec = {"data": {"values": [{"k": "a", "v": 1}]}, "mark": "point",
            "encoding": {"x": {"field": "v", "type": "quantitative"},
                         "color": {"field": "k", "type": "nominal", "title": title,
                                   "legend": {"titleLimit": charts.LEGEND_TITLE_LIMIT}}},
            "config": charts.CONFIG}
    limited = vl_convert.vegalite_to_svg(spec)
    spec["encoding"]["color"]["legend"]["titleLimit"] = 0
    assert vl_convert.vegalite_to_svg(spec) == limited
    assert title in limited
