"""The summaries of targets and actuals keyed by place (warehouse/summaries.py refreshes them
per changed jurisdiction-year): the SQL that fills ``summary_preferred_targets``,
``summary_measured_targets`` (v_measured_targets' rows, with the parent's preferred target
beside each: v_targets) and ``summary_target_actuals`` (v_target_vs_actual's pairs)."""

# {places}: a condition on the documents alias `d` choosing the jurisdiction-years to recompute
PREFERRED_TARGETS = """
WITH ranked AS (
    SELECT d.jurisdiction_code, d.year, t.period, t.indicator_code, t.id AS target_id, d.id AS document_id,
           t.low, t.high, t.qualifier, t.value_unit, d.doc_key,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.period, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE t.indicator_code IS NOT NULL AND {places}
)
INSERT INTO summary_preferred_targets
    (jurisdiction_code, year, period, indicator_code, target_id, document_id, low, high, qualifier, value_unit, doc_key)
SELECT jurisdiction_code, year, period, indicator_code, target_id, document_id, low, high, qualifier, value_unit, doc_key
FROM ranked WHERE preference = 1
"""

# {places}: as above. v_measured_targets' rows: what each target measures, and its preference
# among the targets of its jurisdiction, year, period, indicator and quantity (all in one
# jurisdiction-year, so recomputing that place is exact); v_targets reads them, and the rows of
# summary_target_gap are made from them. No per-cent sign in this SQL: psycopg would read it as
# a placeholder.
MEASURED_TARGETS = """
WITH measured AS (
    SELECT d.id AS document_id, d.jurisdiction_code, d.year, d.kind, d.doc_key,
           t.id AS target_id, t.ordinal, t.seq, t.period, t.indicator_code, t.indicator_raw,
           t.low, t.high, t.qualifier, t.value_unit, t.raw, t.span_section, t.span_line, t.span_row,
           CASE WHEN t.low IS NULL AND t.high IS NULL THEN 'qualitative'
                WHEN t.value_unit IS NULL OR t.value_unit = '' THEN 'number'
                WHEN t.value_unit = '百分点' THEN '个百分点'
                ELSE t.value_unit END AS measure,
           CASE WHEN t.period = CAST(d.year AS VARCHAR(20)) THEN 'annual'
                WHEN REPLACE(t.raw, '年均', '') <> t.raw OR REPLACE(t.raw, '年平均', '') <> t.raw
                    THEN 'average_annual'
                WHEN REPLACE(t.raw, '累计', '') <> t.raw OR REPLACE(t.raw, '增长', '') <> t.raw
                     OR REPLACE(t.raw, '下降', '') <> t.raw THEN 'cumulative'
                ELSE 'end_of_period' END AS basis
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE {places}
),
keyed AS (
    SELECT measured.*, measure || '/' || basis AS quantity FROM measured
)
INSERT INTO summary_measured_targets
    (target_id, document_id, jurisdiction_code, year, kind, doc_key, ordinal, seq, period, indicator_code,
     indicator_raw, low, high, qualifier, value_unit, raw, span_section, span_line, span_row,
     measure, basis, value_low, value_high, is_range, quantity, preference)
SELECT target_id, document_id, jurisdiction_code, year, kind, doc_key, ordinal, seq, period, indicator_code,
       indicator_raw, low, high, qualifier, value_unit, raw, span_section, span_line, span_row,
       measure, basis, COALESCE(low, high), COALESCE(high, low),
       CASE WHEN low IS NOT NULL AND high IS NOT NULL AND low <> high THEN 1 ELSE 0 END,
       quantity,
       ROW_NUMBER() OVER (
           PARTITION BY jurisdiction_code, year, period, indicator_code, quantity
           ORDER BY CASE kind WHEN 'work_report' THEN 0 ELSE 1 END, ordinal
       )
FROM keyed
-- the named query targets' order (ix_summary_measured_targets_order): a rebuild writes the
-- table in the order that query reads it
ORDER BY CASE WHEN indicator_code IS NULL THEN 1 ELSE 0 END, indicator_code, year, jurisdiction_code, kind, ordinal
"""

# {target_places} / {actual_places}: conditions on `d` choosing the documents whose targets /
# actuals fall in the jurisdiction-years to recompute
TARGET_ACTUALS = """
WITH year_targets AS (
    SELECT d.jurisdiction_code, d.year, t.indicator_code, t.id AS target_id, d.id AS document_id,
           d.kind, d.doc_key, t.indicator_raw, t.low, t.high, t.qualifier, t.value_unit, t.raw,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, d.year, t.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, t.ordinal
           ) AS preference
    FROM documents d
    JOIN targets t ON t.version_id = d.current_version_id
    WHERE t.indicator_code IS NOT NULL
      AND t.period = CAST(d.year AS VARCHAR(20))
      AND {target_places}
),
next_year_actuals AS (
    SELECT d.jurisdiction_code, a.year, a.indicator_code, a.id AS actual_id, d.id AS document_id,
           d.doc_key, a.indicator_raw, a.value, a.value_unit, a.raw,
           ROW_NUMBER() OVER (
               PARTITION BY d.jurisdiction_code, a.year, a.indicator_code
               ORDER BY CASE d.kind WHEN 'work_report' THEN 0 ELSE 1 END, a.ordinal
           ) AS preference
    FROM documents d
    JOIN actuals a ON a.version_id = d.current_version_id
    WHERE a.indicator_code IS NOT NULL
      AND a.year = d.year - 1
      AND {actual_places}
),
chosen AS (
    -- each key has at most one preferred target and one preferred actual: one grouped pass
    -- pairs them (each CTE read once, so none is computed whole and scanned per key)
    SELECT jurisdiction_code, year, indicator_code, target_id, document_id AS target_document_id,
           kind AS target_kind, doc_key AS target_doc_key, indicator_raw AS target_indicator_raw,
           low AS target_low, high AS target_high, qualifier AS target_qualifier, value_unit AS target_unit,
           raw AS target_raw,
           CAST(NULL AS INTEGER) AS actual_id, CAST(NULL AS INTEGER) AS actual_document_id,
           CAST(NULL AS TEXT) AS actual_doc_key, CAST(NULL AS TEXT) AS actual_indicator_raw,
           CAST(NULL AS FLOAT) AS actual_value, CAST(NULL AS TEXT) AS actual_unit, CAST(NULL AS TEXT) AS actual_raw
    FROM year_targets WHERE preference = 1
    UNION ALL
    SELECT jurisdiction_code, year, indicator_code, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER),
           CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS FLOAT), CAST(NULL AS FLOAT),
           CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS TEXT),
           actual_id, document_id, doc_key, indicator_raw, value, value_unit, raw
    FROM next_year_actuals WHERE preference = 1
)
INSERT INTO summary_target_actuals
    (jurisdiction_code, year, indicator_code, target_id, target_document_id, target_kind, target_doc_key,
     target_indicator_raw, target_low, target_high, target_qualifier, target_unit, target_raw,
     actual_id, actual_document_id, actual_doc_key, actual_indicator_raw, actual_value, actual_unit, actual_raw)
SELECT jurisdiction_code, year, indicator_code, MAX(target_id), MAX(target_document_id), MAX(target_kind),
       MAX(target_doc_key), MAX(target_indicator_raw), MAX(target_low), MAX(target_high), MAX(target_qualifier),
       MAX(target_unit), MAX(target_raw), MAX(actual_id), MAX(actual_document_id), MAX(actual_doc_key),
       MAX(actual_indicator_raw), MAX(actual_value), MAX(actual_unit), MAX(actual_raw)
FROM chosen
GROUP BY jurisdiction_code, year, indicator_code
-- the named query target-vs-actual's order (ix_summary_target_actuals_order): a rebuild
-- writes the table in the order that query reads it
ORDER BY indicator_code, year, jurisdiction_code
"""

# {rows}: which summary_measured_targets rows. The parent's preferred target for the same year,
# period and indicator, as v_targets joined it at query time; correlated, so a row whose parent
# has none becomes NULL (SET (...) = (SELECT ...): SQLite >= 3.15 and PostgreSQL).
PARENT_TARGETS = """
UPDATE summary_measured_targets
SET (parent_low, parent_high, parent_qualifier, parent_value_unit, parent_doc_key) = (
    SELECT pp.low, pp.high, pp.qualifier, pp.value_unit, pp.doc_key
    FROM jurisdictions j
    JOIN summary_preferred_targets pp ON pp.jurisdiction_code = j.parent_code
    WHERE j.code = summary_measured_targets.jurisdiction_code
      AND pp.year = summary_measured_targets.year
      AND pp.period = summary_measured_targets.period
      AND pp.indicator_code = summary_measured_targets.indicator_code)
WHERE {rows}
"""
