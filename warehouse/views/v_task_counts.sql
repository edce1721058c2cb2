-- v_task_counts: tasks a document declares beside the tasks parsed, for the whole document
-- (part NULL) and per part. Current versions only. A part that is declared but not parsed
-- (interpretations: counts only) has parsed_count NULL; a part parsed but not declared has
-- declared_count NULL.
CREATE VIEW v_task_counts AS
WITH current_docs AS (
    SELECT d.id AS document_id, d.doc_key, d.jurisdiction_code, d.kind, d.year,
           d.current_version_id AS version_id, d.completeness
    FROM documents d
    WHERE d.current_version_id IS NOT NULL
),
declared AS (
    SELECT c.document_id, dc.part, MAX(dc.count) AS declared_count
    FROM current_docs c
    JOIN declared_counts dc ON dc.version_id = c.version_id AND dc.what = 'tasks'
    GROUP BY c.document_id, dc.part
),
parsed_parts AS (
    SELECT c.document_id, t.part, COUNT(*) AS parsed_count
    FROM current_docs c
    JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.document_id, t.part
),
parsed_totals AS (
    SELECT c.document_id, CAST(NULL AS TEXT) AS part, COUNT(*) AS parsed_count
    FROM current_docs c
    JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.document_id
),
parsed AS (
    SELECT document_id, part, parsed_count FROM parsed_parts WHERE part IS NOT NULL
    UNION ALL
    SELECT document_id, part, parsed_count FROM parsed_totals
),
pairs AS (
    SELECT d.document_id, d.part, d.declared_count, p.parsed_count
    FROM declared d
    LEFT JOIN parsed p ON p.document_id = d.document_id
                      AND (p.part = d.part OR (p.part IS NULL AND d.part IS NULL))
    UNION ALL
    SELECT p.document_id, p.part, CAST(NULL AS INTEGER) AS declared_count, p.parsed_count
    FROM parsed p
    WHERE NOT EXISTS (
        SELECT 1 FROM declared d
        WHERE d.document_id = p.document_id
          AND (d.part = p.part OR (d.part IS NULL AND p.part IS NULL)))
)
SELECT c.jurisdiction_code,
       j.name AS jurisdiction_name,
       c.year,
       c.kind,
       c.doc_key,
       x.part,
       x.declared_count,
       x.parsed_count,
       x.parsed_count - x.declared_count AS difference,
       CASE WHEN x.declared_count IS NULL OR x.parsed_count IS NULL THEN NULL
            ELSE CAST(x.parsed_count AS FLOAT) / x.declared_count END AS ratio,
       c.completeness AS document_completeness
FROM pairs x
JOIN current_docs c ON c.document_id = x.document_id
JOIN jurisdictions j ON j.code = c.jurisdiction_code
