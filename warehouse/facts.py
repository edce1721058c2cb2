"""The facts of one document version: targets, actuals, tasks, declared counts, and the
units and leaders they name, in bulk (one statement per table), in the caller's transaction.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection

from core.records import ParsedDocument, target_rows
from warehouse.writes import dumps, dumps_strings, in_list, insert_rows, run

Insert = Callable[..., None]  # warehouse.writes.insert_rows, or what the caller wraps it in


def _ids(conn: Connection, jurisdiction_code: str, names: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """{table: {name: id}} of the named units and leaders of one jurisdiction, read in one
    statement (``names``: {table: names}). SQLite: each table's names are one JSON parameter,
    so the statement's text is the same for every document and compiled once per connection."""
    ids: dict[str, dict[str, int]] = {table: {} for table in names}
    if not any(names.values()):
        return ids
    selects, params = [], {"code": jurisdiction_code}
    for table, wanted in names.items():
        if conn.dialect.name == "sqlite":
            selects.append(f"SELECT '{table}', name, id FROM {table} WHERE jurisdiction_code = :code "
                           f"AND name IN (SELECT value FROM json_each(:{table}))")
            params[table] = dumps(wanted)
        elif wanted:
            marks, named = in_list(f"{table[0]}", wanted)
            selects.append(f"SELECT '{table}', name, id FROM {table} WHERE jurisdiction_code = :code "
                           f"AND name IN ({marks})")
            params.update(named)
    for table, name, id_ in run(conn, " UNION ALL ".join(selects), params):
        ids[table][name] = id_
    return ids


def _units_and_leaders(conn: Connection, doc: ParsedDocument, insert: Insert) -> tuple[dict[str, int], dict[str, int]]:
    code = doc.meta.jurisdiction_code
    assignments = [u for t in doc.tasks for u in t.units] + [u for t in doc.targets for u in t.units]
    names = sorted({u.name for u in assignments})
    leaders = sorted({name for t in [*doc.tasks, *doc.targets] for name in t.leaders})
    insert(conn, "units", [{"jurisdiction_code": code, "name": n} for n in names], ignore_existing=True)
    insert(conn, "leaders", [{"jurisdiction_code": code, "name": n} for n in leaders], ignore_existing=True)
    ids = _ids(conn, code, {"units": names, "leaders": leaders})
    unit_ids = ids["units"]
    spellings = sorted({(unit_ids[u.name], u.name_raw) for u in assignments} | {(unit_ids[n], n) for n in names})
    insert(conn, "unit_spellings", [{"unit_id": i, "spelling": s} for i, s in spellings], ignore_existing=True)
    return unit_ids, ids["leaders"]


def _links(owner_ids: dict[int, int], items: list, owner_col: str, unit_ids: dict[str, int],
           leader_ids: dict[str, int], with_inherited_leaders: bool) -> tuple[list[dict], list[dict]]:
    units, leaders = [], []
    for ordinal, item in enumerate(items, start=1):
        owner = owner_ids[ordinal]
        seen, position = set(), {}
        for u in item.units:
            position[u.role] = position.get(u.role, 0) + 1
            if (u.role, u.name) in seen:  # 省发改委 and 省发展改革委 in one cell are one unit
                continue
            seen.add((u.role, u.name))
            units.append({owner_col: owner, "unit_id": unit_ids[u.name], "role": u.role, "name_raw": u.name_raw,
                          "inherited": bool(u.inherited), "position": position[u.role]})
        for position_, name in enumerate(dict.fromkeys(item.leaders), start=1):
            row = {owner_col: owner, "leader_id": leader_ids[name], "position": position_}
            if with_inherited_leaders:
                row["inherited"] = bool(item.leaders_inherited)
            leaders.append(row)
    return units, leaders


def _declared_parsed(doc: ParsedDocument, what: str, part: str | None) -> int | None:
    """What the parser found for a declared count; None when nothing comparable was parsed."""
    if doc.meta.kind == "interpretation":
        return None
    if what == "targets":
        return target_rows(doc) if part is None else None
    if not doc.tasks:
        return None
    if what == "tasks":
        return len(doc.tasks) if part is None else (sum(1 for t in doc.tasks if t.section_path[:1] == [part]) or None)
    if what == "parts" and part is None:
        return len({t.section_path[0] for t in doc.tasks if t.section_path})
    if what == "lead_units" and part is None:
        return len({u.name for t in doc.tasks for u in t.units if u.role == "lead"})
    return None


def _ordinal_ids(conn: Connection, table: str, version_id: int) -> dict[int, int]:
    return dict(run(conn, f"SELECT ordinal, id FROM {table} WHERE version_id = :v", {"v": version_id}))


def insert_facts(conn: Connection, doc: ParsedDocument, version_id: int, insert: Insert = insert_rows,
                 known_indicators: frozenset[str] = frozenset()) -> None:
    """Every fact of one version, in bulk: one statement per table. ``known_indicators``:
    codes the warehouse holds already (the taxonomy's, seeded before the documents)."""
    unit_ids, leader_ids = _units_and_leaders(conn, doc, insert)
    codes = sorted({t.indicator for t in doc.targets if t.indicator} | {a.indicator for a in doc.actuals if a.indicator})
    # codes the taxonomy lacks get a bare row (the targets' foreign key)
    insert(conn, "indicators", [{"code": c} for c in codes if c not in known_indicators], ignore_existing=True)

    def span(s) -> dict:
        return {"span_section": s.section, "span_line": s.line, "span_row": s.row}

    insert(conn, "targets", [{
        "version_id": version_id, "ordinal": i, "seq": t.seq, "period": t.period, "indicator_code": t.indicator,
        "indicator_raw": t.indicator_raw, "low": t.low, "high": t.high, "qualifier": t.qualifier, "value_unit": t.unit,
        "raw": t.raw, "basis": t.basis, "measure": t.measure, **span(t.span)} for i, t in enumerate(doc.targets, start=1)])
    insert(conn, "actuals", [{
        "version_id": version_id, "ordinal": i, "year": a.year, "indicator_code": a.indicator,
        "indicator_raw": a.indicator_raw, "value": a.value, "value_unit": a.unit, "raw": a.raw,
        "period": a.period, "basis": a.basis, "measure": a.measure, **span(a.span)}
        for i, a in enumerate(doc.actuals, start=1)])
    insert(conn, "tasks", [{
        "version_id": version_id, "ordinal": i, "seq": t.seq, "part": t.section_path[0] if t.section_path else None,
        "section_path_json": dumps_strings(t.section_path), "text": t.text,
        "leaders_inherited": bool(t.leaders_inherited), "flags_json": dumps_strings(t.flags), **span(t.span)}
        for i, t in enumerate(doc.tasks, start=1)])
    insert(conn, "declared_counts", [{
        "version_id": version_id, "ordinal": i, "what": d.what, "part": d.part, "count": d.count,
        "parsed_count": _declared_parsed(doc, d.what, d.part), "sentence": d.sentence, **span(d.span)}
        for i, d in enumerate(doc.declared_counts, start=1)])
    if doc.tasks:
        task_ids = _ordinal_ids(conn, "tasks", version_id)
        units, leaders = _links(task_ids, doc.tasks, "task_id", unit_ids, leader_ids, True)
        insert(conn, "task_units", units)
        insert(conn, "task_leaders", leaders)
    if any(t.units or t.leaders for t in doc.targets):
        target_ids = _ordinal_ids(conn, "targets", version_id)
        units, leaders = _links(target_ids, doc.targets, "target_id", unit_ids, leader_ids, False)
        insert(conn, "target_units", units)
        insert(conn, "target_leaders", leaders)


__all__ = ["insert_facts"]
