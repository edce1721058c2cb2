-- series: a jurisdiction's targets and actuals for an indicator year by year, with the years
-- that have no document as explicit rows (status no_document), the gap actual - target where
-- both exist (`govwork query series -j 620000 -i gdp_growth`).
--
-- Reads the view v_series (warehouse/views/v_series.sql, documented in SCHEMA.md). One row
-- per jurisdiction, indicator and year from its first to its last year with a target or an
-- actual. status is target | actual_only | not_stated | no_document. target_measure says what
-- the target measures: the unit it is stated in (%, 个百分点, 亿元 …), number or qualitative.
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (620000); govwork resolves names (甘肃省, 甘肃, Gansu) to it
--   :year          the year of the row
--   :indicator     indicator code from the taxonomy (gdp_growth)
--
-- display: jurisdiction_name, indicator_code, year, status, target_low, target_high, target_qualifier, target_unit, actual_value, gap
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.indicator_code,
       i.name AS indicator_name,
       v.year,
       v.status,
       v.year_documents,
       v.target_low,
       v.target_high,
       v.target_qualifier,
       v.target_unit,
       v.target_measure,
       v.target_raw,
       v.target_kind,
       v.target_doc_key,
       v.actual_value,
       v.actual_unit,
       v.actual_raw,
       v.actual_doc_key,
       v.gap
FROM v_series v
LEFT JOIN indicators i ON i.code = v.indicator_code
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
  AND (CAST(:indicator AS TEXT) IS NULL OR v.indicator_code = CAST(:indicator AS TEXT))
ORDER BY v.jurisdiction_code, v.indicator_code, v.year
