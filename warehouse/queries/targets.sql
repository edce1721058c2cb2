-- targets: target values by indicator, jurisdiction and year, with the parent jurisdiction's
-- target for the same indicator, period and year beside each (Dingxi 2026 gdp_growth beside
-- Gansu 2026 gdp_growth).
--
-- One row per target in the current version of every loaded document: work reports and the
-- target tables of breakdown notices. low/high hold the value or range (NULL for qualitative
-- targets); qualifier is about | at_least | at_most | exact | range | qualitative. period is
-- the year ("2026") or a five-year-plan goal ("15th_fyp"). Where a jurisdiction states the
-- same indicator in both its work report and its breakdown, the parent_* columns take the
-- work report's value. doc_key + ordinal identify the target; span_* say where in the
-- document it was read.
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (620000), full name (甘肃省) or short name (甘肃)
--   :year          the year of the document (the year the targets are for)
--   :indicator     indicator code from the taxonomy (gdp_growth)
--
-- display: jurisdiction_name, year, period, indicator_code, low, high, qualifier, value_unit, parent_name, parent_low, parent_high, parent_qualifier
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
WITH current_targets AS (
    SELECT d.jurisdiction_code, d.year, d.kind, d.doc_key,
           t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw,
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
       j.level,
       c.year,
       c.period,
       c.indicator_code,
       i.name AS indicator_name,
       c.indicator_raw,
       c.low,
       c.high,
       c.qualifier,
       c.value_unit,
       c.raw,
       c.kind AS source_kind,
       c.doc_key,
       c.ordinal,
       c.seq,
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
LEFT JOIN indicators i ON i.code = c.indicator_code
LEFT JOIN jurisdictions pj ON pj.code = j.parent_code
LEFT JOIN current_targets p
       ON p.jurisdiction_code = j.parent_code
      AND p.year = c.year
      AND p.period = c.period
      AND p.indicator_code = c.indicator_code
      AND p.preference = 1
WHERE (CAST(:jurisdiction AS TEXT) IS NULL
       OR j.code = CAST(:jurisdiction AS TEXT)
       OR j.name = CAST(:jurisdiction AS TEXT)
       OR j.short_name = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR c.year = CAST(:year AS INTEGER))
  AND (CAST(:indicator AS TEXT) IS NULL OR c.indicator_code = CAST(:indicator AS TEXT))
ORDER BY CASE WHEN c.indicator_code IS NULL THEN 1 ELSE 0 END, c.indicator_code,
         c.year, c.jurisdiction_code, c.kind, c.ordinal
