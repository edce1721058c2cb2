"""A read-only role for BI tools on PostgreSQL.

The role may log in, connect and SELECT from every table and view of the ``public`` schema,
including tables and views created later (default privileges of the role that runs the
migrations and view refreshes). It cannot write: it is granted nothing else, cannot create
in the schema, and its sessions default to read-only transactions as a second fence.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from core.errors import ConfigError

DEFAULT_ROLE = "govwork_bi"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _ident(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(f"not a plain role name (lowercase letters, digits, _): {name!r}")
    return f'"{name}"'


def ensure_bi_role(engine: Engine, password: str, role: str = DEFAULT_ROLE) -> None:
    """Create (or update) ``role`` with ``password`` and read-only grants on this database.
    Idempotent; run again after adding a schema to re-grant."""
    if engine.dialect.name != "postgresql":
        raise ConfigError("the BI role exists only on PostgreSQL (WAREHOUSE_URL=postgresql://...)")
    r = _ident(role)
    with engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        # Password as a literal: DDL takes no bind parameters; quote_literal escapes it.
        pw = conn.execute(text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(text(f"{verb} ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD {pw}"))
        database = conn.execute(text("SELECT current_database()")).scalar_one()
        conn.execute(text(f'GRANT CONNECT ON DATABASE "{database}" TO {r}'))
        conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {r}"))
        conn.execute(text(f"REVOKE CREATE ON SCHEMA public FROM {r}"))
        conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {r}"))
        conn.execute(text(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {r}"))
        conn.execute(text(f'ALTER ROLE {r} IN DATABASE "{database}" SET default_transaction_read_only = on'))


def drop_bi_role(engine: Engine, role: str = DEFAULT_ROLE) -> None:
    """Remove the role's grants in this database and, when it has none elsewhere, the role."""
    r = _ident(role)
    with engine.begin() as conn:
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
