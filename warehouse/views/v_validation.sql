-- v_validation: one row per document (loaded or quarantined) with the validation status of
-- its newest version (passed | warning | quarantined), that version's failed critical and
-- warning expectations (details in validation_results, rendered in the GX Data Docs), its
-- completeness and where it was seen.
-- Per-document figures are correlated lookups (by version and by document, both indexed),
-- not aggregates over every document, so a filter on jurisdiction or year reads its own rows.
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
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id))
           AS expectations_run,
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)
          AND r.severity = 'critical' AND NOT r.success) AS critical_failures,
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)
          AND r.severity <> 'critical' AND NOT r.success) AS warnings,
       (SELECT COUNT(*) FROM provenances s WHERE s.document_id = d.id) AS sources,
       (SELECT MIN(s.url) FROM provenances s WHERE s.document_id = d.id) AS example_url
FROM documents d
JOIN jurisdictions j ON j.code = d.jurisdiction_code
