-- target-vs-actual: a year's target beside the actual reported for that year in the next
-- year's documents (the 2025 target beside the 2025 outcome stated in the 2026 work report).
--
-- One row per jurisdiction, year and indicator that has a target for the year, an actual
-- reported the year after, or both (the other side NULL). Only targets and actuals matched
-- to the indicator taxonomy take part. Where both a work report and a breakdown state the
-- target, the work report's is used.
--   target_low, target_high, qualifier, target_unit   the year's target
--   actual_value, actual_unit                         the outcome reported the next year
--   difference   actual_value - target (the target's low end; its high end for at_most);
--                NULL unless both exist in the same unit
--   met          1 when the actual reached the target (at_most: stayed at or below it),
--                0 when not, NULL when not comparable (qualitative, units differ, a side missing)
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (621100), full name (定西市) or short name (定西)
--   :year          the year the target and the actual are for
--   :indicator     indicator code from the taxonomy (gdp_growth)
--
-- display: jurisdiction_name, year, indicator_code, target_low, target_high, qualifier, target_unit, actual_value, actual_unit, difference, met
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
WITH year_targets AS (
    SELECT d.jurisdiction_code, d.year, t.indicator_code, t.low, t.high, t.qualifier,
           t.value_unit, t.raw, d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE t.indicator_code IS NOT NULL
      AND t.period = CAST(d.year AS TEXT)
),
next_year_actuals AS (
    SELECT d.jurisdiction_code, a.year, a.indicator_code, a.value, a.value_unit, a.raw, d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, a.year, a.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, a.ordinal
           ) AS preference
    FROM documents d
    JOIN actuals a ON a.version_id = d.current_version_id
    WHERE a.indicator_code IS NOT NULL
      AND d.year = a.year + 1
),
pair_keys AS (
    SELECT jurisdiction_code, year, indicator_code FROM year_targets WHERE preference = 1
    UNION
    SELECT jurisdiction_code, year, indicator_code FROM next_year_actuals WHERE preference = 1
),
pairs AS (
    SELECT k.jurisdiction_code, k.year, k.indicator_code,
           t.low AS target_low, t.high AS target_high, t.qualifier, t.value_unit AS target_unit,
           t.raw AS target_raw, t.doc_key AS target_doc_key,
           a.value AS actual_value, a.value_unit AS actual_unit, a.raw AS actual_raw,
           a.doc_key AS actual_doc_key,
           CASE WHEN t.qualifier = 'at_most' THEN COALESCE(t.high, t.low)
                ELSE COALESCE(t.low, t.high) END AS target_point
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
       i.name AS indicator_name,
       p.target_low,
       p.target_high,
       p.qualifier,
       p.target_unit,
       p.actual_value,
       p.actual_unit,
       CASE WHEN p.target_point IS NULL OR p.actual_value IS NULL
                 OR COALESCE(p.target_unit, '') <> COALESCE(p.actual_unit, '') THEN NULL
            ELSE p.actual_value - p.target_point END AS difference,
       CASE WHEN p.target_point IS NULL OR p.actual_value IS NULL
                 OR COALESCE(p.target_unit, '') <> COALESCE(p.actual_unit, '') THEN NULL
            WHEN p.qualifier = 'at_most' THEN CASE WHEN p.actual_value <= p.target_point THEN 1 ELSE 0 END
            ELSE CASE WHEN p.actual_value >= p.target_point THEN 1 ELSE 0 END END AS met,
       p.target_raw,
       p.actual_raw,
       p.target_doc_key,
       p.actual_doc_key
FROM pairs p
JOIN jurisdictions j ON j.code = p.jurisdiction_code
LEFT JOIN indicators i ON i.code = p.indicator_code
WHERE (CAST(:jurisdiction AS TEXT) IS NULL
       OR j.code = CAST(:jurisdiction AS TEXT)
       OR j.name = CAST(:jurisdiction AS TEXT)
       OR j.short_name = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR p.year = CAST(:year AS INTEGER))
  AND (CAST(:indicator AS TEXT) IS NULL OR p.indicator_code = CAST(:indicator AS TEXT))
ORDER BY p.indicator_code, p.year, p.jurisdiction_code
