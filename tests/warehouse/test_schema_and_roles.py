"""The migrations build exactly the models' schema on both databases; the BI role reads
tables and views and cannot write."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.warehouse import docs_factory as f
from tests.warehouse.helpers import parse_results, settings_for
from govwork import stages
from warehouse.db import current_revision, engine_for, head_revision, migrate
from warehouse.models import Base
from warehouse.roles import drop_bi_role, ensure_bi_role
from warehouse.views import refresh, view_names


def test_migrations_build_the_models_schema(db_url):
    engine = engine_for(db_url)
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_views_survive_a_migration_and_count_rows(db_url):
    engine = engine_for(db_url)
    assert set(refresh(engine)) == set(view_names())
    with engine.begin() as conn:  # back to 0001 with views present, as an old warehouse would be
        from alembic import command
        from warehouse.db import alembic_config
        from warehouse.views import drop_views
        drop_views(conn)
        command.downgrade(alembic_config(conn), "0001")
    from warehouse import db
    db._migrated.discard(engine)
    refresh(engine)
    db._migrated.discard(engine)
    migrate(engine)  # drops the views, upgrades, recreates them
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        for name in view_names():
            conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()


@pytest.mark.postgres
def test_bi_role_reads_and_cannot_write(postgres_url, tmp_path):
    settings = settings_for(tmp_path, postgres_url)
    results = parse_results(settings, [f.breakdown()])
    stages.load(settings, results, stages.validate(settings, results))
    owner = engine_for(postgres_url)
    role = f"govwork_bi_{uuid.uuid4().hex[:8]}"
    ensure_bi_role(owner, "s3cret", role)
    stages.refresh_views(settings)  # views recreated after the grant: default privileges cover them
    bi = create_engine(create_engine(postgres_url).url.set(username=role, password="s3cret"))
    try:
        with bi.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM tasks")).scalar_one() == 6
            assert conn.execute(text("SELECT COUNT(*) FROM v_task_counts")).scalar_one() > 0
        for sql in ("INSERT INTO leaders (jurisdiction_code, name) VALUES ('620000', 'x')",
                    "UPDATE documents SET title = 'x'",
                    "DELETE FROM tasks",
                    "CREATE TABLE bi_scratch (id integer)",
                    "DROP VIEW v_coverage"):
            with bi.connect() as conn, pytest.raises(DBAPIError) as err:
                conn.execute(text(sql))
            assert "permission denied" in str(err.value) or "read-only" in str(err.value) or \
                "must be owner" in str(err.value), sql
        # Not only the read-only session default: without it the grants still refuse writes.
        with bi.connect() as conn, pytest.raises(DBAPIError) as err:
            conn.execute(text("SET default_transaction_read_only = off"))
            conn.commit()
            conn.execute(text("SET transaction_read_only = off"))
            conn.execute(text("INSERT INTO leaders (jurisdiction_code, name) VALUES ('620000', 'x')"))
        assert "permission denied" in str(err.value)
        with owner.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM leaders WHERE name = 'x'")).scalar_one() == 0
    finally:
        bi.dispose()
        drop_bi_role(owner, role)
    with owner.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar_one() == 0
