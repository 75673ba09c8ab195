"""Reading the audit log: filtered id lists sorted in SQL, rows by id, the chain for verification."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables
from storage import history_names
from storage.audit import HEAD_COUNT_KEY, HEAD_HASH_KEY

_SORTS = {"id": "id", "occurred_at": "id", "actor_login": "actor_login", "action": "action",
          "entity": "entity", "entity_id": "entity_id"}


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _where(self, query, actor: str | None = None, entity: str | None = None, entity_id: str | None = None,
               since: dt.datetime | None = None, until: dt.datetime | None = None, action: str | None = None,
               family_id: int | None = None, person_ids: Sequence[int] | None = None):
        a = tables.audit_log
        if family_id is not None:
            query = query.where(history_names.family_filter(self.session, family_id))
        if person_ids is not None:
            query = query.where(history_names.person_filter(self.session, list(person_ids)) if person_ids else sa.false())
        if actor:
            query = query.where(a.c.actor_login == actor)
        if entity:
            query = query.where(a.c.entity == entity)
        if entity_id:
            query = query.where(a.c.entity_id == entity_id)
        if since is not None:
            query = query.where(a.c.occurred_at >= since)
        if until is not None:
            query = query.where(a.c.occurred_at < until)
        if action:
            query = query.where(a.c.action == action)
        return query

    def search_ids(self, sort: str = "id", descending: bool = True, limit: int | None = None,
                   **filters: Any) -> list[int]:
        a = tables.audit_log
        column = a.c[_SORTS.get(sort, "id")]
        order = [column.desc() if descending else column.asc()]
        if column is not a.c.id:
            order.append(a.c.id.desc() if descending else a.c.id.asc())
        query = self._where(sa.select(a.c.id), **filters).order_by(*order)
        if limit:
            query = query.limit(limit)
        return list(self.session.scalars(query))

    def count(self, **filters: Any) -> int:
        a = tables.audit_log
        return self.session.scalar(self._where(sa.select(sa.func.count()).select_from(a), **filters)) or 0

    def rows(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        a = tables.audit_log
        found = {row.id: dict(row._mapping) for row in self.session.execute(sa.select(a).where(a.c.id.in_(ids)))}
        return [found[i] for i in ids if i in found]

    def names(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """Case numbers, people's and users' names for these entries (see ``history_names.resolve``)."""
        return history_names.resolve(self.session, rows)

    def matching_persons(self, iin: str | None, name_keys: list[str]) -> list[int]:
        return history_names.matching_persons(self.session, iin, name_keys)

    def family_by_case_number(self, case_number: str) -> int | None:
        return history_names.family_by_case_number(self.session, case_number)

    def distinct(self, column: str) -> list[str]:
        a = tables.audit_log
        return list(self.session.scalars(sa.select(a.c[column]).distinct().order_by(a.c[column])))

    def chain(self, batch: int = 2000) -> Iterator[dict[str, Any]]:
        """Every entry in id order, fetched in keyset pages (memory stays flat)."""
        a = tables.audit_log
        last = 0
        while True:
            page = self.session.execute(sa.select(a).where(a.c.id > last).order_by(a.c.id).limit(batch)).all()
            if not page:
                return
            for row in page:
                yield dict(row._mapping)
            last = page[-1].id

    def total(self) -> int:
        return self.session.scalar(sa.select(sa.func.count()).select_from(tables.audit_log)) or 0

    def head(self) -> tuple[str | None, int | None]:
        """The running head hash and count kept beside the log (detects a truncated tail)."""
        s = tables.setting
        values = dict(self.session.execute(sa.select(s.c.key, s.c.value).where(
            s.c.key.in_([HEAD_HASH_KEY, HEAD_COUNT_KEY]))).all())
        count = values.get(HEAD_COUNT_KEY)
        return values.get(HEAD_HASH_KEY), int(count) if count is not None else None
