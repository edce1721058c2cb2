-- lead-units: which units lead the most tasks, per jurisdiction-year, by canonical name.
--
-- Reads the view v_lead_unit_workload (warehouse/views/v_lead_unit_workload.sql, documented
-- in SCHEMA.md), which defines the answer; this file keeps the units that lead something,
-- filters and orders.
-- One row per unit that leads (牵头) at least one task or target in the current version of a
-- breakdown. Units are counted under their canonical name (units.name: 市发展改革委 also
-- counts what was written 市发改委); spellings is how many different ways the document wrote
-- it. A task with two lead units counts for both.
--   lead_tasks           tasks the unit leads
--   lead_targets         targets the unit leads
--   other_role_tasks     tasks where it cooperates, is responsible or implements
--   tasks_in_document    all parsed tasks of the document
--   share_of_tasks       lead_tasks / tasks_in_document
--   rank                 1 = leads the most tasks in that document (ties share a rank)
--
-- Parameters (:named binds; pass NULL for "all"):
--   :jurisdiction  GB/T 2260 code (620000); govwork resolves names (full, short, pinyin) to it first
--                 (warehouse/names.py), so the filter reaches the view's tables and indexes
--   :year          the year of the document
--
-- display: jurisdiction_name, year, rank, unit_name, lead_tasks, lead_targets, other_role_tasks, share_of_tasks
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
SELECT v.jurisdiction_code,
       v.jurisdiction_name,
       v.year,
       v.doc_key,
       v.unit_name,
       v.lead_tasks,
       v.lead_targets,
       v.other_role_tasks,
       v.tasks_in_document,
       v.share_of_tasks,
       v.rank,
       v.spellings
FROM v_lead_unit_workload v
WHERE (v.lead_tasks > 0 OR v.lead_targets > 0)
  AND (CAST(:jurisdiction AS TEXT) IS NULL OR v.jurisdiction_code = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR v.year = CAST(:year AS INTEGER))
ORDER BY v.jurisdiction_code, v.year, v.doc_key, v.lead_tasks DESC, v.lead_targets DESC, v.unit_name
