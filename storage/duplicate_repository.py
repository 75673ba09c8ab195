"""Possible duplicate persons waiting for a worker's review."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

t_dup = tables.duplicate_candidate


class DuplicateRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, person_id: int, other_id: int, reason: str, now: dt.datetime) -> None:
        a, b = sorted((person_id, other_id))
        exists = self.session.scalar(
            sa.select(t_dup.c.id).where(t_dup.c.person_a_id == a, t_dup.c.person_b_id == b))
        if exists is None:
            self.session.execute(t_dup.insert().values(person_a_id=a, person_b_id=b, reason=reason,
                                                       status="open", detected_at=now))

    def open_count(self) -> int:
        return self.session.scalar(sa.select(sa.func.count()).where(t_dup.c.status == "open"))
