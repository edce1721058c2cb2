-- v_targets: every target of the current version of every loaded document, with the
-- parent jurisdiction's target for the same indicator, period and document year beside it.
-- Where a jurisdiction states one indicator in both its work report and its breakdown, the
-- parent_* columns take the work report's value (then the lowest ordinal).
-- The named query `targets` (warehouse/queries/targets.sql) reads this view.
CREATE VIEW v_targets AS
WITH current_targets AS (
    SELECT d.jurisdiction_code, d.year, d.kind, d.doc_key,
           t.id AS target_id, t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit, t.raw,
           t.span_section, t.span_line, t.span_row,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.period, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
)
SELECT c.jurisdiction_code,
       j.name AS jurisdiction_name,
       j.level AS jurisdiction_level,
       c.year,
       c.kind,
       c.doc_key,
       c.target_id,
       c.ordinal,
       c.seq,
       c.period,
       c.indicator_code,
       c.indicator_raw,
       c.low,
       c.high,
       c.qualifier,
       c.value_unit,
       c.raw,
       c.span_section,
       c.span_line,
       c.span_row,
       j.parent_code,
       pj.name AS parent_name,
       p.low AS parent_low,
       p.high AS parent_high,
       p.qualifier AS parent_qualifier,
       p.value_unit AS parent_value_unit,
       p.doc_key AS parent_doc_key
FROM current_targets c
JOIN jurisdictions j ON j.code = c.jurisdiction_code
LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
LEFT JOIN current_targets p
       ON p.jurisdiction_code = j.parent_code
      AND p.year = c.year
      AND p.period = c.period
      AND p.indicator_code = c.indicator_code
      AND p.preference = 1
