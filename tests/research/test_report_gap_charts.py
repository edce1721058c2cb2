"""Target-gap charts beyond the ones the report shows (MAX_GAP_CHARTS) are not drawn.

The gap rows are written here, in the columns the `target-gap` query returns: the seed
warehouse has paired targets only with ../shared's Gansu 2026 report beside the clone, and
this must hold (and be tested) without it."""

from __future__ import annotations

import pandas as pd

from govwork.research import charts, report
from warehouse.named_queries import query_table


def _gap_row(columns: list[str], code: str) -> dict:
    row = dict.fromkeys(columns)
    row.update(jurisdiction_code="621100", jurisdiction_name="定西市", year=2026, period="2026", depth=1,
               indicator_code=code, indicator_name=code, quantity="growth_rate/annual", value_unit="%",
               low=6.5, high=6.5, qualifier="exact", ancestor_name="甘肃省", ancestor_low=5.5,
               ancestor_high=5.5, ancestor_qualifier="about", pairing="paired", compared="value", difference=1.0)
    return row


def test_gap_charts_beyond_the_shown_ones_are_not_drawn(seed_db, monkeypatch):
    engine, _ = seed_db
    columns, _ = query_table(engine, "target-gap")
    missing = {"pairing", "indicator_code", "quantity", "low", "ancestor_low", "difference"} - set(columns)
    assert not missing, f"the target-gap query no longer returns {missing}"
    gaps = pd.DataFrame([_gap_row(columns, code) for code in ("gdp_growth", "retail_sales_growth", "fixed_asset_investment_growth")],
                        columns=columns)
    drawn = []
    real = charts.target_gap_chart
    monkeypatch.setattr(charts, "target_gap_chart", lambda *a, **k: drawn.append(a[0]) or real(*a, **k))

    monkeypatch.setattr(report, "MAX_GAP_CHARTS", 2)
    shown = report._gap_charts(gaps)
    assert [c["indicator"] for c in shown] == ["gdp_growth", "fixed_asset_investment_growth"]
    assert len(drawn) == 2  # the third indicator's chart is neither shown nor drawn

    drawn.clear()
    monkeypatch.setattr(report, "MAX_GAP_CHARTS", 12)
    assert len(report._gap_charts(gaps)) == 3 and len(drawn) == 3
