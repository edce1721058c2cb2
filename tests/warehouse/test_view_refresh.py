"""refresh_views keeps views the database already holds as defined and recreates the rest:
a changed definition, a view edited or dropped by hand, a missing BI copy — on SQLite and
PostgreSQL."""

from __future__ import annotations

import dataclasses

from sqlalchemy import text

from warehouse import views
from warehouse.db import engine_for, refresh_views


def _current(engine) -> bool:
    with engine.connect() as conn:
        return views.views_current(conn)


def _columns(engine, view: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text(f"SELECT * FROM {view} WHERE 1 = 0")).keys())


def test_current_views_are_kept(db_url):
    engine = engine_for(db_url)
    assert set(refresh_views(engine).values()) == {"recreated"}  # a new warehouse
    assert _current(engine)
    assert refresh_views(engine) == {name: "unchanged" for name in views.view_names()}


def test_a_changed_definition_is_applied(db_url, monkeypatch):
    engine = engine_for(db_url)
    refresh_views(engine)
    defs = dict(views.definitions())
    old = defs["v_validation"]
    new_sql = old.sql.replace("SELECT d.jurisdiction_code,", "SELECT 1 AS probe, d.jurisdiction_code,", 1)
    assert new_sql != old.sql
    defs["v_validation"] = dataclasses.replace(old, sql=new_sql)
    monkeypatch.setattr(views, "definitions", lambda: defs)
    assert not _current(engine)
    assert set(refresh_views(engine).values()) == {"recreated"}
    assert _columns(engine, "v_validation")[0] == "probe"
    assert refresh_views(engine)["v_validation"] == "unchanged"
    monkeypatch.undo()  # the code's definition back: applied again
    assert refresh_views(engine)["v_validation"] == "recreated"
    assert "probe" not in _columns(engine, "v_validation")


def test_a_view_edited_or_dropped_by_hand_is_recreated(db_url):
    engine = engine_for(db_url)
    refresh_views(engine)
    with engine.begin() as conn:  # same columns, no rows: only the definition differs
        if conn.dialect.name == "sqlite":  # no CREATE OR REPLACE there
            conn.execute(text("DROP VIEW v_task_counts"))
        conn.execute(text(_emptied(conn, "v_task_counts")))
    assert not _current(engine)
    assert refresh_views(engine)["v_task_counts"] == "recreated"
    assert _current(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP VIEW v_coverage"))
    assert refresh_views(engine)["v_coverage"] == "recreated"
    assert _columns(engine, "v_coverage")


def _emptied(conn, view: str) -> str:
    """The view's own definition with a WHERE that keeps no row."""
    sql = views.definitions()[view].sql.rstrip().rstrip(";")
    verb = "CREATE OR REPLACE VIEW" if conn.dialect.name == "postgresql" else "CREATE VIEW"
    body = sql[views._CREATE.search(sql).end():].split(" AS", 1)[1]
    return f"{verb} {view} AS SELECT * FROM ({body}) kept WHERE 1 = 0"


def test_a_missing_bi_copy_is_recreated(postgres_url):
    engine = engine_for(postgres_url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {views.BI_SCHEMA}"))
    refresh_views(engine)
    assert refresh_views(engine)["v_targets"] == "unchanged"
    with engine.begin() as conn:
        conn.execute(text(f"DROP VIEW {views.BI_SCHEMA}.v_targets"))
    assert not _current(engine)
    assert refresh_views(engine)["v_targets"] == "recreated"
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT to_regclass('{views.BI_SCHEMA}.v_targets')")).scalar() is not None
