-- target-vs-actual: a year's target beside the actual reported for that year in the next
-- year's documents (the 2025 target beside the 2025 outcome stated in the 2026 work report).
--
-- Reads the view v_target_vs_actual (warehouse/views/v_target_vs_actual.sql, documented in
-- SCHEMA.md), which defines the answer; this file only filters, orders and adds the
-- indicator's name.
-- One row per jurisdiction, year and indicator that has a target for the year, an actual
-- reported the year after, or both (the other side NULL). Only targets and actuals matched
-- to the indicator taxonomy take part. Where both a work report and a breakdown state the
-- target, the work report's is used.
--   target_low, target_high, qualifier, target_unit   the year's target
--   actual_value, actual_unit                         the outcome reported the next year
--   difference   actual_value - target (the target's low end; its high end for at_most);
--                NULL unless both exist in the same unit
--   met          1 when the actual reached the target (at_least, about, exact: at or above
--                the value; at_most: at or below it; range: within it), 0 when not, NULL
--                when not comparable (qualitative, units differ, a side missing)
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (621100); govwork resolves names (full, short, pinyin) to it first
--                 (warehouse/names.py), so the filter reaches the view's tables and indexes
--   :year          the year the target and the actual are for
--   :indicator     indicator code from the taxonomy (gdp_growth)
--
-- display: jurisdiction_name, year, indicator_code, target_low, target_high, qualifier, target_unit, actual_value, actual_unit, difference, met
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.year,
       v.indicator_code,
       i.name AS indicator_name,
       v.target_low,
       v.target_high,
       v.target_qualifier AS qualifier,
       v.target_unit,
       v.actual_value,
       v.actual_unit,
       v.difference,
       v.met,
       v.target_raw,
       v.actual_raw,
       v.target_doc_key,
       v.actual_doc_key
FROM v_target_vs_actual v
LEFT JOIN indicators i ON i.code = v.indicator_code
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
  AND (CAST(:indicator AS TEXT) IS NULL OR v.indicator_code = CAST(:indicator AS TEXT))
ORDER BY v.indicator_code, v.year, v.jurisdiction_code
