"""Summary tables: the per-document aggregates behind the views, kept current by the load.

Counting tasks per part, ranking lead units, choosing the target that stands for a
jurisdiction-year-indicator: done at query time, each of these reads the fact tables of
every document (25M task–unit rows at national scale) before a filter can apply. So the
load computes them per document, in the document's own savepoint, for the documents it
changed (``refresh(conn, document_ids)``), and the views read these rows. A migration or a
repair rebuilds everything (``refresh(conn, None)``).

Each table holds exactly what its view computed before (same rules, same SQL), scoped to
the changed documents:
- ``summary_document_counts``, ``summary_unit_workload``: keyed by document;
- ``summary_preferred_targets``: keyed by jurisdiction, year, period and indicator, so a
  changed document recomputes its jurisdiction-year (a child's parent target is read
  through it at query time);
- ``summary_measured_targets``: one row per target of a current version, keyed by the
  target; its preference ranks the targets of a jurisdiction-year, so that place is recomputed;
  the parent's preferred target stored beside each (v_targets' parent_* columns) comes from
  the parent's jurisdiction-year, so a changed place also refreshes its children's rows of
  that year (``jurisdictions.parent_code``);
- ``summary_target_actuals``: keyed by jurisdiction, year and indicator; a document of
  year Y holds the year-Y targets and the year-(Y-1) actuals, so both years are recomputed;
- ``summary_document_checks``: keyed by document (its newest version's failed expectations,
  its sources), refreshed on every load of the document, even an unchanged one.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import Connection

from warehouse.models import SUMMARY_TABLES
from warehouse.writes import in_list, run

# {docs}: a condition on the documents alias `d` (all documents, or the changed ones)
_DOCUMENT_COUNTS = """
WITH current_docs AS (
    SELECT d.id AS document_id, d.current_version_id AS version_id, d.jurisdiction_code, d.year, d.kind,
           d.doc_key, d.completeness AS document_completeness
    FROM documents d
    WHERE d.current_version_id IS NOT NULL AND {docs}
),
year_targets AS (
    -- a numbered target row stating several figures is still one target
    SELECT c.version_id,
           COUNT(DISTINCT COALESCE('#' || CAST(t.seq AS TEXT), CAST(t.ordinal AS TEXT))) AS parsed
    FROM current_docs c
    JOIN targets t ON t.version_id = c.version_id AND t.period = CAST(c.year AS TEXT)
    GROUP BY c.version_id
),
task_totals AS (
    SELECT c.version_id, COUNT(*) AS parsed
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.version_id
),
declared AS (
    SELECT c.document_id, c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           dc.what, dc.part, dc.count AS declared,
           CASE WHEN dc.parsed_count IS NOT NULL THEN dc.parsed_count
                WHEN c.kind = 'interpretation' OR dc.part IS NOT NULL THEN NULL
                -- a report or breakdown stating a total is compared even when nothing was parsed
                WHEN dc.what = 'tasks' THEN COALESCE(tt.parsed, 0)
                WHEN dc.what = 'targets' THEN COALESCE(yt.parsed, 0)
           END AS parsed,
           dc.ordinal AS sort_order,
           CASE WHEN dc.part IS NULL THEN 'document' ELSE 'part' END AS level
    FROM current_docs c
    JOIN declared_counts dc ON dc.version_id = c.version_id
    LEFT JOIN task_totals tt ON tt.version_id = c.version_id
    LEFT JOIN year_targets yt ON yt.version_id = c.version_id
),
parsed_totals AS (
    SELECT version_id, 'tasks' AS what, parsed FROM task_totals
    UNION ALL
    SELECT version_id, 'targets' AS what, parsed FROM year_targets
),
parsed_parts AS (
    SELECT c.version_id, t.part, COUNT(*) AS parsed, MIN(t.ordinal) AS sort_order
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    WHERE t.part IS NOT NULL
    GROUP BY c.version_id, t.part
)
INSERT INTO summary_document_counts
    (document_id, version_id, jurisdiction_code, year, kind, doc_key, document_completeness,
     what, part, level, declared_count, parsed_count, sort_order)
SELECT document_id, version_id, jurisdiction_code, year, kind, doc_key, document_completeness,
       what, part, level, declared, parsed, sort_order
FROM declared
UNION ALL
SELECT c.document_id, c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
       p.what, CAST(NULL AS TEXT), 'document', CAST(NULL AS INTEGER), p.parsed, 0
FROM parsed_totals p
JOIN current_docs c ON c.version_id = p.version_id
WHERE NOT EXISTS (SELECT 1 FROM declared_counts x
                  WHERE x.version_id = p.version_id AND x.what = p.what AND x.part IS NULL)
UNION ALL
SELECT c.document_id, c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
       'tasks', p.part, 'part', CAST(NULL AS INTEGER), p.parsed, p.sort_order
FROM parsed_parts p
JOIN current_docs c ON c.version_id = p.version_id
-- per-part labels are compared by the loader; when the document declares per-part task
-- counts, those rows (with the loader's parsed figure) stand for the parts
WHERE NOT EXISTS (SELECT 1 FROM declared_counts x
                  WHERE x.version_id = p.version_id AND x.what = 'tasks' AND x.part IS NOT NULL)
"""

_UNIT_WORKLOAD = """
WITH current_docs AS (
    SELECT d.id AS document_id, d.jurisdiction_code, d.year, d.doc_key, d.current_version_id AS version_id
    FROM documents d
    WHERE d.current_version_id IS NOT NULL AND {docs}
),
task_units_of AS (
    -- (task, role, unit) is unique, so lead rows count lead tasks; other roles may repeat a task
    SELECT c.document_id, tu.unit_id,
           SUM(CASE WHEN tu.role = 'lead' THEN 1 ELSE 0 END) AS lead_tasks,
           SUM(CASE WHEN tu.role = 'lead' AND tu.inherited THEN 1 ELSE 0 END) AS lead_tasks_inherited,
           COUNT(DISTINCT CASE WHEN tu.role <> 'lead' THEN t.id END) AS other_role_tasks
    FROM current_docs c
    JOIN tasks t ON t.version_id = c.version_id
    JOIN task_units tu ON tu.task_id = t.id
    GROUP BY c.document_id, tu.unit_id
),
target_units_of AS (
    SELECT c.document_id, gu.unit_id,
           SUM(CASE WHEN gu.role = 'lead' THEN 1 ELSE 0 END) AS lead_targets,
           COUNT(DISTINCT CASE WHEN gu.role <> 'lead' THEN g.id END) AS other_role_targets
    FROM current_docs c
    JOIN targets g ON g.version_id = c.version_id
    JOIN target_units gu ON gu.target_id = g.id
    GROUP BY c.document_id, gu.unit_id
),
spellings_of AS (
    SELECT document_id, unit_id, COUNT(DISTINCT name_raw) AS spellings
    FROM (SELECT c.document_id, tu.unit_id, tu.name_raw
          FROM current_docs c JOIN tasks t ON t.version_id = c.version_id JOIN task_units tu ON tu.task_id = t.id
          UNION ALL
          -- CROSS JOIN: SQLite joins in this order (it scanned all of target_units per
          -- document otherwise); PostgreSQL plans it as the inner join it is
          SELECT c.document_id, gu.unit_id, gu.name_raw
          FROM current_docs c JOIN targets g ON g.version_id = c.version_id CROSS JOIN target_units gu
          WHERE gu.target_id = g.id
         ) s
    GROUP BY document_id, unit_id
),
task_totals AS (
    SELECT c.document_id, COUNT(*) AS tasks_in_document
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.document_id
),
per_unit AS (
    SELECT c.document_id, c.jurisdiction_code, c.year, c.doc_key, s.unit_id, u.name AS unit_name,
           COALESCE(tu.lead_tasks, 0) AS lead_tasks,
           COALESCE(gu.lead_targets, 0) AS lead_targets,
           COALESCE(tu.lead_tasks_inherited, 0) AS lead_tasks_inherited,
           COALESCE(tu.other_role_tasks, 0) AS other_role_tasks,
           COALESCE(gu.other_role_targets, 0) AS other_role_targets,
           s.spellings,
           tt.tasks_in_document
    FROM spellings_of s
    JOIN current_docs c ON c.document_id = s.document_id
    JOIN units u ON u.id = s.unit_id
    LEFT JOIN task_units_of tu ON tu.document_id = s.document_id AND tu.unit_id = s.unit_id
    LEFT JOIN target_units_of gu ON gu.document_id = s.document_id AND gu.unit_id = s.unit_id
    LEFT JOIN task_totals tt ON tt.document_id = s.document_id
)
INSERT INTO summary_unit_workload
    (document_id, jurisdiction_code, year, doc_key, unit_id, unit_name, lead_tasks, lead_targets, lead_tasks_inherited,
     other_role_tasks, other_role_targets, spellings, tasks_in_document, rank)
SELECT document_id, jurisdiction_code, year, doc_key, unit_id, unit_name, lead_tasks, lead_targets, lead_tasks_inherited,
       other_role_tasks, other_role_targets, spellings, tasks_in_document,
       RANK() OVER (PARTITION BY document_id ORDER BY lead_tasks DESC)
FROM per_unit
"""

# {places}: a condition on the documents alias `d` choosing the jurisdiction-years to recompute
_PREFERRED_TARGETS = """
WITH ranked AS (
    SELECT d.jurisdiction_code, d.year, t.period, t.indicator_code, t.id AS target_id, d.id AS document_id,
           t.low, t.high, t.qualifier, t.value_unit, d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.period, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE t.indicator_code IS NOT NULL AND {places}
)
INSERT INTO summary_preferred_targets
    (jurisdiction_code, year, period, indicator_code, target_id, document_id, low, high, qualifier, value_unit, doc_key)
SELECT jurisdiction_code, year, period, indicator_code, target_id, document_id, low, high, qualifier, value_unit, doc_key
FROM ranked WHERE preference = 1
"""

# {places}: as above. v_measured_targets' rows: what each target measures, and its preference
# among the targets of its jurisdiction, year, period, indicator and quantity (all in one
# jurisdiction-year, so recomputing that place is exact); v_targets and v_target_gap read them
# too. No per-cent sign in this SQL: psycopg would read it as a placeholder.
_MEASURED_TARGETS = """
WITH measured AS (
    SELECT d.id AS document_id, d.jurisdiction_code, d.year, d.kind, d.doc_key,
           t.id AS target_id, t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit, t.raw, t.span_section, t.span_line, t.span_row,
           CASE WHEN t.low IS NULL AND t.high IS NULL THEN 'qualitative'
                WHEN t.value_unit IS NULL OR t.value_unit = '' THEN 'number'
                WHEN t.value_unit = '百分点' THEN '个百分点'
                ELSE t.value_unit END AS measure,
           CASE WHEN t.period = CAST(d.year AS VARCHAR(20)) THEN 'annual'
                WHEN REPLACE(t.raw, '年均', '') <> t.raw OR REPLACE(t.raw, '年平均', '') <> t.raw
                    THEN 'average_annual'
                WHEN REPLACE(t.raw, '累计', '') <> t.raw OR REPLACE(t.raw, '增长', '') <> t.raw
                     OR REPLACE(t.raw, '下降', '') <> t.raw THEN 'cumulative'
                ELSE 'end_of_period' END AS basis
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE {places}
),
keyed AS (
    SELECT measured.*, measure || '/' || basis AS quantity FROM measured
)
INSERT INTO summary_measured_targets
    (target_id, document_id, jurisdiction_code, year, kind, doc_key, ordinal, seq, period, indicator_code,
     indicator_raw, low, high, qualifier, value_unit, raw, span_section, span_line, span_row,
     measure, basis, value_low, value_high, is_range, quantity, preference)
SELECT target_id, document_id, jurisdiction_code, year, kind, doc_key, ordinal, seq, period, indicator_code,
       indicator_raw, low, high, qualifier, value_unit, raw, span_section, span_line, span_row,
       measure, basis, COALESCE(low, high), COALESCE(high, low),
       CASE WHEN low IS NOT NULL AND high IS NOT NULL AND low <> high THEN 1 ELSE 0 END,
       quantity,
       ROW_NUMBER() OVER (
           PARTITION BY jurisdiction_code, year, period, indicator_code, quantity
           ORDER BY CASE kind WHEN 'work_report' THEN 0 ELSE 1 END, ordinal
       )
FROM keyed
"""

# {target_places} / {actual_places}: conditions on `d` choosing the documents whose targets /
# actuals fall in the jurisdiction-years to recompute
_TARGET_ACTUALS = """
WITH year_targets AS (
    SELECT d.jurisdiction_code, d.year, t.indicator_code, t.id AS target_id, d.id AS document_id,
           d.kind, d.doc_key, t.indicator_raw, t.low, t.high, t.qualifier, t.value_unit, t.raw,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE t.indicator_code IS NOT NULL
      AND t.period = CAST(d.year AS VARCHAR(20))
      AND {target_places}
),
next_year_actuals AS (
    SELECT d.jurisdiction_code, a.year, a.indicator_code, a.id AS actual_id, d.id AS document_id,
           d.doc_key, a.indicator_raw, a.value, a.value_unit, a.raw,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, a.year, a.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, a.ordinal
           ) AS preference
    FROM documents d
    JOIN actuals a ON a.version_id = d.current_version_id
    WHERE a.indicator_code IS NOT NULL
      AND a.year = d.year - 1
      AND {actual_places}
),
chosen AS (
    -- each key has at most one preferred target and one preferred actual: one grouped pass
    -- pairs them (each CTE read once, so none is computed whole and scanned per key)
    SELECT jurisdiction_code, year, indicator_code, target_id, document_id AS target_document_id,
           kind AS target_kind, doc_key AS target_doc_key, indicator_raw AS target_indicator_raw,
           low AS target_low, high AS target_high, qualifier AS target_qualifier, value_unit AS target_unit,
           raw AS target_raw,
           CAST(NULL AS INTEGER) AS actual_id, CAST(NULL AS INTEGER) AS actual_document_id,
           CAST(NULL AS TEXT) AS actual_doc_key, CAST(NULL AS TEXT) AS actual_indicator_raw,
           CAST(NULL AS FLOAT) AS actual_value, CAST(NULL AS TEXT) AS actual_unit, CAST(NULL AS TEXT) AS actual_raw
    FROM year_targets WHERE preference = 1
    UNION ALL
    SELECT jurisdiction_code, year, indicator_code, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER),
           CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS FLOAT), CAST(NULL AS FLOAT),
           CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
           actual_id, document_id, doc_key, indicator_raw, value, value_unit, raw
    FROM next_year_actuals WHERE preference = 1
)
INSERT INTO summary_target_actuals
    (jurisdiction_code, year, indicator_code, target_id, target_document_id, target_kind, target_doc_key,
     target_indicator_raw, target_low, target_high, target_qualifier, target_unit, target_raw,
     actual_id, actual_document_id, actual_doc_key, actual_indicator_raw, actual_value, actual_unit, actual_raw)
SELECT jurisdiction_code, year, indicator_code, MAX(target_id), MAX(target_document_id), MAX(target_kind),
       MAX(target_doc_key), MAX(target_indicator_raw), MAX(target_low), MAX(target_high), MAX(target_qualifier),
       MAX(target_unit), MAX(target_raw), MAX(actual_id), MAX(actual_document_id), MAX(actual_doc_key),
       MAX(actual_indicator_raw), MAX(actual_value), MAX(actual_unit), MAX(actual_raw)
FROM chosen
GROUP BY jurisdiction_code, year, indicator_code
"""

# {rows}: which summary_measured_targets rows. The parent's preferred target for the same year,
# period and indicator, as v_targets joined it at query time; correlated, so a row whose parent
# has none becomes NULL (SET (...) = (SELECT ...): SQLite >= 3.15 and PostgreSQL).
_PARENT_TARGETS = """
UPDATE summary_measured_targets
SET (parent_low, parent_high, parent_qualifier, parent_value_unit, parent_doc_key) = (
    SELECT pp.low, pp.high, pp.qualifier, pp.value_unit, pp.doc_key
    FROM jurisdictions j
    JOIN summary_preferred_targets pp ON pp.jurisdiction_code = j.parent_code
    WHERE j.code = summary_measured_targets.jurisdiction_code
      AND pp.year = summary_measured_targets.year
      AND pp.period = summary_measured_targets.period
      AND pp.indicator_code = summary_measured_targets.indicator_code)
WHERE {rows}
"""
# a place's own targets and its children's (their parent is this place) for one year
_PLACE_AND_CHILDREN = ("year = :y AND jurisdiction_code IN "
                       "(SELECT code FROM jurisdictions WHERE code = :j OR parent_code = :j)")

_PG_SUMMARY_LOCK = 7_204_114  # pg_advisory_xact_lock(key, hashtext(jurisdiction)): one refresher per place
_DOCUMENT_CHECKS = """
INSERT INTO summary_document_checks
    (document_id, expectations_run, critical_failures, warnings, sources, example_url)
SELECT d.id,
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)),
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)
          AND r.severity = 'critical' AND NOT r.success),
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)
          AND r.severity <> 'critical' AND NOT r.success),
       (SELECT COUNT(*) FROM provenances p WHERE p.document_id = d.id),
       (SELECT MIN(p.url) FROM provenances p WHERE p.document_id = d.id)
FROM documents d
WHERE {docs}
"""

def refresh(conn: Connection, document_ids: Iterable[int] | None, *, facts_changed: bool = True,
            places: Iterable[tuple[str, int]] | None = None) -> None:
    """Recompute the summary rows of the given documents (None: of every document) inside
    the caller's transaction. ``facts_changed=False``: only their checks and sources (a load
    that found the version unchanged may still have seen it at a new URL). ``places``: the
    documents' (jurisdiction code, year), when the caller knows them. Statements go to
    the driver (``warehouse.writes.run``): a load refreshes one document per savepoint,
    and SQLAlchemy's per-statement work was a large part of that."""
    if document_ids is None:
        rebuild(conn, None if facts_changed else ["summary_document_checks"])
        return
    ids = sorted(set(document_ids))
    if not ids:
        return
    marks, params = in_list("id", ids)
    if places is None:
        places = run(conn, f"SELECT DISTINCT jurisdiction_code, year FROM documents WHERE id IN ({marks})", params)
    if conn.dialect.name == "postgresql":
        _lock_places(conn, sorted({code for code, _ in places}))
    tables = {"summary_document_checks": _DOCUMENT_CHECKS}
    if facts_changed:
        tables.update(summary_document_counts=_DOCUMENT_COUNTS, summary_unit_workload=_UNIT_WORKLOAD)
    for table, insert in tables.items():
        run(conn, f"DELETE FROM {table} WHERE document_id IN ({marks})", params)
        run(conn, insert.format(docs=f"d.id IN ({marks})"), params)
    if not facts_changed:
        return
    # per jurisdiction-year of the changed documents, by the indexed keys
    same = "{a}jurisdiction_code = :j AND {a}year"
    for code, year in sorted(set(places)):
        place = {"j": code, "y": year}
        run(conn, "DELETE FROM summary_preferred_targets WHERE " + same.format(a="") + " = :y", place)
        run(conn, _PREFERRED_TARGETS.format(places=same.format(a="d.") + " = :y"), place)
        run(conn, "DELETE FROM summary_measured_targets WHERE " + same.format(a="") + " = :y", place)
        run(conn, _MEASURED_TARGETS.format(places=same.format(a="d.") + " = :y"), place)
        run(conn, _PARENT_TARGETS.format(rows=_PLACE_AND_CHILDREN), place)
        run(conn, "DELETE FROM summary_target_actuals WHERE " + same.format(a="") + " IN (:y, :y - 1)", place)
        run(conn, _TARGET_ACTUALS.format(target_places=same.format(a="d.") + " IN (:y, :y - 1)",
                                         actual_places=same.format(a="d.") + " IN (:y + 1, :y)"), place)


def _lock_places(conn: Connection, codes: list[str]) -> None:
    """Two loads of one jurisdiction's documents rewrite the same jurisdiction-year rows:
    the second waits for the first to commit (then reads what it wrote), instead of failing
    on the unique key. SQLite serialises writers already."""
    for code in codes:
        run(conn, "SELECT pg_advisory_xact_lock(:key, hashtext(:code))", {"key": _PG_SUMMARY_LOCK, "code": code})


def refresh_doc_keys(conn: Connection, doc_keys: Iterable[str], *, facts_changed: bool = True) -> None:
    """``refresh`` for the documents with these doc keys."""
    keys = sorted(set(doc_keys))
    if keys:
        marks, params = in_list("k", keys)
        found = run(conn, f"SELECT id FROM documents WHERE doc_key IN ({marks})", params)
        refresh(conn, [i for (i,) in found], facts_changed=facts_changed)


# every row of each summary table, in the order a rebuild fills them
_EVERY = {
    "summary_document_checks": _DOCUMENT_CHECKS.format(docs="1 = 1"),
    "summary_document_counts": _DOCUMENT_COUNTS.format(docs="1 = 1"),
    "summary_unit_workload": _UNIT_WORKLOAD.format(docs="1 = 1"),
    "summary_preferred_targets": _PREFERRED_TARGETS.format(places="1 = 1"),
    "summary_measured_targets": _MEASURED_TARGETS.format(places="1 = 1"),
    "summary_target_actuals": _TARGET_ACTUALS.format(target_places="1 = 1", actual_places="1 = 1"),
}


def rebuild(conn: Connection, tables: Iterable[str] | None = None) -> None:
    """Every row of the summary tables (None: all of them) from scratch: a repair, or a
    migration, which names the tables it creates (a later table or column does not exist
    yet: migration 0009 fills the parent targets itself)."""
    for table in (_EVERY if tables is None else tables):
        run(conn, f"DELETE FROM {table}")
        run(conn, _EVERY[table])
    if tables is None:
        fill_parent_targets(conn)


def refresh_moved(conn: Connection, codes: list[str]) -> None:
    """The parent targets beside the targets of jurisdictions the registry gave a new parent
    (every year): the load's dimension step calls this after updating ``jurisdictions``."""
    if codes:
        marks, params = in_list("c", sorted(set(codes)))
        run(conn, _PARENT_TARGETS.format(rows=f"jurisdiction_code IN ({marks})"), params)


def fill_parent_targets(conn: Connection) -> None:
    """The parent's preferred target beside every stored target (summary_preferred_targets
    already filled): a rebuild, or migration 0009 which adds those columns."""
    run(conn, _PARENT_TARGETS.format(rows="1 = 1"))


__all__ = ["SUMMARY_TABLES", "fill_parent_targets", "rebuild", "refresh_moved", "refresh", "refresh_doc_keys"]
