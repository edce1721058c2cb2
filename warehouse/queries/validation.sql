-- validation: validation status per document, with its completeness and where it came from.
--
-- Reads the view v_validation (warehouse/views/v_validation.sql, documented in SCHEMA.md),
-- which defines the answer; this file only filters and orders it.
-- One row per document (loaded or quarantined). status is the newest version's validation
-- status (passed | warning | quarantined); the counts are that version's failed critical and
-- warning expectations (details in validation_results, rendered in the GX Data Docs).
--   expectations_run   expectations run on the newest version
--   sources            places (URL, source) the document was seen; example_url is one of them
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (420100); govwork resolves names (full, short, pinyin) to it first
--                 (warehouse/names.py), so the filter reaches the view's tables and indexes
--   :year          the year of the document
--
-- display: jurisdiction_name, year, kind, status, completeness, parsed_count, declared_count, critical_failures, warnings, example_url
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.year,
       v.kind,
       v.doc_key,
       v.title,
       v.doc_number,
       v.status,
       v.completeness,
       v.parsed_count,
       v.declared_count,
       v.completeness_ratio,
       v.expectations_run,
       v.critical_failures,
       v.warnings,
       v.sources,
       v.example_url
FROM v_validation v
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
ORDER BY v.jurisdiction_code, v.year,
         CASE v.kind WHEN 'work_report' THEN 0 WHEN 'breakdown' THEN 1 ELSE 2 END
