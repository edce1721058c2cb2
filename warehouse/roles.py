"""A strictly read-only role for BI tools (Metabase) on PostgreSQL, one per warehouse database.

What the role can do: log in, connect to its own warehouse database, and SELECT the views
of the ``bi`` schema (one ``bi.v_x`` per view ``public.v_x``, recreated with every view
refresh by ``warehouse.views``). Its search_path is ``bi``, so Metabase sees the views
and nothing else.

What it cannot do, each closed by a grant rather than by a setting the role could change:

- read or write the operational tables: no USAGE on ``public`` (revoked from PUBLIC in the
  warehouse database too) and no table privileges;
- create anything: no CREATE on any schema, no TEMP on the database (revoked from PUBLIC:
  a role cannot be denied what PUBLIC holds);
- create large objects: EXECUTE on ``lo_creat``/``lo_create``/``lo_from_bytea``/``lo_put``
  revoked from PUBLIC in this database (needs a superuser; refused with a clear error
  otherwise);
- connect to another warehouse: CONNECT on each warehouse database is revoked from PUBLIC
  and granted to its own BI role only (other databases of the cluster, such as
  ``postgres``, are the administrator's: revoke CONNECT from PUBLIC there too);
- run for ever: ``statement_timeout`` and ``idle_in_transaction_session_timeout`` are set
  for the role in this database, and sessions default to read-only transactions.

Its queries are planned without JIT and with a larger ``work_mem`` (``BI_QUERY_SETTINGS``).

The writer (the role that runs migrations and loads) keeps what it needs: it is granted
USAGE and CREATE on ``public``, CONNECT and TEMP on the database explicitly.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from core.errors import ConfigError
from warehouse.views import BI_SCHEMA, create_bi_views

STATEMENT_TIMEOUT = "60s"
# How the role's queries are planned (bench.warehouse_bi measures the views with these):
# - jit off: the views' plans look expensive to the planner over big tables, and compiling
#   them took longer than running them (v_target_gap at scale 0.1: 7 s of JIT on 3.5 s);
# - work_mem 32MB: a dashboard's sort or hash of summary rows stays in memory (4MB spilled
#   12-16 MB sorts at scale 0.1); 20 connections x a few nodes stays well within the server.
#   More measured no faster at scale 1.0: at 256MB the whole-country named queries' sorts stay
#   in memory and none got faster (the cost is sorting 0.4-1.3M rows, not the spill), so an
#   ORDER BY is served by an index in its order where one table gives it (README, BI section).
BI_QUERY_SETTINGS = (("jit", "off"), ("work_mem", "'32MB'"))
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_LARGE_OBJECT_WRITERS = ("lo_creat(integer)", "lo_create(oid)", "lo_from_bytea(oid, bytea)", "lo_put(oid, bigint, bytea)")


def _ident(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(f"not a plain role name (lowercase letters, digits, _): {name!r}")
    return f'"{name}"'


def default_role(database: str) -> str:
    """The BI role of one warehouse database: ``<database>_bi`` (lowercase, ``_`` for other
    characters, at most 63), so two warehouses on one server never share a reader."""
    base = re.sub(r"[^a-z0-9_]", "_", database.lower()).lstrip("0123456789") or "warehouse"
    return f"{base[:60]}_bi"


def ensure_bi_role(engine: Engine, password: str, role: str | None = None) -> str:
    """Create (or update) the BI role of this warehouse with ``password``; return its name.
    Idempotent; run again after a new view appears to be sure it is granted."""
    if engine.dialect.name != "postgresql":
        raise ConfigError("the BI role exists only on PostgreSQL (WAREHOUSE_URL=postgresql://...)")
    with engine.begin() as conn:
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        role = role or default_role(database)
        r, db = _ident(role), f'"{database}"'
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        # Password as a literal: DDL takes no bind parameters; quote_literal escapes it.
        pw = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(text(f"{verb} ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION "
                          f"NOBYPASSRLS CONNECTION LIMIT 20 PASSWORD {pw}"))
        _writer_keeps_its_rights(conn, db)
        _close_public(conn, db)
        # Its own database only; reading the views and nothing else.
        conn.execute(text(f"GRANT CONNECT ON DATABASE {db} TO {r}"))
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}"))
        conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {r}"))
        conn.execute(text(f"REVOKE ALL ON SCHEMA public FROM {r}"))
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {BI_SCHEMA}"))
        conn.execute(text(f"REVOKE ALL ON SCHEMA {BI_SCHEMA} FROM PUBLIC"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {BI_SCHEMA} TO {r}"))
        create_bi_views(conn)
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {BI_SCHEMA} TO {r}"))
        conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {BI_SCHEMA} GRANT SELECT ON TABLES TO {r}"))
        for setting, value in (("search_path", BI_SCHEMA), ("default_transaction_read_only", "on"),
                               ("statement_timeout", f"'{STATEMENT_TIMEOUT}'"),
                               ("idle_in_transaction_session_timeout", "'60s'"), ("temp_file_limit", "'1GB'"),
                               *BI_QUERY_SETTINGS):
            conn.execute(text(f"ALTER ROLE {r} IN DATABASE {db} SET {setting} = {value}"))
    return role


def _writer_keeps_its_rights(conn: Connection, db: str) -> None:
    me = conn.execute(text("SELECT current_user")).scalar_one()
    w = f'"{me}"'
    conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {w}"))
    conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {w}"))


def _close_public(conn: Connection, db: str) -> None:
    """Take from PUBLIC what every role would otherwise hold in this database."""
    conn.execute(text(f"REVOKE CONNECT, TEMPORARY ON DATABASE {db} FROM PUBLIC"))
    conn.execute(text("REVOKE ALL ON SCHEMA public FROM PUBLIC"))
    superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar_one()
    if not superuser:
        raise ConfigError("closing large objects to the BI role needs a superuser (EXECUTE on lo_create and "
                          "friends belongs to the bootstrap superuser); run `govwork bi-role` as one")
    for function in _LARGE_OBJECT_WRITERS:
        conn.execute(text(f"REVOKE EXECUTE ON FUNCTION pg_catalog.{function} FROM PUBLIC"))


def drop_bi_role(engine: Engine, role: str | None = None) -> None:
    """Remove the role's grants in this database and, when it has none elsewhere, the role."""
    with engine.begin() as conn:
        role = role or default_role(conn.execute(text("SELECT current_database()")).scalar_one())
        r = _ident(role)
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
            return
        conn.execute(text(f"DROP OWNED BY {r}"))  # its grants and default privileges here
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text(f'ALTER ROLE {r} IN DATABASE "{database}" RESET ALL'))
    with engine.begin() as conn:
        try:
            with conn.begin_nested():
                conn.execute(text(f"DROP ROLE {r}"))
        except DBAPIError:  # still granted something in another database: keep the role
            pass
