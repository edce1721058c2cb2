-- v_lead_unit_workload: per unit and document (current breakdowns: one per jurisdiction and
-- year), how many tasks and targets it leads (牵头) and how many it shares in another role
-- (配合, 责任, 实施), under its canonical name. Counts are distinct tasks/targets; a task with
-- two lead units counts for both. rank: 1 = leads the most tasks of that document (ties share
-- a rank). The counts are made once per document by the load (summary_unit_workload, defined
-- in warehouse/summaries.py, with the unit's canonical name, which never changes), so neither
-- a dashboard nor a filtered query reads task_units.
-- The named query `lead-units` (warehouse/queries/lead_units.sql) reads this view.
CREATE VIEW v_lead_unit_workload AS
SELECT s.jurisdiction_code,
       j.name AS jurisdiction_name,
       s.year,
       s.unit_id,
       s.unit_name,
       s.lead_tasks,
       s.lead_targets,
       s.lead_tasks_inherited,
       s.other_role_tasks,
       s.other_role_targets,
       s.doc_key,
       s.spellings,
       COALESCE(s.tasks_in_document, 0) AS tasks_in_document,
       CASE WHEN s.tasks_in_document IS NULL THEN NULL
            ELSE CAST(s.lead_tasks AS FLOAT) / s.tasks_in_document END AS share_of_tasks,
       s.rank
FROM summary_unit_workload s
JOIN jurisdictions j ON j.code = s.jurisdiction_code
