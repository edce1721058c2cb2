"""summary_unit_workload (v_lead_unit_workload's rows) against the same counts made in Python
from the fact tables: the load computes them in one grouping over task and target units
(warehouse/summary_documents.py), which must count lead and other-role tasks and targets,
inherited leads and spellings across both, for units named in tasks only, targets only or
both — on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import text

from core.records import UnitAssignment
from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from warehouse.db import engine_for


def _docs():
    mixed = f.breakdown(code="620000", year=2018, n_tasks=6)
    mixed.tasks[3].units.append(UnitAssignment("responsible", "省发展改革委1", "省发改委1"))  # a lead unit in another role
    mixed.tasks[4].units[0] = UnitAssignment("lead", "省财政厅", "甘肃省财政厅", inherited=True)  # two spellings
    mixed.targets[0].units.append(UnitAssignment("cooperating", "省统计局", "省统计局"))  # a target's unit only
    mixed.targets[0].units.append(UnitAssignment("lead", "省财政厅", "财政厅"))  # a third spelling, in a target
    return [mixed, f.breakdown(code="420100", year=2020, n_tasks=5)]


def _expected(conn) -> dict[tuple[int, int], tuple]:
    """(document, unit) -> (lead_tasks, lead_targets, lead_tasks_inherited, other_role_tasks,
    other_role_targets, spellings, tasks_in_document), counted row by row."""
    rows = conn.execute(text(
        "SELECT d.id, 'task', t.id, u.unit_id, u.role, u.inherited, u.name_raw FROM documents d "
        "JOIN tasks t ON t.version_id = d.current_version_id JOIN task_units u ON u.task_id = t.id "
        "UNION ALL SELECT d.id, 'target', g.id, u.unit_id, u.role, u.inherited, u.name_raw FROM documents d "
        "JOIN targets g ON g.version_id = d.current_version_id JOIN target_units u ON u.target_id = g.id")).all()
    tasks = dict(conn.execute(text("SELECT d.id, COUNT(*) FROM documents d "
                                   "JOIN tasks t ON t.version_id = d.current_version_id GROUP BY d.id")).all())
    lead, inherited, other, spellings = defaultdict(int), defaultdict(int), defaultdict(set), defaultdict(set)
    for document, owner, owner_id, unit, role, was_inherited, name_raw in rows:
        key = (document, unit)
        spellings[key].add(name_raw)
        if role == "lead":
            lead[key + (owner,)] += 1
            inherited[key] += owner == "task" and bool(was_inherited)
        else:
            other[key + (owner,)].add(owner_id)
    return {key: (lead[key + ("task",)], lead[key + ("target",)], inherited[key], len(other[key + ("task",)]),
                  len(other[key + ("target",)]), len(names), tasks.get(key[0]))
            for key, names in spellings.items()}


def test_unit_workload_counts_what_the_facts_hold(db_url, tmp_path):
    settings = settings_for(tmp_path, db_url)
    outcomes = stages.validate(settings, parse_results(settings, _docs()))
    stages.load(settings, parse_results(settings, _docs()), outcomes)
    with engine_for(db_url).connect() as conn:
        stored = {(r[0], r[1]): tuple(r[2:]) for r in conn.execute(text(
            "SELECT document_id, unit_id, lead_tasks, lead_targets, lead_tasks_inherited, other_role_tasks, "
            "other_role_targets, spellings, tasks_in_document FROM summary_unit_workload")).all()}
        expected = _expected(conn)
    assert stored == expected
    # the cases above are all there: a unit in two roles, several spellings, a target-only unit
    assert any(v[0] and v[3] for v in stored.values())
    assert max(v[5] for v in stored.values()) == 3
    assert any(v[0] == v[2] == v[3] == 0 and v[4] == 1 for v in stored.values())
