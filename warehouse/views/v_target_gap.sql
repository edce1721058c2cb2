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
-- The rows are the load's (summary_target_gap, warehouse/summary_target_gap.py: the pairing
-- and differences computed over v_measured_targets' rows per changed jurisdiction-year and
-- for its descendants), with the jurisdictions' names and levels stored beside them (migration
-- 0011, kept on a rename: warehouse/summary_names.py), so a whole-country read scans one table
-- and joins nothing; its unique key is the named query's order, and a filter on
-- the jurisdiction and year reaches its index.
-- The named query `target-gap` (warehouse/queries/target_gap.sql) returns these rows, read from
-- the same table in its index's order.
CREATE VIEW v_target_gap AS
SELECT g.jurisdiction_code,
       g.jurisdiction_name,
       g.level,
       g.year,
       g.period,
       g.indicator_code,
       g.measure,
       g.basis,
       g.quantity,
       g.low,
       g.high,
       g.qualifier,
       g.value_unit,
       g.raw,
       g.doc_key,
       g.depth,
       g.ancestor_code,
       g.ancestor_name,
       g.ancestor_level,
       g.pairing,
       g.ancestor_low,
       g.ancestor_high,
       g.ancestor_qualifier,
       g.ancestor_value_unit,
       g.ancestor_raw,
       g.ancestor_doc_key,
       g.compared,
       g.difference,
       g.difference_low,
       g.difference_high
FROM summary_target_gap g
