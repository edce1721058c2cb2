"""The summaries keyed by document (warehouse/summaries.py refreshes them): the SQL that fills
``summary_document_counts`` (v_document_counts' rows), ``summary_unit_workload``
(v_lead_unit_workload's) and ``summary_document_checks`` (v_validation's figures) for the
documents matched by ``{docs}``, a condition on the documents alias ``d`` (all documents, or
the changed ones)."""

DOCUMENT_COUNTS = """
WITH current_docs AS (
    SELECT d.id AS document_id, d.current_version_id AS version_id, d.jurisdiction_code, d.year, d.kind,
           d.doc_key, d.completeness AS document_completeness
    FROM documents d
    WHERE d.current_version_id IS NOT NULL AND {docs}
),
year_targets AS (
    -- a numbered target row stating several figures is still one target
    SELECT c.version_id,
           COUNT(DISTINCT COALESCE('#' || CAST(t.seq AS TEXT), CAST(t.ordinal AS TEXT))) AS parsed
    FROM current_docs c
    JOIN targets t ON t.version_id = c.version_id AND t.period = CAST(c.year AS TEXT)
    GROUP BY c.version_id
),
task_totals AS (
    SELECT c.version_id, COUNT(*) AS parsed
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.version_id
),
declared AS (
    SELECT c.document_id, c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
           dc.what, dc.part, dc.count AS declared,
           CASE WHEN dc.parsed_count IS NOT NULL THEN dc.parsed_count
                WHEN c.kind = 'interpretation' OR dc.part IS NOT NULL THEN NULL
                -- a report or breakdown stating a total is compared even when nothing was parsed
                WHEN dc.what = 'tasks' THEN COALESCE(tt.parsed, 0)
                WHEN dc.what = 'targets' THEN COALESCE(yt.parsed, 0)
           END AS parsed,
           dc.ordinal AS sort_order,
           CASE WHEN dc.part IS NULL THEN 'document' ELSE 'part' END AS level
    FROM current_docs c
    JOIN declared_counts dc ON dc.version_id = c.version_id
    LEFT JOIN task_totals tt ON tt.version_id = c.version_id
    LEFT JOIN year_targets yt ON yt.version_id = c.version_id
),
parsed_totals AS (
    SELECT version_id, 'tasks' AS what, parsed FROM task_totals
    UNION ALL
    SELECT version_id, 'targets' AS what, parsed FROM year_targets
),
parsed_parts AS (
    SELECT c.version_id, t.part, COUNT(*) AS parsed, MIN(t.ordinal) AS sort_order
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    WHERE t.part IS NOT NULL
    GROUP BY c.version_id, t.part
)
INSERT INTO summary_document_counts
    (document_id, version_id, jurisdiction_code, year, kind, doc_key, document_completeness,
     what, part, level, declared_count, parsed_count, sort_order)
SELECT document_id, version_id, jurisdiction_code, year, kind, doc_key, document_completeness,
       what, part, level, declared, parsed, sort_order
FROM declared
UNION ALL
SELECT c.document_id, c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
       p.what, CAST(NULL AS TEXT), 'document', CAST(NULL AS INTEGER), p.parsed, 0
FROM parsed_totals p
JOIN current_docs c ON c.version_id = p.version_id
WHERE NOT EXISTS (SELECT 1 FROM declared_counts x
                  WHERE x.version_id = p.version_id AND x.what = p.what AND x.part IS NULL)
UNION ALL
SELECT c.document_id, c.version_id, c.jurisdiction_code, c.year, c.kind, c.doc_key, c.document_completeness,
       'tasks', p.part, 'part', CAST(NULL AS INTEGER), p.parsed, p.sort_order
FROM parsed_parts p
JOIN current_docs c ON c.version_id = p.version_id
-- per-part labels are compared by the loader; when the document declares per-part task
-- counts, those rows (with the loader's parsed figure) stand for the parts
WHERE NOT EXISTS (SELECT 1 FROM declared_counts x
                  WHERE x.version_id = p.version_id AND x.what = 'tasks' AND x.part IS NOT NULL)
"""

UNIT_WORKLOAD = """
WITH current_docs AS (
    SELECT d.id AS document_id, d.jurisdiction_code, d.year, d.doc_key, d.current_version_id AS version_id
    FROM documents d
    WHERE d.current_version_id IS NOT NULL AND {docs}
),
assignments AS (
    -- every unit row of the documents' tasks and targets, read once: the counts and the
    -- spellings come from one grouping (task_units read twice and three groupings joined
    -- back took 279 ms per 100 documents on PostgreSQL at national scale 0.01, this 170 ms)
    SELECT c.document_id, tu.unit_id, 'task' AS owner, t.id AS owner_id, tu.role, tu.inherited, tu.name_raw
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id JOIN task_units tu ON tu.task_id = t.id
    UNION ALL
    -- CROSS JOIN: SQLite joins in this order (it scanned all of target_units per
    -- document otherwise); PostgreSQL plans it as the inner join it is
    SELECT c.document_id, gu.unit_id, 'target', g.id, gu.role, gu.inherited, gu.name_raw
    FROM current_docs c JOIN targets g ON g.version_id = c.version_id CROSS JOIN target_units gu
    WHERE gu.target_id = g.id
),
per_document_unit AS (
    -- (task, role, unit) is unique, so lead rows count lead tasks; other roles may repeat a task
    SELECT document_id, unit_id,
           SUM(CASE WHEN owner = 'task' AND role = 'lead' THEN 1 ELSE 0 END) AS lead_tasks,
           SUM(CASE WHEN owner = 'target' AND role = 'lead' THEN 1 ELSE 0 END) AS lead_targets,
           SUM(CASE WHEN owner = 'task' AND role = 'lead' AND inherited THEN 1 ELSE 0 END) AS lead_tasks_inherited,
           COUNT(DISTINCT CASE WHEN owner = 'task' AND role <> 'lead' THEN owner_id END) AS other_role_tasks,
           COUNT(DISTINCT CASE WHEN owner = 'target' AND role <> 'lead' THEN owner_id END) AS other_role_targets,
           COUNT(DISTINCT name_raw) AS spellings
    FROM assignments
    GROUP BY document_id, unit_id
),
task_totals AS (
    SELECT c.document_id, COUNT(*) AS tasks_in_document
    FROM current_docs c JOIN tasks t ON t.version_id = c.version_id
    GROUP BY c.document_id
),
per_unit AS (
    SELECT c.document_id, c.jurisdiction_code, c.year, c.doc_key, s.unit_id, u.name AS unit_name,
           s.lead_tasks, s.lead_targets, s.lead_tasks_inherited, s.other_role_tasks, s.other_role_targets,
           s.spellings, tt.tasks_in_document
    FROM per_document_unit s
    JOIN current_docs c ON c.document_id = s.document_id
    JOIN units u ON u.id = s.unit_id
    LEFT JOIN task_totals tt ON tt.document_id = s.document_id
)
INSERT INTO summary_unit_workload
    (document_id, jurisdiction_code, year, doc_key, unit_id, unit_name, lead_tasks, lead_targets, lead_tasks_inherited,
     other_role_tasks, other_role_targets, spellings, tasks_in_document, rank)
SELECT document_id, jurisdiction_code, year, doc_key, unit_id, unit_name, lead_tasks, lead_targets, lead_tasks_inherited,
       other_role_tasks, other_role_targets, spellings, tasks_in_document,
       RANK() OVER (PARTITION BY document_id ORDER BY lead_tasks DESC)
FROM per_unit
"""

DOCUMENT_CHECKS = """
INSERT INTO summary_document_checks
    (document_id, expectations_run, critical_failures, warnings, sources, example_url)
SELECT d.id,
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)),
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)
          AND r.severity = 'critical' AND NOT r.success),
       (SELECT COUNT(*) FROM validation_results r
        WHERE r.version_id = (SELECT MAX(v.id) FROM document_versions v WHERE v.document_id = d.id)
          AND r.severity <> 'critical' AND NOT r.success),
       (SELECT COUNT(*) FROM provenances p WHERE p.document_id = d.id),
       (SELECT MIN(p.url) FROM provenances p WHERE p.document_id = d.id)
FROM documents d
WHERE {docs}
"""
