-- v_task_counts: tasks a document declares beside the tasks parsed, for the whole document
-- (part NULL) and per part: the what = 'tasks' rows of v_document_counts, which defines the
-- counts (so the two cannot disagree). Current versions only. A part that is declared but not
-- parsed (interpretations: counts only) has parsed_count NULL; a part parsed but not declared
-- has declared_count NULL.
CREATE VIEW v_task_counts AS
SELECT c.jurisdiction_code,
       c.jurisdiction_name,
       c.year,
       c.kind,
       c.doc_key,
       c.part,
       c.declared_count,
       c.parsed_count,
       c.difference,
       c.ratio,
       c.document_completeness,
       c.level,
       c.completeness,
       c.sort_order
FROM v_document_counts c
WHERE c.what = 'tasks'
