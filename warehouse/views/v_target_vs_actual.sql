-- v_target_vs_actual: a year's target beside the actual for that year reported in the next
-- year's documents (the 2025 target beside the 2025 figure in the 2026 work report), by
-- jurisdiction and indicator code. One row per jurisdiction, year and indicator with a year
-- target (period = the document year), an actual reported the year after, or both; the
-- missing side is NULL. Only targets and actuals with an indicator code take part; where both
-- a work report and a breakdown state one, the work report's is used (then the lowest ordinal).
-- Which target and which actual make each pair is chosen by the load for the documents it
-- changed (summary_target_actuals, defined in warehouse/summaries.py); this view reads the
-- pair's two rows and compares them, so a filter on jurisdiction or year reads only its pairs.
-- The named query `target-vs-actual` (warehouse/queries/target_vs_actual.sql) reads this view.
CREATE VIEW v_target_vs_actual AS
SELECT p.jurisdiction_code,
       j.name AS jurisdiction_name,
       p.year,
       p.indicator_code,
       COALESCE(t.indicator_raw, a.indicator_raw) AS indicator_raw,
       td.kind AS target_kind,
       td.doc_key AS target_doc_key,
       t.low AS target_low,
       t.high AS target_high,
       t.qualifier AS target_qualifier,
       t.value_unit AS target_unit,
       a.value AS actual_value,
       a.value_unit AS actual_unit,
       a.raw AS actual_raw,
       ad.doc_key AS actual_doc_key,
       -- comparable: both sides present, in the same unit
       CASE WHEN a.value IS NULL OR t.qualifier IS NULL
                 OR COALESCE(a.value_unit, '') <> COALESCE(t.value_unit, '') THEN NULL
            WHEN t.qualifier IN ('at_least', 'about', 'exact') AND t.low IS NOT NULL
                THEN CASE WHEN a.value >= t.low THEN 1 ELSE 0 END
            WHEN t.qualifier = 'at_most' AND t.high IS NOT NULL
                THEN CASE WHEN a.value <= t.high THEN 1 ELSE 0 END
            WHEN t.qualifier = 'range' AND t.low IS NOT NULL AND t.high IS NOT NULL
                THEN CASE WHEN a.value >= t.low AND a.value <= t.high THEN 1 ELSE 0 END
            ELSE NULL END AS met,
       t.raw AS target_raw,
       -- measured against the ceiling of an at_most target, else its floor
       CASE WHEN a.value IS NULL OR t.qualifier IS NULL
                 OR COALESCE(a.value_unit, '') <> COALESCE(t.value_unit, '') THEN NULL
            WHEN t.qualifier = 'at_most' THEN a.value - COALESCE(t.high, t.low)
            ELSE a.value - COALESCE(t.low, t.high) END AS difference
FROM summary_target_actuals p
JOIN jurisdictions j ON j.code = p.jurisdiction_code
LEFT JOIN targets t ON t.id = p.target_id
LEFT JOIN documents td ON td.id = p.target_document_id
LEFT JOIN actuals a ON a.id = p.actual_id
LEFT JOIN documents ad ON ad.id = p.actual_document_id
