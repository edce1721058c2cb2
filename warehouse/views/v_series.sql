-- v_series: one row per jurisdiction, indicator and year, from the first to the last year
-- the jurisdiction has a target (period = the year) or an actual for the indicator; years
-- with neither are rows too (status no_document or not_stated), so a gap in the record is a
-- row a researcher sees, never a missing one.
-- target_*: the year's target (from v_measured_targets, preference 1; the work report's,
-- then a breakdown's), with its qualifier, unit and measure. actual_*: the figure for the
-- year reported in the next year's documents (the 2025 outcome in the 2026 work report;
-- the work report's first). gap = actual - target (the low end; the high end for at_most),
-- only where both exist in the same unit.
-- status: target (a target is stated), actual_only (no target, an actual reported the next
-- year), not_stated (the jurisdiction has documents for the year, none states this
-- indicator), no_document (no loaded document for the year and no actual).
-- year_documents counts the jurisdiction's loaded documents for the year (0 for a gap).
-- The named query `series` (warehouse/queries/series.sql) reads this view.
CREATE VIEW v_series AS
WITH RECURSIVE year_targets AS (
    SELECT jurisdiction_code, year, indicator_code, kind, doc_key, low, high, qualifier, value_unit,
           measure, raw,
           ROW_NUMBER() OVER (
               PARTITION BY jurisdiction_code, year, indicator_code
               ORDER BY CASE kind WHEN 'work_report' THEN 0 ELSE 1 END, ordinal
           ) AS rank_in_year
    FROM v_measured_targets
    WHERE indicator_code IS NOT NULL AND period = CAST(year AS VARCHAR(20))
),
next_year_actuals AS (
    SELECT d.jurisdiction_code, a.year, a.indicator_code, a.value, a.value_unit, a.raw, d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, a.year, a.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, a.ordinal
           ) AS rank_in_year
    FROM documents d
    JOIN actuals a ON a.version_id = d.current_version_id
    WHERE a.indicator_code IS NOT NULL AND a.year = d.year - 1
),
observed AS (
    SELECT jurisdiction_code, indicator_code, year FROM year_targets WHERE rank_in_year = 1
    UNION
    SELECT jurisdiction_code, indicator_code, year FROM next_year_actuals WHERE rank_in_year = 1
),
spans AS (
    SELECT jurisdiction_code, indicator_code, MIN(year) AS first_year, MAX(year) AS last_year
    FROM observed GROUP BY jurisdiction_code, indicator_code
),
years (year) AS (
    SELECT MIN(first_year) FROM spans
    UNION ALL
    SELECT y.year + 1 FROM years y WHERE y.year < (SELECT MAX(last_year) FROM spans)
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
       CASE WHEN t.indicator_code IS NOT NULL THEN 'target'
            WHEN a.indicator_code IS NOT NULL THEN 'actual_only'
            WHEN COALESCE(yd.documents, 0) > 0 THEN 'not_stated'
            ELSE 'no_document' END AS status,
       COALESCE(yd.documents, 0) AS year_documents,
       t.low AS target_low,
       t.high AS target_high,
       t.qualifier AS target_qualifier,
       t.value_unit AS target_unit,
       t.measure AS target_measure,
       t.raw AS target_raw,
       t.kind AS target_kind,
       t.doc_key AS target_doc_key,
       a.value AS actual_value,
       a.value_unit AS actual_unit,
       a.raw AS actual_raw,
       a.doc_key AS actual_doc_key,
       CASE WHEN a.value IS NULL OR COALESCE(a.value_unit, '') <> COALESCE(t.value_unit, '') THEN NULL
            WHEN t.qualifier = 'at_most' THEN a.value - COALESCE(t.high, t.low)
            ELSE a.value - COALESCE(t.low, t.high) END AS gap
FROM spans s
JOIN years y ON y.year BETWEEN s.first_year AND s.last_year
JOIN jurisdictions j ON j.code = s.jurisdiction_code
LEFT JOIN year_targets t
       ON t.jurisdiction_code = s.jurisdiction_code AND t.indicator_code = s.indicator_code
      AND t.year = y.year AND t.rank_in_year = 1
LEFT JOIN next_year_actuals a
       ON a.jurisdiction_code = s.jurisdiction_code AND a.indicator_code = s.indicator_code
      AND a.year = y.year AND a.rank_in_year = 1
LEFT JOIN year_documents yd ON yd.jurisdiction_code = s.jurisdiction_code AND yd.year = y.year
