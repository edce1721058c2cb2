-- v_validation: one row per document (loaded or quarantined) with the validation status of
-- its newest version (passed | warning | quarantined), that version's failed critical and
-- warning expectations (details in validation_results, rendered in the GX Data Docs), its
-- completeness and where it was seen.
-- The named query `validation` (warehouse/queries/validation.sql) reads this view.
CREATE VIEW v_validation AS
WITH newest_versions AS (
    SELECT v.document_id, MAX(v.id) AS version_id
    FROM document_versions v
    GROUP BY v.document_id
),
checks AS (
    SELECT n.document_id,
           COUNT(r.id) AS expectations_run,
           SUM(CASE WHEN r.severity = 'critical' AND NOT r.success THEN 1 ELSE 0 END) AS critical_failures,
           SUM(CASE WHEN r.severity <> 'critical' AND NOT r.success THEN 1 ELSE 0 END) AS warnings
    FROM newest_versions n
    LEFT JOIN validation_results r ON r.version_id = n.version_id
    GROUP BY n.document_id
),
seen AS (
    SELECT document_id, COUNT(*) AS sources, MIN(url) AS example_url
    FROM provenances
    GROUP BY document_id
)
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
       COALESCE(c.expectations_run, 0) AS expectations_run,
       COALESCE(c.critical_failures, 0) AS critical_failures,
       COALESCE(c.warnings, 0) AS warnings,
       COALESCE(s.sources, 0) AS sources,
       s.example_url
FROM documents d
JOIN jurisdictions j ON j.code = d.jurisdiction_code
LEFT JOIN checks c ON c.document_id = d.id
LEFT JOIN seen s ON s.document_id = d.id
