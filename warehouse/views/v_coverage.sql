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
-- Written so a filter on jurisdiction or year reaches every table it reads: each CTE is read
-- once (a CTE read twice is computed whole), and a cell's sources and failed fetches are
-- looked up per cell (indexed: provenances by document, fetches by place, provenances by URL)
-- instead of being aggregated for every cell first.
-- The named query `coverage` (warehouse/queries/coverage.sql) reads this view.
CREATE VIEW v_coverage AS
WITH grid AS (
    SELECT jurisdiction_code, year, kind FROM expected_documents
    WHERE kind IN ('work_report', 'breakdown', 'interpretation')
    UNION
    SELECT jurisdiction_code, year, kind FROM documents
    UNION
    SELECT t.jurisdiction_code, y.year, k.kind
    FROM (SELECT jurisdiction_code FROM documents
          UNION
          SELECT jurisdiction_code FROM fetches WHERE jurisdiction_code IS NOT NULL) t
    CROSS JOIN (SELECT DISTINCT year FROM documents) y
    CROSS JOIN (SELECT 'work_report' AS kind
                UNION ALL SELECT 'breakdown'
                UNION ALL SELECT 'interpretation') k
    WHERE NOT EXISTS (SELECT 1 FROM expected_documents)
),
looked_up AS (
    SELECT g.jurisdiction_code, g.year, g.kind,
           d.id AS document_id, d.doc_key, d.status, d.current_version_id, d.completeness,
           d.parsed_count, d.declared_count, d.completeness_ratio,
           -- fetches that brought no document; blocked/refused ranks above other failures
           (SELECT MIN(CASE WHEN f.outcome IN ('blocked', 'refused') THEN '0blocked' ELSE '1' || f.outcome END)
            FROM fetches f
            WHERE f.jurisdiction_code = g.jurisdiction_code AND f.year = g.year AND f.kind = g.kind
              AND f.outcome IN ('blocked', 'refused', 'missing', 'failed', 'too_large')
              AND NOT EXISTS (SELECT 1 FROM provenances p WHERE p.url = f.url)) AS ranked_outcome,
           (SELECT MIN(f.url)
            FROM fetches f
            WHERE f.jurisdiction_code = g.jurisdiction_code AND f.year = g.year AND f.kind = g.kind
              AND f.outcome IN ('blocked', 'refused', 'missing', 'failed', 'too_large')
              AND NOT EXISTS (SELECT 1 FROM provenances p WHERE p.url = f.url)) AS fetch_url,
           (SELECT COUNT(*) FROM provenances s WHERE s.document_id = d.id) AS provenance_count,
           (SELECT MIN(s.url) FROM provenances s WHERE s.document_id = d.id) AS source_url,
           CASE WHEN EXISTS (SELECT 1 FROM expected_documents e
                             WHERE e.jurisdiction_code = g.jurisdiction_code AND e.year = g.year
                               AND e.kind = g.kind AND e.origin = 'registry')
                THEN 1 ELSE 0 END AS in_registry
    FROM grid g
    LEFT JOIN documents d
           ON d.jurisdiction_code = g.jurisdiction_code AND d.year = g.year AND d.kind = g.kind
),
cells AS (
    SELECT c.jurisdiction_code, c.year, c.kind,
           CASE WHEN c.document_id IS NOT NULL AND c.status = 'quarantined' THEN 'quarantined'
                WHEN c.current_version_id IS NOT NULL AND c.completeness = 'incomplete' THEN 'incomplete'
                WHEN c.current_version_id IS NOT NULL THEN 'present'
                WHEN c.ranked_outcome = '0blocked' THEN 'blocked'
                ELSE 'missing' END AS state,
           c.doc_key, c.status AS validation_status, c.completeness,
           c.parsed_count, c.declared_count, c.completeness_ratio,
           CASE WHEN c.document_id IS NULL THEN 0 ELSE c.provenance_count END AS provenance_count,
           c.in_registry,
           SUBSTR(c.ranked_outcome, 2) AS source_outcome,
           COALESCE(c.source_url, c.fetch_url) AS example_url
    FROM looked_up c
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
