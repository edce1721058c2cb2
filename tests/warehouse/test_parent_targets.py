"""The parent's preferred target the load stores beside each target (migration 0009,
``summary_measured_targets.parent_*``, read by v_targets): the same rows v_targets joined at
query time, and kept current when the parent's document is loaded after the child's."""

from __future__ import annotations

from sqlalchemy import text

from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from warehouse.db import engine_for

# v_targets as it was computed at query time before the load kept the parent's target
# beside each row (summary_preferred_targets joined by the parent's code): the view's rows
# must be exactly these.
_TARGETS_AT_QUERY_TIME = """
SELECT t.jurisdiction_code, j.name, j.level, t.year, t.kind, t.doc_key, t.target_id, t.ordinal, t.seq,
       t.period, t.indicator_code, t.indicator_raw, t.low, t.high, t.qualifier, t.value_unit, t.raw,
       t.span_section, t.span_line, t.span_row, j.parent_code, pj.name,
       pp.low, pp.high, pp.qualifier, pp.value_unit, pp.doc_key
FROM summary_measured_targets t
JOIN jurisdictions j ON j.code = t.jurisdiction_code
LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
LEFT JOIN summary_preferred_targets pp
       ON pp.jurisdiction_code = j.parent_code AND pp.year = t.year
      AND pp.period = t.period AND pp.indicator_code = t.indicator_code
"""


def _docs():
    gansu = f.work_report(code="620000", year=2026)
    gansu.targets[0].low = gansu.targets[0].high = 6.0
    dingxi = f.work_report(code="621100", year=2026)  # Gansu's child
    dingxi_breakdown = f.breakdown(code="621100", year=2026)
    return [dingxi, dingxi_breakdown, gansu, f.work_report(code="420100", year=2020)]


def _rows(engine, sql):
    with engine.connect() as conn:
        return sorted((tuple(r) for r in conn.execute(text(sql))), key=repr)


def _dingxi_parent_gdp(engine):
    return _rows(engine, "SELECT parent_low, parent_high, parent_qualifier FROM v_targets "
                         "WHERE jurisdiction_code = '621100' AND indicator_code = 'gdp_growth' AND period = '2026'")


def test_parent_targets_stored_are_the_query_time_rows_and_follow_a_later_parent_load(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    results = parse_results(settings, _docs())
    outcomes = stages.validate(settings, results)
    engine = engine_for(db_url)

    stages.load(settings, results[:2], outcomes)  # the child first: its parent has no target yet
    stages.refresh_views(settings)
    before = _dingxi_parent_gdp(engine)
    assert before and all(row == (None, None, None) for row in before)

    stages.load(settings, results[2:], outcomes)  # the parent's document refreshes the child's rows
    after = _dingxi_parent_gdp(engine)
    assert after and all(row[:2] == (6.0, 6.0) for row in after)

    now = _rows(engine, "SELECT * FROM v_targets")
    assert now and now == _rows(engine, _TARGETS_AT_QUERY_TIME)
    assert any(row[-1] is not None for row in now) and any(row[-1] is None for row in now)


def test_a_jurisdiction_the_registry_moves_gets_its_new_parents_targets(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    results = parse_results(settings, _docs())
    outcomes = stages.validate(settings, results)
    stages.load(settings, results, outcomes)
    stages.refresh_views(settings)
    engine = engine_for(db_url)
    with engine.begin() as conn:  # as a warehouse loaded without the registry's hierarchy held it
        conn.execute(text("UPDATE jurisdictions SET parent_code = NULL WHERE code = '621100'"))
        conn.execute(text("UPDATE summary_measured_targets SET parent_low = NULL, parent_high = NULL, "
                          "parent_qualifier = NULL, parent_value_unit = NULL, parent_doc_key = NULL "
                          "WHERE jurisdiction_code = '621100'"))

    stages.load(settings, results[:2], outcomes)  # the registry puts Dingxi back under Gansu
    assert _dingxi_parent_gdp(engine) and all(row[:2] == (6.0, 6.0) for row in _dingxi_parent_gdp(engine))
    assert _rows(engine, "SELECT * FROM v_targets") == _rows(engine, _TARGETS_AT_QUERY_TIME)
