-- v_target_vs_actual: a year's target beside the actual for that year reported in the next
-- year's documents (the 2025 target beside the 2025 figure in the 2026 work report), by
-- jurisdiction and indicator code. One row per jurisdiction, year and indicator with a year
-- target (period = the document year), an actual reported the year after, or both; the
-- missing side is NULL. Only targets and actuals with an indicator code take part; where both
-- a work report and a breakdown state one, the work report's is used (then the lowest ordinal).
-- Which target and which actual make each pair is chosen by the load for the documents it
-- changed, with both sides' values (summary_target_actuals, defined in warehouse/summaries.py);
-- this view compares them, reading no fact table, so a filter on jurisdiction or year reads only
-- its pairs.
-- The named query `target-vs-actual` (warehouse/queries/target_vs_actual.sql) reads this view.
CREATE VIEW v_target_vs_actual AS
SELECT p.jurisdiction_code,
       j.name AS jurisdiction_name,
       p.year,
       p.indicator_code,
       COALESCE(p.target_indicator_raw, p.actual_indicator_raw) AS indicator_raw,
       p.target_kind,
       p.target_doc_key,
       p.target_low,
       p.target_high,
       p.target_qualifier,
       p.target_unit,
       p.actual_value,
       p.actual_unit,
       p.actual_raw,
       p.actual_doc_key,
       -- comparable: both sides present, in the same unit
       CASE WHEN p.actual_value IS NULL OR p.target_qualifier IS NULL
                 OR COALESCE(p.actual_unit, '') <> COALESCE(p.target_unit, '') THEN NULL
            WHEN p.target_qualifier IN ('at_least', 'about', 'exact') AND p.target_low IS NOT NULL
                THEN CASE WHEN p.actual_value >= p.target_low THEN 1 ELSE 0 END
            WHEN p.target_qualifier = 'at_most' AND p.target_high IS NOT NULL
                THEN CASE WHEN p.actual_value <= p.target_high THEN 1 ELSE 0 END
            WHEN p.target_qualifier = 'range' AND p.target_low IS NOT NULL AND p.target_high IS NOT NULL
                THEN CASE WHEN p.actual_value >= p.target_low AND p.actual_value <= p.target_high THEN 1 ELSE 0 END
            ELSE NULL END AS met,
       p.target_raw,
       -- measured against the ceiling of an at_most target, else its floor
       CASE WHEN p.actual_value IS NULL OR p.target_qualifier IS NULL
                 OR COALESCE(p.actual_unit, '') <> COALESCE(p.target_unit, '') THEN NULL
            WHEN p.target_qualifier = 'at_most' THEN p.actual_value - COALESCE(p.target_high, p.target_low)
            ELSE p.actual_value - COALESCE(p.target_low, p.target_high) END AS difference
FROM summary_target_actuals p
JOIN jurisdictions j ON j.code = p.jurisdiction_code
