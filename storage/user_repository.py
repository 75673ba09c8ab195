"""Application users (Core table ``app_user``); never hands out the password hash except to sign in."""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

_PUBLIC = ("id", "login", "display_name", "role", "active", "failed_logins", "locked_until",
           "last_login_at", "created_at", "created_by", "updated_at", "updated_by", "version")


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _columns(self):
        return [tables.app_user.c[name] for name in _PUBLIC]

    def count(self, active_only: bool = False, role: str | None = None) -> int:
        u = tables.app_user
        query = sa.select(sa.func.count()).select_from(u)
        if active_only:
            query = query.where(u.c.active == sa.true())
        if role is not None:
            query = query.where(u.c.role == role)
        return self.session.scalar(query) or 0

    def all(self) -> list[dict[str, Any]]:
        u = tables.app_user
        rows = self.session.execute(sa.select(*self._columns()).order_by(u.c.login))
        return [dict(row._mapping) for row in rows]

    def get(self, user_id: int) -> dict[str, Any] | None:
        row = self.session.execute(sa.select(*self._columns()).where(tables.app_user.c.id == user_id)).first()
        return dict(row._mapping) if row else None

    def by_login(self, login: str) -> dict[str, Any] | None:
        u = tables.app_user
        row = self.session.execute(sa.select(*self._columns()).where(u.c.login == login)).first()
        return dict(row._mapping) if row else None

    def password_hash(self, user_id: int) -> str | None:
        u = tables.app_user
        return self.session.scalar(sa.select(u.c.password_hash).where(u.c.id == user_id))

    def add(self, login: str, display_name: str, role: str, password_hash: str, actor: str,
            now: dt.datetime) -> int:
        result = self.session.execute(tables.app_user.insert().values(
            login=login, display_name=display_name, role=role, password_hash=password_hash, active=True,
            failed_logins=0, created_at=now, created_by=actor, updated_at=now, updated_by=actor, version=1))
        return result.inserted_primary_key[0]

    def update(self, user_id: int, expected_version: int | None, actor: str | None, now: dt.datetime,
               **values: Any) -> bool:
        """Change a user row; with ``expected_version`` only when nobody changed it meanwhile."""
        u = tables.app_user
        query = u.update().where(u.c.id == user_id)
        if expected_version is not None:
            query = query.where(u.c.version == expected_version)
        if actor is not None:  # an administrative change (not a sign-in counter)
            values.update(updated_at=now, updated_by=actor, version=u.c.version + 1)
        return self.session.execute(query.values(**values)).rowcount == 1
