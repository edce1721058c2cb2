"""The rows the load keeps for v_target_gap (summary_target_gap: each target beside every
ancestor's) and v_series (summary_series: a jurisdiction's year-by-year series), migration
0010: exactly the rows those views computed at query time, kept current when an ancestor's
document is loaded after its descendant's, when a missing year is loaded, and when the
registry moves a jurisdiction under another parent."""

from __future__ import annotations

from sqlalchemy import text

from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from warehouse import summaries
from warehouse.db import engine_for

# v_target_gap as it was computed at query time (over v_measured_targets' rows) before the
# load kept its rows: the view's rows must be exactly these
_TARGET_GAP_AT_QUERY_TIME = """
WITH RECURSIVE ancestors (jurisdiction_code, ancestor_code, depth) AS (
    SELECT code, parent_code, 1 FROM jurisdictions WHERE parent_code IS NOT NULL
    UNION ALL
    SELECT a.jurisdiction_code, j.parent_code, a.depth + 1
    FROM ancestors a JOIN jurisdictions j ON j.code = a.ancestor_code
    WHERE j.parent_code IS NOT NULL AND a.depth < 10
)
SELECT t.jurisdiction_code, j.name, j.level, t.year, t.period, t.indicator_code, t.measure, t.basis,
       t.quantity, t.low, t.high, t.qualifier, t.value_unit, t.raw, t.doc_key, a.depth, a.ancestor_code,
       aj.name, aj.level,
       CASE WHEN p.target_id IS NOT NULL THEN 'paired'
            WHEN EXISTS (SELECT 1 FROM v_measured_targets o
                         WHERE o.jurisdiction_code = a.ancestor_code AND o.year = t.year
                           AND o.period = t.period AND o.indicator_code = t.indicator_code)
                THEN 'unlike_quantity'
            ELSE 'not_stated' END,
       p.low, p.high, p.qualifier, p.value_unit, p.raw, p.doc_key,
       CASE WHEN p.target_id IS NULL THEN NULL
            WHEN t.is_range = 1 OR p.is_range = 1 THEN 'bounds'
            ELSE 'value' END,
       CASE WHEN p.target_id IS NOT NULL AND t.is_range = 0 AND p.is_range = 0
            THEN t.value_low - p.value_low END,
       t.value_low - p.value_low,
       t.value_high - p.value_high
FROM (SELECT * FROM v_measured_targets
      WHERE preference = 1 AND indicator_code IS NOT NULL AND measure <> 'qualitative') t
JOIN jurisdictions j ON j.code = t.jurisdiction_code
JOIN ancestors a ON a.jurisdiction_code = t.jurisdiction_code
JOIN jurisdictions aj ON aj.code = a.ancestor_code
LEFT JOIN (SELECT * FROM v_measured_targets
           WHERE preference = 1 AND indicator_code IS NOT NULL AND measure <> 'qualitative') p
       ON p.jurisdiction_code = a.ancestor_code AND p.year = t.year AND p.period = t.period
      AND p.indicator_code = t.indicator_code AND p.quantity = t.quantity
"""

# v_series as it was computed at query time (year grid and document counts built per read)
_SERIES_AT_QUERY_TIME = """
WITH RECURSIVE spans AS (
    SELECT jurisdiction_code, indicator_code, MIN(year) AS first_year, MAX(year) AS last_year
    FROM summary_target_actuals GROUP BY jurisdiction_code, indicator_code
),
years (year) AS (
    SELECT MIN(year) FROM summary_target_actuals
    UNION ALL
    SELECT y.year + 1 FROM years y WHERE y.year < (SELECT MAX(year) FROM summary_target_actuals)
),
year_documents AS (
    SELECT jurisdiction_code, year, COUNT(*) AS documents
    FROM documents WHERE current_version_id IS NOT NULL
    GROUP BY jurisdiction_code, year
)
SELECT s.jurisdiction_code, j.name, s.indicator_code, y.year,
       CASE WHEN p.target_id IS NOT NULL THEN 'target'
            WHEN p.actual_id IS NOT NULL THEN 'actual_only'
            WHEN COALESCE(yd.documents, 0) > 0 THEN 'not_stated'
            ELSE 'no_document' END,
       COALESCE(yd.documents, 0), p.target_low, p.target_high, p.target_qualifier, p.target_unit,
       CASE WHEN p.target_id IS NULL THEN NULL
            WHEN p.target_low IS NULL AND p.target_high IS NULL THEN 'qualitative'
            WHEN p.target_unit IS NULL OR p.target_unit = '' THEN 'number'
            WHEN p.target_unit = '百分点' THEN '个百分点'
            ELSE p.target_unit END,
       p.target_raw, p.target_kind, p.target_doc_key, p.actual_value, p.actual_unit, p.actual_raw,
       p.actual_doc_key,
       CASE WHEN p.actual_value IS NULL OR COALESCE(p.actual_unit, '') <> COALESCE(p.target_unit, '') THEN NULL
            WHEN p.target_qualifier = 'at_most' THEN p.actual_value - COALESCE(p.target_high, p.target_low)
            ELSE p.actual_value - COALESCE(p.target_low, p.target_high) END
FROM spans s
JOIN years y ON y.year BETWEEN s.first_year AND s.last_year
JOIN jurisdictions j ON j.code = s.jurisdiction_code
LEFT JOIN summary_target_actuals p
       ON p.jurisdiction_code = s.jurisdiction_code AND p.indicator_code = s.indicator_code AND p.year = y.year
LEFT JOIN year_documents yd ON yd.jurisdiction_code = s.jurisdiction_code AND yd.year = y.year
"""


def _rows(engine, sql):
    with engine.connect() as conn:
        return sorted((tuple(r) for r in conn.execute(text(sql))), key=repr)


def _assert_as_at_query_time(engine):
    gap = _rows(engine, "SELECT * FROM v_target_gap")
    assert gap == _rows(engine, _TARGET_GAP_AT_QUERY_TIME)
    series = _rows(engine, "SELECT * FROM v_series")
    assert series == _rows(engine, _SERIES_AT_QUERY_TIME)
    return gap, series


def _yishui_gdp(engine):
    """Yishui county's 2026 gdp_growth beside Linyi (depth 1) and Shandong (depth 2)."""
    return _rows(engine, "SELECT depth, ancestor_code, pairing, ancestor_low, difference FROM v_target_gap "
                         "WHERE jurisdiction_code = '371323' AND year = 2026 AND indicator_code = 'gdp_growth'")


def _load(settings, docs):
    results = parse_results(settings, docs)
    stages.load(settings, results, stages.validate(settings, results))
    stages.refresh_views(settings)


def test_an_ancestors_document_loaded_after_the_county_pairs_the_countys_rows(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    engine = engine_for(db_url)
    yishui = f.work_report(code="371323", year=2026)
    linyi = f.work_report(code="371300", year=2026)
    linyi.targets[0].low = linyi.targets[0].high = 6.0
    shandong = f.work_report(code="370000", year=2026)
    shandong.targets[0].low = shandong.targets[0].high = 5.0

    _load(settings, [yishui])  # nothing above it loaded yet
    assert _yishui_gdp(engine) == [(1, "371300", "not_stated", None, None), (2, "370000", "not_stated", None, None)]
    _assert_as_at_query_time(engine)

    _load(settings, [shandong])  # the grandparent: the county's depth-2 row is paired
    assert _yishui_gdp(engine) == [(1, "371300", "not_stated", None, None), (2, "370000", "paired", 5.0, 0.5)]
    _load(settings, [linyi])
    assert _yishui_gdp(engine) == [(1, "371300", "paired", 6.0, -0.5), (2, "370000", "paired", 5.0, 0.5)]
    gap, _ = _assert_as_at_query_time(engine)
    assert {row[0] for row in gap} == {"371323", "371300"}  # the province has no ancestor


def test_a_year_loaded_later_fills_the_series_gap(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    engine = engine_for(db_url)
    series_sql = ("SELECT year, status, year_documents FROM v_series "
                  "WHERE jurisdiction_code = '621100' AND indicator_code = 'gdp_growth'")
    _load(settings, [f.work_report(code="621100", year=2024), f.work_report(code="621100", year=2026)])
    assert _rows(engine, series_sql) == [(2024, "target", 1), (2025, "no_document", 0), (2026, "target", 1)]
    _assert_as_at_query_time(engine)

    _load(settings, [f.breakdown(code="621100", year=2025), f.work_report(code="621100", year=2027)])
    assert _rows(engine, series_sql) == [(2024, "target", 1), (2025, "target", 1), (2026, "target", 1),
                                         (2027, "target", 1)]
    _assert_as_at_query_time(engine)


def test_a_jurisdiction_the_registry_moves_gets_its_new_ancestors_and_so_do_its_descendants(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    engine = engine_for(db_url)
    linyi = f.work_report(code="371300", year=2026)
    linyi.targets[0].low = linyi.targets[0].high = 6.0
    shandong = f.work_report(code="370000", year=2026)
    shandong.targets[0].low = shandong.targets[0].high = 5.0
    docs = [f.work_report(code="371323", year=2026), linyi, shandong]
    _load(settings, docs)
    with engine.begin() as conn:  # as a warehouse loaded without Linyi under Shandong held it
        conn.execute(text("UPDATE jurisdictions SET parent_code = NULL WHERE code = '371300'"))
        summaries.rebuild(conn, ["summary_target_gap"])
    assert _yishui_gdp(engine) == [(1, "371300", "paired", 6.0, -0.5)]

    _load(settings, docs[1:2])  # the registry puts Linyi back under Shandong: Yishui gains it too
    assert _yishui_gdp(engine) == [(1, "371300", "paired", 6.0, -0.5), (2, "370000", "paired", 5.0, 0.5)]
    gap, _ = _assert_as_at_query_time(engine)
    assert ("371300", "370000") in {(row[0], row[16]) for row in gap}
