"""Turning SQLAlchemy's StaleDataError into "changed by … at …" for the user.

Before a flush we note every versioned record about to be written (table, key, version);
when the ``UPDATE … WHERE version = :old`` matches no row, a fresh connection reads who
saved the newer version and when.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from domain.errors import ConflictError
from domain.messages import N_
from storage import tables
from storage.engine import READ_ONLY


def versioned_candidates(session: Session) -> list[tuple[sa.Table, dict[str, Any], Any]]:
    found = []
    for obj in list(session.dirty) + list(session.deleted):
        state = inspect(obj)
        mapper = state.mapper
        if mapper.version_id_col is None or state.identity is None:
            continue
        table = mapper.local_table
        keys = {column.name: value for column, value in zip(mapper.primary_key, state.identity)}
        history = state.attrs[mapper.get_property_by_column(mapper.version_id_col).key].history
        version = history.deleted[0] if history.deleted else (history.unchanged[0] if history.unchanged else None)
        found.append((table, keys, version))
    return found


def describe_conflict(engine, candidates) -> ConflictError:
    try:
        with engine.connect().execution_options(**READ_ONLY) as connection:
            for table, keys, version in candidates:
                query = sa.select(table.c.version, table.c.updated_by, table.c.updated_at)
                for name, value in keys.items():
                    query = query.where(table.c[name] == value)
                row = connection.execute(query).first()
                if row is None:
                    return ConflictError(table.name, changed_by=N_("another user"), changed_at="—")
                if row.version != version:
                    u = tables.app_user
                    name = connection.scalar(sa.select(u.c.display_name).where(u.c.login == row.updated_by))
                    return ConflictError(table.name, changed_by=name or row.updated_by, changed_at=row.updated_at)
    except sa.exc.SQLAlchemyError:
        pass
    return ConflictError("record", changed_by=N_("another user"), changed_at="—")
