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
-- Written so a filter on jurisdiction or year reaches every table it reads: everything a cell
-- is made of (what should exist, the document, its sources, failed fetches) is one list of
-- rows grouped by jurisdiction, year and kind, so the filter applies to each table before the
-- grouping (through the indexes on jurisdiction), and an unfiltered read is one pass.
-- The named query `coverage` (warehouse/queries/coverage.sql) reads this view.
CREATE VIEW v_coverage AS
WITH facts AS (
    -- what should exist (in_grid): the registry's and the fetches' expectations, the documents
    SELECT e.jurisdiction_code, e.year, e.kind, 1 AS in_grid,
           CASE WHEN e.origin = 'registry' THEN 1 ELSE 0 END AS in_registry,
           CAST(NULL AS INTEGER) AS document_id, CAST(NULL AS TEXT) AS ranked_outcome,
           CAST(NULL AS TEXT) AS fetch_url, 0 AS provenance, CAST(NULL AS TEXT) AS source_url
    FROM expected_documents e
    WHERE e.kind IN ('work_report', 'breakdown', 'interpretation')
    UNION ALL
    SELECT d.jurisdiction_code, d.year, d.kind, 1, 0, d.id, CAST(NULL AS TEXT), CAST(NULL AS TEXT), 0,
           CAST(NULL AS TEXT)
    FROM documents d
    UNION ALL
    -- no expected_documents at all: every tracked jurisdiction x every document year x kind
    SELECT t.jurisdiction_code, y.year, k.kind, 1, 0, CAST(NULL AS INTEGER), CAST(NULL AS TEXT),
           CAST(NULL AS TEXT), 0, CAST(NULL AS TEXT)
    FROM (SELECT jurisdiction_code FROM documents
          UNION
          SELECT jurisdiction_code FROM fetches WHERE jurisdiction_code IS NOT NULL) t
    CROSS JOIN (SELECT DISTINCT year FROM documents) y
    CROSS JOIN (SELECT 'work_report' AS kind
                UNION ALL SELECT 'breakdown'
                UNION ALL SELECT 'interpretation') k
    WHERE NOT EXISTS (SELECT 1 FROM expected_documents)
    UNION ALL
    -- dated fetches that brought no document; blocked/refused ranks above other failures
    SELECT f.jurisdiction_code, f.year, f.kind, 0, 0, CAST(NULL AS INTEGER),
           CASE WHEN f.outcome IN ('blocked', 'refused') THEN '0blocked' ELSE '1' || f.outcome END,
           f.url, 0, CAST(NULL AS TEXT)
    FROM fetches f
    WHERE f.outcome IN ('blocked', 'refused', 'missing', 'failed', 'too_large')
      AND f.jurisdiction_code IS NOT NULL AND f.kind IS NOT NULL AND f.year IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM provenances p WHERE p.url = f.url)
    UNION ALL
    -- where each document was seen
    SELECT d.jurisdiction_code, d.year, d.kind, 0, 0, CAST(NULL AS INTEGER), CAST(NULL AS TEXT),
           CAST(NULL AS TEXT), 1, p.url
    FROM provenances p
    JOIN documents d ON d.id = p.document_id
),
grouped AS (
    SELECT jurisdiction_code, year, kind,
           MAX(in_registry) AS in_registry,
           MAX(document_id) AS document_id,  -- one document per jurisdiction, kind and year
           MIN(ranked_outcome) AS ranked_outcome,
           MIN(fetch_url) AS fetch_url,
           SUM(provenance) AS provenance_count,
           MIN(source_url) AS source_url
    FROM facts
    GROUP BY jurisdiction_code, year, kind
    HAVING MAX(in_grid) = 1
),
cells AS (
    SELECT g.jurisdiction_code, g.year, g.kind,
           CASE WHEN d.id IS NOT NULL AND d.status = 'quarantined' THEN 'quarantined'
                WHEN d.current_version_id IS NOT NULL AND d.completeness = 'incomplete' THEN 'incomplete'
                WHEN d.current_version_id IS NOT NULL THEN 'present'
                WHEN g.ranked_outcome = '0blocked' THEN 'blocked'
                ELSE 'missing' END AS state,
           d.doc_key, d.status AS validation_status, d.completeness,
           d.parsed_count, d.declared_count, d.completeness_ratio,
           g.provenance_count,
           g.in_registry,
           SUBSTR(g.ranked_outcome, 2) AS source_outcome,
           COALESCE(g.source_url, g.fetch_url) AS example_url
    FROM grouped g
    LEFT JOIN documents d ON d.id = g.document_id
),
yearless AS (
    -- blocked fetches the crawler could not date, that brought no document
    SELECT f.jurisdiction_code, CAST(NULL AS INTEGER) AS year, f.kind, 'blocked' AS state,
           CAST(NULL AS VARCHAR(100)) AS doc_key, CAST(NULL AS VARCHAR(20)) AS validation_status,
           CAST(NULL AS VARCHAR(20)) AS completeness, CAST(NULL AS INTEGER) AS parsed_count,
           CAST(NULL AS INTEGER) AS declared_count, CAST(NULL AS FLOAT) AS completeness_ratio,
           0 AS provenance_count, 0 AS in_registry,
           'blocked' AS source_outcome, MIN(f.url) AS example_url
    FROM fetches f
    WHERE f.year IS NULL AND f.outcome IN ('blocked', 'refused')
      AND f.jurisdiction_code IS NOT NULL
      AND f.kind IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM provenances p WHERE p.url = f.url)
    GROUP BY f.jurisdiction_code, f.kind
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
