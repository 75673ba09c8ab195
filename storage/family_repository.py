"""Families and persons: loading aggregates, search in SQL, and listing rows."""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.errors import NotFound
from domain.families import Family, Person
from domain.search import wants_near, FamilyFilter, MatchKind
from domain.workload import DueFilter, week_end
from storage import case_numbers, family_search, raw_sql, search_tokens, tables
from storage.bulk_insert import insert_rows

t_family, t_person, t_token = tables.family, tables.person, tables.person_search_token


SORTS = {
    "name": t_family.c.head_sort_key,
    "case_number": t_family.c.case_number,
    "arrival_date": t_family.c.arrival_date,
    "stage": t_family.c.stage,
    "region": t_family.c.region_code,
    "country": t_family.c.origin_country_code,
    "updated_at": t_family.c.updated_at,
}


class FamilyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- aggregates -----------------------------------------------------------
    def add(self, family: Family) -> None:
        self.session.add(family)

    def get(self, family_id: int, lock: bool = False) -> Family | None:
        """The family; ``lock`` holds its row until commit (PostgreSQL) for a check about the family."""
        return self.session.get(Family, family_id, with_for_update=True if lock else None)

    def delete(self, family: Family) -> None:
        self.session.delete(family)

    def existing(self, family_id: int, lock: bool = False) -> Family:
        """The family, or NotFound when someone deleted it meanwhile."""
        family = self.get(family_id, lock)
        if family is None:
            raise NotFound("family", family_id)
        return family

    def existing_person(self, person_id: int) -> Person:
        """The person, or NotFound when someone deleted them meanwhile."""
        person = self.get_person(person_id)
        if person is None:
            raise NotFound("person", person_id)
        return person

    def get_person(self, person_id: int, lock: bool = False) -> Person | None:
        return self.session.get(Person, person_id, with_for_update=True if lock else None)

    def person_by_iin(self, iin: str) -> Person | None:
        return self.session.scalars(sa.select(Person).where(t_person.c.iin == iin)).first()

    def persons_by_iins(self, iins: Iterable[str]) -> dict[str, int]:
        """IIN → person id for those that exist (batched for imports)."""
        found: dict[str, int] = {}
        values = [i for i in set(iins) if i]
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            for iin, person_id in self.session.execute(
                    sa.select(t_person.c.iin, t_person.c.id).where(t_person.c.iin.in_(chunk))):
                found[iin] = person_id
        return found

    def persons_born_on(self, days: Iterable[dt.date], limit: int = 500) -> list[dict]:
        """Persons born on any of ``days`` with what the duplicate score weighs (the birth-date
        index keeps this a few dozen rows even at a million persons)."""
        rows = self.session.execute(
            sa.select(t_person.c.id, t_person.c.surname, t_person.c.given_name, t_person.c.patronymic,
                      t_person.c.birth_date, t_person.c.iin)
            .where(t_person.c.birth_date.in_(sorted(set(days)))).order_by(t_person.c.id).limit(limit))
        return [row._asdict() for row in rows]

    def sync_search_tokens(self, person: Person) -> None:
        """The person's search words as tokens (with the family copies); call after a flush."""
        search_tokens.replace_tokens(self.session, person.id, person.search_words())

    def next_case_number(self, year: int) -> str:
        """A new case number of ``year``, taken from the counter under lock (``storage.case_numbers``)."""
        return case_numbers.take(self.session, year)[0]

    def take_case_numbers(self, year: int, count: int) -> list[str]:
        return case_numbers.take(self.session, year, count)

    def lock_new_cases(self, year: int) -> None:
        """Hold the year's case-number row: other seats' registrations and imports wait until commit,
        so the duplicate checks done meanwhile stay true."""
        case_numbers.lock(self.session, year)

    # --- search -----------------------------------------------------------------
    def _filtered(self, flt: FamilyFilter, with_text: bool = True, kind: int = MatchKind.PREFIX):
        query = sa.select(t_family.c.id)
        text = flt.text.strip()
        if text and with_text:
            condition = family_search.text_condition(text, kind=kind)
            query = query.where(condition if condition is not None else sa.false())
        if flt.stage:
            query = query.where(t_family.c.stage == flt.stage)
        if flt.region_code:
            query = query.where(t_family.c.region_code == flt.region_code)
        if flt.origin_country_code:
            query = query.where(t_family.c.origin_country_code == flt.origin_country_code)
        if flt.arrived_from:
            query = query.where(t_family.c.arrival_date >= flt.arrived_from)
        if flt.arrived_to:
            query = query.where(t_family.c.arrival_date <= flt.arrived_to)
        if flt.responsible_user_id:
            query = query.where(t_family.c.responsible_user_id == flt.responsible_user_id)
        if flt.status and flt.today:
            query = query.where(self._status_condition(flt.status, flt.today))
        if flt.due in DueFilter.ALL and flt.today:
            last_day = flt.today - dt.timedelta(days=1) if flt.due == DueFilter.OVERDUE else week_end(flt.today)
            # an open task due by then: the family's earliest open due date is
            query = query.where(t_family.c.next_due_date <= last_day)
        return query

    @staticmethod
    def _status_condition(status: str, today: dt.date):
        ks = tables.kandas_status
        member_status = sa.select(t_person.c.family_id).join(ks, ks.c.person_id == t_person.c.id)
        valid = member_status.where(ks.c.decision == "granted", ks.c.ended_on.is_(None),
                                    ks.c.valid_until >= today)
        if status == "valid":
            return t_family.c.id.in_(valid)
        if status == "expiring":  # as the "status valid until" column shows it: the family's copy
            return t_family.c.status_valid_until.between(today, today + dt.timedelta(days=30))
        if status == "expired":
            return sa.and_(t_family.c.id.in_(member_status.where(ks.c.decision == "granted")),
                           t_family.c.id.not_in(valid))
        return t_family.c.id.not_in(member_status.where(ks.c.decision == "granted"))

    def search_ids(self, flt: FamilyFilter, sort: str = "name", descending: bool = False,
                   limit: int | None = None) -> list[int]:
        return [family_id for family_id, _kind in self.ranked_ids(flt, sort, descending, limit)]

    def ranked_ids(self, flt: FamilyFilter, sort: str = "name", descending: bool = False,
                   limit: int | None = None) -> list[tuple[int, int]]:
        """(family id, ``MatchKind``) of the families found, ranked: whole words and a whole IIN
        first, then prefixes, then other spellings, then spellings one letter off, each group in the
        order chosen. With a ``limit`` a group is asked only while the page is short. Without text,
        every family in that order (as PREFIX)."""
        if sort in DUE_SORTS:
            return [(family_id, MatchKind.PREFIX) for family_id in self._due_sorted_ids(flt, sort, descending, limit)]
        column = SORTS.get(sort, SORTS["name"])
        text = flt.text.strip()
        if not text:
            return [(family_id, MatchKind.PREFIX) for family_id in self._ordered(flt, column, descending, limit)]
        found: dict[int, int] = {}
        for kind in MatchKind.ALL:
            wanted = None if limit is None else limit - len(found)
            if wanted is not None and wanted <= 0:
                break
            if not family_search.search_terms(text, kind) and kind != MatchKind.PREFIX:
                continue  # nothing this kind could add (a partial IIN is no whole word; digits have no variant)
            if kind == MatchKind.NEAR and not wants_near(len(found)):
                break  # enough closer matches: one-letter-off names are not listed (domain.search)
            if limit is not None:  # the first page while typing: pick the plan for this text
                # Fetch as many more as were found already: a family of an earlier group comes again.
                ids = family_search.first_page(self.session, self._filtered(flt, with_text=False), text, column,
                                               descending, wanted + len(found), kind)
            else:
                ids = self._ordered(flt, column, descending, None, kind)
            for family_id in ids:
                found.setdefault(family_id, kind)
        ranked = list(found.items())
        return ranked if limit is None else ranked[:limit]

    def _ordered(self, flt: FamilyFilter, column, descending: bool, limit: int | None,
                 kind: int = MatchKind.PREFIX) -> list[int]:
        order = [column.desc() if descending else column.asc(), t_family.c.id]
        query = self._filtered(flt, kind=kind).order_by(*order)
        if limit is not None:
            query = query.limit(limit)
        return list(self.session.scalars(query))

    def _due_sorted_ids(self, flt: FamilyFilter, sort: str, descending: bool, limit: int | None) -> list[int]:
        """Sorted by a date each family row carries (``storage.family_summary``): its earliest open
        task or its members' earliest status end; families without such a date come last either way."""
        value = t_family.c.status_valid_until if sort == "status_valid_until" else t_family.c.next_due_date
        query = self._filtered(flt).order_by(sa.case((value.is_(None), 1), else_=0),
                                             value.desc() if descending else value.asc(), t_family.c.id)
        return list(self.session.scalars(query if limit is None else query.limit(limit)))

    def count(self, flt: FamilyFilter) -> int:
        """Families found by ``ranked_ids`` (the prefix, variant and near matches hold the exact ones;
        the near ones count only where ``ranked_ids`` lists them)."""
        text = flt.text.strip()
        queries = [self._filtered(flt)] + [self._filtered(flt, kind=MatchKind.VARIANT)
                                           for _ in (1,) if text and family_search.search_terms(text, MatchKind.VARIANT)]

        def counted(parts) -> int:
            query = sa.union(*parts) if len(parts) > 1 else parts[0]
            return self.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        closer = counted(queries)
        if not text or not family_search.search_terms(text, MatchKind.NEAR) or not wants_near(closer):
            return closer
        return counted(queries + [self._filtered(flt, kind=MatchKind.NEAR)])

    # The registry row's fields in order (the names of ``services.dto.CaseRow``).
    ROW_FIELDS = ("family_id", "case_number", "head_name", "head_iin", "head_birth_date", "members", "stage",
                  "region_code", "origin_country_code", "arrival_date", "responsible_user_id", "version",
                  "status_valid_until", "next_due_date")

    def rows(self, ids: Sequence[int]) -> list[tuple]:
        """Registry rows (tuples in ``ROW_FIELDS`` order) for the given family ids, in that order.

        Family rows alone, by primary key: the head's name, IIN and birth date, the member
        count, the members' earliest status end and the earliest open task's due date are copies
        kept on ``family`` (``storage.family_summary``), so a page costs one probe per family
        however large the registry is: one statement, one round trip to a hosted server.
        Hand-written SQL on the driver's cursor (``storage.raw_sql``): a page is fetched at every
        keystroke and scroll."""
        if not ids:
            return []
        with raw_sql.Cursor(self.session) as cursor:
            condition, params = cursor.ids_condition("f.id", ids)
            found = cursor.execute(_ROWS_SQL + condition, params).all()
        if cursor.sqlite:  # SQLite returns the stored ISO text of a date
            day = raw_sql.iso_date
            found = [(i, n, hn, hi, hb and day(hb), m, st, r, c, a and day(a), u, v, e and day(e), d and day(d))
                     for i, n, hn, hi, hb, m, st, r, c, a, u, v, e, d in found]
        by_id = {row[0]: row for row in found}
        return [by_id[i] for i in ids if i in by_id]

    def events(self, family_id: int) -> list[dict]:
        ev = tables.family_event
        query = sa.select(ev).where(ev.c.family_id == family_id).order_by(ev.c.occurred_at.desc(), ev.c.id.desc())
        return [row._asdict() for row in self.session.execute(query)]

    def add_event(self, family_id: int, kind: str, message: str, params: dict, actor_login: str,
                  at: dt.datetime) -> None:
        self.session.execute(tables.family_event.insert().values(
            family_id=family_id, occurred_at=at, actor_login=actor_login, kind=kind,
            message=message, params=params))

    def add_events(self, rows: list[dict]) -> None:
        """Timeline events (family_id, occurred_at, actor_login, kind, message, params) in one ``executemany``."""
        if rows:
            insert_rows(self.session, tables.family_event, rows)


# One registry row per family, from its row alone: the head, the member count, the status end and
# the earliest open task (reminders included) are the copies of ``storage.family_summary``.
_ROWS_SQL = ("SELECT f.id, f.case_number, f.head_name, f.head_iin, f.head_birth_date, f.member_count, f.stage, "
             "f.region_code, f.origin_country_code, f.arrival_date, f.responsible_user_id, f.version, "
             "f.status_valid_until, f.next_due_date "
             "FROM family f WHERE ")
DUE_SORTS = ("next_due", "status_valid_until")
