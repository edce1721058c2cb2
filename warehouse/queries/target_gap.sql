-- target-gap: each target beside its parent's and every ancestor's for the same indicator,
-- period and quantity (what it measures, on what basis), with the difference in the targets'
-- unit (percentage points for percentages): Dingxi 2026 gdp_growth 6.5 vs Gansu ≈5.5 is +1.0
-- (`govwork query target-gap -j 621100 -y 2026 -i gdp_growth`).
--
-- The rows and columns of the view v_target_gap (warehouse/views/v_target_gap.sql, documented
-- in SCHEMA.md) with the indicator's name, read straight from the table that view scans,
-- summary_target_gap, where the load stores the indicator's name too (migration 0011): read
-- in its unique key's order with no join.
-- One row per target and ancestor; pairing is paired | unlike_quantity (the ancestor states
-- the indicator as another quantity: never compared) | not_stated. compared is value (one
-- number each: difference) or bounds (a range on either side: difference_low and
-- difference_high compare low with low and high with high).
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code of the lower jurisdiction (621100); govwork resolves names
--   :year          the year of the documents
--   :indicator     indicator code from the taxonomy (gdp_growth)
--
-- display: jurisdiction_name, period, indicator_code, low, high, qualifier, ancestor_name, ancestor_low, ancestor_high, ancestor_qualifier, pairing, difference, difference_low, difference_high
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.level,
       v.year,
       v.period,
       v.indicator_code,
       v.indicator_name,
       v.measure,
       v.basis,
       v.quantity,
       v.low,
       v.high,
       v.qualifier,
       v.value_unit,
       v.raw,
       v.doc_key,
       v.depth,
       v.ancestor_code,
       v.ancestor_name,
       v.ancestor_level,
       v.pairing,
       v.ancestor_low,
       v.ancestor_high,
       v.ancestor_qualifier,
       v.ancestor_value_unit,
       v.ancestor_raw,
       v.ancestor_doc_key,
       v.compared,
       v.difference,
       v.difference_low,
       v.difference_high
FROM summary_target_gap v
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
  AND (CAST(:indicator AS TEXT) IS NULL OR v.indicator_code = CAST(:indicator AS TEXT))
ORDER BY v.indicator_code, v.year, v.jurisdiction_code, v.period, v.quantity, v.depth
