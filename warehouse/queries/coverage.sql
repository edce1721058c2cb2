-- coverage: which jurisdiction-year-kind documents the warehouse has, and in what state.
--
-- The grid is every jurisdiction-kind-year the registry or a fetch says should exist
-- (expected_documents) plus every loaded document. A warehouse without expected_documents
-- rows falls back to: every tracked jurisdiction x every year any document is for x the
-- three kinds. status:
--   present      loaded, and its counts agree with what it declares (or it declares none)
--   incomplete   loaded, but fewer (or other) items parsed than the document declares
--   quarantined  the newest version failed a critical expectation (see validation_results)
--   blocked      no document, and the source answered with an anti-bot challenge or the
--                crawler refused the URL (fetches.outcome blocked | refused); a fetch with no
--                year gives a row with year NULL
--   missing      no document, and nothing blocked (source_outcome tells what the crawl saw:
--                missing = HTTP 404, failed, too_large; NULL = never fetched)
-- Quarantine wins over incomplete, incomplete over present.
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (420100), full name (武汉市) or short name (武汉)
--   :year          the year; rows with an unknown year (blocked) are kept, as they may be it
--
-- display: jurisdiction_name, year, kind, status, validation_status, completeness, parsed_count, declared_count, source_outcome
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
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
      AND NOT EXISTS (SELECT 1 FROM provenances p WHERE p.url = f.url)
),
fetch_outcomes AS (
    SELECT jurisdiction_code, year, kind,
           MIN(CASE outcome WHEN 'blocked' THEN '0blocked' ELSE '1' || outcome END) AS ranked_outcome,
           MIN(url) AS url
    FROM failed_fetches
    GROUP BY jurisdiction_code, year, kind
),
doc_urls AS (
    SELECT document_id, MIN(url) AS url FROM provenances GROUP BY document_id
),
cells AS (
    SELECT g.jurisdiction_code, g.year, g.kind,
           CASE WHEN d.id IS NOT NULL AND d.status = 'quarantined' THEN 'quarantined'
                WHEN d.id IS NOT NULL AND d.completeness = 'incomplete' THEN 'incomplete'
                WHEN d.id IS NOT NULL THEN 'present'
                WHEN fo.ranked_outcome = '0blocked' THEN 'blocked'
                ELSE 'missing' END AS status,
           d.doc_key, d.status AS validation_status, d.completeness,
           d.parsed_count, d.declared_count, d.completeness_ratio,
           SUBSTR(fo.ranked_outcome, 2) AS source_outcome,
           COALESCE(u.url, fo.url) AS example_url
    FROM grid g
    LEFT JOIN documents d
           ON d.jurisdiction_code = g.jurisdiction_code AND d.year = g.year AND d.kind = g.kind
    LEFT JOIN doc_urls u ON u.document_id = d.id
    LEFT JOIN fetch_outcomes fo
           ON fo.jurisdiction_code = g.jurisdiction_code AND fo.year = g.year AND fo.kind = g.kind
),
yearless AS (
    -- blocked fetches the crawler could not date: one row per jurisdiction and kind
    SELECT jurisdiction_code, CAST(NULL AS INTEGER) AS year, kind, 'blocked' AS status,
           CAST(NULL AS TEXT) AS doc_key, CAST(NULL AS TEXT) AS validation_status,
           CAST(NULL AS TEXT) AS completeness, CAST(NULL AS INTEGER) AS parsed_count,
           CAST(NULL AS INTEGER) AS declared_count, CAST(NULL AS FLOAT) AS completeness_ratio,
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
       r.year,
       r.kind,
       r.status,
       r.doc_key,
       r.validation_status,
       r.completeness,
       r.parsed_count,
       r.declared_count,
       r.completeness_ratio,
       r.source_outcome,
       r.example_url
FROM all_rows r
JOIN jurisdictions j ON j.code = r.jurisdiction_code
WHERE (CAST(:jurisdiction AS TEXT) IS NULL
       OR j.code = CAST(:jurisdiction AS TEXT)
       OR j.name = CAST(:jurisdiction AS TEXT)
       OR j.short_name = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR r.year IS NULL OR r.year = CAST(:year AS INTEGER))
ORDER BY r.jurisdiction_code, CASE WHEN r.year IS NULL THEN 1 ELSE 0 END, r.year,
         CASE r.kind WHEN 'work_report' THEN 0 WHEN 'breakdown' THEN 1 ELSE 2 END
