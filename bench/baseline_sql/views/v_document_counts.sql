-- v_document_counts: what a document says it holds beside what was parsed from it, per
-- document and per part: one row per count the document states about itself (共268项,
-- 8个大部分、91项具体工作, per-part counts; what = tasks | targets | parts | lead_units |
-- towns), plus rows for the tasks and targets parsed where the document declares no total
-- (and for parsed parts where it declares no per-part counts). Current versions only.
-- parsed_count: the loader's comparison (declared_counts.parsed_count) where it made one; else
-- for a work report's or breakdown's stated total of tasks or targets what was parsed (0 parsed
-- of 200 is 0, not NULL); NULL where nothing comparable is parsed (interpretations give
-- counts only). Targets count as the document numbers them: one per 序号 however many figures
-- its row states, unnumbered ones each, for the document's own year only (period = year).
-- The named query `task-counts` (warehouse/queries/task_counts.sql) and the view v_task_counts
-- (its what = 'tasks' rows) read this view.
CREATE VIEW v_document_counts AS
WITH current_docs AS (
    SELECT d.current_version_id AS version_id, d.jurisdiction_code, d.year, d.kind,
           d.doc_key, d.completeness AS document_completeness
    FROM documents d
    WHERE d.current_version_id IS NOT NULL
),
year_targets AS (
    -- a numbered target row stating several figures is still one target
    SELECT c.version_id,
           COUNT(DISTINCT COALESCE('#' || CAST(t.seq AS TEXT), CAST(t.ordinal AS TEXT))) AS parsed
    FROM current_docs c
    JOIN targets t ON t.version_id = c.version_id AND t.period = CAST(c.year AS TEXT)
    GROUP BY c.version_id
),
task_totals AS (
    SELECT c.version_id, COUNT(*) AS parsed
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.version_id
),
declared AS (
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           dc.what, dc.part, dc.count AS declared,
           CASE WHEN dc.parsed_count IS NOT NULL THEN dc.parsed_count
                WHEN c.kind = 'interpretation' OR dc.part IS NOT NULL THEN NULL
                -- a report or breakdown stating a total is compared even when nothing was parsed
                WHEN dc.what = 'tasks' THEN COALESCE(tt.parsed, 0)
                WHEN dc.what = 'targets' THEN COALESCE(yt.parsed, 0)
           END AS parsed,
           dc.ordinal AS sort_order
    FROM current_docs c
    JOIN declared_counts dc ON dc.version_id = c.version_id
    LEFT JOIN task_totals tt ON tt.version_id = c.version_id
    LEFT JOIN year_targets yt ON yt.version_id = c.version_id
),
parsed_totals AS (
    SELECT version_id, 'tasks' AS what, parsed FROM task_totals
    UNION ALL
    SELECT version_id, 'targets' AS what, parsed FROM year_targets
),
parsed_parts AS (
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           t.part, COUNT(*) AS parsed, MIN(t.ordinal) AS sort_order
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    WHERE t.part IS NOT NULL
    GROUP BY c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness, t.part
),
all_counts AS (
    SELECT version_id, jurisdiction_code, year, kind, doc_key, document_completeness,
           what, part, declared, parsed, sort_order
    FROM declared
    UNION ALL
    SELECT c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           p.what, CAST(NULL AS TEXT), CAST(NULL AS INTEGER), p.parsed, 0
    FROM parsed_totals p
    JOIN current_docs c ON c.version_id = p.version_id
    WHERE NOT EXISTS (SELECT 1 FROM declared x
                      WHERE x.version_id = p.version_id AND x.what = p.what AND x.part IS NULL)
    UNION ALL
    SELECT p.version_id, p.jurisdiction_code, p.year, p.kind, p.doc_key, p.document_completeness,
           'tasks', p.part, CAST(NULL AS INTEGER), p.parsed, p.sort_order
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
       a.declared AS declared_count,
       a.parsed AS parsed_count,
       a.parsed - a.declared AS difference,
       CASE WHEN a.declared IS NULL THEN 'unknown'
            WHEN a.parsed IS NULL THEN 'declared_only'
            WHEN a.parsed = a.declared THEN 'complete'
            ELSE 'incomplete' END AS completeness,
       CASE WHEN a.declared IS NULL OR a.parsed IS NULL OR a.declared = 0 THEN NULL
            ELSE CAST(a.parsed AS FLOAT) / a.declared END AS ratio,
       a.document_completeness,
       a.sort_order
FROM all_counts a
JOIN jurisdictions j ON j.code = a.jurisdiction_code
