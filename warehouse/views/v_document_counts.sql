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
-- The rows are counted once per document by the load (summary_document_counts, defined in
-- warehouse/summaries.py); this view adds names and the comparison, so a filter on
-- jurisdiction or year reads that jurisdiction's rows only.
-- The named query `task-counts` (warehouse/queries/task_counts.sql) and the view v_task_counts
-- (its what = 'tasks' rows) read this view.
CREATE VIEW v_document_counts AS
SELECT s.jurisdiction_code,
       j.name AS jurisdiction_name,
       s.year,
       s.kind,
       s.doc_key,
       s.what,
       s.level,
       s.part,
       s.declared_count,
       s.parsed_count,
       s.parsed_count - s.declared_count AS difference,
       CASE WHEN s.declared_count IS NULL THEN 'unknown'
            WHEN s.parsed_count IS NULL THEN 'declared_only'
            WHEN s.parsed_count = s.declared_count THEN 'complete'
            ELSE 'incomplete' END AS completeness,
       CASE WHEN s.declared_count IS NULL OR s.parsed_count IS NULL OR s.declared_count = 0 THEN NULL
            ELSE CAST(s.parsed_count AS FLOAT) / s.declared_count END AS ratio,
       s.document_completeness,
       s.sort_order
FROM summary_document_counts s
JOIN jurisdictions j ON j.code = s.jurisdiction_code
