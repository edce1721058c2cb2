"""Summary tables: the per-document aggregates behind the views, kept current by the load.

Counting tasks per part, ranking lead units, choosing the target that stands for a
jurisdiction-year-indicator: done at query time, each of these reads the fact tables of
every document (25M task–unit rows at national scale) before a filter can apply. So the
load computes them for the documents it changed (``refresh(conn, document_ids)``), once per
batch, after its documents, in its transaction (``warehouse.load``), and the views read these
rows. A migration or a
repair rebuilds everything (``refresh(conn, None)``).

Each table holds exactly what its view computed before (same rules, same SQL), scoped to
the changed documents:
- ``summary_document_counts``, ``summary_unit_workload``: keyed by document;
- ``summary_preferred_targets``: keyed by jurisdiction, year, period and indicator, so a
  changed document recomputes its jurisdiction-year (a child's parent target is read
  through it at query time);
- ``summary_measured_targets``: one row per target of a current version, keyed by the
  target; its preference ranks the targets of a jurisdiction-year, so that place is recomputed;
  the parent's preferred target stored beside each (v_targets' parent_* columns) comes from
  the parent's jurisdiction-year, so a changed place also refreshes its children's rows of
  that year (``jurisdictions.parent_code``); the jurisdiction's, its parent's and the
  indicator's names are stored beside it, rewritten on a rename (``summary_names``);
- ``summary_target_actuals``: keyed by jurisdiction, year and indicator; a document of
  year Y holds the year-Y targets and the year-(Y-1) actuals, so both years are recomputed;
- ``summary_document_checks``: keyed by document (its newest version's failed expectations,
  its sources), refreshed on every load of the document, even an unchanged one;
- ``summary_target_gap``: v_target_gap's rows, a target beside each ancestor's: a changed
  jurisdiction-year recomputes its own targets' rows and its descendants' rows that pair
  with it (``warehouse/summary_target_gap.py``);
- ``summary_series``: v_series' rows, keyed by jurisdiction, indicator and year: a changed
  jurisdiction recomputes all its rows (``warehouse/summary_series.py``).

The SQL lives by family: ``summary_documents`` (keyed by document), ``summary_targets``
(by jurisdiction-year), ``summary_target_gap`` and ``summary_series``; this module says
when each runs.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import Connection

from warehouse import summary_names, summary_series, summary_target_gap
from warehouse.models import SUMMARY_TABLES
from warehouse.summary_documents import DOCUMENT_CHECKS, DOCUMENT_COUNTS, UNIT_WORKLOAD
from warehouse.summary_targets import MEASURED_TARGETS, PARENT_TARGETS, PREFERRED_TARGETS, TARGET_ACTUALS
from warehouse.writes import any_of, dumps, in_list, in_pairs, run

_PG_SUMMARY_LOCK = 7_204_114  # pg_advisory_xact_lock(key, hashtext(jurisdiction)): one refresher per place


def refresh(conn: Connection, document_ids: Iterable[int] | None, *, facts_changed: bool = True,
            places: Iterable[tuple[str, int]] | None = None) -> None:
    """Recompute the summary rows of the given documents (None: of every document) inside
    the caller's transaction. ``facts_changed=False``: only their checks and sources (a load
    that found the version unchanged may still have seen it at a new URL). ``places``: the
    documents' (jurisdiction code, year), when the caller knows them. Statements go to
    the driver (``warehouse.writes.run``): SQLAlchemy's per-statement work was a large part
    of a load's refresh."""
    if document_ids is None:
        rebuild(conn, None if facts_changed else ["summary_document_checks"])
        return
    ids = sorted(set(document_ids))
    if not ids:
        return
    marks, params = in_list("id", ids)
    if places is None:
        places = run(conn, f"SELECT DISTINCT jurisdiction_code, year FROM documents WHERE id IN ({marks})", params)
    places = sorted(set(places))
    if conn.dialect.name == "postgresql":
        _lock_places(conn, sorted({code for code, _ in places}))
    tables = {"summary_document_checks": DOCUMENT_CHECKS}
    if facts_changed:
        tables.update(summary_document_counts=DOCUMENT_COUNTS, summary_unit_workload=UNIT_WORKLOAD)
    for table, insert in tables.items():
        run(conn, f"DELETE FROM {table} WHERE document_id IN ({marks})", params)
        run(conn, insert.format(docs=f"d.id IN ({marks})"), params)
    if not facts_changed:
        return
    # by jurisdiction-year, a statement per table for many places (not per place: ~12 statements
    # a place were most of a batch's refresh); each table's rows of a place depend only on
    # that place's facts (and, for the parent columns, its parent's preferred targets, all
    # rewritten before them), so one pass over many places writes what one pass each did
    for chunk in _chunks(places):
        _refresh_places(conn, chunk)
    # after every place's measured targets and target-actual pairs: these read both sides
    for chunk in _chunks(places):
        summary_target_gap.refresh_places(conn, chunk)
    for chunk in _chunks(sorted({code for code, _ in places})):
        summary_series.refresh_jurisdictions(conn, chunk)


_PLACES_PER_STATEMENT = 100  # jurisdiction-years per statement (PostgreSQL: OR-ed terms, two parameters each)


def _chunks(items: list) -> list[list]:
    return [items[i:i + _PLACES_PER_STATEMENT] for i in range(0, len(items), _PLACES_PER_STATEMENT)]


def _places(conn: Connection, alias: str, places: list[tuple[str, int]], name: str = "p") -> tuple[str, dict]:
    """A condition matching these (jurisdiction code, year)s, by the indexed keys."""
    return in_pairs(conn, f"{alias}jurisdiction_code", f"{alias}year", places, name)


def _places_and_children(conn: Connection, places: list[tuple[str, int]]) -> tuple[str, dict]:
    """summary_measured_targets rows of these places and of their children (whose parent is
    one of them), the same year."""
    if conn.dialect.name == "sqlite":
        return ("(jurisdiction_code, year) IN (SELECT j.code, json_extract(p.value, '$[1]') FROM json_each(:c) AS p "
                "JOIN jurisdictions j ON j.code = json_extract(p.value, '$[0]') "
                "OR j.parent_code = json_extract(p.value, '$[0]'))",
                {"c": dumps(places)})
    return any_of("year = :{y} AND jurisdiction_code IN (SELECT code FROM jurisdictions "
                  "WHERE code = :{j} OR parent_code = :{j})", places, ("j", "y"))


def _refresh_places(conn: Connection, places: list[tuple[str, int]]) -> None:
    """Preferred and measured targets (with their parent's and names) and target-actual pairs
    of these jurisdiction-years."""
    rows, params = _places(conn, "", places)
    in_documents, _ = _places(conn, "d.", places)
    run(conn, f"DELETE FROM summary_preferred_targets WHERE {rows}", params)
    run(conn, PREFERRED_TARGETS.format(places=f"({in_documents})"), params)
    run(conn, f"DELETE FROM summary_measured_targets WHERE {rows}", params)
    run(conn, MEASURED_TARGETS.format(places=f"({in_documents})"), params)
    children, child_params = _places_and_children(conn, places)
    run(conn, PARENT_TARGETS.format(rows=f"({children})"), child_params)
    summary_names.fill_measured_targets(conn, rows, params)
    # a document of year Y holds Y's targets and Y-1's actuals: both years are recomputed, the
    # actuals from the documents of the year after
    keys = sorted({(code, y) for code, year in places for y in (year, year - 1)})
    rows, params = _places(conn, "", keys)
    targets, target_params = _places(conn, "d.", keys, "t")
    actuals, actual_params = _places(conn, "d.", [(code, year + 1) for code, year in keys], "a")
    run(conn, f"DELETE FROM summary_target_actuals WHERE {rows}", params)
    run(conn, TARGET_ACTUALS.format(target_places=f"({targets})", actual_places=f"({actuals})"),
        target_params | actual_params)


def _lock_places(conn: Connection, codes: list[str]) -> None:
    """Two loads of one jurisdiction's documents rewrite the same jurisdiction-year rows:
    the second waits for the first to commit (then reads what it wrote), instead of failing
    on the unique key. SQLite serialises writers already. A place's summary_target_gap rows
    beside an ancestor's targets are rewritten by the ancestor's refresh too, so a refresh
    also holds its places' ancestors, shared: a province's load waits for its counties'
    (and they for it), two counties of one province do not wait for each other. Taken in
    code order, so two refreshers never hold what the other waits for."""
    own = set(codes)
    shared = set(summary_target_gap.ancestors_of(conn, codes)) - own
    for code in sorted(own | shared):
        lock = "pg_advisory_xact_lock_shared" if code in shared else "pg_advisory_xact_lock"
        run(conn, f"SELECT {lock}(:key, hashtext(:code))", {"key": _PG_SUMMARY_LOCK, "code": code})


def refresh_doc_keys(conn: Connection, doc_keys: Iterable[str], *, facts_changed: bool = True) -> None:
    """``refresh`` for the documents with these doc keys."""
    keys = sorted(set(doc_keys))
    if keys:
        marks, params = in_list("k", keys)
        found = run(conn, f"SELECT id FROM documents WHERE doc_key IN ({marks})", params)
        refresh(conn, [i for (i,) in found], facts_changed=facts_changed)


# every row of each summary table, in the order a rebuild fills them (each after the tables
# it reads)
_EVERY = {
    "summary_document_checks": DOCUMENT_CHECKS.format(docs="1 = 1"),
    "summary_document_counts": DOCUMENT_COUNTS.format(docs="1 = 1"),
    "summary_unit_workload": UNIT_WORKLOAD.format(docs="1 = 1"),
    "summary_preferred_targets": PREFERRED_TARGETS.format(places="1 = 1"),
    "summary_measured_targets": MEASURED_TARGETS.format(places="1 = 1"),
    "summary_target_actuals": TARGET_ACTUALS.format(target_places="1 = 1", actual_places="1 = 1"),
    "summary_target_gap": summary_target_gap.EVERY_ROW,
    "summary_series": summary_series.EVERY_ROW,
}


def rebuild(conn: Connection, tables: Iterable[str] | None = None) -> None:
    """Every row of the summary tables (None: all of them) from scratch: a repair, or a
    migration, which names the tables it creates (a later table or column does not exist
    yet: migration 0009 fills the parent targets itself)."""
    for table in (_EVERY if tables is None else tables):
        run(conn, f"DELETE FROM {table}")
        run(conn, _EVERY[table])
    if tables is None:
        fill_parent_targets(conn)
        summary_names.fill_all(conn)  # a migration's rebuild runs before 0011 adds these columns


def refresh_moved(conn: Connection, codes: list[str]) -> None:
    """The rows that follow the hierarchy, for jurisdictions the registry gave a new parent
    (every year): the parent targets beside their targets, and the ancestors beside their
    and their descendants' targets. The load's dimension step calls this after updating
    ``jurisdictions``."""
    if codes:
        marks, params = in_list("c", sorted(set(codes)))
        run(conn, PARENT_TARGETS.format(rows=f"jurisdiction_code IN ({marks})"), params)
        summary_target_gap.refresh_moved(conn, codes)


def refresh_renamed(conn: Connection, jurisdictions: list[str], indicators: list[str]) -> None:
    """The names stored in the summary rows (warehouse/summary_names.py), for jurisdictions
    the registry renamed or moved and indicators the taxonomy renamed. The load's dimension
    step calls this after updating ``jurisdictions`` and ``indicators`` (and after
    ``refresh_moved``)."""
    summary_names.refresh_jurisdictions(conn, jurisdictions)
    summary_names.refresh_indicators(conn, indicators)


def fill_parent_targets(conn: Connection) -> None:
    """The parent's preferred target beside every stored target (summary_preferred_targets
    already filled): a rebuild, or migration 0009 which adds those columns."""
    run(conn, PARENT_TARGETS.format(rows="1 = 1"))


__all__ = ["SUMMARY_TABLES", "fill_parent_targets", "rebuild", "refresh_moved", "refresh_renamed", "refresh",
           "refresh_doc_keys"]
