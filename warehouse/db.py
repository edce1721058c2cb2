"""Engines and migrations. One cached engine per URL; SQLite gets foreign keys, WAL and
serialised writers (BEGIN IMMEDIATE), so concurrent loaders wait instead of failing."""

from __future__ import annotations

import functools
import threading
import weakref
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from core.errors import ConfigError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATE_LOCK = 7_204_113  # pg_advisory_lock key: one migrator at a time per database
_migrated: "weakref.WeakSet[Engine]" = weakref.WeakSet()
_migrate_lock = threading.Lock()


@functools.lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    """The engine for ``url`` (cached: the same URL gives the same engine)."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for junk
        raise ConfigError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True)


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


def alembic_config(connection=None) -> Config:
    cfg = Config(str(MIGRATIONS_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (``alembic upgrade head``)."""
    with _migrate_lock:
        if engine in _migrated:
            return
        if current_revision(engine) != head_revision():
            from warehouse.views import create_views, drop_views

            with engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # Transaction-scoped: released when this upgrade commits.
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATE_LOCK})
                # Views would pin the tables a migration rebuilds (SQLite batch mode):
                # drop them first, recreate them on the new schema in the same transaction.
                had_views = _has_views(conn)
                drop_views(conn)
                command.upgrade(alembic_config(conn), "head")
                if had_views:
                    create_views(conn)
        _migrated.add(engine)


def _has_views(conn) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(conn).get_view_names())
