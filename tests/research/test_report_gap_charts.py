"""Target-gap charts beyond the ones the report shows (MAX_GAP_CHARTS) are not drawn."""

from __future__ import annotations

from govwork.research import charts, report, write_report


def test_gap_charts_beyond_the_shown_ones_are_not_drawn(seed_db, tmp_path, monkeypatch):
    engine, settings = seed_db
    drawn = []
    real = charts.target_gap_chart
    monkeypatch.setattr(charts, "target_gap_chart", lambda *a, **k: drawn.append(a[0]) or real(*a, **k))
    monkeypatch.setattr(report, "MAX_GAP_CHARTS", 2)
    html = write_report(engine, tmp_path / "r.html", settings.with_(cache_dir=tmp_path / "c")).read_text(encoding="utf-8")
    assert len(drawn) == 2
    assert html.count('class="chart gap-chart"') == 2
