-- v_series: one row per jurisdiction, indicator and year, from the first to the last year
-- the jurisdiction has a target (period = the year) or an actual for the indicator; years
-- with neither are rows too (status no_document or not_stated), so a gap in the record is a
-- row a researcher sees, never a missing one.
-- target_*: the year's target (the work report's, then a breakdown's; the lowest ordinal),
-- with its qualifier, unit and measure. actual_*: the figure for the
-- year reported in the next year's documents (the 2025 outcome in the 2026 work report;
-- the work report's first). gap = actual - target (the low end; the high end for at_most),
-- only where both exist in the same unit.
-- status: target (a target is stated), actual_only (no target, an actual reported the next
-- year), not_stated (the jurisdiction has documents for the year, none states this
-- indicator), no_document (no loaded document for the year and no actual).
-- year_documents counts the jurisdiction's loaded documents for the year (0 for a gap).
-- The year's target and the next year's actual are the load's choice per jurisdiction, year
-- and indicator (summary_target_actuals, warehouse/summaries.py: the same preference as
-- v_target_vs_actual), so no window runs over every target at query time and a filter on
-- the jurisdiction reaches the summary's key. measure is v_measured_targets' rule for it
-- (tests/research check that the two agree).
-- The named query `series` (warehouse/queries/series.sql) reads this view.
CREATE VIEW v_series AS
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
SELECT s.jurisdiction_code,
       j.name AS jurisdiction_name,
       s.indicator_code,
       y.year,
       CASE WHEN p.target_id IS NOT NULL THEN 'target'
            WHEN p.actual_id IS NOT NULL THEN 'actual_only'
            WHEN COALESCE(yd.documents, 0) > 0 THEN 'not_stated'
            ELSE 'no_document' END AS status,
       COALESCE(yd.documents, 0) AS year_documents,
       p.target_low,
       p.target_high,
       p.target_qualifier,
       p.target_unit,
       -- v_measured_targets.measure
       CASE WHEN p.target_id IS NULL THEN NULL
            WHEN p.target_low IS NULL AND p.target_high IS NULL THEN 'qualitative'
            WHEN p.target_unit IS NULL OR p.target_unit = '' THEN 'number'
            WHEN p.target_unit = '百分点' THEN '个百分点'
            ELSE p.target_unit END AS target_measure,
       p.target_raw,
       p.target_kind,
       p.target_doc_key,
       p.actual_value,
       p.actual_unit,
       p.actual_raw,
       p.actual_doc_key,
       CASE WHEN p.actual_value IS NULL OR COALESCE(p.actual_unit, '') <> COALESCE(p.target_unit, '') THEN NULL
            WHEN p.target_qualifier = 'at_most' THEN p.actual_value - COALESCE(p.target_high, p.target_low)
            ELSE p.actual_value - COALESCE(p.target_low, p.target_high) END AS gap
FROM spans s
JOIN years y ON y.year BETWEEN s.first_year AND s.last_year
JOIN jurisdictions j ON j.code = s.jurisdiction_code
LEFT JOIN summary_target_actuals p
       ON p.jurisdiction_code = s.jurisdiction_code AND p.indicator_code = s.indicator_code
      AND p.year = y.year
LEFT JOIN year_documents yd ON yd.jurisdiction_code = s.jurisdiction_code AND yd.year = y.year
