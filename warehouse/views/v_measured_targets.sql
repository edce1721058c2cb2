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
-- Read by v_series and v_target_gap (their names sort after this one).
CREATE VIEW v_measured_targets AS
WITH measured AS (
    SELECT d.jurisdiction_code, d.year, d.kind, d.doc_key,
           t.id AS target_id, t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit, t.raw,
           CASE WHEN t.low IS NULL AND t.high IS NULL THEN 'qualitative'
                WHEN t.value_unit IS NULL OR t.value_unit = '' THEN 'number'
                WHEN t.value_unit = '百分点' THEN '个百分点'
                ELSE t.value_unit END AS measure,
           CASE WHEN t.period = CAST(d.year AS VARCHAR(20)) THEN 'annual'
                WHEN REPLACE(t.raw, '年均', '') <> t.raw OR REPLACE(t.raw, '年平均', '') <> t.raw
                    THEN 'average_annual'
                WHEN REPLACE(t.raw, '累计', '') <> t.raw OR REPLACE(t.raw, '增长', '') <> t.raw
                     OR REPLACE(t.raw, '下降', '') <> t.raw THEN 'cumulative'
                ELSE 'end_of_period' END AS basis,
           COALESCE(t.low, t.high) AS value_low,
           COALESCE(t.high, t.low) AS value_high,
           CASE WHEN t.low IS NOT NULL AND t.high IS NOT NULL AND t.low <> t.high THEN 1 ELSE 0 END AS is_range
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
),
keyed AS (
    SELECT measured.*, measure || '/' || basis AS quantity FROM measured
)
SELECT keyed.*,
       ROW_NUMBER() OVER (
           PARTITION BY jurisdiction_code, year, period, indicator_code, quantity
           ORDER BY CASE kind WHEN 'work_report' THEN 0 ELSE 1 END, ordinal
       ) AS preference
FROM keyed
