-- v_validation: one row per document (loaded or quarantined) with the validation status of
-- its newest version (passed | warning | quarantined), that version's failed critical and
-- warning expectations (details in validation_results, rendered in the GX Data Docs), its
-- completeness and where it was seen.
-- The figures are counted per document by the load (summary_document_checks, defined in
-- warehouse/summaries.py): a plain join, so a filter on jurisdiction or year reads its own rows.
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
       COALESCE(c.expectations_run, 0) AS expectations_run,
       COALESCE(c.critical_failures, 0) AS critical_failures,
       COALESCE(c.warnings, 0) AS warnings,
       COALESCE(c.sources, 0) AS sources,
       c.example_url
FROM documents d
JOIN jurisdictions j ON j.code = d.jurisdiction_code
LEFT JOIN summary_document_checks c ON c.document_id = d.id
