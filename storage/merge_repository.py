"""Merges of two person records kept for their undo: rows as they were and rows re-pointed.

Values are stored as JSON (dates and decimals as text) and read back through each column's type,
so a row removed by a merge can be put back exactly, with its own id.
"""
from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.families import Person
from storage import family_summary, search_tokens, tables

t_merge = tables.person_merge


def _to_json(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _from_json(column: sa.Column, value: Any) -> Any:
    if value is None:
        return None
    python_type = None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is decimal.Decimal:
        return decimal.Decimal(value)
    return value


class MergeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- rows as they were ------------------------------------------------------------
    def snapshot(self, table_name: str, row_id: int) -> dict | None:
        table = tables.metadata.tables[table_name]
        row = self.session.execute(sa.select(table).where(table.c.id == row_id)).mappings().first()
        return {key: _to_json(value) for key, value in row.items()} if row is not None else None

    def snapshots(self, table_name: str, column: str, values: list[int]) -> list[dict]:
        table = tables.metadata.tables[table_name]
        rows = self.session.execute(sa.select(table).where(table.c[column].in_(values))).mappings().all()
        return [{key: _to_json(value) for key, value in row.items()} for row in rows]

    def put_back(self, table_name: str, values: dict) -> None:
        table = tables.metadata.tables[table_name]
        self.session.execute(table.insert().values(
            {key: _from_json(table.c[key], value) for key, value in values.items() if key in table.c}))

    def exists(self, table_name: str, row_id: int) -> bool:
        table = tables.metadata.tables[table_name]
        return self.session.scalar(sa.select(sa.func.count()).where(table.c.id == row_id)) > 0

    def delete(self, table_name: str, row_ids: list[int]) -> None:
        table = tables.metadata.tables[table_name]
        if row_ids:
            self.session.execute(table.delete().where(table.c.id.in_(row_ids)))

    # --- re-pointed rows ----------------------------------------------------------------
    def still_pointing(self, table_name: str, column: str, ids: list[int], value: int) -> bool:
        """True when every row of ``ids`` still exists and still names ``value``."""
        table = tables.metadata.tables[table_name]
        found = self.session.scalar(sa.select(sa.func.count()).where(table.c.id.in_(ids), table.c[column] == value))
        return found == len(set(ids))

    def point(self, table_name: str, column: str, ids: list[int], value: int) -> None:
        table = tables.metadata.tables[table_name]
        self.session.execute(table.update().where(table.c.id.in_(ids)).values({column: value}))

    def set_values(self, table_name: str, row_id: int, values: dict) -> None:
        table = tables.metadata.tables[table_name]
        self.session.execute(table.update().where(table.c.id == row_id).values(
            {key: _from_json(table.c[key], value) for key, value in values.items()}))

    def refresh_copies(self, family_ids: set[int], person_ids: list[int]) -> None:
        """After rows were put back with Core: the families' row copies, every member token's
        family keys, and the persons' own tokens (their names or IIN may have changed back)."""
        self.session.flush()
        self.session.expire_all()
        connection = self.session.connection()
        family_summary.refresh(connection, family_ids)
        family_summary.refresh_next_due(connection, family_ids)  # tasks a household merge moved
        for family_id in family_ids:
            key = self.session.scalar(sa.select(tables.family.c.head_sort_key).where(tables.family.c.id == family_id))
            search_tokens._refresh_family(connection, family_id, key or "")
        for person_id in person_ids:
            person = self.session.get(Person, person_id)
            search_tokens.replace_tokens(self.session, person_id, person.search_words())

    # --- the merge records -----------------------------------------------------------------
    def record(self, values: dict) -> int:
        return self.session.execute(t_merge.insert().values(values).returning(t_merge.c.id)).scalar_one()

    def get(self, merge_id: int) -> dict | None:
        row = self.session.execute(sa.select(t_merge).where(t_merge.c.id == merge_id)).mappings().first()
        return dict(row) if row is not None else None

    def of_person(self, person_id: int) -> list[dict]:
        """Merges into ``person_id`` that are not undone, newest first."""
        rows = self.session.execute(sa.select(t_merge).where(t_merge.c.kept_person_id == person_id,
                                                             t_merge.c.undone_at.is_(None))
                                    .order_by(t_merge.c.id.desc())).mappings().all()
        return [dict(row) for row in rows]

    def mark_undone(self, merge_id: int, login: str, now: dt.datetime) -> None:
        self.session.execute(t_merge.update().where(t_merge.c.id == merge_id).values(undone_at=now, undone_by=login))
