"""Load validated documents into the warehouse (the load stage).

A document's document row, version, provenances, validation results and facts commit
together or not at all; one failing document never stops the others. Documents go in
batches of ``_BATCH``, one transaction each with a savepoint per document
(``warehouse.transactions``). Every write is keyed by a natural key with a unique
constraint and written with ``INSERT … ON CONFLICT DO NOTHING``, so loading twice changes
nothing and two loaders running at once cannot duplicate a row. Rows go in bulk (one
statement per table per document), never one round trip per row. The summary tables the
views read are refreshed once per batch, after its documents, in its transaction, for the
documents it changed (``_refresh_summaries``).

Versions: a document (jurisdiction, kind, year) has one version per (text hash, parser
version). A new version whose facts load becomes current and supersedes the previous one,
which keeps its facts. A quarantined version keeps its validation results and a
quarantine row, but no facts; the previous current version stays current.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Mapping

from sqlalchemy import Connection, Engine

from core.records import ParsedDocument, source_rank
from warehouse import summaries
from warehouse.bookkeeping import import_manifest, record_parse_results, seed_dimensions
from warehouse.db import migrate, write_lock
from warehouse.facts import insert_facts
from warehouse.transactions import each_in_savepoint
from warehouse.writes import T, dumps, execute_insert, insert_rows, now_iso, run

log = logging.getLogger(__name__)
_BATCH = 100  # documents per transaction (a savepoint each): one commit per batch, not per document


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


_insert_rows = insert_rows  # tests patch this name to inject failures


# --- one document -------------------------------------------------------------------------
# Statements go to the driver (``warehouse.writes.run``): a document is ~30 of them, and
# SQLAlchemy's per-statement work cost more than the database's.

_META = ("title", "doc_number", "issuer", "written_date", "published_date", "session_date")
_COMPLETENESS = ("completeness", "parsed_count", "declared_count", "completeness_ratio")
_VERSION_COLUMNS = tuple(T["document_versions"].columns.keys())


def _version_row(doc: ParsedDocument, outcome: dict, document_id: int, parsed_path: str | None, now: str) -> dict:
    m, c = doc.meta, outcome["completeness"]
    return {"document_id": document_id, "text_sha256": doc.text_sha256, "parser": doc.parser,
            "parser_version": doc.parser_version, "schema_version": doc.schema_version, "parsed_path": parsed_path,
            "title": m.title, "doc_number": m.doc_number, "issuer": m.issuer, "written_date": m.written_date,
            "published_date": m.published_date, "session_date": m.session_date,
            "deadlines_json": dumps(m.deadlines), "notes_json": dumps(doc.notes),
            "unread_json": dumps(doc.unread), "status": outcome["status"],
            "completeness": c["status"], "parsed_count": c["parsed"], "declared_count": c["declared"],
            "completeness_ratio": c["ratio"], "facts_loaded": False, "created_at": now}


_LOOKUP = (f"SELECT d.id, d.current_version_id, {', '.join('v.' + c for c in _VERSION_COLUMNS)} FROM documents d "
           "LEFT JOIN document_versions v ON v.document_id = d.id AND v.text_sha256 = :text_sha256 "
           "AND v.parser_version = :parser_version WHERE d.doc_key = :doc_key")


def _lookup(conn: Connection, doc: ParsedDocument) -> tuple[int | None, int | None, dict | None]:
    """(document id, its current version id, this version's row): one round trip."""
    found = run(conn, _LOOKUP, {"doc_key": doc.doc_key, "text_sha256": doc.text_sha256,
                                "parser_version": doc.parser_version})
    if not found:
        return None, None, None
    version = dict(zip(_VERSION_COLUMNS, found[0][2:]))
    return found[0][0], found[0][1], version if version["id"] is not None else None


def _insert_document(conn: Connection, doc: ParsedDocument, outcome: dict, now: str) -> int | None:
    """The new document's id; None if it exists already (a concurrent loader made it)."""
    m, c = doc.meta, outcome["completeness"]
    row = {"doc_key": doc.doc_key, "jurisdiction_code": m.jurisdiction_code, "kind": m.kind, "year": m.year,
           **{k: getattr(m, k) for k in _META}, "status": outcome["status"], "completeness": c["status"],
           "parsed_count": c["parsed"], "declared_count": c["declared"], "completeness_ratio": c["ratio"],
           "created_at": now, "updated_at": now}
    inserted = execute_insert(conn, "documents", list(row), [tuple(row.values())], ignore_existing=True,
                              returning="id")
    return inserted[0][0] if inserted else None


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
                     "attachment_sha256_json": dumps(list(attachments or []))})
    return rows


def _validation_rows(outcome: dict, version_id: int, now: str) -> list[dict]:
    failures = {(f["suite"], f["expectation"]): f for f in outcome["failures"]}
    rows = {}
    for r in outcome["results"]:
        f = failures.get((r["suite"], r["expectation"]))
        rows[(r["suite"], r["expectation"])] = {
            "version_id": version_id, "suite": r["suite"], "expectation": r["expectation"], "severity": r["severity"],
            "success": bool(r["success"]), "message": f["message"] if f else None,
            "details_json": dumps(f["details"] if f else {}), "validated_at": now}
    return list(rows.values())


def _reasons(outcome: dict) -> list[dict]:
    return [{k: f[k] for k in ("suite", "expectation", "severity", "message")}
            for f in outcome["failures"] if f["severity"] == "critical"]


def _make_current(conn: Connection, document_id: int, current: int | None, version: Mapping, now: str,
                  status: str | None = None) -> None:
    """Facts of ``version`` just loaded: it becomes current unless a newer version is
    (``current``: the document's current version before this load). ``status``: the
    document's new status too (the version is the newest)."""
    loaded = "UPDATE document_versions SET facts_loaded = :yes, loaded_at = :now"
    if current is not None and current > version["id"]:  # an older version released late
        run(conn, loaded + ", superseded_at = :now, superseded_by_id = :current WHERE id = :id",
            {"yes": True, "now": now, "current": current, "id": version["id"]})
        return
    if not version["facts_loaded"]:  # a version inserted now was inserted loaded
        run(conn, loaded + " WHERE id = :id", {"yes": True, "now": now, "id": version["id"]})
    if current is not None:
        run(conn, "UPDATE document_versions SET superseded_at = :now, superseded_by_id = :id WHERE id = :current",
            {"now": now, "id": version["id"], "current": current})
    values = {k: version[k] for k in _META + _COMPLETENESS} | ({"status": status} if status else {})
    run(conn, f"UPDATE documents SET current_version_id = :version_id, updated_at = :now, "
              f"{', '.join(f'{k} = :{k}' for k in values)} WHERE id = :document_id",
        {"version_id": version["id"], "now": now, "document_id": document_id, **values})


def _set_document_status(conn: Connection, document_id: int, version_id: int, status: str, now: str,
                         newest: bool = False) -> None:
    """documents.status follows the newest version seen (``newest``: known to be)."""
    if not newest:
        (newest_id,) = run(conn, "SELECT MAX(id) FROM document_versions WHERE document_id = :d", {"d": document_id})[0]
        newest = newest_id == version_id
    if newest:
        run(conn, "UPDATE documents SET status = :status, updated_at = :now WHERE id = :id AND status <> :status",
            {"status": status, "now": now, "id": document_id})


def _meta_values(doc: ParsedDocument, parsed_path: str | None) -> dict:
    m = doc.meta
    return {**{k: getattr(m, k) for k in _META}, "deadlines_json": dumps(m.deadlines), "notes_json": dumps(doc.notes),
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
    seen = run(conn, "SELECT source_id, url FROM provenances WHERE version_id = :v", {"v": version["id"]})
    mine = source_rank(parse_results[0])[:2]
    if any((source_id or "", url or "") < mine for source_id, url in seen):
        return False
    values = _meta_values(doc, parsed_path or version["parsed_path"])
    if all(version[k] == values[k] for k in values):
        return False
    run(conn, f"UPDATE document_versions SET {', '.join(f'{k} = :{k}' for k in values)} WHERE id = :id",
        {**values, "id": version["id"]})
    run(conn, f"UPDATE documents SET updated_at = :now, {', '.join(f'{k} = :{k}' for k in _META)} "
              "WHERE current_version_id = :id", {**{k: values[k] for k in _META}, "now": now, "id": version["id"]})
    return True


def load_document(conn: Connection, doc: ParsedDocument, outcome: dict, parse_results: list[dict],
                  parsed_path: str | None, now: str) -> str:
    """Load one validated document version inside the caller's transaction. Returns the
    action: loaded, released, quarantined, updated (metadata only) or unchanged.
    ``parse_results`` are this version's results in this batch, preferred source first."""
    return _load_version(conn, doc, outcome, parse_results, parsed_path, now)[0]


def _load_version(conn: Connection, doc: ParsedDocument, outcome: dict, parse_results: list[dict],
                  parsed_path: str | None, now: str, known_indicators: frozenset[str] = frozenset()) -> tuple[str, int]:
    """``load_document``'s work; (action, document id). ``known_indicators``: indicator
    codes the warehouse holds already."""
    quarantined = outcome["status"] == "quarantined"
    document_id, current, version = _lookup(conn, doc)
    if document_id is None:
        document_id = _insert_document(conn, doc, outcome, now)
        if document_id is None:  # a concurrent loader made it first
            document_id, current, version = _lookup(conn, doc)
    is_new = False
    if version is None:
        row = _version_row(doc, outcome, document_id, parsed_path, now)
        if not quarantined:  # a new version that passed gets its facts below, in this transaction
            row.update(facts_loaded=True, loaded_at=now)
        inserted = execute_insert(conn, "document_versions", list(row), [tuple(row.values())],
                                  ignore_existing=True, returning="id")
        is_new = bool(inserted)  # nothing: a concurrent loader inserted it first
        version = {**row, "id": inserted[0][0]} if is_new else _lookup(conn, doc)[2]
    version_id = version["id"]
    _insert_rows(conn, "provenances", _provenance_rows(doc, parse_results, document_id, version_id), ignore_existing=True)
    updated = not is_new and _refresh_metadata(conn, doc, version, parse_results, parsed_path, now)

    row_key, held = f"version:{version_id}", None  # a version inserted now is not held yet
    if not is_new:
        held = run(conn, "SELECT reasons_json, released_at FROM quarantine WHERE row_key = :k", {"k": row_key})
        held = held[0] if held else None
        if version["facts_loaded"]:
            # A loaded version's facts are final; a better parse comes as a new parser version.
            return ("updated" if updated else "unchanged"), document_id
        if quarantined and held is not None and held[0] == dumps(_reasons(outcome)):
            return "unchanged", document_id
        # Re-validated after a parser fix: its validation results and status are rewritten.
        run(conn, "DELETE FROM validation_results WHERE version_id = :v", {"v": version_id})
        c = outcome["completeness"]
        run(conn, "UPDATE document_versions SET status = :status, completeness = :completeness, "
                  "parsed_count = :parsed_count, declared_count = :declared_count, "
                  "completeness_ratio = :completeness_ratio, parser = :parser, schema_version = :schema_version, "
                  "parsed_path = :parsed_path WHERE id = :id",
            {"status": outcome["status"], "completeness": c["status"], "parsed_count": c["parsed"],
             "declared_count": c["declared"], "completeness_ratio": c["ratio"], "parser": doc.parser,
             "schema_version": doc.schema_version, "parsed_path": parsed_path or version["parsed_path"],
             "id": version_id})
    _insert_rows(conn, "validation_results", _validation_rows(outcome, version_id, now))
    # A version inserted now has the highest id of its document: it is the newest, and if it
    # passed, the document's status is set with its current version below.
    if quarantined or not is_new:
        _set_document_status(conn, document_id, version_id, outcome["status"], now, newest=is_new)
    if quarantined:
        reasons = dumps(_reasons(outcome))
        if held is None:
            _insert_rows(conn, "quarantine", [{
                "row_key": row_key, "origin": "validation", "doc_key": doc.doc_key,
                "document_id": document_id, "version_id": version_id, "text_sha256": doc.text_sha256,
                "source_id": parse_results[0]["source_id"] if parse_results else None,
                "url": parse_results[0]["url"] if parse_results else None,
                "raw_sha256": parse_results[0]["raw_sha256"] if parse_results else None,
                "reasons_json": reasons, "created_at": now}])
        else:
            run(conn, "UPDATE quarantine SET reasons_json = :r WHERE row_key = :k", {"r": reasons, "k": row_key})
        return "quarantined", document_id
    insert_facts(conn, doc, version_id, insert=_insert_rows,  # by name: tests wrap _insert_rows
                 known_indicators=known_indicators)
    if not is_new:  # the row as the statements above left it
        version = _lookup(conn, doc)[2]
    _make_current(conn, document_id, current, version, now, status=outcome["status"] if is_new else None)
    if held is not None and held[1] is None:
        run(conn, "UPDATE quarantine SET released_at = :now WHERE row_key = :k", {"now": now, "k": row_key})
        return "released", document_id
    return "loaded", document_id


@dataclass(frozen=True)
class _Loaded:
    """What loading one document version did, for the batch's summary refresh."""

    action: str
    document_id: int
    place: tuple[str, int]  # (jurisdiction code, year)


def _load_one(conn: Connection, doc: ParsedDocument, outcome: dict, results: list[dict],
              parsed_path: str | None, known_indicators: frozenset[str] = frozenset()) -> _Loaded:
    action, document_id = _load_version(conn, doc, outcome, results, parsed_path, now_iso(), known_indicators)
    return _Loaded(action, document_id, (doc.meta.jurisdiction_code, doc.meta.year))


def _refresh_summaries(conn: Connection, done: list[_Loaded | Exception]) -> None:
    """The views read per-document summaries: refreshed once per batch, after its documents,
    in their transaction, for the documents it changed (a jurisdiction-year two of them
    share is recomputed once). An unchanged version may still have been seen at a new URL:
    its checks and sources are refreshed."""
    loaded = [d for d in done if isinstance(d, _Loaded)]
    changed = [d for d in loaded if d.action != "unchanged"]
    changed_ids = {d.document_id for d in changed}
    summaries.refresh(conn, sorted(changed_ids), places=sorted({d.place for d in changed}))
    summaries.refresh(conn, sorted({d.document_id for d in loaded} - changed_ids), facts_changed=False)


# --- the batch ----------------------------------------------------------------------------


def load_batch(engine: Engine, parse_results: list[dict], documents: Mapping[str, ParsedDocument],
               outcomes: list[dict], inputs: LoadInputs) -> LoadSummary:
    """Load a batch: bookkeeping first (manifest, parse runs, dimensions), then each parsed
    document version in a savepoint of its own (``_BATCH`` of them per transaction), matched
    to its validation outcome by (doc_key, text_sha256, parser_version). ``documents`` maps each parsed result's
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
    seeded = frozenset(r["code"] for r in inputs.indicators)  # in the warehouse now: no row per document
    entries, pending = [], []  # pending: (entry, (doc, outcome, results, parsed path)) to load
    for key, seen in versions.items():
        (first, doc) = seen[0]
        outcome = by_version.get(key) or by_version.get((key[0], key[1], None))
        entry = {"doc_key": doc.doc_key, "text_sha256": doc.text_sha256, "parser_version": doc.parser_version}
        entries.append(entry)
        if outcome is None:
            entry.update(action="error", message="no validation outcome for this document; run validate first")
        else:
            entry.update(status=outcome["status"], completeness=outcome["completeness"]["status"])
            pending.append((entry, (doc, outcome, [r for r, _ in seen], first["parsed_path"])))
    for start in range(0, len(pending), _BATCH):
        chunk = pending[start:start + _BATCH]
        done = each_in_savepoint(engine, [item for _, item in chunk], partial(_load_one, known_indicators=seeded),
                                 name=lambda item: item[0].doc_key, finish=_refresh_summaries)
        for (entry, (doc, outcome, _, _)), loaded in zip(chunk, done):
            if isinstance(loaded, Exception):
                entry.update(action="error", message=f"{type(loaded).__name__}: {loaded}")
                continue
            entry["action"] = loaded.action
            if outcome["failures"]:  # quarantine reasons, or the warnings it loaded with
                entry["message"] = "; ".join(f["message"] for f in outcome["failures"]
                                             if outcome["status"] != "quarantined" or f["severity"] == "critical")
    for entry in entries:
        summary.count(entry["action"])
        summary.documents.append(entry)
    return summary
