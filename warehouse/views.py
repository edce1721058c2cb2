"""The views people and BI tools read (``warehouse/views/*.sql``, one ``CREATE VIEW`` per
file, portable between SQLite and PostgreSQL; documented column by column in SCHEMA.md).

``refresh`` drops and recreates every view in one transaction, so a view file edited in a
new release replaces the old definition. On PostgreSQL the BI role keeps SELECT on the
recreated views through the default privileges ``warehouse.roles`` sets.

Views are created in file-name order and dropped in reverse, so a view may read only views
whose names sort before its own (``v_task_counts`` reads ``v_document_counts``). The named
queries (``warehouse/queries/*.sql``) read these views: each view is the one definition of
its answer.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, text

from warehouse.db import migrate

VIEWS_DIR = Path(__file__).resolve().parent / "views"


def view_names() -> list[str]:
    return [p.stem for p in sorted(VIEWS_DIR.glob("*.sql"))]


def drop_views(conn: Connection) -> None:
    for name in reversed(view_names()):
        conn.execute(text(f"DROP VIEW IF EXISTS {name}"))


def create_views(conn: Connection) -> None:
    for name in view_names():
        conn.exec_driver_sql((VIEWS_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def refresh(engine: Engine) -> dict:
    """(Re)create every view; return {view name: "recreated"}. Rows are not counted: at
    national scale that alone read every fact table (102 s); the views read summary tables
    the load keeps current (warehouse/summaries.py), so there is nothing to refresh in them."""
    migrate(engine)
    with engine.begin() as conn:
        drop_views(conn)
        create_views(conn)
    return {name: "recreated" for name in view_names()}
