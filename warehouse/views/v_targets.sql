-- v_targets: every target of the current version of every loaded document, with the
-- parent jurisdiction's target for the same indicator, period and document year beside it.
-- Where a jurisdiction states one indicator in both its work report and its breakdown, the
-- parent_* columns take the work report's value (then the lowest ordinal): the target the
-- load chose for that jurisdiction, year, period and indicator, with its values
-- (summary_preferred_targets, defined in warehouse/summaries.py). The targets and their
-- documents' columns are read from summary_measured_targets (the rows of v_measured_targets,
-- kept by the load: every target of a current version), so a whole-country read scans one table
-- instead of joining 1.28M targets to their documents. No aggregate or window here, so a filter
-- on the jurisdiction or year reaches that table's index.
-- The named query `targets` (warehouse/queries/targets.sql) reads this view.
CREATE VIEW v_targets AS
SELECT t.jurisdiction_code,
       j.name AS jurisdiction_name,
       j.level AS jurisdiction_level,
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
       j.parent_code,
       pj.name AS parent_name,
       pp.low AS parent_low,
       pp.high AS parent_high,
       pp.qualifier AS parent_qualifier,
       pp.value_unit AS parent_value_unit,
       pp.doc_key AS parent_doc_key
FROM summary_measured_targets t
JOIN jurisdictions j ON j.code = t.jurisdiction_code
LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
-- only a jurisdiction that is someone's parent can be one: that tenth of the preferred targets
-- is hashed in memory (all of them spilled to disk at national scale)
LEFT JOIN (SELECT * FROM summary_preferred_targets
           WHERE jurisdiction_code IN (SELECT parent_code FROM jurisdictions)) pp
       ON pp.jurisdiction_code = j.parent_code
      AND pp.year = t.year
      AND pp.period = t.period
      AND pp.indicator_code = t.indicator_code
