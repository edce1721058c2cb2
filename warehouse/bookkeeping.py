"""The batch's bookkeeping, written before its documents: the raw store's manifest
(``fetches``), parse runs and parse failures held in quarantine, and the dimensions
(jurisdictions, indicators, expected documents).

Dimensions are compared with what the warehouse holds and only the difference is written:
a full registry is ~3,200 jurisdictions and ~260k expected-document rows, which every
batch re-offered before (seconds per load, for nothing when the registry has not changed).
Reading the keys back costs a fraction of that, and a changed registry still reaches the
warehouse: new rows are inserted and changed names or hierarchy updated, as before.
"""

from __future__ import annotations

import re
from typing import Iterable

from sqlalchemy import Connection, update

from core.records import ParsedDocument
from warehouse import summaries
from warehouse.writes import T, dumps, insert_rows, row_key, upsert_stmt

_JURISDICTION_FIELDS = ("name", "short_name", "level", "parent_code")
_INDICATOR_FIELDS = ("name", "unit", "names_json")


def _toposort(rows: list[dict]) -> list[dict]:
    """Parents before children, so the parent_code foreign key holds on every insert."""
    by_code = {r["code"]: r for r in rows}
    out, seen = [], set()

    def visit(r: dict) -> None:
        if r["code"] in seen:
            return
        seen.add(r["code"])
        parent = by_code.get(r.get("parent_code") or "")
        if parent:
            visit(parent)
        out.append(r)

    for r in sorted(rows, key=lambda r: r["code"]):
        visit(r)
    return out


def _held(conn: Connection, sql: str) -> list[tuple]:
    """All rows of a plain SELECT, through the driver (a full registry's keys are 260k rows)."""
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def seed_dimensions(conn: Connection, docs: Iterable[ParsedDocument], inputs) -> None:
    """Jurisdictions (registry, else bare codes from the documents), indicators (taxonomy),
    expected documents (registry sources); ``inputs`` is a ``warehouse.load.LoadInputs``."""
    jurisdictions = [dict(r) for r in inputs.jurisdictions or []]
    known = {r["code"] for r in jurisdictions}
    parents = {r.get("parent_code") for r in jurisdictions} - known - {None}
    for code in sorted({d.meta.jurisdiction_code for d in docs} | parents):
        if code not in known:
            jurisdictions.append({"code": code, "name": code, "short_name": None, "level": None, "parent_code": None})
    ordered = _toposort(jurisdictions)  # parents first: the parent_code key holds row by row
    held = {r[0]: tuple(r[1:]) for r in _held(conn, "SELECT code, name, short_name, level, parent_code FROM jurisdictions")}
    # Codes the registry lacks have no parent: insert them first, as registry rows may point at them.
    insert_rows(conn, "jurisdictions", [r for r in ordered if r["code"] not in known and r["code"] not in held],
                ignore_existing=True)
    # The registry is the authority on names and hierarchy: rows it changed are updated.
    changed = [r for r in ordered if r["code"] in known
               and held.get(r["code"]) != tuple(r.get(k) for k in _JURISDICTION_FIELDS)]
    if changed:
        stmt = upsert_stmt(conn, T["jurisdictions"])
        conn.execute(stmt.on_conflict_do_update(index_elements=["code"], set_={
            k: stmt.excluded[k] for k in _JURISDICTION_FIELDS}), changed)
        # the parent targets stored beside a moved jurisdiction's targets follow its new parent
        summaries.refresh_moved(conn, [r["code"] for r in changed
                                       if (held.get(r["code"]) or (None,) * 4)[3] != r.get("parent_code")])
    renamed_indicators = _seed_indicators(conn, inputs.indicators or [])
    # the names stored in the summary rows follow the registry's and the taxonomy's
    summaries.refresh_renamed(conn, [r["code"] for r in changed], renamed_indicators)
    _insert_expected(conn, inputs.expected)


def _seed_indicators(conn: Connection, rows: list[dict]) -> list[str]:
    """Insert the taxonomy's new indicators and update the ones it changed (the taxonomy is
    the authority on their names, as the registry on jurisdictions'); the codes whose name
    the summary rows must show anew."""
    if not rows:
        return []
    held = {r[0]: dict(zip(_INDICATOR_FIELDS, r[1:]))
            for r in _held(conn, "SELECT code, " + ", ".join(_INDICATOR_FIELDS) + " FROM indicators")}
    insert_rows(conn, "indicators", [r for r in rows if r["code"] not in held], ignore_existing=True)
    fields = [k for k in _INDICATOR_FIELDS if k in rows[0]]  # what the taxonomy states
    changed = [r for r in rows if r["code"] in held and any(held[r["code"]][k] != r[k] for k in fields)]
    if changed:
        stmt = upsert_stmt(conn, T["indicators"])
        conn.execute(stmt.on_conflict_do_update(index_elements=["code"], set_={
            k: stmt.excluded[k] for k in fields}), changed)
    # new codes too: targets loaded before the taxonomy knew their indicator show its name now
    return [r["code"] for r in rows if r["code"] not in held] + [
        r["code"] for r in changed if "name" in fields and held[r["code"]]["name"] != r["name"]]


def _insert_expected(conn: Connection, rows: list[dict]) -> None:
    """Expected documents the warehouse lacks (rows are never changed once written)."""
    if not rows:
        return
    held = set(_held(conn, "SELECT jurisdiction_code, kind, year, origin FROM expected_documents"))
    insert_rows(conn, "expected_documents", [r for r in rows if (r["jurisdiction_code"], r["kind"], r["year"],
                                                                 r["origin"]) not in held], ignore_existing=True)


# --- the manifest and parse runs -------------------------------------------------------------

_FETCH_COLUMNS = {"url": "url", "final_url": "final_url", "status": "http_status", "etag": "etag",
                  "last_modified": "last_modified", "content_type": "content_type", "encoding": "encoding",
                  "sha256": "sha256", "size": "size", "fetched_at": "fetched_at", "source_id": "source_id",
                  "jurisdiction_code": "jurisdiction_code", "kind": "kind", "outcome": "outcome",
                  "reason": "reason", "year": "year"}


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _fetch_year(row: dict) -> int | None:
    """The manifest's year, else the year a title names (2020年…重点工作分解); None if neither."""
    year = row.get("year")
    if isinstance(year, int):
        return year
    found = _TITLE_YEAR.search(row.get("title") or "")
    return int(found.group(1)) if found else None


def import_manifest(conn: Connection, manifest_rows: Iterable[dict]) -> int:
    """Copy the raw store's manifest into ``fetches`` (idempotent by row hash); fetches that
    name a year also mark that document as expected. Returns the rows offered."""
    rows, expected = [], []
    for m in manifest_rows:
        row = {col: m.get(key) for key, col in _FETCH_COLUMNS.items()}
        row["url"] = row["url"] or ""
        row["jurisdiction_code"] = row["jurisdiction_code"] or m.get("jurisdiction")  # the crawler's spelling
        row["year"] = _fetch_year(m)
        row["row_key"] = row_key(m)
        rows.append(row)
        if row["jurisdiction_code"] and row["kind"] and isinstance(row["year"], int):
            expected.append({"jurisdiction_code": row["jurisdiction_code"], "kind": row["kind"], "year": row["year"],
                             "origin": "fetch", "source_id": row["source_id"]})
    insert_rows(conn, "fetches", rows, ignore_existing=True)
    insert_rows(conn, "expected_documents", expected, ignore_existing=True)
    return len(rows)


def record_parse_results(conn: Connection, parse_results: list[dict], now: str) -> None:
    """One parse_runs row per distinct result; a failed parse is quarantined with its reason
    until a later parse of the same raw bytes succeeds."""
    runs, held, cured = [], [], set()
    for r in parse_results:
        runs.append({**{k: r.get(k) for k in ("jurisdiction_code", "source_id", "url", "raw_sha256", "status", "doc_key",
                                              "parsed_path", "text_sha256", "error_type", "reason", "message")},
                     "row_key": row_key(r), "recorded_at": now})
        if r["status"] == "failed":
            held.append({"row_key": row_key(["parse", r.get("url"), r.get("raw_sha256"), r.get("reason"), r.get("message")]),
                         "origin": "parse", "source_id": r.get("source_id"), "url": r.get("url"),
                         "raw_sha256": r.get("raw_sha256"), "created_at": now,
                         "reasons_json": dumps([{"reason": r.get("reason"), "error_type": r.get("error_type"),
                                                 "message": r.get("message")}])})
        elif r["status"] == "parsed" and r.get("raw_sha256"):
            cured.add(r["raw_sha256"])
    insert_rows(conn, "parse_runs", runs, ignore_existing=True)
    insert_rows(conn, "quarantine", held, ignore_existing=True)
    q = T["quarantine"]
    if cured:
        conn.execute(update(q).where(q.c.origin == "parse", q.c.released_at.is_(None), q.c.raw_sha256.in_(sorted(cured)))
                     .values(released_at=now))
