-- targets: target values by indicator, jurisdiction and year, with the parent jurisdiction's
-- target for the same indicator, period and year beside each (Dingxi 2026 gdp_growth beside
-- Gansu 2026 gdp_growth).
--
-- The rows and columns of the view v_targets (warehouse/views/v_targets.sql, documented in
-- SCHEMA.md), which defines the answer, with the indicator's name; read straight from the
-- table that view scans, summary_measured_targets, where the load stores the indicator's name
-- beside each target too (migration 0011), so the whole country is read in its index's order
-- with no join (tests/warehouse/test_summary_names.py: the same rows as the view joined to
-- indicators).
-- One row per target in the current version of every loaded document: work reports and the
-- target tables of breakdown notices. low/high hold the value or range (NULL for qualitative
-- targets); qualifier is about | at_least | at_most | exact | range | qualitative. period is
-- the year ("2026") or a five-year-plan goal ("15th_fyp"). Where a jurisdiction states the
-- same indicator in both its work report and its breakdown, the parent_* columns take the
-- work report's value. doc_key + ordinal identify the target; span_* say where in the
-- document it was read.
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (620000); govwork resolves names (full, short, pinyin) to it first
--                 (warehouse/names.py), so the filter reaches the view's tables and indexes
--   :year          the year of the document (the year the targets are for)
--   :indicator     indicator code from the taxonomy (gdp_growth)
--
-- display: jurisdiction_name, year, period, indicator_code, low, high, qualifier, value_unit, parent_name, parent_low, parent_high, parent_qualifier
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.jurisdiction_level AS level,
       v.year,
       v.period,
       v.indicator_code,
       v.indicator_name,
       v.indicator_raw,
       v.low,
       v.high,
       v.qualifier,
       v.value_unit,
       v.raw,
       v.kind AS source_kind,
       v.doc_key,
       v.ordinal,
       v.seq,
       v.span_section,
       v.span_line,
       v.span_row,
       v.parent_code,
       v.parent_name,
       v.parent_low,
       v.parent_high,
       v.parent_qualifier,
       v.parent_value_unit,
       v.parent_doc_key
FROM summary_measured_targets v
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
  AND (CAST(:indicator AS TEXT) IS NULL OR v.indicator_code = CAST(:indicator AS TEXT))
ORDER BY CASE WHEN v.indicator_code IS NULL THEN 1 ELSE 0 END, v.indicator_code,
         v.year, v.jurisdiction_code, v.kind, v.ordinal
