"""Bases of processing, the legal grounds list and the view log (Core tables, no mapped classes)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import tables

t_basis = tables.processing_basis
t_ground = tables.legal_ground
t_view = tables.record_view
t_person = tables.person
t_family = tables.family


def _in_force(day: dt.date):
    """SQL twin of ``domain.processing_basis.BasisPeriod.in_force``."""
    return sa.and_(t_basis.c.valid_from <= day, sa.or_(t_basis.c.withdrawn_on.is_(None), t_basis.c.withdrawn_on > day))


class PrivacyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- legal grounds ---------------------------------------------------------------
    def legal_grounds(self, include_inactive: bool = False) -> list[dict]:
        query = sa.select(t_ground).order_by(t_ground.c.code)
        if not include_inactive:
            query = query.where(t_ground.c.active.is_(True))
        return [row._asdict() for row in self.session.execute(query)]

    def legal_ground(self, code: str) -> dict | None:
        row = self.session.execute(sa.select(t_ground).where(t_ground.c.code == code)).first()
        return row._asdict() if row else None

    def save_legal_ground(self, values: dict) -> None:
        if self.legal_ground(values["code"]) is None:
            self.session.execute(t_ground.insert().values(**values))
        else:
            self.session.execute(t_ground.update().where(t_ground.c.code == values["code"]).values(**values))

    # --- bases -----------------------------------------------------------------------
    def bases_for_persons(self, person_ids: Iterable[int]) -> list[dict]:
        ids = list(person_ids)
        if not ids:
            return []
        query = sa.select(t_basis).where(t_basis.c.person_id.in_(ids)).order_by(
            t_basis.c.person_id, t_basis.c.valid_from, t_basis.c.id)
        return [row._asdict() for row in self.session.execute(query)]

    def basis(self, basis_id: int) -> dict | None:
        row = self.session.execute(sa.select(t_basis).where(t_basis.c.id == basis_id)).first()
        return row._asdict() if row else None

    def insert_basis(self, values: dict) -> int:
        return self.session.execute(t_basis.insert().values(**values)).inserted_primary_key[0]

    def withdraw(self, basis_id: int, version: int, values: dict) -> bool:
        result = self.session.execute(t_basis.update().where(
            t_basis.c.id == basis_id, t_basis.c.version == version).values(**values, version=version + 1))
        return result.rowcount == 1

    def families_without_basis(self, day: dt.date) -> int:
        """Families with a member (registered by ``day``) lacking a basis in force on it: one scan of
        ``person`` with a probe of the covering index ``ix_processing_basis_in_force`` per person."""
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        joined = t_person.outerjoin(t_basis, sa.and_(t_basis.c.person_id == t_person.c.id, _in_force(day)))
        query = sa.select(sa.func.count(sa.distinct(t_person.c.family_id))).select_from(joined).where(
            t_person.c.created_at < end, t_basis.c.person_id.is_(None))
        return int(self.session.scalar(query) or 0)

    def responsible_families_without_basis(self, user_id: int, day: dt.date, limit: int = 50) -> list[dict]:
        """The families a worker is responsible for that have a member without a basis on ``day``."""
        lacking = sa.select(t_person.c.family_id).select_from(t_person.outerjoin(
            t_basis, sa.and_(t_basis.c.person_id == t_person.c.id, _in_force(day)))).where(
            t_basis.c.person_id.is_(None))
        query = sa.select(t_family.c.id, t_family.c.case_number, t_family.c.head_name).where(
            t_family.c.responsible_user_id == user_id, t_family.c.id.in_(lacking)).order_by(
            t_family.c.head_sort_key, t_family.c.id).limit(limit)
        return [row._asdict() for row in self.session.execute(query)]

    # --- the view log ------------------------------------------------------------------
    def add_view(self, values: dict) -> None:
        self.session.execute(t_view.insert().values(**values))

    def views(self, family_id: int | None = None, actor_login: str | None = None,
              person_id: int | None = None, limit: int = 1000) -> list[dict]:
        query = sa.select(t_view).order_by(t_view.c.occurred_at.desc(), t_view.c.id.desc()).limit(limit)
        if family_id is not None and person_id is not None:
            # a person's own file also counts views of their family's card
            query = query.where(sa.or_(t_view.c.person_id == person_id,
                                       sa.and_(t_view.c.family_id == family_id, t_view.c.person_id.is_(None))))
        elif family_id is not None:
            query = query.where(t_view.c.family_id == family_id)
        elif person_id is not None:
            query = query.where(t_view.c.person_id == person_id)
        if actor_login:
            query = query.where(t_view.c.actor_login == actor_login)
        return [row._asdict() for row in self.session.execute(query)]

    def views_about(self, person_ids: list[int], family_ids: list[int], limit: int = 5000) -> list[dict]:
        """Views of any of the persons, or of any of the families' cards (a person's own file)."""
        query = sa.select(t_view).where(sa.or_(
            t_view.c.person_id.in_(person_ids),
            sa.and_(t_view.c.family_id.in_(family_ids), t_view.c.person_id.is_(None)))).order_by(
            t_view.c.occurred_at.desc(), t_view.c.id.desc()).limit(limit)
        return [row._asdict() for row in self.session.execute(query)]

    def view_actors(self) -> list[str]:
        query = sa.select(t_view.c.actor_login).distinct().order_by(t_view.c.actor_login)
        return list(self.session.scalars(query))
