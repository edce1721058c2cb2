"""The migrations build exactly the models' schema on both databases (the BI role: test_bi_role.py)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from warehouse.db import current_revision, engine_for, head_revision, migrate
from warehouse.db import refresh_views as refresh
from warehouse.models import Base
from warehouse.views import view_names


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
