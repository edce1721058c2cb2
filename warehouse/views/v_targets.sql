-- v_targets: every target of the current version of every loaded document, with the
-- parent jurisdiction's target for the same indicator, period and document year beside it.
-- Where a jurisdiction states one indicator in both its work report and its breakdown, the
-- parent_* columns take the work report's value (then the lowest ordinal): the target the
-- load chose for that jurisdiction, year, period and indicator (summary_preferred_targets,
-- defined in warehouse/summaries.py). The targets, their documents' columns and the parent's
-- target are read from summary_measured_targets (the rows of v_measured_targets, kept by the
-- load, with the parent's preferred target stored beside each: loading a parent's document
-- refreshes its children's rows), with the jurisdiction's name and level and its parent's code
-- and name stored beside each too (migration 0011; the load rewrites them when the registry
-- renames or moves a jurisdiction: warehouse/summary_names.py), so a whole-country read scans
-- one table and joins nothing. No aggregate or window here, so a filter on the jurisdiction
-- or year reaches that table's index.
-- The named query `targets` (warehouse/queries/targets.sql) returns these rows, read from the
-- same table with the indicator's name (stored there too) in its index's order.
CREATE VIEW v_targets AS
SELECT t.jurisdiction_code,
       t.jurisdiction_name,
       t.jurisdiction_level,
       t.year,
       t.kind,
       t.doc_key,
       t.target_id,
       t.ordinal,
       t.seq,
       t.period,
       t.indicator_code,
       t.indicator_raw,
       t.low,
       t.high,
       t.qualifier,
       t.value_unit,
       t.raw,
       t.span_section,
       t.span_line,
       t.span_row,
       t.parent_code,
       t.parent_name,
       t.parent_low,
       t.parent_high,
       t.parent_qualifier,
       t.parent_value_unit,
       t.parent_doc_key
FROM summary_measured_targets t
