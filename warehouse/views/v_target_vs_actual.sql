-- v_target_vs_actual: a year's target beside the actual for that year reported in the next
-- year's documents (the 2025 target beside the 2025 figure in the 2026 work report), by
-- jurisdiction and indicator code. Year targets only (period = the document year). Targets
-- without an actual keep NULL actual columns.
CREATE VIEW v_target_vs_actual AS
WITH year_targets AS (
    SELECT d.jurisdiction_code, d.year, d.kind, d.doc_key, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit,
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
    SELECT d.jurisdiction_code, a.year, a.indicator_code, a.value, a.value_unit, a.raw,
           d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, a.year, a.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, a.ordinal
           ) AS preference
    FROM documents d
    JOIN actuals a ON a.version_id = d.current_version_id
    WHERE a.indicator_code IS NOT NULL
      AND a.year = d.year - 1
)
SELECT t.jurisdiction_code,
       j.name AS jurisdiction_name,
       t.year,
       t.indicator_code,
       t.indicator_raw,
       t.kind AS target_kind,
       t.doc_key AS target_doc_key,
       t.low AS target_low,
       t.high AS target_high,
       t.qualifier AS target_qualifier,
       t.value_unit AS target_unit,
       a.value AS actual_value,
       a.value_unit AS actual_unit,
       a.raw AS actual_raw,
       a.doc_key AS actual_doc_key,
       CASE WHEN a.value IS NULL OR COALESCE(a.value_unit, '') <> COALESCE(t.value_unit, '') THEN NULL
            WHEN t.qualifier IN ('at_least', 'about', 'exact') AND t.low IS NOT NULL
                THEN CASE WHEN a.value >= t.low THEN 1 ELSE 0 END
            WHEN t.qualifier = 'at_most' AND t.high IS NOT NULL
                THEN CASE WHEN a.value <= t.high THEN 1 ELSE 0 END
            WHEN t.qualifier = 'range' AND t.low IS NOT NULL AND t.high IS NOT NULL
                THEN CASE WHEN a.value >= t.low AND a.value <= t.high THEN 1 ELSE 0 END
            ELSE NULL END AS met
FROM year_targets t
JOIN jurisdictions j ON j.code = t.jurisdiction_code
LEFT JOIN next_year_actuals a
       ON a.jurisdiction_code = t.jurisdiction_code
      AND a.year = t.year
      AND a.indicator_code = t.indicator_code
      AND a.preference = 1
WHERE t.preference = 1
