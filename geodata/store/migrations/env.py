"""Alembic environment: migrations run on the connection the store hands over, inside its
transaction (so two processes opening a new store never both create it)."""

from __future__ import annotations

from alembic import context

from geodata.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
