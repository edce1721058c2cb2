-- v_coverage: one row per jurisdiction, year and kind (work_report, breakdown,
-- interpretation) that the registry's sources cover, a dated fetch looked for, or a loaded
-- document is, with its state:
--   quarantined  the newest version failed a critical expectation (wins over the rest)
--   incomplete   loaded, but fewer (or other) items parsed than the document declares
--   present      loaded, counts agree (or the document declares none)
--   blocked      no document; a fetch for it was blocked (anti-bot page) or refused
--   missing      no document, nothing blocked (source_outcome: what the crawl saw, if anything)
-- Blocked fetches the crawler could not date give one row per jurisdiction and kind, year NULL.
-- A warehouse with no expected_documents rows at all falls back to every tracked jurisdiction
-- (with a document or a fetch) x every year any document is for x the three kinds.
-- The named query `coverage` (warehouse/queries/coverage.sql) reads this view.
CREATE VIEW v_coverage AS
WITH tracked AS (
    SELECT jurisdiction_code FROM documents
    UNION
    SELECT jurisdiction_code FROM fetches WHERE jurisdiction_code IS NOT NULL
),
kinds AS (
    SELECT 'work_report' AS kind
    UNION ALL SELECT 'breakdown'
    UNION ALL SELECT 'interpretation'
),
grid AS (
    SELECT jurisdiction_code, year, kind FROM expected_documents
    WHERE kind IN ('work_report', 'breakdown', 'interpretation')
    UNION
    SELECT jurisdiction_code, year, kind FROM documents
    UNION
    SELECT t.jurisdiction_code, y.year, k.kind
    FROM tracked t
    CROSS JOIN (SELECT DISTINCT year FROM documents) y
    CROSS JOIN kinds k
    WHERE NOT EXISTS (SELECT 1 FROM expected_documents)
),
failed_fetches AS (
    -- fetches that brought no document; blocked/refused ranks above other failures
    SELECT f.jurisdiction_code, f.year, f.kind, f.url,
           CASE WHEN f.outcome IN ('blocked', 'refused') THEN 'blocked' ELSE f.outcome END AS outcome
    FROM fetches f
    WHERE f.outcome IN ('blocked', 'refused', 'missing', 'failed', 'too_large')
      AND f.jurisdiction_code IS NOT NULL
      AND f.kind IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM provenances p WHERE p.url = f.url)
),
fetch_outcomes AS (
    SELECT jurisdiction_code, year, kind,
           MIN(CASE outcome WHEN 'blocked' THEN '0blocked' ELSE '1' || outcome END) AS ranked_outcome,
           MIN(url) AS url
    FROM failed_fetches
    WHERE year IS NOT NULL
    GROUP BY jurisdiction_code, year, kind
),
sources AS (
    SELECT document_id, COUNT(*) AS provenance_count, MIN(url) AS url
    FROM provenances GROUP BY document_id
),
cells AS (
    SELECT g.jurisdiction_code, g.year, g.kind,
           CASE WHEN d.id IS NOT NULL AND d.status = 'quarantined' THEN 'quarantined'
                WHEN d.current_version_id IS NOT NULL AND d.completeness = 'incomplete' THEN 'incomplete'
                WHEN d.current_version_id IS NOT NULL THEN 'present'
                WHEN fo.ranked_outcome = '0blocked' THEN 'blocked'
                ELSE 'missing' END AS state,
           d.doc_key, d.status AS validation_status, d.completeness,
           d.parsed_count, d.declared_count, d.completeness_ratio,
           COALESCE(s.provenance_count, 0) AS provenance_count,
           CASE WHEN EXISTS (SELECT 1 FROM expected_documents e
                             WHERE e.jurisdiction_code = g.jurisdiction_code AND e.year = g.year
                               AND e.kind = g.kind AND e.origin = 'registry')
                THEN 1 ELSE 0 END AS in_registry,
           SUBSTR(fo.ranked_outcome, 2) AS source_outcome,
           COALESCE(s.url, fo.url) AS example_url
    FROM grid g
    LEFT JOIN documents d
           ON d.jurisdiction_code = g.jurisdiction_code AND d.year = g.year AND d.kind = g.kind
    LEFT JOIN sources s ON s.document_id = d.id
    LEFT JOIN fetch_outcomes fo
           ON fo.jurisdiction_code = g.jurisdiction_code AND fo.year = g.year AND fo.kind = g.kind
),
yearless AS (
    SELECT jurisdiction_code, CAST(NULL AS INTEGER) AS year, kind, 'blocked' AS state,
           CAST(NULL AS VARCHAR(100)) AS doc_key, CAST(NULL AS VARCHAR(20)) AS validation_status,
           CAST(NULL AS VARCHAR(20)) AS completeness, CAST(NULL AS INTEGER) AS parsed_count,
           CAST(NULL AS INTEGER) AS declared_count, CAST(NULL AS FLOAT) AS completeness_ratio,
           0 AS provenance_count, 0 AS in_registry,
           'blocked' AS source_outcome, MIN(url) AS example_url
    FROM failed_fetches
    WHERE year IS NULL AND outcome = 'blocked'
    GROUP BY jurisdiction_code, kind
),
all_rows AS (
    SELECT * FROM cells
    UNION ALL
    SELECT * FROM yearless
)
SELECT r.jurisdiction_code,
       j.name AS jurisdiction_name,
       j.level AS jurisdiction_level,
       r.year,
       r.kind,
       r.state,
       r.doc_key,
       r.validation_status,
       r.completeness,
       r.parsed_count,
       r.declared_count,
       r.completeness_ratio,
       r.provenance_count,
       r.in_registry,
       r.source_outcome,
       r.example_url
FROM all_rows r
LEFT JOIN jurisdictions j ON j.code = r.jurisdiction_code
