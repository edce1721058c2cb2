"""Alembic environment: always run online with the connection warehouse.db.migrate
hands over (config.attributes["connection"])."""

from alembic import context

from warehouse.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
)
with context.begin_transaction():
    context.run_migrations()
