-- v_target_gap: each numeric target beside the target of its parent and of every further
-- ancestor (Dingxi city -> Gansu province; Yishui county -> Linyi city -> Shandong province)
-- for the same indicator, period and quantity (v_measured_targets states that rule), with
-- the difference target - ancestor's target. Only like quantities are paired: an annual
-- target never meets a five-year-plan goal, a percentage never a change in percentage points
-- or a level in 亿元, a cumulative five-year growth never an average annual one. One row per
-- target (preference 1 of its jurisdiction, year, period, indicator and quantity) and ancestor in the jurisdictions dimension; pairing says what
-- the ancestor offers:
--   paired            the ancestor states a like target for the same document year
--   unlike_quantity   it states the indicator for the period, but as another quantity (not compared)
--   not_stated        it states nothing for the indicator and period that year
-- compared: value (both single values; difference is set) or bounds (either is a range:
-- difference_low = low - ancestor's low, difference_high = high - ancestor's high, with a
-- missing bound taken from the other; difference stays empty). The differences are in the
-- targets' unit: percentage points for percentages (Dingxi 2026 6.5 vs Gansu about 5.5: +1.0).
-- depth: 1 for the parent, 2 for the grandparent …
-- v_measured_targets is a scan of the load's summary_measured_targets (preference stored per
-- target), so neither side ranks targets at query time. It is read in place, not through a
-- shared CTE: a CTE read twice is computed whole on PostgreSQL, so a filter on the
-- jurisdiction or year could not reach the targets.
-- The named query `target-gap` (warehouse/queries/target_gap.sql) reads this view.
-- depends on: v_measured_targets
CREATE VIEW v_target_gap AS
WITH RECURSIVE ancestors (jurisdiction_code, ancestor_code, depth) AS (
    SELECT code, parent_code, 1 FROM jurisdictions WHERE parent_code IS NOT NULL
    UNION ALL
    SELECT a.jurisdiction_code, j.parent_code, a.depth + 1
    FROM ancestors a JOIN jurisdictions j ON j.code = a.ancestor_code
    WHERE j.parent_code IS NOT NULL AND a.depth < 10
)
SELECT t.jurisdiction_code,
       j.name AS jurisdiction_name,
       j.level,
       t.year,
       t.period,
       t.indicator_code,
       t.measure,
       t.basis,
       t.quantity,
       t.low,
       t.high,
       t.qualifier,
       t.value_unit,
       t.raw,
       t.doc_key,
       a.depth,
       a.ancestor_code,
       aj.name AS ancestor_name,
       aj.level AS ancestor_level,
       CASE WHEN p.target_id IS NOT NULL THEN 'paired'
            WHEN EXISTS (SELECT 1 FROM v_measured_targets o
                         WHERE o.jurisdiction_code = a.ancestor_code AND o.year = t.year
                           AND o.period = t.period AND o.indicator_code = t.indicator_code)
                THEN 'unlike_quantity'
            ELSE 'not_stated' END AS pairing,
       p.low AS ancestor_low,
       p.high AS ancestor_high,
       p.qualifier AS ancestor_qualifier,
       p.value_unit AS ancestor_value_unit,
       p.raw AS ancestor_raw,
       p.doc_key AS ancestor_doc_key,
       CASE WHEN p.target_id IS NULL THEN NULL
            WHEN t.is_range = 1 OR p.is_range = 1 THEN 'bounds'
            ELSE 'value' END AS compared,
       CASE WHEN p.target_id IS NOT NULL AND t.is_range = 0 AND p.is_range = 0
            THEN t.value_low - p.value_low END AS difference,
       t.value_low - p.value_low AS difference_low,
       t.value_high - p.value_high AS difference_high
FROM (SELECT * FROM v_measured_targets
      WHERE preference = 1 AND indicator_code IS NOT NULL AND measure <> 'qualitative') t
JOIN jurisdictions j ON j.code = t.jurisdiction_code
JOIN ancestors a ON a.jurisdiction_code = t.jurisdiction_code
JOIN jurisdictions aj ON aj.code = a.ancestor_code
-- only jurisdictions that are someone's parent can be an ancestor: the ancestors' side is a
-- tenth of the targets, small enough to hash in memory (no sort of a million rows to merge)
LEFT JOIN (SELECT * FROM v_measured_targets
           WHERE preference = 1 AND indicator_code IS NOT NULL AND measure <> 'qualitative'
             AND jurisdiction_code IN (SELECT parent_code FROM jurisdictions)) p
       ON p.jurisdiction_code = a.ancestor_code
      AND p.year = t.year
      AND p.period = t.period
      AND p.indicator_code = t.indicator_code
      AND p.quantity = t.quantity
