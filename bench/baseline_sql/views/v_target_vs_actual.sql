-- v_target_vs_actual: a year's target beside the actual for that year reported in the next
-- year's documents (the 2025 target beside the 2025 figure in the 2026 work report), by
-- jurisdiction and indicator code. One row per jurisdiction, year and indicator with a year
-- target (period = the document year), an actual reported the year after, or both; the
-- missing side is NULL. Only targets and actuals with an indicator code take part; where both
-- a work report and a breakdown state one, the work report's is used (then the lowest ordinal).
-- The named query `target-vs-actual` (warehouse/queries/target_vs_actual.sql) reads this view.
CREATE VIEW v_target_vs_actual AS
WITH year_targets AS (
    SELECT d.jurisdiction_code, d.year, d.kind, d.doc_key, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit, t.raw,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE t.indicator_code IS NOT NULL
      AND t.period = CAST(d.year AS VARCHAR(20))
),
next_year_actuals AS (
    SELECT d.jurisdiction_code, a.year, a.indicator_code, a.indicator_raw, a.value, a.value_unit, a.raw,
           d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, a.year, a.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, a.ordinal
           ) AS preference
    FROM documents d
    JOIN actuals a ON a.version_id = d.current_version_id
    WHERE a.indicator_code IS NOT NULL
      AND a.year = d.year - 1
),
pair_keys AS (
    SELECT jurisdiction_code, year, indicator_code FROM year_targets WHERE preference = 1
    UNION
    SELECT jurisdiction_code, year, indicator_code FROM next_year_actuals WHERE preference = 1
),
pairs AS (
    SELECT k.jurisdiction_code, k.year, k.indicator_code,
           COALESCE(t.indicator_raw, a.indicator_raw) AS indicator_raw,
           t.kind AS target_kind, t.doc_key AS target_doc_key,
           t.low AS target_low, t.high AS target_high, t.qualifier AS target_qualifier,
           t.value_unit AS target_unit, t.raw AS target_raw,
           a.value AS actual_value, a.value_unit AS actual_unit, a.raw AS actual_raw,
           a.doc_key AS actual_doc_key,
           -- the figure the actual is measured against: the ceiling of an at_most target, else its floor
           CASE WHEN t.qualifier = 'at_most' THEN COALESCE(t.high, t.low)
                ELSE COALESCE(t.low, t.high) END AS target_point,
           CASE WHEN a.value IS NULL OR t.qualifier IS NULL
                     OR COALESCE(a.value_unit, '') <> COALESCE(t.value_unit, '') THEN 0
                ELSE 1 END AS comparable
    FROM pair_keys k
    LEFT JOIN year_targets t
           ON t.jurisdiction_code = k.jurisdiction_code AND t.year = k.year
          AND t.indicator_code = k.indicator_code AND t.preference = 1
    LEFT JOIN next_year_actuals a
           ON a.jurisdiction_code = k.jurisdiction_code AND a.year = k.year
          AND a.indicator_code = k.indicator_code AND a.preference = 1
)
SELECT p.jurisdiction_code,
       j.name AS jurisdiction_name,
       p.year,
       p.indicator_code,
       p.indicator_raw,
       p.target_kind,
       p.target_doc_key,
       p.target_low,
       p.target_high,
       p.target_qualifier,
       p.target_unit,
       p.actual_value,
       p.actual_unit,
       p.actual_raw,
       p.actual_doc_key,
       CASE WHEN p.comparable = 0 THEN NULL
            WHEN p.target_qualifier IN ('at_least', 'about', 'exact') AND p.target_low IS NOT NULL
                THEN CASE WHEN p.actual_value >= p.target_low THEN 1 ELSE 0 END
            WHEN p.target_qualifier = 'at_most' AND p.target_high IS NOT NULL
                THEN CASE WHEN p.actual_value <= p.target_high THEN 1 ELSE 0 END
            WHEN p.target_qualifier = 'range' AND p.target_low IS NOT NULL AND p.target_high IS NOT NULL
                THEN CASE WHEN p.actual_value >= p.target_low AND p.actual_value <= p.target_high THEN 1 ELSE 0 END
            ELSE NULL END AS met,
       p.target_raw,
       CASE WHEN p.comparable = 0 OR p.target_point IS NULL THEN NULL
            ELSE p.actual_value - p.target_point END AS difference
FROM pairs p
JOIN jurisdictions j ON j.code = p.jurisdiction_code
