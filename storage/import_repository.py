"""Import batches and the bulk writes of a register import (Core ``executemany``).

An import of 100 000 rows cannot go through the ORM one object at a time; families,
persons, search tokens and events are inserted in chunks with ``executemany``
(``storage.bulk_insert``), all inside the unit of work's transaction.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage import family_summary, search_tokens, tables
from storage.bulk_insert import insert_rows
from storage.raw_sql import Cursor, iso_date

t_batch, t_family, t_person = tables.import_batch, tables.family, tables.person
t_token, t_event = tables.person_search_token, tables.family_event
CHUNK = 500
# Rows in these tables are part of what an import creates (or follow its records); any
# other table pointing at an imported family or person is work done after the import.
_OWN_TABLES = {"person", "person_search_token", "family_event", "duplicate_candidate"}


def _one_of(cursor: Cursor, column: str, values: Sequence) -> tuple[str, list]:
    """``column`` is one of ``values``: (SQL, params) for the cursor's engine."""
    if cursor.sqlite:
        return f"{column} IN ({','.join('?' * len(values))})", list(values)
    return f"{column} = ANY(?)", [list(values)]


def _day_param(cursor: Cursor, day: dt.date):
    return day.isoformat() if cursor.sqlite else day  # SQLite stores a DATE as its ISO text


def _day_reader(cursor: Cursor):
    """A DATE column's value as a date (SQLite returns the stored ISO text)."""
    return (lambda value: iso_date(value) if value else None) if cursor.sqlite else (lambda value: value)


def _batches(cursor: Cursor, values: Sequence) -> Iterable[Sequence]:
    """SQLite: ``CHUNK`` values a statement (its IN list); a server: all in one ``= ANY(array)``,
    one round trip however many there are."""
    return _chunks(values) if cursor.sqlite else ([values] if values else [])


def _chunks(values: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class ImportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- batches ----------------------------------------------------------------------
    def create_batch(self, file_name: str, sha256: str, sheet: str, login: str, now: dt.datetime) -> int:
        return self.session.execute(t_batch.insert().values(
            file_name=file_name[:255], file_sha256=sha256, sheet=sheet[:100], imported_at=now, imported_by=login,
            rows_imported=0).returning(t_batch.c.id)).scalar_one()

    def finish_batch(self, batch_id: int, rows: int) -> None:
        self.session.execute(t_batch.update().where(t_batch.c.id == batch_id).values(rows_imported=rows))

    def batch(self, batch_id: int) -> dict | None:
        row = self.session.execute(sa.select(t_batch).where(t_batch.c.id == batch_id)).first()
        return row._asdict() if row else None

    def batches(self, limit: int = 200) -> list[dict]:
        families = (sa.select(sa.func.count()).where(t_family.c.import_batch_id == t_batch.c.id)
                    .scalar_subquery())
        query = (sa.select(t_batch, families.label("families"))
                 .order_by(t_batch.c.imported_at.desc(), t_batch.c.id.desc()).limit(limit))
        return [row._asdict() for row in self.session.execute(query)]

    def mark_undone(self, batch_id: int, login: str, now: dt.datetime) -> None:
        self.session.execute(t_batch.update().where(t_batch.c.id == batch_id).values(undone_at=now, undone_by=login))

    # --- duplicates against the database ----------------------------------------------
    def has_persons(self) -> bool:
        return self.session.execute(sa.select(t_person.c.id).limit(1)).first() is not None

    def last_person_id(self) -> int:
        """The largest person id (0 in an empty database)."""
        return self.session.scalar(sa.select(sa.func.coalesce(sa.func.max(t_person.c.id), 0))) or 0

    # The three look-ups below run for every chunk of an import with a few hundred values each;
    # hand-written on the driver's cursor (``storage.raw_sql``) they cost SQLite's work alone, where
    # building and compiling the expanding IN of a SQLAlchemy expression cost as much again.
    def persons_by_iin(self, iins: Iterable[str]) -> dict[str, tuple[int, int]]:
        """IIN → (person id, family id) for IINs already registered."""
        found: dict[str, tuple[int, int]] = {}
        with Cursor(self.session) as cursor:
            for chunk in _batches(cursor, sorted({i for i in iins if i})):
                condition, params = _one_of(cursor, "iin", chunk)
                for iin, person_id, family_id in cursor.execute(
                        f"SELECT iin, id, family_id FROM person WHERE {condition}", params).all():
                    found[iin] = (person_id, family_id)
        return found

    def persons_by_name(self, keys: Iterable[tuple[str, dt.date | None]]) -> dict[tuple, list[tuple]]:
        """(search key, birth date) → [(person id, family id, IIN)] of persons already registered."""
        wanted = set(keys)
        found: dict[tuple, list[tuple]] = {}
        with Cursor(self.session) as cursor:
            if not cursor.sqlite:
                return self._persons_by_name_pg(cursor, wanted)
            day = _day_reader(cursor)
            for chunk in _chunks(sorted({k for k, _ in wanted})):
                condition, params = _one_of(cursor, "search_key", chunk)
                # the chunk's birth dates too: a common name's persons born on other days (most of
                # them) are left in the engine instead of being fetched and dropped here
                keyed = set(chunk)
                days = sorted({_day_param(cursor, born) for key, born in wanted if key in keyed and born})
                if days and all(born for key, born in wanted if key in keyed):
                    dated, dated_params = _one_of(cursor, "birth_date", days)
                    condition, params = f"{condition} AND {dated}", params + dated_params
                for key, birth_date, person_id, family_id, iin in cursor.execute(
                        f"SELECT search_key, birth_date, id, family_id, iin FROM person WHERE {condition}",
                        params).all():
                    birth_date = day(birth_date)
                    if (key, birth_date) in wanted:
                        found.setdefault((key, birth_date), []).append((person_id, family_id, iin))
        return found

    @staticmethod
    def _persons_by_name_pg(cursor: Cursor, wanted: set[tuple[str, dt.date | None]]) -> dict[tuple, list[tuple]]:
        """``persons_by_name`` on a server: one join of the wanted pairs (``unnest``) with ``person``
        on the search-key index, instead of a statement for each 500 keys."""
        found: dict[tuple, list[tuple]] = {}
        pairs = sorted(wanted, key=lambda pair: (pair[0], pair[1] or dt.date.min))
        if not pairs:
            return found
        for key, birth_date, person_id, family_id, iin in cursor.execute(
                "SELECT p.search_key, p.birth_date, p.id, p.family_id, p.iin "
                "FROM unnest(?::text[], ?::date[]) AS k(search_key, birth_date) "
                "JOIN person p ON p.search_key = k.search_key "
                "AND p.birth_date IS NOT DISTINCT FROM k.birth_date ORDER BY p.id",  # as SQLite's index gives
                [[key for key, _ in pairs], [born for _, born in pairs]]).all():
            found.setdefault((key, birth_date), []).append((person_id, family_id, iin))
        return found

    def persons_born_on(self, days: Iterable[dt.date], up_to: int | None = None
                        ) -> dict[dt.date, list[tuple[int, str, str, str, str | None]]]:
        """Birth date → (id, surname, given name, patronymic, IIN) of the registered persons born that
        day (with an id up to ``up_to`` when given), in id order (the birth-date index serves it).
        Plain tuples without the family: an import reads a few hundred thousand of them, and names
        the case of the few it flags afterwards (``case_numbers``)."""
        found: dict[dt.date, list[tuple[int, str, str, str, str | None]]] = {}
        with Cursor(self.session) as cursor:
            for chunk in _batches(cursor, sorted(set(days))):
                stored = {_day_param(cursor, d): d for d in chunk}  # as the engine returns the column
                condition, params = _one_of(cursor, "birth_date", list(stored))
                if up_to is not None:
                    condition, params = condition + " AND id <= ?", params + [up_to]
                for born, person_id, surname, given_name, patronymic, iin in cursor.execute(
                        "SELECT birth_date, id, surname, given_name, patronymic, iin FROM person "
                        f"WHERE {condition}", params).all():
                    found.setdefault(stored[born], []).append((person_id, surname, given_name, patronymic, iin))
        for people in found.values():
            people.sort()  # id order (the scorer keeps the first of two equal scores)
        return found

    def case_numbers(self, person_ids: Iterable[int]) -> dict[int, str]:
        """Person id → the case number of their family."""
        found: dict[int, str] = {}
        with Cursor(self.session) as cursor:
            for chunk in _batches(cursor, sorted(set(person_ids))):
                condition, params = _one_of(cursor, "p.id", chunk)
                for person_id, case_number in cursor.execute(
                        "SELECT p.id, f.case_number FROM person p JOIN family f ON f.id = p.family_id "
                        f"WHERE {condition}", params).all():
                    found[person_id] = case_number
        return found

    # --- bulk inserts -------------------------------------------------------------------
    def insert_families(self, rows: list[dict]) -> list[int]:
        """Insert families; their new ids in the order of ``rows``."""
        return self._insert_batch_rows(t_family, rows) if rows else []

    def insert_persons(self, rows: list[dict], summarised: set[int] = frozenset()) -> list[int]:
        """Insert persons; the family copies (``storage.family_summary``) of their families are
        recomputed, except for the ``summarised`` families whose rows were written with them."""
        if not rows:
            return []
        ids = self._insert_batch_rows(t_person, rows)
        joined = {row["family_id"] for row in rows} - set(summarised)
        if joined:
            family_summary.refresh(self.session.connection(), joined, compare=False)
        return ids

    def _insert_batch_rows(self, table: sa.Table, rows: list[dict]) -> list[int]:
        """Insert rows of one import batch with their ids given, so nothing is read back.

        SQLite: the import's transaction holds the database's write lock from its start (BEGIN
        IMMEDIATE), so the ids after the largest are free and are the ones SQLite would give (the
        tables have no AUTOINCREMENT). PostgreSQL: they are taken from the table's sequence first
        (one statement; another seat's rows get other values of the same sequence)."""
        if self.session.get_bind().dialect.name == "postgresql":
            ids = sorted(self.session.execute(sa.text(  # ascending in row order, as the insert's would be
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
                {"table": table.name, "count": len(rows)}).scalars())
        else:
            last = self.session.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0)))
            ids = list(range(last + 1, last + 1 + len(rows)))
        insert_rows(self.session, table, [{"id": new_id, **row} for new_id, row in zip(ids, rows)])
        return ids

    def token_rows(self, words: list[tuple[int, str]],
                   known: dict[int, tuple[int, str, str | None]] | None = None) -> list[search_tokens.TokenRow]:
        """The search-token rows of (person id, word) pairs with their IIN tokens and family copies
        (``known``: person id → (family id, head sort key, IIN) the caller has already)."""
        return search_tokens.token_rows(self.session, words, known=known)

    def insert_token_rows(self, rows: list[search_tokens.TokenRow]) -> None:
        search_tokens.insert_token_rows(self.session, rows)

    def insert_events(self, rows: list[dict]) -> None:
        insert_rows(self.session, t_event, rows)

    # --- undo -------------------------------------------------------------------------------
    def first_edited(self, batch_id: int) -> dict | None:
        """A family or person of the batch changed since it was imported, or None."""
        for table, kind in ((t_family, "family"), (t_person, "person")):
            query = sa.select(table).where(table.c.import_batch_id == batch_id, sa.or_(
                table.c.version != 1, table.c.updated_at != table.c.created_at)).limit(1)
            row = self.session.execute(query).first()
            if row is not None:
                return {"kind": kind, **row._asdict()}
        return None

    def first_dependent(self, batch_id: int) -> dict | None:
        """A record of another kind (status, document, payment, task …) added to the batch's
        families or persons after the import, or None."""
        family_ids = sa.select(t_family.c.id).where(t_family.c.import_batch_id == batch_id)
        person_ids = sa.select(t_person.c.id).where(t_person.c.import_batch_id == batch_id)
        stranger = self.session.execute(sa.select(t_person.c.family_id).where(
            t_person.c.family_id.in_(family_ids), sa.or_(t_person.c.import_batch_id.is_(None),
                                                         t_person.c.import_batch_id != batch_id)).limit(1)).first()
        if stranger is not None:
            return {"table": "person", "id": stranger[0], "kind": "family"}
        for table in tables.metadata.sorted_tables:
            if table.name in _OWN_TABLES:
                continue
            for fk in table.foreign_keys:
                target = fk.column.table
                if target is t_family:
                    ids = family_ids
                elif target is t_person:
                    ids = person_ids
                else:
                    continue
                found = self.session.execute(sa.select(fk.parent).where(fk.parent.in_(ids)).limit(1)).first()
                if found is not None:
                    return {"table": table.name, "id": found[0], "kind": target.name}
        return None

    def case_number(self, family_id: int) -> str:
        return self.session.scalar(sa.select(t_family.c.case_number).where(t_family.c.id == family_id)) or ""

    def person_family(self, person_id: int) -> int | None:
        return self.session.scalar(sa.select(t_person.c.family_id).where(t_person.c.id == person_id))

    def delete_batch(self, batch_id: int) -> tuple[int, int]:
        """Remove the persons and families the batch created; returns (families, persons)."""
        person_ids = sa.select(t_person.c.id).where(t_person.c.import_batch_id == batch_id)
        family_ids = sa.select(t_family.c.id).where(t_family.c.import_batch_id == batch_id)
        self.session.execute(t_token.delete().where(t_token.c.person_id.in_(person_ids)))
        dup = tables.duplicate_candidate
        self.session.execute(dup.delete().where(sa.or_(dup.c.person_a_id.in_(person_ids),
                                                       dup.c.person_b_id.in_(person_ids))))
        self.session.execute(t_event.delete().where(t_event.c.family_id.in_(family_ids)))
        self.session.execute(t_event.delete().where(t_event.c.kind == "imported_member",
                                                    t_event.c.params["batch_id"].as_integer() == batch_id))
        joined = list(self.session.scalars(sa.select(t_person.c.family_id).distinct().where(
            t_person.c.import_batch_id == batch_id, t_person.c.family_id.not_in(family_ids))))
        persons = self.session.execute(t_person.delete().where(t_person.c.import_batch_id == batch_id)).rowcount
        families = self.session.execute(t_family.delete().where(t_family.c.import_batch_id == batch_id)).rowcount
        family_summary.refresh(self.session.connection(), joined)  # families the batch had added members to
        return families, persons
