"""Alembic environment: always handed an open connection by desktop.storage.migrations."""

from alembic import context

from desktop.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
