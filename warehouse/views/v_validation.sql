-- v_validation: one row per document (loaded or quarantined) with the validation status of
-- its newest version (passed | warning | quarantined), that version's failed critical and
-- warning expectations (details in validation_results, rendered in the GX Data Docs), its
-- completeness and where it was seen.
-- One pass, grouped by document: the newest version's checks and the document's sources are
-- one list joined to the documents, so a filter on jurisdiction or year (grouping columns)
-- picks the documents first and reads only their rows.
-- The named query `validation` (warehouse/queries/validation.sql) reads this view.
CREATE VIEW v_validation AS
SELECT d.jurisdiction_code,
       j.name AS jurisdiction_name,
       d.year,
       d.kind,
       d.doc_key,
       d.title,
       d.doc_number,
       d.status,
       d.completeness,
       d.parsed_count,
       d.declared_count,
       d.completeness_ratio,
       COALESCE(SUM(x.is_check), 0) AS expectations_run,
       COALESCE(SUM(x.is_critical_failure), 0) AS critical_failures,
       COALESCE(SUM(x.is_warning), 0) AS warnings,
       COALESCE(SUM(x.is_source), 0) AS sources,
       MIN(x.url) AS example_url
FROM documents d
JOIN jurisdictions j ON j.code = d.jurisdiction_code
LEFT JOIN (
    SELECT nv.document_id, 1 AS is_check,
           CASE WHEN r.severity = 'critical' AND NOT r.success THEN 1 ELSE 0 END AS is_critical_failure,
           CASE WHEN r.severity <> 'critical' AND NOT r.success THEN 1 ELSE 0 END AS is_warning,
           0 AS is_source, CAST(NULL AS TEXT) AS url
    FROM document_versions nv
    JOIN validation_results r ON r.version_id = nv.id
    -- the newest version: none newer (a join, not a subquery, so the planner can flatten it)
    LEFT JOIN document_versions newer ON newer.document_id = nv.document_id AND newer.id > nv.id
    WHERE newer.id IS NULL
    UNION ALL
    SELECT p.document_id, 0, 0, 0, 1, p.url
    FROM provenances p
) x ON x.document_id = d.id
GROUP BY d.id, d.jurisdiction_code, j.name, d.year, d.kind, d.doc_key, d.title, d.doc_number, d.status,
         d.completeness, d.parsed_count, d.declared_count, d.completeness_ratio
