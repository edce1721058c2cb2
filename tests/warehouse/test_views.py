"""The views on hand-built documents whose answers are known: parent targets, target vs
actual, task counts per part, lead-unit workload, coverage (present / incomplete /
quarantined / blocked / missing) — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from extractors.rawstore import RawStore
from core.records import Actual, SourceSpan, Target
from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from warehouse.db import engine_for


def _docs():
    gansu_2026 = f.work_report(code="620000", year=2026)
    gansu_2026.targets[0].low = gansu_2026.targets[0].high = 6.0
    dingxi_2025 = f.work_report(code="621100", year=2025)
    dingxi_2026 = f.work_report(code="621100", year=2026)  # gdp_growth 5.5 about; reports 2025
    dingxi_2026.actuals.append(Actual("gdp_growth", "地区生产总值", 5.8, "%", "增长5.8%", 2025, SourceSpan("body", 9)))
    dingxi_2026.targets.append(Target(None, "粮食产量", None, None, "qualitative", None, "稳定在合理水平", "2026",
                                      SourceSpan("body", 41)))
    wuhan = f.breakdown(code="420100", year=2020, n_tasks=5, declared=268)
    broken = f.breakdown(code="620000", year=2019)
    broken.tasks[0].seq = 9
    return [gansu_2026, dingxi_2025, dingxi_2026, f.breakdown(), f.interpretation(), wuhan, broken]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    settings = settings_for(tmp_path_factory.mktemp("v"), "sqlite://")
    return stages.validate(settings, parse_results(settings, _docs()))


@pytest.fixture
def loaded(db_url, tmp_path, outcomes):
    settings = settings_for(tmp_path, db_url)
    store = RawStore(settings.raw_dir)
    # As the crawler writes it: "jurisdiction", no year but a title naming one.
    store.append_manifest({"url": "https://www.wuhan.gov.cn/x.html", "status": 200, "outcome": "blocked",
                           "reason": "anti-bot challenge", "jurisdiction": "420100", "kind": "work_report",
                           "title": "2020年武汉市政府工作报告", "source_id": "wuhan-portal",
                           "fetched_at": "2026-11-25T10:00:00+00:00"})
    store.append_manifest({"url": "https://www.wuhan.gov.cn/y.html", "status": 404, "outcome": "missing",
                           "jurisdiction_code": "420100", "kind": "interpretation", "year": 2020})
    results = parse_results(settings, _docs())
    stages.load(settings, results, outcomes)
    stages.load(settings, results, outcomes)  # the manifest import is idempotent too
    stages.refresh_views(settings)
    return engine_for(db_url)


def _rows(engine, sql):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_targets_with_parent_target(loaded):
    rows = _rows(loaded, "SELECT jurisdiction_code, year, indicator_code, low, parent_code, parent_low, parent_doc_key "
                         "FROM v_targets WHERE indicator_code = 'gdp_growth' AND year = 2026 ORDER BY jurisdiction_code")
    assert rows == [("620000", 2026, "gdp_growth", 6.0, None, None, None),
                    ("621100", 2026, "gdp_growth", 5.5, "620000", 6.0, "620000:work_report:2026")]
    qualitative = _rows(loaded, "SELECT low, high, qualifier FROM v_targets WHERE indicator_raw = '粮食产量'")
    assert qualitative == [(None, None, "qualitative")]


def test_target_vs_next_years_actual(loaded):
    rows = _rows(loaded, "SELECT jurisdiction_code, year, indicator_code, target_low, actual_value, actual_doc_key, met "
                         "FROM v_target_vs_actual WHERE jurisdiction_code = '621100' AND indicator_code = 'gdp_growth' "
                         "ORDER BY year")
    assert rows == [("621100", 2025, "gdp_growth", 5.5, 5.8, "621100:work_report:2026", 1),
                    ("621100", 2026, "gdp_growth", 5.5, None, None, None)]
    difference = _rows(loaded, "SELECT difference FROM v_target_vs_actual "
                               "WHERE jurisdiction_code = '621100' AND indicator_code = 'gdp_growth' AND year = 2025")
    assert difference[0][0] == pytest.approx(0.3)
    # an actual with no target for its year keeps a row, target side NULL (2024 GDP, 793.9亿元,
    # as the 2025 report states it)
    actual_only = _rows(loaded, "SELECT target_low, target_qualifier, actual_value, actual_unit, actual_doc_key, met, "
                                "difference FROM v_target_vs_actual "
                                "WHERE jurisdiction_code = '621100' AND indicator_code = 'gdp' AND year = 2024")
    assert actual_only == [(None, None, 793.9, "亿元", "621100:work_report:2025", None, None)]


def test_task_counts_declared_vs_parsed(loaded):
    rows = _rows(loaded, "SELECT doc_key, part, declared_count, parsed_count, difference FROM v_task_counts "
                         "ORDER BY doc_key, part")
    by_doc = {}
    for doc_key, part, declared, parsed, diff in rows:
        by_doc.setdefault(doc_key, {})[part] = (declared, parsed, diff)
    assert by_doc["420100:breakdown:2020"][None] == (268, 5, -263)
    assert by_doc["620000:breakdown:2018"] == {None: (6, 6, 0), "第1部分": (None, 3, None), "第2部分": (None, 3, None)}
    yishui = by_doc["371323:interpretation:2023"]
    assert yishui[None] == (91, None, None) and sum(v[0] for k, v in yishui.items() if k) == 91
    assert "620000:breakdown:2019" not in by_doc  # quarantined: no facts


def test_document_counts_tasks_targets_and_parts(loaded):
    rows = _rows(loaded, "SELECT doc_key, what, level, part, declared_count, parsed_count, completeness "
                         "FROM v_document_counts")
    by_key = {(r[0], r[1], r[3]): r[2:3] + r[4:] for r in rows}
    assert by_key[("420100:breakdown:2020", "tasks", None)] == ("document", 268, 5, "incomplete")
    assert by_key[("620000:breakdown:2018", "targets", None)] == ("document", None, 2, "unknown")
    assert by_key[("371323:interpretation:2023", "parts", None)] == ("document", 8, None, "declared_only")
    assert by_key[("371323:interpretation:2023", "tasks", "第3部分")] == ("part", 21, None, "declared_only")
    # v_task_counts is its tasks rows
    tasks = _rows(loaded, "SELECT doc_key, part, declared_count, parsed_count FROM v_task_counts")
    assert sorted(tasks, key=repr) == sorted(((r[0], r[3], r[4], r[5]) for r in rows if r[1] == "tasks"), key=repr)


def test_lead_unit_workload(loaded):
    rows = _rows(loaded, "SELECT unit_name, lead_tasks, lead_targets, other_role_tasks, lead_tasks_inherited "
                         "FROM v_lead_unit_workload WHERE jurisdiction_code = '620000' AND year = 2018 ORDER BY unit_name")
    # Tasks 1..6 lead by 省发展改革委{i % 3}; 省财政厅 cooperates on all six; target 1 led by 省发展改革委0.
    assert rows == [("省发展改革委0", 2, 1, 0, 0), ("省发展改革委1", 2, 0, 0, 0), ("省发展改革委2", 2, 0, 0, 0),
                    ("省财政厅", 0, 0, 6, 0)]
    ranked = _rows(loaded, "SELECT unit_name, rank, tasks_in_document, share_of_tasks, doc_key "
                           "FROM v_lead_unit_workload WHERE jurisdiction_code = '620000' AND year = 2018 "
                           "ORDER BY unit_name")
    assert [(name, rank, total) for name, rank, total, _, _ in ranked] == \
        [("省发展改革委0", 1, 6), ("省发展改革委1", 1, 6), ("省发展改革委2", 1, 6), ("省财政厅", 4, 6)]
    assert [share for _, _, _, share, _ in ranked] == pytest.approx([2 / 6, 2 / 6, 2 / 6, 0])
    assert {doc_key for *_, doc_key in ranked} == {"620000:breakdown:2018"}


def test_coverage_states(loaded):
    rows = {(r[0], r[1], r[2]): r[3:] for r in _rows(
        loaded, "SELECT jurisdiction_code, year, kind, state, in_registry, source_outcome FROM v_coverage")}
    assert rows[("620000", 2018, "breakdown")][0] == "present"
    assert rows[("420100", 2020, "breakdown")][0] == "incomplete"
    assert rows[("620000", 2019, "breakdown")][0] == "quarantined"
    assert rows[("420100", 2020, "work_report")][0::2] == ("blocked", "blocked")
    assert rows[("420100", 2020, "interpretation")][0::2] == ("missing", "missing")
    registry_missing = [k for k, v in rows.items() if v[0] == "missing" and v[1] == 1]
    assert registry_missing, "the registry's source years should give expected documents"
    with loaded.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM fetches")).scalar_one() == 2


# v_measured_targets as it was computed at query time before the load kept its rows
# (summary_measured_targets): the stored rows must be exactly these.
_MEASURED_AT_QUERY_TIME = """
WITH measured AS (
    SELECT d.jurisdiction_code, d.year, d.kind, d.doc_key,
           t.id AS target_id, t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit, t.raw,
           CASE WHEN t.low IS NULL AND t.high IS NULL THEN 'qualitative'
                WHEN t.value_unit IS NULL OR t.value_unit = '' THEN 'number'
                WHEN t.value_unit = '百分点' THEN '个百分点'
                ELSE t.value_unit END AS measure,
           CASE WHEN t.period = CAST(d.year AS VARCHAR(20)) THEN 'annual'
                WHEN REPLACE(t.raw, '年均', '') <> t.raw OR REPLACE(t.raw, '年平均', '') <> t.raw
                    THEN 'average_annual'
                WHEN REPLACE(t.raw, '累计', '') <> t.raw OR REPLACE(t.raw, '增长', '') <> t.raw
                     OR REPLACE(t.raw, '下降', '') <> t.raw THEN 'cumulative'
                ELSE 'end_of_period' END AS basis,
           COALESCE(t.low, t.high) AS value_low,
           COALESCE(t.high, t.low) AS value_high,
           CASE WHEN t.low IS NOT NULL AND t.high IS NOT NULL AND t.low <> t.high THEN 1 ELSE 0 END AS is_range
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
),
keyed AS (
    SELECT measured.*, measure || '/' || basis AS quantity FROM measured
)
SELECT keyed.*,
       ROW_NUMBER() OVER (
           PARTITION BY jurisdiction_code, year, period, indicator_code, quantity
           ORDER BY CASE kind WHEN 'work_report' THEN 0 ELSE 1 END, ordinal
       ) AS preference
FROM keyed
"""


def test_measured_targets_kept_by_the_load_are_the_query_time_rows(loaded):
    now = _rows(loaded, "SELECT * FROM v_measured_targets")
    assert now and sorted(now, key=repr) == sorted(_rows(loaded, _MEASURED_AT_QUERY_TIME), key=repr)


def test_stored_level_and_unit_name_are_what_the_views_computed(loaded):
    # v_document_counts stated level from part, v_lead_unit_workload joined units for the name:
    # the columns the load now stores (for the indexes in the named queries' order) say the same
    counts = _rows(loaded, "SELECT part, level FROM summary_document_counts")
    assert counts and all(level == ("document" if part is None else "part") for part, level in counts)
    assert {"document", "part"} <= {level for _, level in counts}
    names = _rows(loaded, "SELECT s.unit_name, u.name FROM summary_unit_workload s "
                          "LEFT JOIN units u ON u.id = s.unit_id")
    assert names and all(stored == unit for stored, unit in names)
