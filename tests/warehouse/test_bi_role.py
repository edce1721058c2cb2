"""The BI role is strictly read-only (issue 14, item 9), on a real PostgreSQL: it sees the
views of schema ``bi`` and nothing else; it cannot write, create temp tables or large
objects (even after turning read-only off), run without a statement timeout, or connect to
another warehouse; each warehouse database has its own role."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from govwork import stages
from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from warehouse.db import engine_for
from warehouse.roles import default_role, drop_bi_role, ensure_bi_role
from warehouse.views import view_names

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def warehouse(postgres_url, tmp_path_factory):
    """(owner engine, url, bi engine, role, settings) of a loaded warehouse with its BI role."""
    url = postgres_url
    settings = settings_for(tmp_path_factory.mktemp("bi"), url)
    results = parse_results(settings, [f.breakdown()])
    stages.load(settings, results, stages.validate(settings, results))
    stages.refresh_views(settings)
    owner = engine_for(url)
    role = ensure_bi_role(owner, "s3cret")
    bi = create_engine(create_engine(url).url.set(username=role, password="s3cret"))
    yield owner, url, bi, role, settings
    bi.dispose()
    drop_bi_role(owner, role)


def _refused(bi, *statements: str) -> str:
    with bi.connect() as conn, pytest.raises(DBAPIError) as err:
        for sql in statements:
            conn.execute(text(sql))
    return str(err.value.orig)


def test_a_role_name_per_warehouse_database(warehouse):
    owner, url, _bi, role, _ = warehouse
    assert role == default_role(create_engine(url).url.database) == f"{create_engine(url).url.database}_bi"


def test_the_bi_role_sees_the_views_and_nothing_else(warehouse):
    _owner, _url, bi, _role, settings = warehouse
    with bi.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM v_task_counts")).scalar_one() > 0  # search_path = bi
        visible = set(conn.execute(text(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE has_table_privilege(quote_ident(table_schema) || '.' || quote_ident(table_name), 'SELECT') "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema')")).scalars())
    assert visible == {f"bi.{name}" for name in view_names()}
    assert "permission denied" in _refused(bi, "SELECT COUNT(*) FROM public.tasks")
    assert "permission denied" in _refused(bi, "SELECT COUNT(*) FROM public.v_task_counts")
    stages.refresh_views(settings)  # recreated views keep their grant
    with bi.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM bi.v_targets")).scalar_one() >= 0


def test_the_bi_role_cannot_write_even_with_read_only_turned_off(warehouse):
    owner, _url, bi, _role, _ = warehouse
    off = ("SET default_transaction_read_only = off", "SET transaction_read_only = off")
    for sql in ("INSERT INTO public.leaders (jurisdiction_code, name) VALUES ('620000', 'x')",
                "CREATE TABLE bi.scratch (id integer)", "CREATE TABLE public.scratch (id integer)",
                "DROP VIEW bi.v_coverage"):
        message = _refused(bi, *off, sql)
        assert "permission denied" in message or "must be owner" in message, (sql, message)
    assert "permission denied" in _refused(bi, *off, "CREATE TEMP TABLE scratch (id integer)")
    for sql in ("SELECT lo_from_bytea(0, 'x'::bytea)", "SELECT lo_creat(-1)", "SELECT lo_create(0)"):
        assert "permission denied" in _refused(bi, *off, sql), sql
    with owner.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM pg_largeobject_metadata")).scalar_one() == 0


def test_the_bi_role_has_a_statement_timeout(warehouse):
    _owner, _url, bi, _role, _ = warehouse
    with bi.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "1min"
        assert conn.execute(text("SHOW default_transaction_read_only")).scalar_one() == "on"
    assert "statement timeout" in _refused(bi, "SET statement_timeout = '100ms'", "SELECT pg_sleep(2)")


def test_the_bi_role_plans_without_jit_and_with_its_work_mem(warehouse):
    _owner, _url, bi, _role, _ = warehouse
    with bi.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar_one() == "off"
        assert conn.execute(text("SHOW work_mem")).scalar_one() == "32MB"


def test_the_bi_role_cannot_connect_to_another_warehouse(warehouse, make_postgres_url):
    _owner, _url, _bi, role, _ = warehouse
    other_url = make_postgres_url()
    other_owner = engine_for(other_url)
    other_role = ensure_bi_role(other_owner, "0ther")
    try:
        assert other_role != role
        intruder = create_engine(create_engine(other_url).url.set(username=role, password="s3cret"))
        with pytest.raises(DBAPIError) as err:
            intruder.connect()
        assert "permission denied for database" in str(err.value)
        intruder.dispose()
    finally:
        drop_bi_role(other_owner, other_role)
