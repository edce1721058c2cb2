"""Series and target gaps on a warehouse of several years and levels: work reports written
for the tests (tests/research/multi_year/), parsed by the real parser and loaded by the real
loader. Every expected figure is read off those files by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from core.config import Settings
from extractors.parse import parse_file
from govwork.research import run_query, write_report
from tests.research.conftest import load_docs, passed_outcome
from warehouse.db import engine_for

FIXTURES = Path(__file__).resolve().parent / "multi_year"
CODES = {"gansu": "620000", "dingxi": "621100", "shandong": "370000", "linyi": "371300", "yishui": "371323"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> tuple:
    """(engine, settings) of the multi-year warehouse."""
    home = tmp_path_factory.mktemp("multi_year")
    settings = Settings.from_env({"GOVWORK_HOME": str(home)}).ensure_dirs()
    docs = []
    for path in sorted(FIXTURES.glob("*.txt")):
        place, year = path.stem.split("-")
        doc = parse_file(path, kind="work_report", jurisdiction=CODES[place], year=int(year))
        docs.append((doc, passed_outcome(doc)))
    assert len(docs) == 9
    load_docs(settings, docs)
    return engine_for(settings.warehouse_url), settings


@pytest.fixture(scope="module")
def engine(warehouse):
    return warehouse[0]


def _by(frame: pd.DataFrame, column: str) -> dict:
    return {row[column]: row for row in frame.to_dict("records")}


def test_series_has_every_year_with_gaps_explicit(engine):
    frame = run_query(engine, "series", jurisdiction="620000", indicator="gdp_growth")
    rows = _by(frame, "year")
    # from 2017 (the actual in the 2018 report) to 2026, one row a year, none missing
    assert sorted(rows) == list(range(2017, 2027))
    status = {year: r["status"] for year, r in rows.items()}
    assert status == {2017: "actual_only", 2018: "target", 2019: "actual_only", 2020: "target", 2021: "target",
                      2022: "no_document", 2023: "no_document", 2024: "no_document", 2025: "actual_only",
                      2026: "target"}
    assert [rows[y]["year_documents"] for y in (2018, 2019, 2022, 2026)] == [1, 0, 0, 1]
    # 2018: 地区生产总值增长6%左右; no 2019 report, so no actual for 2018
    assert (rows[2018]["target_low"], rows[2018]["target_qualifier"], rows[2018]["target_unit"]) == (6.0, "about", "%")
    assert pd.isna(rows[2018]["actual_value"]) and pd.isna(rows[2018]["gap"])
    # 2020: target ≈6, the 2021 report's 全年地区生产总值增长3.9%: 2.1 points short
    assert (rows[2020]["target_low"], rows[2020]["actual_value"]) == (6.0, 3.9)
    assert rows[2020]["gap"] == pytest.approx(-2.1)
    assert rows[2020]["actual_doc_key"] == "620000:work_report:2021"
    # 2019: no report of its own, the 2020 report gives 增长6.2%
    assert pd.isna(rows[2019]["target_low"]) and rows[2019]["actual_value"] == 6.2
    assert rows[2025]["actual_value"] == 5.8 and rows[2026]["target_low"] == 5.5
    for year in (2022, 2023, 2024):
        assert pd.isna(rows[year]["target_low"]) and pd.isna(rows[year]["actual_value"])


def test_series_by_pinyin_and_year(engine):
    frame = run_query(engine, "series", jurisdiction="Dingxi", indicator="gdp_growth", year=2021)
    row = frame.iloc[0]
    assert len(frame) == 1 and row.jurisdiction_code == "621100"
    # 地区生产总值增长7%—7.5%
    assert (row.target_low, row.target_high, row.target_qualifier) == (7.0, 7.5, "range")


def test_target_gap_dingxi_2026_is_one_point_over_gansu(engine):
    frame = run_query(engine, "target-gap", jurisdiction="定西", year=2026, indicator="gdp_growth")
    row = frame.iloc[0]
    assert len(frame) == 1
    assert (row.ancestor_code, row.depth, row.pairing, row.compared) == ("620000", 1, "paired", "value")
    assert (row.low, row.qualifier, row.ancestor_low, row.ancestor_qualifier) == (6.5, "exact", 5.5, "about")
    assert row.difference == pytest.approx(1.0)


def test_target_gap_compares_a_range_through_its_bounds(engine):
    row = run_query(engine, "target-gap", jurisdiction="621100", year=2021, indicator="gdp_growth").iloc[0]
    # Dingxi 7%—7.5% against Gansu 6.5%左右
    assert (row.pairing, row.compared) == ("paired", "bounds")
    assert pd.isna(row.difference)
    assert (row.difference_low, row.difference_high) == (pytest.approx(0.5), pytest.approx(1.0))


def test_target_gap_walks_every_ancestor(engine):
    frame = run_query(engine, "target-gap", jurisdiction="Yishui", indicator="gdp_growth")
    rows = _by(frame, "depth")
    assert sorted(rows) == [1, 2]
    # 沂水 8% against 临沂 7.5%左右 (parent) and 山东 6%以上 (grandparent)
    assert (rows[1]["ancestor_name"], rows[1]["difference"]) == ("临沂市", pytest.approx(0.5))
    assert (rows[2]["ancestor_name"], rows[2]["ancestor_qualifier"], rows[2]["difference"]) == \
        ("山东省", "at_least", pytest.approx(2.0))


def test_unlike_quantities_are_never_paired(engine):
    frame = run_query(engine, "target-gap")
    # Dingxi 城镇化率达到40% (a level, percent) against Gansu 城镇化率提高1个百分点 (a change)
    urban = frame[(frame.jurisdiction_code == "621100") & (frame.indicator_code == "urbanization_rate")].iloc[0]
    assert urban.pairing == "unlike_quantity" and urban.quantity == "%/annual"
    assert pd.isna(urban.ancestor_low) and pd.isna(urban.difference) and pd.isna(urban.difference_low)
    paired = frame[frame.pairing == "paired"]
    assert len(paired) > 0
    assert (paired.value_unit == paired.ancestor_value_unit).all()
    # nothing but a pairing compares: every difference has a paired row
    assert frame[frame.pairing != "paired"][["difference", "difference_low", "difference_high"]].isna().all().all()


def test_report_joins_consecutive_years_only(warehouse, tmp_path):
    engine, settings = warehouse
    out = write_report(engine, tmp_path / "report.html", settings)
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one('figure.series-chart[data-indicator="gdp_growth"] svg')
    lines = [p for p in svg.find_all(attrs={"aria-roledescription": "line mark"}) if p["aria-label"].startswith("甘肃省")]
    # Gansu's targets: 2018 | 2020–2021 | 2026: one joined segment, two lone points
    drawn = sorted(len(re.findall(r"[ML]", p["d"])) for p in lines)
    assert drawn == [1, 1, 2]
    joined = next(p for p in lines if "L" in p["d"])
    assert joined["aria-label"].startswith("甘肃省 2020 target")
    points = {p["aria-label"]: p for p in svg.find_all(attrs={"aria-roledescription": "point"})}
    x = {year: float(re.search(r"translate\(([-\d.]+),", points[label]["transform"]).group(1))
         for year, label in ((2017, "甘肃省 2017 actual: 3.6% (reported in 2018)"),
                             (2018, "甘肃省 2018 target: ≈6% (about)"),
                             (2026, "甘肃省 2026 target: ≈5.5% (about)"))}
    assert (x[2018] - x[2017]) / (x[2026] - x[2017]) == pytest.approx(1 / 9)
