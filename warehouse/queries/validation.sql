-- validation: validation status per document, with its completeness and where it came from.
--
-- One row per document (loaded or quarantined). status is the newest version's validation
-- status (passed | warning | quarantined); the counts are that version's failed critical and
-- warning expectations (details in validation_results, rendered in the GX Data Docs).
--   expectations_run   expectations run on the newest version
--   sources            places (URL, source) the document was seen; example_url is one of them
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (420100), full name (武汉市) or short name (武汉)
--   :year          the year of the document
--
-- display: jurisdiction_name, year, kind, status, completeness, parsed_count, declared_count, critical_failures, warnings, example_url
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
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
WHERE (CAST(:jurisdiction AS TEXT) IS NULL
       OR j.code = CAST(:jurisdiction AS TEXT)
       OR j.name = CAST(:jurisdiction AS TEXT)
       OR j.short_name = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR d.year = CAST(:year AS INTEGER))
ORDER BY d.jurisdiction_code, d.year,
         CASE d.kind WHEN 'work_report' THEN 0 WHEN 'breakdown' THEN 1 ELSE 2 END
