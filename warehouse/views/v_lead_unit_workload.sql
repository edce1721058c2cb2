-- v_lead_unit_workload: per unit and document year, how many tasks and targets of the
-- current breakdowns it leads (牵头) and how many it shares in another role (配合, 责任,
-- 实施). Counts are distinct tasks/targets.
CREATE VIEW v_lead_unit_workload AS
WITH current_docs AS (
    SELECT d.id AS document_id, d.jurisdiction_code, d.year, d.current_version_id AS version_id
    FROM documents d
    WHERE d.current_version_id IS NOT NULL
),
assignments AS (
    SELECT c.jurisdiction_code, c.year, tu.unit_id, tu.role, tu.inherited,
           'task' AS item, t.id AS item_id
    FROM current_docs c
    JOIN tasks t ON t.version_id = c.version_id
    JOIN task_units tu ON tu.task_id = t.id
    UNION ALL
    SELECT c.jurisdiction_code, c.year, gu.unit_id, gu.role, gu.inherited,
           'target' AS item, g.id AS item_id
    FROM current_docs c
    JOIN targets g ON g.version_id = c.version_id
    JOIN target_units gu ON gu.target_id = g.id
)
SELECT a.jurisdiction_code,
       j.name AS jurisdiction_name,
       a.year,
       u.id AS unit_id,
       u.name AS unit_name,
       COUNT(DISTINCT CASE WHEN a.item = 'task' AND a.role = 'lead' THEN a.item_id END) AS lead_tasks,
       COUNT(DISTINCT CASE WHEN a.item = 'target' AND a.role = 'lead' THEN a.item_id END) AS lead_targets,
       COUNT(DISTINCT CASE WHEN a.item = 'task' AND a.role = 'lead' AND a.inherited THEN a.item_id END)
           AS lead_tasks_inherited,
       COUNT(DISTINCT CASE WHEN a.item = 'task' AND a.role <> 'lead' THEN a.item_id END) AS other_role_tasks,
       COUNT(DISTINCT CASE WHEN a.item = 'target' AND a.role <> 'lead' THEN a.item_id END) AS other_role_targets
FROM assignments a
JOIN units u ON u.id = a.unit_id
JOIN jurisdictions j ON j.code = a.jurisdiction_code
GROUP BY a.jurisdiction_code, j.name, a.year, u.id, u.name
