-- v_series: one row per jurisdiction, indicator and year, from the first to the last year
-- the jurisdiction has a target (period = the year) or an actual for the indicator; years
-- with neither are rows too (status no_document or not_stated), so a gap in the record is a
-- row a researcher sees, never a missing one.
-- target_*: the year's target (the work report's, then a breakdown's; the lowest ordinal),
-- with its qualifier, unit and measure. actual_*: the figure for the
-- year reported in the next year's documents (the 2025 outcome in the 2026 work report;
-- the work report's first). gap = actual - target (the low end; the high end for at_most),
-- only where both exist in the same unit.
-- status: target (a target is stated), actual_only (no target, an actual reported the next
-- year), not_stated (the jurisdiction has documents for the year, none states this
-- indicator), no_document (no loaded document for the year and no actual).
-- year_documents counts the jurisdiction's loaded documents for the year (0 for a gap).
-- The year's target and the next year's actual are the load's choice per jurisdiction, year
-- and indicator (summary_target_actuals: the same preference as v_target_vs_actual), and the
-- rows themselves, year grid and document counts included, are the load's too
-- (summary_series, warehouse/summary_series.py, recomputed per changed jurisdiction), so a
-- whole-country read scans one table in the named query's order and a filter on the
-- jurisdiction reaches its key. measure is v_measured_targets' rule for it
-- (tests/research check that the two agree).
-- The named query `series` (warehouse/queries/series.sql) reads this view.
CREATE VIEW v_series AS
SELECT s.jurisdiction_code,
       j.name AS jurisdiction_name,
       s.indicator_code,
       s.year,
       s.status,
       s.year_documents,
       s.target_low,
       s.target_high,
       s.target_qualifier,
       s.target_unit,
       s.target_measure,
       s.target_raw,
       s.target_kind,
       s.target_doc_key,
       s.actual_value,
       s.actual_unit,
       s.actual_raw,
       s.actual_doc_key,
       s.gap
FROM summary_series s
JOIN jurisdictions j ON j.code = s.jurisdiction_code
