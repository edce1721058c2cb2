-- v_measured_targets: every target of the current version of every loaded document with
-- what it measures, the one place that says which targets are like quantities. Two targets
-- are comparable when indicator_code, period and quantity are equal. period tells an annual
-- target ("2026") from a five-year-plan goal ("15th_fyp"). quantity = measure/basis:
--   measure  the unit the target is stated in (a percentage, 个百分点 for a change in
--            percentage points, 亿元, 万人 …; 百分点 counts as 个百分点), number (no unit) or
--            qualitative (no number)
--   basis    annual (a target for the document's year); for other periods average_annual
--            (年均), cumulative (累计, or 增长/下降 over the period without 年均: 增长80 per cent)
--            or end_of_period (a level to reach: 森林覆盖率达到13.52 per cent), read from the
--            phrase, so Dingxi's 研发经费投入增长80 per cent (cumulative) never meets Gansu's
--            年均增长9.5 per cent.
-- No per-cent sign anywhere in this file: psycopg would read it as a placeholder. Containment
-- is tested as REPLACE(raw, word, '') <> raw, which both databases run.
-- A column the parser adds later about what a target measures belongs in quantity here;
-- v_series and v_target_gap pair by quantity and need no change.
-- value_low/value_high are the bounds with a missing side filled from the other (at least 5:
-- 5–5; at most 3: 3–3); is_range is 1 for a range with two different bounds (7.5–7.8).
-- preference 1 marks the target that speaks for its jurisdiction, year, period, indicator
-- and quantity: the work report's where a breakdown states it too, then the lowest ordinal.
-- The rows, with measure, basis and preference by the rules above, are made by the load per
-- jurisdiction-year it changed (summary_measured_targets, defined in warehouse/summaries.py,
-- where the SQL of these rules lives), so a whole-country read scans one table and ranks nothing.
-- Read by v_series and v_target_gap (their names sort after this one).
CREATE VIEW v_measured_targets AS
SELECT s.jurisdiction_code,
       s.year,
       s.kind,
       s.doc_key,
       s.target_id,
       s.ordinal,
       s.seq,
       s.period,
       s.indicator_code,
       s.indicator_raw,
       s.low,
       s.high,
       s.qualifier,
       s.value_unit,
       s.raw,
       s.measure,
       s.basis,
       s.value_low,
       s.value_high,
       s.is_range,
       s.quantity,
       s.preference
FROM summary_measured_targets s
