"""Alembic migrations of the store, run by ``geodata.store.database`` (no alembic.ini)."""
