"""``summary_series``: v_series' rows (a jurisdiction's targets and actuals for an indicator
year by year, the years without either as rows too), kept by the load so the view is a scan
of one table and the named query series reads it in its key's order.

A jurisdiction's rows depend on its own summary_target_actuals rows (which years it spans,
the year's target and actual) and its own documents (the year's count) only, so a load
recomputes every row of each jurisdiction it changed (about 10 years × 16 indicators).
The rows are those the view computed at query time before (same SQL, scoped by {places}: a
condition on the jurisdiction_code of summary_target_actuals and of documents).
"""

from __future__ import annotations

from sqlalchemy import Connection

from warehouse.writes import in_list, run

# Ordered by the named query's key, so a rebuild writes the table in the order it is read.
_FILL = """
WITH RECURSIVE spans AS (
    SELECT jurisdiction_code, indicator_code, MIN(year) AS first_year, MAX(year) AS last_year
    FROM summary_target_actuals WHERE {places} GROUP BY jurisdiction_code, indicator_code
),
years (year) AS (
    SELECT MIN(first_year) FROM spans
    UNION ALL
    SELECT y.year + 1 FROM years y WHERE y.year < (SELECT MAX(last_year) FROM spans)
),
year_documents AS (
    SELECT jurisdiction_code, year, COUNT(*) AS documents
    FROM documents WHERE current_version_id IS NOT NULL AND {places}
    GROUP BY jurisdiction_code, year
)
INSERT INTO summary_series
    (jurisdiction_code, indicator_code, year, status, year_documents, target_low, target_high,
     target_qualifier, target_unit, target_measure, target_raw, target_kind, target_doc_key,
     actual_value, actual_unit, actual_raw, actual_doc_key, gap)
SELECT s.jurisdiction_code,
       s.indicator_code,
       y.year,
       CASE WHEN p.target_id IS NOT NULL THEN 'target'
            WHEN p.actual_id IS NOT NULL THEN 'actual_only'
            WHEN COALESCE(yd.documents, 0) > 0 THEN 'not_stated'
            ELSE 'no_document' END,
       COALESCE(yd.documents, 0),
       p.target_low,
       p.target_high,
       p.target_qualifier,
       p.target_unit,
       -- v_measured_targets.measure
       CASE WHEN p.target_id IS NULL THEN NULL
            WHEN p.target_low IS NULL AND p.target_high IS NULL THEN 'qualitative'
            WHEN p.target_unit IS NULL OR p.target_unit = '' THEN 'number'
            WHEN p.target_unit = '百分点' THEN '个百分点'
            ELSE p.target_unit END,
       p.target_raw,
       p.target_kind,
       p.target_doc_key,
       p.actual_value,
       p.actual_unit,
       p.actual_raw,
       p.actual_doc_key,
       CASE WHEN p.actual_value IS NULL OR COALESCE(p.actual_unit, '') <> COALESCE(p.target_unit, '') THEN NULL
            WHEN p.target_qualifier = 'at_most' THEN p.actual_value - COALESCE(p.target_high, p.target_low)
            ELSE p.actual_value - COALESCE(p.target_low, p.target_high) END
FROM spans s
JOIN years y ON y.year BETWEEN s.first_year AND s.last_year
LEFT JOIN summary_target_actuals p
       ON p.jurisdiction_code = s.jurisdiction_code AND p.indicator_code = s.indicator_code
      AND p.year = y.year
LEFT JOIN year_documents yd ON yd.jurisdiction_code = s.jurisdiction_code AND yd.year = y.year
ORDER BY s.jurisdiction_code, s.indicator_code, y.year
"""

EVERY_ROW = _FILL.format(places="1 = 1")


def refresh_jurisdictions(conn: Connection, codes: list[str]) -> None:
    """Every row of these jurisdictions (their summary_target_actuals already refreshed): one
    statement for all of them, a jurisdiction's rows being its own spans' alone."""
    marks, params = in_list("c", sorted(set(codes)))
    run(conn, f"DELETE FROM summary_series WHERE jurisdiction_code IN ({marks})", params)
    run(conn, _FILL.format(places=f"jurisdiction_code IN ({marks})"), params)
