-- task-counts: declared vs parsed counts per document and per part, with completeness.
--
-- Reads the view v_document_counts (warehouse/views/v_document_counts.sql, documented in
-- SCHEMA.md), which defines the answer; this file only filters and orders it.
-- One row per count a document states about itself (共268项, 8个大部分、91项具体工作, per-part
-- counts) beside what the parser found for the same thing, plus rows for what was parsed
-- where the document declares nothing (level 'document' for the whole document, 'part' for
-- each part). Current versions of loaded documents only.
--   what          tasks | targets | parts | lead_units | towns
--   level         document (part is NULL) | part
--   declared      the number the document states; NULL when it states none
--   parsed        what the parser found; NULL when nothing comparable is parsed (an
--                 interpretation gives counts only). Targets count as the document counts
--                 them: numbered targets (one per 序号, however many figures its row states),
--                 and unnumbered ones each, for the document's own year only (five-year-plan
--                 goals are not the year's targets). A work report's or breakdown's stated
--                 total of tasks or targets is always compared: 0 parsed of 200 is 0, not NULL
--   completeness  complete (parsed = declared) | incomplete (parsed differs) |
--                 unknown (nothing declared) | declared_only (nothing parsed to compare)
--   ratio         parsed / declared
--   document_completeness  the document's own completeness (documents.completeness)
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (420100); govwork resolves names (full, short, pinyin) to it first
--                 (warehouse/names.py), so the filter reaches the view's tables and indexes
--   :year          the year of the document
--
-- display: jurisdiction_name, year, kind, what, level, part, declared, parsed, completeness, ratio
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.year,
       v.kind,
       v.doc_key,
       v.what,
       v.level,
       v.part,
       v.declared_count AS declared,
       v.parsed_count AS parsed,
       v.completeness,
       v.ratio,
       v.document_completeness
FROM v_document_counts v
WHERE (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
ORDER BY v.jurisdiction_code, v.year, v.kind, v.what,
         v.level, v.sort_order
