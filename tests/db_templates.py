"""Migrated template databases: migrate once per session, copy per test.

Running every Alembic migration for each test that needs a database was the largest shared cost of
the suite. The fixtures in tests/conftest.py build one template per engine with prepare_database
itself (so it is exactly what the application makes: head revision, reference data seeded) and
give each test its own copy: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL.
Tests of the migrations themselves keep starting from empty databases (``pg_url``, ``any_db_url``).
"""
from __future__ import annotations

import shutil
from pathlib import Path


def build_sqlite_template(path: Path) -> Path:
    from services.database import prepare_database
    engine, _ = prepare_database(str(path))
    engine.dispose()  # the last connection to close folds the write-ahead log into the file
    if path.with_name(path.name + "-wal").exists():
        raise AssertionError(f"the template {path} still has a write-ahead log; a file copy would miss it")
    return path


def copy_of_template(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


class FilledTemplates:
    """SQLite databases filled once per session by a builder (demo families, known report rows),
    then copied into each test's own database with SQLite's backup API.

    Copying into the already open database (rather than before it is opened) keeps the fixtures
    that use it independent of the order pytest sets fixtures up in. Each test still gets its own
    database, byte for byte what the builder made, and may change it freely.
    """

    def __init__(self, folder: Path, template: Path) -> None:
        self.folder = folder
        self.template = template
        self._built: dict[tuple, tuple[Path, object]] = {}

    def restore(self, engine, key: tuple, build, now):
        """Fill ``engine``'s SQLite database with what ``build(engine, services)`` makes on a fresh
        database when the clock reads ``now``; returns a deep copy of what ``build`` returned."""
        import copy
        import sqlite3

        from storage.engine import sqlite_path
        full_key = (*key, now)
        if full_key not in self._built:
            self._built[full_key] = self._build(full_key, build, now)
        source_path, value = self._built[full_key]
        target = sqlite_path(str(engine.url))
        engine.dispose()  # no pooled connection keeps reading the old pages
        source, destination = sqlite3.connect(source_path), sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return copy.deepcopy(value)

    def _build(self, key: tuple, build, now) -> tuple[Path, object]:
        from services import AppServices
        from services.database import prepare_database
        path = copy_of_template(self.template, self.folder / f"filled-{len(self._built)}.sqlite3")
        engine, _ = prepare_database(str(path))
        try:
            value = build(engine, AppServices(engine, clock=lambda: now))
        finally:
            engine.dispose()
        return path, value
