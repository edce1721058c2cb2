-- coverage: which jurisdiction-year-kind documents the warehouse has, and in what state.
--
-- Reads the view v_coverage (warehouse/views/v_coverage.sql, documented in SCHEMA.md), which
-- defines the answer; this file only filters and orders it (the view's `state` is `status`
-- here).
-- The grid is every jurisdiction-kind-year the registry or a fetch says should exist
-- (expected_documents) plus every loaded document. A warehouse without expected_documents
-- rows falls back to: every tracked jurisdiction x every year any document is for x the
-- three kinds. status:
--   present      loaded, and its counts agree with what it declares (or it declares none)
--   incomplete   loaded, but fewer (or other) items parsed than the document declares
--   quarantined  the newest version failed a critical expectation (see validation_results)
--   blocked      no document, and the source answered with an anti-bot challenge or the
--                crawler refused the URL (fetches.outcome blocked | refused); a fetch with no
--                year gives a row with year NULL
--   missing      no document, and nothing blocked (source_outcome tells what the crawl saw:
--                missing = HTTP 404, failed, too_large; NULL = never fetched)
-- Quarantine wins over incomplete, incomplete over present.
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (420100); govwork resolves names (full, short, pinyin) to it first
--                 (warehouse/names.py), so the filter reaches the view's tables and indexes
--   :year          the year; rows with an unknown year (blocked) are kept, as they may be it
--
-- display: jurisdiction_name, year, kind, status, validation_status, completeness, parsed_count, declared_count, source_outcome
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.year,
       v.kind,
       v.state AS status,
       v.doc_key,
       v.validation_status,
       v.completeness,
       v.parsed_count,
       v.declared_count,
       v.completeness_ratio,
       v.source_outcome,
       v.example_url
FROM v_coverage v
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year IS NULL OR v.year = CAST(:year AS INTEGER))
ORDER BY v.jurisdiction_code, CASE WHEN v.year IS NULL THEN 1 ELSE 0 END, v.year,
         CASE v.kind WHEN 'work_report' THEN 0 WHEN 'breakdown' THEN 1 ELSE 2 END
