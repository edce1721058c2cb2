"""The named queries on the seed corpus (tests/examples, parsed, validated, loaded): real
values read from the source documents by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import text

from govwork.research import get_query, list_queries, run_query
from warehouse.named_queries import QueryParameterError, UnknownQueryError
from tests.shared_inputs import require_reference

REQUIRED = {"targets", "series", "target-gap", "task-counts", "lead-units", "target-vs-actual", "coverage"}


def one(frame: pd.DataFrame, **where) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{where}: {len(rows)} rows\n{frame.to_string()}"
    return rows.iloc[0]


# --- the SQL files --------------------------------------------------------------------------


def test_every_required_query_is_a_documented_sql_file():
    names = {q.name for q in list_queries()}
    assert REQUIRED <= names
    for q in list_queries():
        sql = q.sql
        assert q.path.suffix == ".sql" and q.path.parent.name == "queries"
        assert sql.startswith(f"-- {q.name}:"), "header names the query"
        header = "\n".join(line for line in sql.splitlines() if line.startswith("--"))
        for p in q.parameters:
            assert f":{p}" in header, f"{q.name}: parameter :{p} is explained in the header"
        # only our :named binds, no driver-specific placeholders
        binds = set(re.findall(r"(?<![:\w]):([a-z_]+)", q.statement))
        assert binds == set(q.parameters)
        assert "%(" not in sql and "?" not in q.statement


def test_no_view_file_has_a_per_cent_sign():
    """Views are created with exec_driver_sql, where psycopg reads a per-cent sign (even in a
    comment) as a placeholder: the view would fail on PostgreSQL only."""
    from warehouse.views import VIEWS_DIR

    offending = [p.name for p in VIEWS_DIR.glob("*.sql") if "%" in p.read_text(encoding="utf-8")]
    assert offending == []


def test_query_names_are_forgiving_and_mistakes_are_typed(seed_db):
    engine, _ = seed_db
    assert get_query("task_counts").name == "task-counts"
    with pytest.raises(UnknownQueryError) as err:
        run_query(engine, "target")
    assert "targets" in str(err.value) and err.value.exit_code == 2
    with pytest.raises(QueryParameterError):
        run_query(engine, "coverage", indicator="gdp_growth")
    with pytest.raises(QueryParameterError):
        run_query(engine, "targets", year="twenty")


# --- targets --------------------------------------------------------------------------------


def test_targets_gansu_2018_gdp_growth_about_6(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "targets", jurisdiction="620000", year=2018, indicator="gdp_growth")
    row = one(frame, period="2018")
    # 附件1 序号1: 生产总值增长6%左右。
    assert (row.low, row.high, row.qualifier, row.value_unit) == (6.0, 6.0, "about", "%")
    assert row.doc_key == "620000:breakdown:2018" and row.source_kind == "breakdown"
    assert pd.isna(row.parent_code)  # a province has no parent


def test_targets_wuhan_2020_gdp_growth_range(seed_db):
    engine, _ = seed_db
    row = one(run_query(engine, "targets", jurisdiction="武汉市", year=2020, indicator="gdp_growth"), period="2020")
    # 一、主要预期目标: 地区生产总值增长7.5%-7.8%
    assert (row.low, row.high, row.qualifier, row.value_unit) == (7.5, 7.8, "range", "%")
    assert row.parent_code == "420000" and pd.isna(row.parent_low)  # Hubei's target is not loaded


def test_targets_dingxi_2026_beside_gansu_2026(seed_db):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    engine, _ = seed_db
    by_code = run_query(engine, "targets", jurisdiction="621100", year=2026, indicator="gdp_growth")
    by_name = run_query(engine, "targets", jurisdiction="定西", year=2026, indicator="gdp_growth")
    pd.testing.assert_frame_equal(by_code, by_name)
    row = one(by_code, period="2026")
    # 定西 2026: 地区生产总值增长6.5%; 甘肃 2026: 地区生产总值增长5.5%左右
    assert (row.low, row.high, row.qualifier) == (6.5, 6.5, "exact")
    assert (row.parent_name, row.parent_low, row.parent_high, row.parent_qualifier) == ("甘肃省", 5.5, 5.5, "about")
    assert row.parent_doc_key == "620000:work_report:2026"


# --- series and target-gap -------------------------------------------------------------------


def test_series_gansu_gdp_growth_2018_to_2026_with_the_gap_years(seed_db):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    engine, _ = seed_db
    frame = run_query(engine, "series", jurisdiction="Gansu", indicator="gdp_growth")
    assert list(frame.year) == list(range(2018, 2027))  # one row a year, the gaps included
    by_year = frame.set_index("year")
    assert by_year.loc[2018, "status"] == "target" and by_year.loc[2018, "target_low"] == 6.0  # 6%左右
    assert by_year.loc[2026, "status"] == "target" and by_year.loc[2026, "target_low"] == 5.5  # 5.5%左右
    assert list(by_year.loc[2019:2024, "status"]) == ["no_document"] * 6
    assert (by_year.loc[2019:2024, "year_documents"] == 0).all()
    # 2026 report: 全省地区生产总值增长5.8% in 2025, no 2025 document of Gansu's own
    assert (by_year.loc[2025, "status"], by_year.loc[2025, "actual_value"]) == ("actual_only", 5.8)


def test_series_targets_are_the_measured_targets_preferred_for_the_year(seed_db):
    """v_series reads the load's choice (summary_target_actuals) and states measure by
    v_measured_targets' rule: the same target, the same measure, for every series year."""
    engine, _ = seed_db
    with engine.connect() as conn:
        series = conn.execute(text(
            "SELECT jurisdiction_code, indicator_code, year, target_doc_key, target_raw, target_measure "
            "FROM v_series WHERE status = 'target'")).all()
        measured = conn.execute(text(
            "SELECT jurisdiction_code, indicator_code, year, doc_key, raw, measure FROM ("
            "  SELECT m.*, ROW_NUMBER() OVER (PARTITION BY jurisdiction_code, year, indicator_code"
            "    ORDER BY CASE kind WHEN 'work_report' THEN 0 ELSE 1 END, ordinal) AS rank_in_year"
            "  FROM v_measured_targets m"
            "  WHERE indicator_code IS NOT NULL AND period = CAST(year AS VARCHAR(20))) x "
            "WHERE rank_in_year = 1")).all()
    assert series and sorted(map(tuple, series)) == sorted(map(tuple, measured))


def test_target_gap_dingxi_2026_gdp_growth_one_point_over_gansu(seed_db):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    engine, _ = seed_db
    frame = run_query(engine, "target-gap", jurisdiction="621100", year=2026, indicator="gdp_growth")
    row = one(frame, period="2026")
    # 定西 地区生产总值增长6.5% vs 甘肃 增长5.5%左右
    assert (row.ancestor_name, row.pairing, row.compared) == ("甘肃省", "paired", "value")
    assert (row.low, row.ancestor_low, row.ancestor_qualifier) == (6.5, 5.5, "about")
    assert row.difference == pytest.approx(1.0)


def test_target_gap_never_pairs_unlike_quantities(seed_db):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    engine, _ = seed_db
    frame = run_query(engine, "target-gap", jurisdiction="621100")
    # 定西: 全社会研发经费投入增长80%以上 over the plan period; 甘肃: 年均增长9.5%
    rd = one(frame, indicator_code="rd_expenditure_growth")
    assert (rd.period, rd.basis, rd.pairing) == ("15th_fyp", "cumulative", "unlike_quantity")
    assert pd.isna(rd.difference) and pd.isna(rd.ancestor_low)
    # the annual 6.5% meets Gansu's annual ≈5.5%, never its five-year 年均增长5%以上
    gdp = one(frame, indicator_code="gdp_growth")
    assert (gdp.period, gdp.ancestor_low, gdp.ancestor_qualifier) == ("2026", 5.5, "about")
    paired = frame[frame.pairing == "paired"]
    assert (paired.value_unit == paired.ancestor_value_unit).all()


# --- task-counts ------------------------------------------------------------------------------


def test_task_counts_yishui_2023_91_tasks_in_8_parts(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "task-counts", jurisdiction="371323", year=2023)
    total = one(frame, what="tasks", level="document")
    assert total.declared == 91 and pd.isna(total.parsed) and total.completeness == "declared_only"
    assert one(frame, what="parts", level="document").declared == 8
    parts = frame[(frame.what == "tasks") & (frame.level == "part")]
    # 第一部分…共5项 … 第八部分…共4项, in the order the interpretation lists them
    assert list(parts.declared) == [5, 12, 21, 12, 17, 13, 7, 4]
    assert parts.declared.sum() == 91
    assert one(frame, what="lead_units").declared == 41 and one(frame, what="towns").declared == 6


def test_task_counts_wuhan_2020_incomplete_21_of_268(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "task-counts", jurisdiction="420100", year=2020)
    row = one(frame, what="tasks", level="document")
    assert (row.declared, row.parsed, row.completeness) == (268, 21, "incomplete")
    assert row.ratio == pytest.approx(21 / 268)
    assert row.document_completeness == "incomplete"


def test_task_counts_gansu_2018_parsed_without_declared_total(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "task-counts", jurisdiction="620000", year=2018)
    # the notice states no totals; its annexes hold 11 numbered main indicators and 178 key tasks.
    # Rows 7 (新增就业40万人, 失业率4%以内) and 11 (65万人脱贫, 10个片区县, 3个插花县) state
    # several figures each: 14 target records, counted as the document numbers them: 11
    tasks = one(frame, what="tasks", level="document")
    assert (pd.isna(tasks.declared), tasks.parsed, tasks.completeness) == (True, 178, "unknown")
    assert one(frame, what="targets", level="document").parsed == 11
    targets = run_query(engine, "targets", jurisdiction="620000", year=2018)
    assert len(targets) == 14 and sorted(targets.seq.unique()) == list(range(1, 12))


def test_task_counts_gansu_2026_notice_without_annexes_is_0_of_200(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "task-counts", jurisdiction="甘肃省", year=2026)
    breakdown = frame[frame.kind == "breakdown"]
    assert tuple(one(breakdown, what="tasks", level="document")[["declared", "parsed", "completeness"]]) == \
        (200, 0, "incomplete")
    assert tuple(one(breakdown, what="targets", level="document")[["declared", "parsed"]]) == (16, 0)


# --- lead-units -------------------------------------------------------------------------------


def test_lead_units_gansu_2018(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "lead-units", jurisdiction="620000", year=2018)
    top = frame[frame["rank"] == 1]
    # 附件2 牵头单位 column, empty (merged) cells taken from the row above: 省发展改革委 leads 39
    # of the 178 tasks (task 27 writes it run together: 省发展改革委省民委), next 省工信委 with 17
    assert list(top.unit_name) == ["省发展改革委"]
    assert top.iloc[0].lead_tasks == 39 and top.iloc[0].tasks_in_document == 178
    assert top.iloc[0].share_of_tasks == pytest.approx(39 / 178)
    assert one(frame, unit_name="省工信委").lead_tasks == 17
    # canonical names: the annex writes 省人社厅 (16 tasks: 14 written, 2 in merged cells)
    assert one(frame, unit_name="省人力资源社会保障厅").lead_tasks == 16
    assert frame["rank"].is_monotonic_increasing
    # 附件1 rows 1, 2, 8, 9 name 省发展改革委 as lead
    assert top.iloc[0].lead_targets == 4


def test_lead_units_only_breakdowns_with_units(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "lead-units")
    # the seeds' two breakdowns with units, and the examples written for the other layouts
    # (office-table.*: 621100, labelled-lines: 621124, division-sentences: 621102)
    assert set(frame.doc_key) <= {"620000:breakdown:2018", "420100:breakdown:2020", "621100:breakdown:2026",
                                  "621124:breakdown:2026", "621102:breakdown:2026"}
    assert (frame.lead_tasks + frame.lead_targets > 0).all()


# --- target-vs-actual -------------------------------------------------------------------------


def test_target_vs_actual_on_the_seeds(seed_db):
    require_reference()  # the Gansu 2026 work report is third-party text, read from ../shared
    engine, _ = seed_db
    frame = run_query(engine, "target-vs-actual", indicator="gdp_growth")
    # Dingxi's 2026 report gives the 2025 outcome (地区生产总值…增长6.9%); no 2025 target is loaded
    dingxi_2025 = one(frame, jurisdiction_code="621100", year=2025)
    assert dingxi_2025.actual_value == 6.9 and dingxi_2025.actual_unit == "%"
    assert pd.isna(dingxi_2025.target_low) and pd.isna(dingxi_2025.met)
    assert dingxi_2025.actual_doc_key == "621100:work_report:2026"
    # Gansu's 2026 report: 2025 grew 5.8%; its 2026 target waits for the 2027 report
    assert one(frame, jurisdiction_code="620000", year=2025).actual_value == 5.8
    gansu_2026 = one(frame, jurisdiction_code="620000", year=2026)
    assert (gansu_2026.target_low, gansu_2026.qualifier) == (5.5, "about") and pd.isna(gansu_2026.actual_value)


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_on_the_seeds(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "coverage")
    wuhan = one(frame, jurisdiction_code="420100", year=2020, kind="breakdown")
    assert (wuhan.status, wuhan.parsed_count, wuhan.declared_count) == ("incomplete", 21, 268)
    assert one(frame, jurisdiction_code="371323", year=2023, kind="interpretation").status == "present"
    assert one(frame, jurisdiction_code="621100", year=2026, kind="work_report").status == "present"
    assert one(frame, jurisdiction_code="620000", year=2018, kind="breakdown").status == "present"
    assert one(frame, jurisdiction_code="620000", year=2026, kind="breakdown").status == "incomplete"
    assert set(frame.status) <= {"present", "incomplete", "quarantined", "missing", "blocked"}
    only_2026 = run_query(engine, "coverage", year=2026)
    assert set(only_2026.year.dropna()) == {2026}


# --- each query is its view, filtered and ordered (one meaning, one definition) -------------

# name -> (view, {query column: view column} where renamed, query-only display columns)
QUERY_VIEWS = {
    "targets": ("v_targets", {"level": "jurisdiction_level", "source_kind": "kind"}, {"indicator_name"}),
    "task-counts": ("v_document_counts", {"declared": "declared_count", "parsed": "parsed_count"}, set()),
    "lead-units": ("v_lead_unit_workload", {}, set()),
    "target-vs-actual": ("v_target_vs_actual", {"qualifier": "target_qualifier"}, {"indicator_name"}),
    "coverage": ("v_coverage", {"status": "state"}, set()),
    "validation": ("v_validation", {}, set()),
    "series": ("v_series", {}, {"indicator_name"}),
    "target-gap": ("v_target_gap", {}, {"indicator_name"}),
}


# the one summary table a view scans, which its query reads instead: the view's columns and
# the indicator's name are stored there (migration 0011), so the whole country is read in the
# query's order with no join; the rows are still the view's (tests below and
# tests/warehouse/test_summary_names.py)
QUERY_READS_VIEWS_TABLE = {"targets": "summary_measured_targets", "target-gap": "summary_target_gap"}


def test_every_query_reads_its_view_and_no_fact_table():
    assert set(QUERY_VIEWS) == {q.name for q in list_queries()}
    for name, (view, _, _) in QUERY_VIEWS.items():
        statement = get_query(name).statement
        read = set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", statement, re.I))
        source = QUERY_READS_VIEWS_TABLE.get(name, view)
        # the view holds the logic; lookups for display names and the :jurisdiction filter only
        assert read <= {source, "jurisdictions", "indicators"} and source in read, (name, read)


def _expected_rows(engine, name: str, filters: dict) -> pd.DataFrame:
    """The view's rows as the query should return them, filtered here in pandas."""
    from govwork.research import frame as read_view

    view, renamed, _ = QUERY_VIEWS[name]
    rows = read_view(view, engine)
    if name == "lead-units":  # the units that lead something
        rows = rows[(rows.lead_tasks > 0) | (rows.lead_targets > 0)]
    if filters.get("jurisdiction"):
        places = read_view("jurisdictions", engine)
        wanted = filters["jurisdiction"]
        codes = set(places[(places.code == wanted) | (places.name == wanted) | (places.short_name == wanted)].code)
        rows = rows[rows.jurisdiction_code.isin(codes | {wanted})]
    if filters.get("year"):
        same_year = rows.year == filters["year"]
        rows = rows[same_year | rows.year.isna()] if name == "coverage" else rows[same_year]
    if filters.get("indicator"):
        rows = rows[rows.indicator_code == filters["indicator"]]
    return rows.rename(columns={v: q for q, v in renamed.items()})


def _as_rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    def cell(value):
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "∅"
        return round(float(value), 9) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

    return sorted(tuple(cell(v) for v in row) for row in frame[columns].itertuples(index=False))


FILTERS = [{}, {"jurisdiction": "620000"}, {"jurisdiction": "甘肃"}, {"jurisdiction": "武汉市", "year": 2020},
           {"year": 2026}, {"year": 2026, "indicator": "gdp_growth"}]


@pytest.mark.parametrize("name", sorted(QUERY_VIEWS))
def test_query_rows_are_its_views_rows(seed_db, name):
    engine, _ = seed_db
    query = get_query(name)
    _, _, display_only = QUERY_VIEWS[name]
    for filters in FILTERS:
        given = {k: v for k, v in filters.items() if k in query.parameters}
        if given != filters:
            continue
        got = run_query(engine, name, **given)
        expected = _expected_rows(engine, name, given)
        if not given:
            assert len(expected) > 0, name
        shared = [c for c in got.columns if c not in display_only]
        missing = set(shared) - set(expected.columns)
        assert not missing, f"{name}: columns not in the view: {missing}"
        assert _as_rows(got, shared) == _as_rows(expected, shared), (name, given)


# --- validation -------------------------------------------------------------------------------


def test_validation_status_per_document(seed_db):
    engine, _ = seed_db
    frame = run_query(engine, "validation")
    assert len(frame) == len(set(frame.doc_key))
    wuhan = one(frame, doc_key="420100:breakdown:2020")
    # loaded with a warning: 21 tasks parsed of the 268 declared
    assert (wuhan.status, wuhan.completeness, wuhan.parsed_count, wuhan.declared_count) == \
        ("warning", "incomplete", 21, 268)
    assert wuhan.critical_failures == 0 and wuhan.warnings >= 1 and wuhan.expectations_run > 0
    yishui = one(frame, doc_key="371323:interpretation:2023")
    assert (yishui.status, yishui.critical_failures, yishui.warnings) == ("passed", 0, 0)
    assert one(frame, doc_key="620000:breakdown:2018").status == "passed"
    assert (frame.sources >= 1).all() and frame.example_url.notna().all()
