"""Load validated documents into the warehouse (the load stage).

One document is one transaction: its document row, version, provenances, validation
results and facts commit together or not at all; one failing document never stops the
others. Every write is keyed by a natural key with a unique constraint and written with
``INSERT … ON CONFLICT DO NOTHING``, so loading twice changes nothing and two loaders
running at once cannot duplicate a row. Rows go in bulk (one statement per table per
document), never one round trip per row.

Versions: a document (jurisdiction, kind, year) has one version per (text hash, parser
version). A new version whose facts load becomes current and supersedes the previous one,
which keeps its facts. A quarantined version keeps its validation results and a
quarantine row, but no facts; the previous current version stays current.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from sqlalchemy import Connection, Engine, and_, select, update
from sqlalchemy.exc import DBAPIError

from core.records import ParsedDocument, source_rank, target_rows
from warehouse import summaries
from warehouse.bookkeeping import import_manifest, record_parse_results, seed_dimensions
from warehouse.db import migrate, write_lock
from warehouse.writes import T, dumps, insert_rows, now_iso, row_key, upsert_stmt as _upsert_stmt

log = logging.getLogger(__name__)
_RETRIES = 3  # a deadlock between two loaders is retried; the loser waits and sees the winner's rows


@dataclass
class LoadSummary:
    """What one ``load_batch`` did. ``documents`` has one entry per parsed version:
    {doc_key, text_sha256, parser_version, action, status, completeness, message}; action is
    ``loaded`` (facts written now), ``unchanged``, ``quarantined``, ``released`` or ``error``."""

    counts: dict[str, int] = field(default_factory=dict)
    documents: list[dict[str, Any]] = field(default_factory=list)
    parse_failures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


@dataclass
class LoadInputs:
    """Everything a load writes besides the parsed documents, gathered by the caller (the
    stages layer) so the loader fetches nothing: the raw store's manifest rows, the
    registry's jurisdiction and expected-document rows (``warehouse.dimensions``; None when
    no registry could be read, then jurisdictions are bare codes), the taxonomy's indicator
    rows, and notes to pass on (why the registry was not read)."""

    manifest: list[dict] = field(default_factory=list)
    jurisdictions: list[dict] | None = None
    expected: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_row_key, _dumps = row_key, dumps
_insert_rows = insert_rows  # tests patch this name to inject failures


# --- one document -------------------------------------------------------------------------


def _version_row(doc: ParsedDocument, outcome: dict, document_id: int, parsed_path: str | None, now: str) -> dict:
    m, c = doc.meta, outcome["completeness"]
    return {"document_id": document_id, "text_sha256": doc.text_sha256, "parser": doc.parser,
            "parser_version": doc.parser_version, "schema_version": doc.schema_version, "parsed_path": parsed_path,
            "title": m.title, "doc_number": m.doc_number, "issuer": m.issuer, "written_date": m.written_date,
            "published_date": m.published_date, "session_date": m.session_date,
            "deadlines_json": _dumps(m.deadlines), "notes_json": _dumps(doc.notes),
            "unread_json": _dumps(doc.unread), "status": outcome["status"],
            "completeness": c["status"], "parsed_count": c["parsed"], "declared_count": c["declared"],
            "completeness_ratio": c["ratio"], "facts_loaded": False, "created_at": now}


_META = ("title", "doc_number", "issuer", "written_date", "published_date", "session_date")
_COMPLETENESS = ("completeness", "parsed_count", "declared_count", "completeness_ratio")


def _document_id(conn: Connection, doc: ParsedDocument, outcome: dict, now: str) -> int:
    d, m = T["documents"], doc.meta
    c = outcome["completeness"]
    _insert_rows(conn, "documents", [{
        "doc_key": doc.doc_key, "jurisdiction_code": m.jurisdiction_code, "kind": m.kind, "year": m.year,
        **{k: getattr(m, k) for k in _META}, "status": outcome["status"], "completeness": c["status"],
        "parsed_count": c["parsed"], "declared_count": c["declared"], "completeness_ratio": c["ratio"],
        "created_at": now, "updated_at": now}], ignore_existing=True)
    return conn.execute(select(d.c.id).where(d.c.doc_key == doc.doc_key)).scalar_one()


def _provenance_rows(doc: ParsedDocument, parse_results: list[dict], document_id: int, version_id: int) -> list[dict]:
    seen, rows = set(), []
    candidates = [(p.source_id, p.url, p.raw_sha256, p.fetched_at, p.attachment_sha256) for p in doc.provenance]
    candidates += [(r["source_id"], r["url"], r["raw_sha256"], None, []) for r in parse_results if r.get("raw_sha256")]
    for source_id, url, raw_sha256, fetched_at, attachments in candidates:
        if (source_id, url, raw_sha256) in seen:
            continue
        seen.add((source_id, url, raw_sha256))
        rows.append({"document_id": document_id, "version_id": version_id, "source_id": source_id, "url": url,
                     "raw_sha256": raw_sha256, "fetched_at": fetched_at,
                     "attachment_sha256_json": _dumps(list(attachments or []))})
    return rows


def _validation_rows(outcome: dict, version_id: int, now: str) -> list[dict]:
    failures = {(f["suite"], f["expectation"]): f for f in outcome["failures"]}
    rows = {}
    for r in outcome["results"]:
        f = failures.get((r["suite"], r["expectation"]))
        rows[(r["suite"], r["expectation"])] = {
            "version_id": version_id, "suite": r["suite"], "expectation": r["expectation"], "severity": r["severity"],
            "success": bool(r["success"]), "message": f["message"] if f else None,
            "details_json": _dumps(f["details"] if f else {}), "validated_at": now}
    return list(rows.values())


def _reasons(outcome: dict) -> list[dict]:
    return [{k: f[k] for k in ("suite", "expectation", "severity", "message")}
            for f in outcome["failures"] if f["severity"] == "critical"]


def _ids(conn: Connection, table: str, key: str, column: str, values: Iterable[str], **where) -> dict[str, int]:
    t = T[table]
    values = sorted(set(values))
    if not values:
        return {}
    cond = and_(t.c[column].in_(values), *[t.c[k] == v for k, v in where.items()])
    return {row[0]: row[1] for row in conn.execute(select(t.c[column], t.c[key]).where(cond))}


def _units_and_leaders(conn: Connection, doc: ParsedDocument) -> tuple[dict[str, int], dict[str, int]]:
    code = doc.meta.jurisdiction_code
    assignments = [u for t in doc.tasks for u in t.units] + [u for t in doc.targets for u in t.units]
    names = sorted({u.name for u in assignments})
    _insert_rows(conn, "units", [{"jurisdiction_code": code, "name": n} for n in names], ignore_existing=True)
    unit_ids = _ids(conn, "units", "id", "name", names, jurisdiction_code=code)
    spellings = sorted({(unit_ids[u.name], u.name_raw) for u in assignments} | {(unit_ids[n], n) for n in names})
    _insert_rows(conn, "unit_spellings", [{"unit_id": i, "spelling": s} for i, s in spellings], ignore_existing=True)
    leaders = sorted({name for t in [*doc.tasks, *doc.targets] for name in t.leaders})
    _insert_rows(conn, "leaders", [{"jurisdiction_code": code, "name": n} for n in leaders], ignore_existing=True)
    return unit_ids, _ids(conn, "leaders", "id", "name", leaders, jurisdiction_code=code)


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


def insert_facts(conn: Connection, doc: ParsedDocument, version_id: int) -> None:
    """Every fact of one version, in bulk: one statement per table."""
    unit_ids, leader_ids = _units_and_leaders(conn, doc)
    codes = sorted({t.indicator for t in doc.targets if t.indicator} | {a.indicator for a in doc.actuals if a.indicator})
    _insert_rows(conn, "indicators", [{"code": c} for c in codes], ignore_existing=True)  # codes the taxonomy lacks

    def span(s) -> dict:
        return {"span_section": s.section, "span_line": s.line, "span_row": s.row}

    _insert_rows(conn, "targets", [{
        "version_id": version_id, "ordinal": i, "seq": t.seq, "period": t.period, "indicator_code": t.indicator,
        "indicator_raw": t.indicator_raw, "low": t.low, "high": t.high, "qualifier": t.qualifier, "value_unit": t.unit,
        "raw": t.raw, "basis": t.basis, "measure": t.measure, **span(t.span)} for i, t in enumerate(doc.targets, start=1)])
    _insert_rows(conn, "actuals", [{
        "version_id": version_id, "ordinal": i, "year": a.year, "indicator_code": a.indicator,
        "indicator_raw": a.indicator_raw, "value": a.value, "value_unit": a.unit, "raw": a.raw,
        "period": a.period, "basis": a.basis, "measure": a.measure, **span(a.span)}
        for i, a in enumerate(doc.actuals, start=1)])
    _insert_rows(conn, "tasks", [{
        "version_id": version_id, "ordinal": i, "seq": t.seq, "part": t.section_path[0] if t.section_path else None,
        "section_path_json": _dumps(t.section_path), "text": t.text, "leaders_inherited": bool(t.leaders_inherited),
        "flags_json": _dumps(t.flags), **span(t.span)} for i, t in enumerate(doc.tasks, start=1)])
    _insert_rows(conn, "declared_counts", [{
        "version_id": version_id, "ordinal": i, "what": d.what, "part": d.part, "count": d.count,
        "parsed_count": _declared_parsed(doc, d.what, d.part), "sentence": d.sentence, **span(d.span)}
        for i, d in enumerate(doc.declared_counts, start=1)])
    if doc.tasks:
        task_ids = _ordinal_ids(conn, "tasks", version_id)
        units, leaders = _links(task_ids, doc.tasks, "task_id", unit_ids, leader_ids, True)
        _insert_rows(conn, "task_units", units)
        _insert_rows(conn, "task_leaders", leaders)
    if any(t.units or t.leaders for t in doc.targets):
        target_ids = _ordinal_ids(conn, "targets", version_id)
        units, leaders = _links(target_ids, doc.targets, "target_id", unit_ids, leader_ids, False)
        _insert_rows(conn, "target_units", units)
        _insert_rows(conn, "target_leaders", leaders)


def _ordinal_ids(conn: Connection, table: str, version_id: int) -> dict[int, int]:
    t = T[table]
    return dict(conn.execute(select(t.c.ordinal, t.c.id).where(t.c.version_id == version_id)).all())


def _make_current(conn: Connection, document_id: int, version_id: int, now: str) -> None:
    """Facts of ``version_id`` just loaded: it becomes current unless a newer version is."""
    d, v = T["documents"], T["document_versions"]
    current = conn.execute(select(d.c.current_version_id).where(d.c.id == document_id)).scalar_one()
    if current is not None and current > version_id:  # an older version released late
        conn.execute(update(v).where(v.c.id == version_id).values(superseded_at=now, superseded_by_id=current))
        return
    if current is not None:
        conn.execute(update(v).where(v.c.id == current).values(superseded_at=now, superseded_by_id=version_id))
    row = conn.execute(select(v).where(v.c.id == version_id)).mappings().one()
    conn.execute(update(d).where(d.c.id == document_id).values(
        current_version_id=version_id, updated_at=now, **{k: row[k] for k in _META + _COMPLETENESS}))


def _set_document_status(conn: Connection, document_id: int, version_id: int, status: str, now: str) -> None:
    """documents.status follows the newest version seen."""
    d, v = T["documents"], T["document_versions"]
    newest = conn.execute(select(v.c.id).where(v.c.document_id == document_id).order_by(v.c.id.desc()).limit(1)).scalar()
    if newest == version_id:
        conn.execute(update(d).where(d.c.id == document_id, d.c.status != status).values(status=status, updated_at=now))


def _meta_values(doc: ParsedDocument, parsed_path: str | None) -> dict:
    m = doc.meta
    return {**{k: getattr(m, k) for k in _META}, "deadlines_json": _dumps(m.deadlines), "notes_json": _dumps(doc.notes),
            "parsed_path": parsed_path}


def _refresh_metadata(conn: Connection, doc: ParsedDocument, version: Mapping, parse_results: list[dict],
                      parsed_path: str | None, now: str) -> bool:
    """An existing version takes this parse's metadata (title, dates, issuer, notes, parsed
    file) when this parse's source ranks first (``core.records.source_rank``) among every
    source the version was ever seen at. So the version's title is the same whatever order
    its sources were parsed and loaded in, and whether an earlier run was killed half-way.
    Returns whether anything changed."""
    if not parse_results:
        return False
    p = T["provenances"]
    seen = conn.execute(select(p.c.source_id, p.c.url).where(p.c.version_id == version["id"])).all()
    mine = source_rank(parse_results[0])[:2]
    if any((source_id or "", url or "") < mine for source_id, url in seen):
        return False
    values = _meta_values(doc, parsed_path or version["parsed_path"])
    if all(version[k] == values[k] for k in values):
        return False
    v, d = T["document_versions"], T["documents"]
    conn.execute(update(v).where(v.c.id == version["id"]).values(**values))
    conn.execute(update(d).where(d.c.current_version_id == version["id"]).values(
        updated_at=now, **{k: values[k] for k in _META}))
    return True


def load_document(conn: Connection, doc: ParsedDocument, outcome: dict, parse_results: list[dict],
                  parsed_path: str | None, now: str) -> str:
    """Load one validated document version inside the caller's transaction. Returns the
    action: loaded, released, quarantined, updated (metadata only) or unchanged.
    ``parse_results`` are this version's results in this batch, preferred source first."""
    v, q = T["document_versions"], T["quarantine"]
    document_id = _document_id(conn, doc, outcome, now)
    key = (v.c.document_id == document_id) & (v.c.text_sha256 == doc.text_sha256) & (v.c.parser_version == doc.parser_version)
    existing = conn.execute(select(v).where(key)).mappings().first()
    is_new = False
    if existing is None:
        stmt = (_upsert_stmt(conn, v).values(_version_row(doc, outcome, document_id, parsed_path, now))
                .on_conflict_do_nothing().returning(v.c.id))
        is_new = conn.execute(stmt).first() is not None  # None: a concurrent loader inserted it first
        existing = conn.execute(select(v).where(key)).mappings().one()
    version = existing
    version_id = version["id"]
    _insert_rows(conn, "provenances", _provenance_rows(doc, parse_results, document_id, version_id), ignore_existing=True)
    updated = not is_new and _refresh_metadata(conn, doc, version, parse_results, parsed_path, now)

    quarantined = outcome["status"] == "quarantined"
    held = conn.execute(select(q.c.reasons_json, q.c.released_at).where(q.c.row_key == f"version:{version_id}")).first()
    if not is_new:
        if version["facts_loaded"]:
            # A loaded version's facts are final; a better parse comes as a new parser version.
            return "updated" if updated else "unchanged"
        if quarantined and held is not None and held.reasons_json == _dumps(_reasons(outcome)):
            return "unchanged"
    # (Re)write this version's validation results: new, or re-validated after a parser fix.
    vr = T["validation_results"]
    conn.execute(vr.delete().where(vr.c.version_id == version_id))
    _insert_rows(conn, "validation_results", _validation_rows(outcome, version_id, now))
    c = outcome["completeness"]
    conn.execute(update(v).where(v.c.id == version_id).values(
        status=outcome["status"], completeness=c["status"], parsed_count=c["parsed"], declared_count=c["declared"],
        completeness_ratio=c["ratio"], parser=doc.parser, schema_version=doc.schema_version,
        parsed_path=parsed_path or version["parsed_path"]))
    _set_document_status(conn, document_id, version_id, outcome["status"], now)
    if quarantined:
        reasons = _dumps(_reasons(outcome))
        if held is None:
            _insert_rows(conn, "quarantine", [{
                "row_key": f"version:{version_id}", "origin": "validation", "doc_key": doc.doc_key,
                "document_id": document_id, "version_id": version_id, "text_sha256": doc.text_sha256,
                "source_id": parse_results[0]["source_id"] if parse_results else None,
                "url": parse_results[0]["url"] if parse_results else None,
                "raw_sha256": parse_results[0]["raw_sha256"] if parse_results else None,
                "reasons_json": reasons, "created_at": now}])
        else:
            conn.execute(update(q).where(q.c.row_key == f"version:{version_id}").values(reasons_json=reasons))
        return "quarantined"
    insert_facts(conn, doc, version_id)
    conn.execute(update(v).where(v.c.id == version_id).values(facts_loaded=True, loaded_at=now))
    _make_current(conn, document_id, version_id, now)
    if held is not None and held.released_at is None:
        conn.execute(update(q).where(q.c.row_key == f"version:{version_id}").values(released_at=now))
        return "released"
    return "loaded"


def _is_retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "pgcode", None) or getattr(exc.orig, "sqlstate", None)
    return code in ("40P01", "40001") or "database is locked" in str(exc.orig)


def _load_in_transaction(engine: Engine, doc: ParsedDocument, outcome: dict, results: list[dict],
                         parsed_path: str | None) -> str:
    for attempt in range(1, _RETRIES + 1):
        try:
            with engine.begin() as conn:
                write_lock(conn)  # concurrent loaders take turns (PostgreSQL; SQLite does by itself)
                action = load_document(conn, doc, outcome, results, parsed_path, now_iso())
                # the views read per-document summaries: same transaction (an unchanged
                # version may still have been seen at a new URL: its sources are refreshed)
                summaries.refresh_doc_keys(conn, [doc.doc_key], facts_changed=action != "unchanged")
                return action
        except DBAPIError as exc:
            if attempt == _RETRIES or not _is_retryable(exc):
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")


# --- the batch ----------------------------------------------------------------------------


def load_batch(engine: Engine, parse_results: list[dict], documents: Mapping[str, ParsedDocument],
               outcomes: list[dict], inputs: LoadInputs) -> LoadSummary:
    """Load a batch: bookkeeping first (manifest, parse runs, dimensions), then each parsed
    document version in its own transaction, matched to its validation outcome by
    (doc_key, text_sha256, parser_version). ``documents`` maps each parsed result's
    ``parsed_path`` to its document (the caller reads the parsed store). A version read from
    several sources in the batch is loaded from the source that ranks first
    (``core.records.source_rank``), whatever the batch's order. Never raises for one bad
    document."""
    migrate(engine)
    summary = LoadSummary(notes=list(inputs.notes))
    by_version: dict[tuple, dict] = {}
    for o in outcomes:
        by_version[(o["doc_key"], o["text_sha256"], o.get("parser_version"))] = o
    versions: dict[tuple, list[tuple[dict, ParsedDocument]]] = {}  # version -> its (result, document)s
    for r in parse_results:
        if r["status"] == "failed":
            summary.parse_failures.append({k: r.get(k) for k in ("url", "jurisdiction_code", "reason", "message")})
        summary.count(f"parse_{r['status']}")
        if r["status"] != "parsed":
            continue
        doc = documents[r["parsed_path"]]
        versions.setdefault((doc.doc_key, doc.text_sha256, doc.parser_version), []).append((r, doc))
    for seen in versions.values():
        seen.sort(key=lambda pair: source_rank(pair[0]))
    now = now_iso()
    with engine.begin() as conn:
        write_lock(conn)
        summary.count("fetches_offered", import_manifest(conn, inputs.manifest))
        record_parse_results(conn, parse_results, now)
        seed_dimensions(conn, [seen[0][1] for seen in versions.values()], inputs)
    for key, seen in versions.items():
        (first, doc) = seen[0]
        results = [r for r, _ in seen]
        outcome = by_version.get(key) or by_version.get((key[0], key[1], None))
        entry = {"doc_key": doc.doc_key, "text_sha256": doc.text_sha256, "parser_version": doc.parser_version}
        if outcome is None:
            entry.update(action="error", message="no validation outcome for this document; run validate first")
        else:
            entry.update(status=outcome["status"], completeness=outcome["completeness"]["status"])
            try:
                entry["action"] = _load_in_transaction(engine, doc, outcome, results, first["parsed_path"])
                if outcome["failures"]:  # quarantine reasons, or the warnings it loaded with
                    entry["message"] = "; ".join(f["message"] for f in outcome["failures"]
                                                 if outcome["status"] != "quarantined" or f["severity"] == "critical")
            except Exception as exc:  # one document never stops the others
                log.exception("loading %s failed", doc.doc_key)
                entry.update(action="error", message=f"{type(exc).__name__}: {exc}")
        summary.count(entry["action"])
        summary.documents.append(entry)
    return summary
