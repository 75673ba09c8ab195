"""Staff accounts as the registry needs them: who can be responsible for a family."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

t_user = tables.app_user


class WorkerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, include_inactive: bool = False) -> list[dict]:
        query = sa.select(t_user.c.id, t_user.c.login, t_user.c.display_name, t_user.c.role, t_user.c.active)
        if not include_inactive:
            query = query.where(t_user.c.active.is_(True))
        query = query.order_by(t_user.c.display_name, t_user.c.login)
        return [row._asdict() for row in self.session.execute(query)]
