"""Alembic migrations of the Qandas schema (a package so the bundle can find them)."""
