"""The views people and BI tools read (``warehouse/views/*.sql``, one ``CREATE VIEW`` per
file, portable between SQLite and PostgreSQL; documented column by column in SCHEMA.md).

A view that reads another view says so in its header, one line per view it reads::

    -- depends on: v_document_counts

Views are created dependencies first and dropped in the reverse order, whatever their file
names. A view read in the SQL but not declared is still ordered correctly (the body is
scanned for view names too), and ``undeclared_dependencies`` lists it so a test can insist
that every dependency is stated where a reader looks for it.

This module only knows the definitions; ``warehouse.db.refresh_views`` recreates them under
the schema lock (the same lock migrations take) unless ``views_current`` finds the database
holds them as they are defined here, and ``warehouse.db.migrate`` drops and recreates them
around an upgrade. The named queries (``warehouse/queries/*.sql``) read
these views: each view is the one definition of its answer.
"""

from __future__ import annotations

import functools
import graphlib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text

from core.errors import ConfigError

VIEWS_DIR = Path(__file__).resolve().parent / "views"
_DEPENDS = re.compile(r"^--\s*depends on:\s*(.+)$", re.MULTILINE)
_COMMENT = re.compile(r"--[^\n]*")
_NAME = re.compile(r"\bv_[a-z0-9_]+\b")
_CREATE = re.compile(r"^CREATE\s+VIEW\b", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class ViewDefinition:
    name: str
    sql: str
    declared: frozenset[str]  # the views its header says it reads
    read: frozenset[str]  # the views its SQL reads (comments aside)


def _definitions(directory: Path = VIEWS_DIR) -> dict[str, ViewDefinition]:
    files = {p.stem: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.sql"))}
    out = {}
    for name, sql in files.items():
        declared = {d.strip() for line in _DEPENDS.findall(sql) for d in line.split(",") if d.strip()}
        unknown = declared - set(files)
        if unknown:
            raise ConfigError(f"view {name} depends on {', '.join(sorted(unknown))}, which no view file defines")
        read = set(_NAME.findall(_COMMENT.sub("", sql))) & set(files) - {name}
        out[name] = ViewDefinition(name, sql, frozenset(declared), frozenset(read))
    return out


@functools.lru_cache(maxsize=None)
def definitions() -> dict[str, ViewDefinition]:
    """The bundled views (read once per process)."""
    return _definitions()


def view_names() -> list[str]:
    """Every view, each after the views it reads (ties in name order)."""
    defs = definitions()
    sorter = graphlib.TopologicalSorter({n: sorted(d.declared | d.read) for n, d in sorted(defs.items())})
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as exc:
        raise ConfigError(f"views depend on each other in a circle: {' -> '.join(exc.args[1])}") from None


def undeclared_dependencies() -> dict[str, set[str]]:
    """{view: views its SQL reads without a ``-- depends on:`` line}."""
    return {n: set(d.read - d.declared) for n, d in definitions().items() if d.read - d.declared}


def drop_views(conn: Connection) -> None:
    """Drop every view (and its ``bi`` copy first, which depends on it)."""
    drop_bi_views(conn)
    for name in reversed(view_names()):
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))


def create_views(conn: Connection) -> None:
    """Create every view (and its ``bi`` copy when the BI schema exists)."""
    defs = definitions()
    for name in view_names():
        conn.exec_driver_sql(defs[name].sql)
    if conn.dialect.name == "postgresql":
        _mark_postgres_views(conn)
    create_bi_views(conn)


# --- is a refresh needed? --------------------------------------------------------------------
# SQLite keeps each view's CREATE statement as it was given (but for "CREATE VIEW" itself,
# which it spells so): compared with the file's. PostgreSQL keeps only its own rewriting of a
# view (pg_get_viewdef), so each view created here is marked with a comment: a hash of the
# file's SQL and of that rewriting. A view edited by hand (CREATE OR REPLACE keeps the
# comment) no longer matches its rewriting and is recreated too.


def views_current(conn: Connection) -> bool:
    """Whether the database holds every view (and, on PostgreSQL, its ``bi`` copy) exactly as
    defined here, so that recreating them would change nothing. False on other databases."""
    if conn.dialect.name == "sqlite":
        stored = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'view'")).all())
        return all(stored.get(name) == _sqlite_text(d.sql) for name, d in definitions().items())
    if conn.dialect.name == "postgresql":
        marks = {name: (mark, _postgres_mark(name, viewdef)) for name, mark, viewdef in _postgres_views(conn)}
        if any(mark is None or mark != expected for mark, expected in marks.values()):
            return False
        return not _has_bi_schema(conn) or not conn.execute(text(
            "SELECT 1 FROM unnest(CAST(:names AS text[])) n WHERE to_regclass(:schema || '.' || n) IS NULL"),
            {"names": view_names(), "schema": BI_SCHEMA}).first()
    return False


def _sqlite_text(sql: str) -> str | None:
    """The text SQLite stores for the view file ``sql``."""
    found = _CREATE.search(sql)
    return None if found is None else "CREATE VIEW " + sql[found.end():].strip().rstrip(";").rstrip()


def _postgres_views(conn: Connection) -> list[tuple[str, str | None, str | None]]:
    """(name, its comment, pg_get_viewdef) of every view defined here; NULLs for one missing."""
    return [tuple(row) for row in conn.execute(text(
        "SELECT n, obj_description(c.oid, 'pg_class'), pg_get_viewdef(c.oid) FROM unnest(CAST(:names AS text[])) n "
        "LEFT JOIN pg_class c ON c.oid = to_regclass(n) AND c.relkind = 'v'"), {"names": view_names()})]


def _postgres_mark(name: str, viewdef: str | None) -> str:
    digest = hashlib.sha256(definitions()[name].sql.encode("utf-8") + b"\0" + (viewdef or "").encode("utf-8"))
    return f"govwork definition {digest.hexdigest()}"


def _mark_postgres_views(conn: Connection) -> None:
    for name, _, viewdef in _postgres_views(conn):
        mark = _postgres_mark(name, viewdef).replace("'", "''")
        conn.exec_driver_sql(f"COMMENT ON VIEW {name} IS '{mark}'")


# --- the BI schema (PostgreSQL) --------------------------------------------------------------
# The read-only BI role (warehouse.roles) sees one schema holding only the views, so a BI
# tool lists the views and not the operational tables. Each ``bi.v_x`` is ``SELECT * FROM
# public.v_x`` and runs with its owner's rights, so the role needs no grant on any table.

BI_SCHEMA = "bi"


def _has_bi_schema(conn: Connection) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    return conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": BI_SCHEMA}).first() is not None


def drop_bi_views(conn: Connection) -> None:
    if _has_bi_schema(conn):
        for name in reversed(view_names()):
            conn.execute(text(f"DROP VIEW IF EXISTS {BI_SCHEMA}.{name}"))


def create_bi_views(conn: Connection) -> None:
    """(Re)create the ``bi`` copies; new views get the BI role's SELECT through the schema's
    default privileges (``warehouse.roles``)."""
    if _has_bi_schema(conn):
        for name in view_names():
            if conn.execute(text("SELECT to_regclass(:v)"), {"v": f"public.{name}"}).scalar() is not None:
                conn.execute(text(f"CREATE OR REPLACE VIEW {BI_SCHEMA}.{name} AS SELECT * FROM public.{name}"))
