-- lead-units: which units lead the most tasks, per jurisdiction-year, by canonical name.
--
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
--   :jurisdiction  GB/T 2260 code (620000), full name (甘肃省) or short name (甘肃)
--   :year          the year of the document
--
-- display: jurisdiction_name, year, rank, unit_name, lead_tasks, lead_targets, other_role_tasks, share_of_tasks
--   (the columns `govwork query` shows as a table; --wide shows all)
--
-- Portable SQL: SQLite >= 3.25 and PostgreSQL.
WITH current_docs AS (
    SELECT d.current_version_id AS version_id, d.jurisdiction_code, d.year, d.kind, d.doc_key
    FROM documents d
    WHERE d.current_version_id IS NOT NULL
),
assignments AS (
    SELECT c.doc_key, c.jurisdiction_code, c.year, tu.unit_id, tu.role, tu.name_raw,
           'task' AS item, t.id AS item_id
    FROM current_docs c
    JOIN tasks t ON t.version_id = c.version_id
    JOIN task_units tu ON tu.task_id = t.id
    UNION ALL
    SELECT c.doc_key, c.jurisdiction_code, c.year, gu.unit_id, gu.role, gu.name_raw,
           'target' AS item, g.id AS item_id
    FROM current_docs c
    JOIN targets g ON g.version_id = c.version_id
    JOIN target_units gu ON gu.target_id = g.id
),
per_unit AS (
    SELECT a.doc_key, a.jurisdiction_code, a.year, a.unit_id,
           COUNT(DISTINCT CASE WHEN a.role = 'lead' AND a.item = 'task' THEN a.item_id END) AS lead_tasks,
           COUNT(DISTINCT CASE WHEN a.role = 'lead' AND a.item = 'target' THEN a.item_id END) AS lead_targets,
           COUNT(DISTINCT CASE WHEN a.role <> 'lead' AND a.item = 'task' THEN a.item_id END) AS other_role_tasks,
           COUNT(DISTINCT a.name_raw) AS spellings
    FROM assignments a
    GROUP BY a.doc_key, a.jurisdiction_code, a.year, a.unit_id
),
task_totals AS (
    SELECT c.doc_key, COUNT(*) AS tasks_in_document
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.doc_key
)
SELECT p.jurisdiction_code,
       j.name AS jurisdiction_name,
       p.year,
       p.doc_key,
       u.name AS unit_name,
       p.lead_tasks,
       p.lead_targets,
       p.other_role_tasks,
       COALESCE(tt.tasks_in_document, 0) AS tasks_in_document,
       CASE WHEN tt.tasks_in_document IS NULL THEN NULL
            ELSE CAST(p.lead_tasks AS FLOAT) / tt.tasks_in_document END AS share_of_tasks,
       RANK() OVER (PARTITION BY p.doc_key ORDER BY p.lead_tasks DESC) AS rank,
       p.spellings
FROM per_unit p
JOIN units u ON u.id = p.unit_id
JOIN jurisdictions j ON j.code = p.jurisdiction_code
LEFT JOIN task_totals tt ON tt.doc_key = p.doc_key
WHERE (p.lead_tasks > 0 OR p.lead_targets > 0)
  AND (CAST(:jurisdiction AS TEXT) IS NULL
       OR j.code = CAST(:jurisdiction AS TEXT)
       OR j.name = CAST(:jurisdiction AS TEXT)
       OR j.short_name = CAST(:jurisdiction AS TEXT))
  AND (CAST(:year AS INTEGER) IS NULL OR p.year = CAST(:year AS INTEGER))
ORDER BY p.jurisdiction_code, p.year, p.doc_key, p.lead_tasks DESC, p.lead_targets DESC, u.name
