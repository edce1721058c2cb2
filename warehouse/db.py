"""Engines and schema changes. One cached engine per URL; SQLite gets foreign keys, WAL and
serialised writers (BEGIN IMMEDIATE), so concurrent loaders wait instead of failing.
Migrations and view refreshes run under one schema lock (``schema_lock``).

Imports run one way: this module uses ``warehouse.views`` (the view definitions), never the
other way round."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
import weakref
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from core.config import mask_url
from core.errors import ConfigError
from warehouse.views import create_views, drop_views, view_names, views_current

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_SCHEMA_LOCK = 7_204_113  # pg_advisory_xact_lock key: one schema change at a time per database
_PG_WRITE_LOCK = 7_204_114  # ... and one loader's transaction at a time
_REFRESH_ATTEMPTS = 3
_migrated: "weakref.WeakSet[Engine]" = weakref.WeakSet()
_migrate_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    """The engine for ``url`` (cached: the same URL gives the same engine)."""
    try:
        parsed = make_url(url)
    except Exception:  # sqlalchemy raises ArgumentError for junk
        raise ConfigError(f"not a database URL: {mask_url(url)!r}") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True)


# Python 3.11's sqlite3 binds a parameter that is not exactly int, float, str or bytes
# through its adapter registry: for None and bool, found in none, it formats an
# AttributeError and drops it, per value (~160,000 NULLs and flags per 500 documents loaded,
# ~5 % of the load's instructions). Registered, they bind as before (NULL; an int), for
# every sqlite3 connection of the process: the values bound do not change.
sqlite3.register_adapter(bool, int)
sqlite3.register_adapter(type(None), {}.get)  # {}.get(None) is None, in C: no Python frame per NULL


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if database and database != ":memory:":
            cur.execute("PRAGMA journal_mode=WAL")
            # WAL's recommended durability: a commit is not an fsync (one document is one
            # transaction); the database stays consistent, a power cut may lose the last commits.
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Take the write lock at the start: two writers queue on the busy timeout
        # instead of deadlocking when both try to upgrade a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


# alembic (0.26 s to import) only where migrations are read or run: `govwork run` opens the
# warehouse to count documents without it.


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_lock(conn: Connection, *, shared: bool = False) -> None:
    """Take the warehouse's schema lock for the rest of ``conn``'s transaction: migrations
    and view refreshes change the schema one at a time, so concurrent loaders (Airflow's
    parallel tasks, several ``govwork load``) never drop and create views over each other.
    PostgreSQL: a transaction-scoped advisory lock. SQLite: every transaction already
    holds the write lock (BEGIN IMMEDIATE, above). ``shared``: for a reader of several
    views in one transaction, which must not interleave with a refresh."""
    if conn.dialect.name == "postgresql":
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        conn.execute(text(f"SELECT {function}(:k)"), {"k": _PG_SCHEMA_LOCK})


def write_lock(conn: Connection) -> None:
    """Take the warehouse's write lock for the rest of ``conn``'s transaction: loaders write
    one transaction at a time, as SQLite's BEGIN IMMEDIATE makes them there, so two loaders
    never deadlock on each other's dimension rows or race to insert one document version.
    Readers (views, queries, BI) never wait for it."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_WRITE_LOCK})


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (``alembic upgrade head``)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with _migrate_lock:
        if engine in _migrated:
            return
        if current_revision(engine) != head_revision():
            with engine.begin() as conn:
                schema_lock(conn)  # a concurrent migrator waits here, then finds nothing to do
                if MigrationContext.configure(conn).get_current_revision() != head_revision():
                    # Views would pin the tables a migration rebuilds (SQLite batch mode):
                    # drop them first, recreate them on the new schema in the same transaction.
                    had_views = _has_views(conn)
                    drop_views(conn)
                    command.upgrade(alembic_config(conn), "head")
                    if had_views:
                        create_views(conn)
        _migrated.add(engine)


def refresh_views(engine: Engine) -> dict:
    """(Re)create every view under the schema lock, unless the database already holds them
    as defined (``views_current``); return {view name: "recreated"} or {view name: "unchanged"}."""
    migrate(engine)
    for attempt in range(1, _REFRESH_ATTEMPTS + 1):
        try:
            with engine.begin() as conn:
                schema_lock(conn)
                if views_current(conn):
                    return {name: "unchanged" for name in view_names()}
                drop_views(conn)
                create_views(conn)
            break
        except DBAPIError as exc:
            # A reader holding several views in one transaction (an export) can deadlock
            # with the drops; the refresh is idempotent, so it loses and tries again.
            code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
            if attempt == _REFRESH_ATTEMPTS or code != "40P01":
                raise
            time.sleep(0.1 * attempt)
    # Rows are not counted: at national scale that alone read every fact table (102 s); the
    # views read summary tables the load keeps current (warehouse/summaries.py).
    return {name: "recreated" for name in view_names()}


def _has_views(conn: Connection) -> bool:
    return bool(inspect(conn).get_view_names())
