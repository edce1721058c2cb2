"""The names stored in the summary rows (migration 0011, warehouse/summary_names.py): v_targets,
v_target_gap and the named queries targets and target-gap read them instead of joining the
jurisdictions and indicators, and return exactly what those joins returned, also after the
registry renames a jurisdiction and the taxonomy an indicator."""

from __future__ import annotations

from sqlalchemy import text

from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from warehouse import summaries
from warehouse.db import engine_for
from warehouse.named_queries import _strip_comments
from warehouse.views import VIEWS_DIR

# the views as they joined the dimensions for names before 0011
_V_TARGETS_JOINED = """
SELECT t.jurisdiction_code, j.name AS jurisdiction_name, j.level AS jurisdiction_level, t.year, t.kind,
       t.doc_key, t.target_id, t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw, t.low, t.high,
       t.qualifier, t.value_unit, t.raw, t.span_section, t.span_line, t.span_row, j.parent_code,
       pj.name AS parent_name, t.parent_low, t.parent_high, t.parent_qualifier, t.parent_value_unit,
       t.parent_doc_key
FROM summary_measured_targets t
JOIN jurisdictions j ON j.code = t.jurisdiction_code
LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
"""
_V_TARGET_GAP_JOINED = """
SELECT g.jurisdiction_code, j.name AS jurisdiction_name, j.level, g.year, g.period, g.indicator_code,
       g.measure, g.basis, g.quantity, g.low, g.high, g.qualifier, g.value_unit, g.raw, g.doc_key, g.depth,
       g.ancestor_code, aj.name AS ancestor_name, aj.level AS ancestor_level, g.pairing, g.ancestor_low,
       g.ancestor_high, g.ancestor_qualifier, g.ancestor_value_unit, g.ancestor_raw, g.ancestor_doc_key,
       g.compared, g.difference, g.difference_low, g.difference_high
FROM summary_target_gap g
JOIN jurisdictions j ON j.code = g.jurisdiction_code
JOIN jurisdictions aj ON aj.code = g.ancestor_code
"""
_QUERIES = VIEWS_DIR.parent / "queries"
_ALL = {"jurisdiction": None, "year": None, "indicator": None}


def _query(name: str) -> str:
    return _strip_comments((_QUERIES / f"{name}.sql").read_text(encoding="utf-8"))


def _query_joined(name: str, table: str, view_sql: str) -> str:
    """The named query as it was: the view it reads, joined to indicators for the name."""
    sql = _query(name)
    assert f"FROM {table} v\n" in sql and "v.indicator_name" in sql
    return (sql.replace("v.indicator_name", "i.name AS indicator_name")
               .replace(f"FROM {table} v\n", f"FROM ({view_sql}) v\nLEFT JOIN indicators i ON i.code = v.indicator_code\n"))


def _rows(engine, sql, params=None, *, ordered=False):
    with engine.connect() as conn:
        result = conn.execute(text(sql), params or {})
        rows = [tuple(r) for r in result]
        return (list(result.keys()), rows if ordered else sorted(rows, key=repr))


def _assert_as_joined(engine):
    """Every row and column of the two views and two queries as the joins computed them."""
    assert _rows(engine, "SELECT * FROM v_targets") == _rows(engine, _V_TARGETS_JOINED)
    assert _rows(engine, "SELECT * FROM v_target_gap") == _rows(engine, _V_TARGET_GAP_JOINED)
    for name, table, view_sql in (("targets", "summary_measured_targets", _V_TARGETS_JOINED),
                                  ("target_gap", "summary_target_gap", _V_TARGET_GAP_JOINED)):
        now = _rows(engine, _query(name), _ALL, ordered=True)
        assert now[1] and now == _rows(engine, _query_joined(name, table, view_sql), _ALL, ordered=True)


def _docs():
    gansu = f.work_report(code="620000", year=2026)
    gansu.targets[0].low = gansu.targets[0].high = 6.0
    return [f.work_report(code="621100", year=2026), gansu, f.work_report(code="420100", year=2020)]


def _names(engine):
    """Dingxi's gdp_growth rows: its name, its parent's, the indicator's; and the ancestor's
    name beside them in the target gap."""
    targets = _rows(engine, "SELECT DISTINCT jurisdiction_name, parent_name, indicator_name "
                            "FROM summary_measured_targets WHERE jurisdiction_code = '621100' "
                            "AND indicator_code = 'gdp_growth'")[1]
    gap = _rows(engine, "SELECT DISTINCT v.ancestor_name FROM v_target_gap v "
                        "WHERE v.jurisdiction_code = '621100' AND v.indicator_code = 'gdp_growth'")[1]
    return targets, gap


def test_the_stored_names_are_the_joined_ones_and_follow_a_rename(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    results = parse_results(settings, _docs())
    outcomes = stages.validate(settings, results)
    engine = engine_for(db_url)
    stages.load(settings, results, outcomes)
    stages.refresh_views(settings)
    _assert_as_joined(engine)
    registry_names = _names(engine)
    assert registry_names[0] and registry_names[1] and None not in registry_names[0][0]

    # a warehouse loaded while the registry and the taxonomy had other names for Gansu,
    # Dingxi and gdp_growth
    with engine.begin() as conn:
        conn.execute(text("UPDATE jurisdictions SET name = 'old ' || name WHERE code IN ('620000', '621100')"))
        conn.execute(text("UPDATE indicators SET name = 'old name' WHERE code = 'gdp_growth'"))
        summaries.refresh(conn, None)
    (old_targets,), old_gap = _names(engine)
    assert all(name.startswith("old ") for name in old_targets) and old_gap[0][0].startswith("old ")
    _assert_as_joined(engine)

    # the next load, of another place's document, brings the registry's and the taxonomy's names
    stages.load(settings, results[2:], outcomes)
    assert _names(engine) == registry_names
    _assert_as_joined(engine)


def test_a_filtered_named_query_reads_the_stored_names(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    results = parse_results(settings, _docs())
    stages.load(settings, results, stages.validate(settings, results))
    stages.refresh_views(settings)
    engine = engine_for(db_url)
    place = {"jurisdiction": "621100", "year": 2026, "indicator": "gdp_growth"}
    for name, table, view_sql in (("targets", "summary_measured_targets", _V_TARGETS_JOINED),
                                  ("target_gap", "summary_target_gap", _V_TARGET_GAP_JOINED)):
        now = _rows(engine, _query(name), place, ordered=True)
        assert now[1] and now == _rows(engine, _query_joined(name, table, view_sql), place, ordered=True)
        assert all(row[now[0].index("indicator_name")] for row in now[1])
