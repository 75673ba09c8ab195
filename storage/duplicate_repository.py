"""Possible duplicate persons waiting for a worker's review."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import family_summary, tables

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

    # --- review list --------------------------------------------------------------
    def open_rows(self, limit: int = 1000) -> list[dict]:
        """Open pairs with both persons' names, birth dates and case numbers, oldest first."""
        pa, pb = tables.person.alias("pa"), tables.person.alias("pb")
        fa, fb = tables.family.alias("fa"), tables.family.alias("fb")
        query = (sa.select(t_dup.c.id, t_dup.c.reason, t_dup.c.detected_at,
                           pa.c.id.label("a_id"), pa.c.surname.label("a_surname"),
                           pa.c.given_name.label("a_given_name"), pa.c.patronymic.label("a_patronymic"),
                           pa.c.birth_date.label("a_birth_date"), pa.c.iin.label("a_iin"),
                           fa.c.case_number.label("a_case"),
                           pb.c.id.label("b_id"), pb.c.surname.label("b_surname"),
                           pb.c.given_name.label("b_given_name"), pb.c.patronymic.label("b_patronymic"),
                           pb.c.birth_date.label("b_birth_date"), pb.c.iin.label("b_iin"),
                           fb.c.case_number.label("b_case"))
                 .join(pa, pa.c.id == t_dup.c.person_a_id).join(fa, fa.c.id == pa.c.family_id)
                 .join(pb, pb.c.id == t_dup.c.person_b_id).join(fb, fb.c.id == pb.c.family_id)
                 .where(t_dup.c.status == "open")
                 .order_by(t_dup.c.detected_at, t_dup.c.id).limit(limit))
        return [row._asdict() for row in self.session.execute(query)]

    def get(self, candidate_id: int) -> dict | None:
        row = self.session.execute(sa.select(t_dup).where(t_dup.c.id == candidate_id)).first()
        return row._asdict() if row is not None else None

    def resolve(self, candidate_id: int, status: str, actor: str, now: dt.datetime) -> None:
        self.session.execute(t_dup.update().where(t_dup.c.id == candidate_id).values(
            status=status, resolved_at=now, resolved_by=actor))

    def repoint(self, from_person: int, to_person: int, skip_id: int) -> None:
        """Pairs that name the removed person now name the kept one (never a self-pair or a repeat)."""
        rows = self.session.execute(sa.select(t_dup).where(
            t_dup.c.id != skip_id,
            sa.or_(t_dup.c.person_a_id == from_person, t_dup.c.person_b_id == from_person))).all()
        for row in rows:
            other = row.person_b_id if row.person_a_id == from_person else row.person_a_id
            a, b = sorted((other, to_person))
            clash = self.session.scalar(sa.select(t_dup.c.id).where(
                t_dup.c.person_a_id == a, t_dup.c.person_b_id == b, t_dup.c.id != row.id))
            if other == to_person or clash is not None:
                self.session.execute(t_dup.delete().where(t_dup.c.id == row.id))
            else:
                self.session.execute(t_dup.update().where(t_dup.c.id == row.id).values(
                    person_a_id=a, person_b_id=b))

    # --- the whole-register scan ----------------------------------------------------
    def scan_rows(self, chunk: int = 5000):
        """Every person with what the duplicate score weighs, in chunks by id: dicts with id,
        family_id, names, birth_date, iin, phone (the family's) and passports (a tuple)."""
        person, family, document = tables.person, tables.family, tables.identity_document
        last = 0
        while True:
            rows = self.session.execute(
                sa.select(person.c.id, person.c.family_id, person.c.surname, person.c.given_name,
                          person.c.patronymic, person.c.birth_date, person.c.iin, family.c.phone,
                          family.c.case_number)
                .join(family, family.c.id == person.c.family_id)
                .where(person.c.id > last).order_by(person.c.id).limit(chunk)).all()
            if not rows:
                return
            last = rows[-1].id
            passports: dict[int, list[str]] = {}
            for person_id, number in self.session.execute(
                    sa.select(document.c.person_id, document.c.number)
                    .where(document.c.person_id.between(rows[0].id, last), document.c.number != "")):
                passports.setdefault(person_id, []).append(number)
            yield [{**row._asdict(), "passports": tuple(passports.get(row.id, ()))} for row in rows]

    def decided_pairs(self) -> frozenset[tuple[int, int]]:
        """Pairs a reviewer already merged or marked distinct (low id, high id)."""
        return frozenset((a, b) for a, b in self.session.execute(
            sa.select(t_dup.c.person_a_id, t_dup.c.person_b_id).where(t_dup.c.status != "open")))

    # --- moving records between persons and families -------------------------------
    def move_person_rows(self, from_person: int, to_person: int, skip: frozenset[str],
                         log: list | None = None) -> dict[str, int]:
        """Point every row of every table that refers to ``from_person`` at ``to_person``
        (tables of other areas included); returns the number of rows moved per table and, into
        ``log``, ``[table, column, ids, old, new]`` for each move (what an undo points back)."""
        return self._move("person", from_person, to_person, skip, log)

    def move_family_rows(self, from_family: int, to_family: int, skip: frozenset[str],
                         log: list | None = None) -> dict[str, int]:
        return self._move("family", from_family, to_family, skip, log)

    def _move(self, target: str, old: int, new: int, skip: frozenset[str], log: list | None) -> dict[str, int]:
        moved: dict[str, int] = {}
        for table in tables.metadata.sorted_tables:
            if table.name in skip:
                continue
            for fk in table.foreign_keys:
                if fk.column.table.name != target or fk.column.name != "id":
                    continue
                column = fk.parent
                ids = list(self.session.scalars(sa.select(table.c.id).where(column == old))) \
                    if log is not None and "id" in table.c else None
                result = self.session.execute(table.update().where(column == old).values({column.name: new}))
                if result.rowcount:
                    moved[table.name] = moved.get(table.name, 0) + result.rowcount
                    if ids:
                        log.append([table.name, column.name, ids, old, new])
        if target == "family" and moved.get("task"):  # the family rows' copy of the earliest open task
            family_summary.refresh_next_due(self.session.connection(), (old, new))
        return moved
