"""Charts rendered on a worker thread while the report is built (charts.rendering_aside)
give the same page as charts rendered in turn; charts the report does not show are not drawn."""

from __future__ import annotations

import contextlib
import re

import pytest

from govwork.research import charts, report
from govwork.research import write_report

STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")


def _page(path) -> str:
    return STAMP.sub("<time>", path.read_text(encoding="utf-8"))


def test_charts_rendered_aside_give_the_same_page(seed_db, tmp_path, monkeypatch):
    engine, settings = seed_db
    aside = write_report(engine, tmp_path / "aside.html", settings.with_(cache_dir=tmp_path / "c1"))
    monkeypatch.setattr(charts, "rendering_aside", contextlib.nullcontext)
    in_turn = write_report(engine, tmp_path / "in_turn.html", settings.with_(cache_dir=tmp_path / "c2"))
    assert _page(aside).count("<svg") > 5
    assert _page(aside) == _page(in_turn)


def test_a_chart_rendered_aside_is_the_same_svg_and_errors_surface(monkeypatch):
    chart = charts.grouped_bars("t", ["a", "b"], {"n": [1, 2]})
    with charts.rendering_aside():
        pending = charts.grouped_bars("t", ["a", "b"], {"n": [1, 2]})
        assert isinstance(pending, charts.PendingSvg)
        assert charts.html(pending) is pending and pending.__html__() == chart

    def refuse(spec):
        raise ValueError("vl-convert refused the spec")

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", refuse)
    with charts.rendering_aside():
        broken = charts.grouped_bars("t", ["a"], {"n": [1]})
        with pytest.raises(ValueError, match="refused"):
            broken.__html__()


def test_gap_charts_beyond_the_shown_ones_are_not_drawn(seed_db, tmp_path, monkeypatch):
    engine, settings = seed_db
    drawn = []
    real = charts.target_gap_chart
    monkeypatch.setattr(charts, "target_gap_chart", lambda *a, **k: drawn.append(a[0]) or real(*a, **k))
    monkeypatch.setattr(report, "MAX_GAP_CHARTS", 2)
    write_report(engine, tmp_path / "r.html", settings.with_(cache_dir=tmp_path / "c"))
    assert len(drawn) == 2
