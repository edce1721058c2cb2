-- task-counts: declared vs parsed counts per document and per part, with completeness.
--
-- One row per count a document states about itself (共268项, 8个大部分、91项具体工作, per-part
-- counts) beside what the parser found for the same thing, plus rows for what was parsed
-- where the document declares nothing (level 'document' for the whole document, 'part' for
-- each part). Current versions of loaded documents only.
--   what          tasks | targets | parts | lead_units | towns
--   level         document (part is NULL) | part
--   declared      the number the document states; NULL when it states none
--   parsed        what the parser found; NULL when nothing comparable is parsed (an
--                 interpretation gives counts only). A work report's or breakdown's stated
--                 total of tasks or targets is always compared: 0 parsed of 200 is 0, not NULL
--   completeness  complete (parsed = declared) | incomplete (parsed differs) |
--                 unknown (nothing declared) | declared_only (nothing parsed to compare)
--   ratio         parsed / declared
--   document_completeness  the document's own completeness (documents.completeness)
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (420100), full name (武汉市) or short name (武汉)
--   :year          the year of the document
--
-- display: jurisdiction_name, year, kind, what, level, part, declared, parsed, completeness, ratio
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
WITH current_docs AS (
    SELECT d.current_version_id AS version_id, d.jurisdiction_code, d.year, d.kind,
           d.doc_key, d.completeness AS document_completeness
    FROM documents d
    WHERE d.current_version_id IS NOT NULL
),
declared AS (
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           dc.what, dc.part, dc.count AS declared,
           CASE WHEN dc.parsed_count IS NOT NULL THEN dc.parsed_count
                WHEN c.kind = 'interpretation' OR dc.part IS NOT NULL THEN NULL
                -- a report or breakdown stating a total is compared even when nothing was parsed
                WHEN dc.what = 'tasks' THEN (SELECT COUNT(*) FROM tasks t WHERE t.version_id = c.version_id)
                WHEN dc.what = 'targets' THEN (SELECT COUNT(*) FROM targets t WHERE t.version_id = c.version_id)
           END AS parsed,
           dc.ordinal AS sort_key
    FROM current_docs c
    JOIN declared_counts dc ON dc.version_id = c.version_id
),
parsed_totals AS (
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           'tasks' AS what, COUNT(*) AS parsed
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness
    UNION ALL
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           'targets' AS what, COUNT(*) AS parsed
    FROM current_docs c JOIN targets t ON t.version_id = c.version_id
    GROUP BY c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness
),
parsed_parts AS (
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           t.part, COUNT(*) AS parsed, MIN(t.ordinal) AS sort_key
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    WHERE t.part IS NOT NULL
    GROUP BY c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness, t.part
),
all_counts AS (
    SELECT version_id, jurisdiction_code, year, kind, doc_key, document_completeness,
           what, part, declared, parsed, sort_key
    FROM declared
    UNION ALL
    SELECT p.version_id, p.jurisdiction_code, p.year, p.kind, p.doc_key, p.document_completeness,
           p.what, NULL, NULL, p.parsed, 0
    FROM parsed_totals p
    WHERE NOT EXISTS (SELECT 1 FROM declared x
                      WHERE x.version_id = p.version_id AND x.what = p.what AND x.part IS NULL)
    UNION ALL
    SELECT p.version_id, p.jurisdiction_code, p.year, p.kind, p.doc_key, p.document_completeness,
           'tasks', p.part, NULL, p.parsed, p.sort_key
    FROM parsed_parts p
    -- per-part labels are compared by the loader; when the document declares per-part task
    -- counts, those rows (with the loader's parsed figure) stand for the parts
    WHERE NOT EXISTS (SELECT 1 FROM declared x
                      WHERE x.version_id = p.version_id AND x.what = 'tasks' AND x.part IS NOT NULL)
)
SELECT a.jurisdiction_code,
       j.name AS jurisdiction_name,
       a.year,
       a.kind,
       a.doc_key,
       a.what,
       CASE WHEN a.part IS NULL THEN 'document' ELSE 'part' END AS level,
       a.part,
       a.declared,
       a.parsed,
       CASE WHEN a.declared IS NULL THEN 'unknown'
            WHEN a.parsed IS NULL THEN 'declared_only'
            WHEN a.parsed = a.declared THEN 'complete'
            ELSE 'incomplete' END AS completeness,
       CASE WHEN a.declared IS NULL OR a.parsed IS NULL OR a.declared = 0 THEN NULL
            ELSE CAST(a.parsed AS FLOAT) / a.declared END AS ratio,
       a.document_completeness
FROM all_counts a
JOIN jurisdictions j ON j.code = a.jurisdiction_code
WHERE (CAST(:jurisdiction AS TEXT) IS NULL
       OR j.code = CAST(:jurisdiction AS TEXT)
       OR j.name = CAST(:jurisdiction AS TEXT)
       OR j.short_name = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR a.year = CAST(:year AS INTEGER))
ORDER BY a.jurisdiction_code, a.year, a.kind, a.what,
         CASE WHEN a.part IS NULL THEN 0 ELSE 1 END, a.sort_key
