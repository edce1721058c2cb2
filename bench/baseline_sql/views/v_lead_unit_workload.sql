-- v_lead_unit_workload: per unit and document (current breakdowns: one per jurisdiction and
-- year), how many tasks and targets it leads (牵头) and how many it shares in another role
-- (配合, 责任, 实施), under its canonical name. Counts are distinct tasks/targets; a task with
-- two lead units counts for both. rank: 1 = leads the most tasks of that document (ties share
-- a rank). The named query `lead-units` (warehouse/queries/lead_units.sql) reads this view.
CREATE VIEW v_lead_unit_workload AS
WITH current_docs AS (
    SELECT d.jurisdiction_code, d.year, d.doc_key, d.current_version_id AS version_id
    FROM documents d
    WHERE d.current_version_id IS NOT NULL
),
assignments AS (
    SELECT c.doc_key, c.jurisdiction_code, c.year, tu.unit_id, tu.role, tu.inherited, tu.name_raw,
           'task' AS item, t.id AS item_id
    FROM current_docs c
    JOIN tasks t ON t.version_id = c.version_id
    JOIN task_units tu ON tu.task_id = t.id
    UNION ALL
    SELECT c.doc_key, c.jurisdiction_code, c.year, gu.unit_id, gu.role, gu.inherited, gu.name_raw,
           'target' AS item, g.id AS item_id
    FROM current_docs c
    JOIN targets g ON g.version_id = c.version_id
    JOIN target_units gu ON gu.target_id = g.id
),
per_unit AS (
    SELECT a.doc_key, a.jurisdiction_code, a.year, a.unit_id,
           COUNT(DISTINCT CASE WHEN a.item = 'task' AND a.role = 'lead' THEN a.item_id END) AS lead_tasks,
           COUNT(DISTINCT CASE WHEN a.item = 'target' AND a.role = 'lead' THEN a.item_id END) AS lead_targets,
           COUNT(DISTINCT CASE WHEN a.item = 'task' AND a.role = 'lead' AND a.inherited THEN a.item_id END)
               AS lead_tasks_inherited,
           COUNT(DISTINCT CASE WHEN a.item = 'task' AND a.role <> 'lead' THEN a.item_id END) AS other_role_tasks,
           COUNT(DISTINCT CASE WHEN a.item = 'target' AND a.role <> 'lead' THEN a.item_id END) AS other_role_targets,
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
       u.id AS unit_id,
       u.name AS unit_name,
       p.lead_tasks,
       p.lead_targets,
       p.lead_tasks_inherited,
       p.other_role_tasks,
       p.other_role_targets,
       p.doc_key,
       p.spellings,
       COALESCE(tt.tasks_in_document, 0) AS tasks_in_document,
       CASE WHEN tt.tasks_in_document IS NULL THEN NULL
            ELSE CAST(p.lead_tasks AS FLOAT) / tt.tasks_in_document END AS share_of_tasks,
       RANK() OVER (PARTITION BY p.doc_key ORDER BY p.lead_tasks DESC) AS rank
FROM per_unit p
JOIN units u ON u.id = p.unit_id
JOIN jurisdictions j ON j.code = p.jurisdiction_code
LEFT JOIN task_totals tt ON tt.doc_key = p.doc_key
