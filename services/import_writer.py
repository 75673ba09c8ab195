"""Writing the accepted families of an import batch in bulk.

Keys and search words come from the domain ``Person`` (the same code that the form
uses); the case numbers of each chunk are taken together from the year's counter row
(``storage.case_numbers``), so a registration on another seat never gets the same number.
A family whose head is already registered receives its new members instead of becoming
a second case.
"""
from __future__ import annotations

from domain.messages import N_, Nn_
from domain.register_families import RowGroup
from domain.register_rows import ParsedRow, PersonKeys, family_fields, person_keys
from domain.stages import Stage
from services.context import ServiceContext
from services.quotas import inclusion_or_not_found, record_move_in
from storage.family_summary import new_family_copies
from storage.search_tokens import TokenRow
from storage.unit_of_work import SqlAlchemyUnitOfWork

from typing import Any

# Search tokens of this many rows are written together, sorted (storage.search_tokens.insert_token_rows):
# about 5 000 persons' worth, where sorting pays most (runs of 3 500 saved 10 %, of 35 000 40 %);
# nothing in an import reads the tokens before it commits
TOKEN_RUN = 35_000


class _NewPerson:
    """A person about to be inserted, with the keys and search words ``domain.families.Person``
    computes (``person_keys``; no ORM instrumentation for 100 000 rows), taken from the row when
    the reader's process computed them already."""

    def __init__(self, values: dict[str, Any], keys: PersonKeys | None) -> None:
        self.surname, self.given_name = values["surname"], values["given_name"]
        self.patronymic, self.latin_name = values["patronymic"], values["latin_name"]
        self.relation, self.birth_date, self.sex = values["relation"], values["birth_date"], values["sex"]
        self.iin, self.citizenship_code = values["iin"], values["citizenship_code"]
        self.full_name, self.search_key, self.sort_key, self.words = keys or person_keys(values)

    def search_words(self) -> list[str]:
        return self.words


class BatchWriter:
    def __init__(self, ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, file_name: str, sha256: str,
                 sheet: str) -> None:
        self.ctx, self.uow = ctx, uow
        self.file_name, self.sha256, self.sheet = file_name, sha256, sheet
        self.now, self.login = ctx.now(), ctx.actor.login
        self.batch_id: int | None = None
        self.persons = 0
        self.families = 0
        self.joined = 0
        self.moves = 0
        self.tokens: list[TokenRow] = []  # search tokens written in runs (TOKEN_RUN), not with each chunk

    def _stamp(self) -> dict[str, Any]:
        return {"created_at": self.now, "created_by": self.login, "updated_at": self.now,
                "updated_by": self.login, "version": 1, "import_batch_id": self.batch_id}

    def write(self, groups: list[RowGroup]) -> None:
        todo = [(g, [r for r in g.rows if r.ok]) for g in groups]
        todo = [(g, rows) for g, rows in todo if rows and (g.existing_family_id or (g.head and g.head.ok))]
        moves = [g.move for g in groups if g.move is not None]
        if not todo and not moves:
            return
        if self.batch_id is None:
            self.batch_id = self.uow.imports.create_batch(self.file_name, self.sha256, self.sheet, self.login,
                                                          self.now)
        for inclusion_id, moved_on, address in moves:  # the same rule and ledger as the family card
            record_move_in(self.ctx, self.uow, inclusion_or_not_found(self.uow, inclusion_id), moved_on, address)
            self.moves += 1
        if not todo:
            return
        stamp = self._stamp()
        people = [[self._person(r) for r in rows] for _, rows in todo]
        new = [(g, rows, members) for (g, rows), members in zip(todo, people) if not g.existing_family_id]
        family_rows = []
        numbers = iter(self.uow.families.take_case_numbers(self.ctx.today().year, len(new)))
        for group, rows, members in new:
            assert group.head is not None  # kept above only with a valid head
            fields = family_fields([group.head] + [r for r in group.rows if r is not group.head])
            head = members[rows.index(group.head)]
            family_rows.append({
                "case_number": next(numbers), "stage": Stage.ARRIVED,
                "arrival_date": fields["arrival_date"], "origin_country_code": fields["country_code"],
                "region_code": fields["region_code"], "address": fields["address"] or "",
                "phone": fields["phone"] or "", "notes": fields["notes"] or "",
                "last_contact_date": self.ctx.today(), "head_sort_key": head.sort_key,
                "responsible_user_id": self.ctx.actor.user_id,  # whoever imports it
                **new_family_copies(members), **stamp})
        new_ids = self.uow.imports.insert_families(family_rows)
        # the new families' head sort keys, for the search tokens' copies (no read-back)
        head_keys = {family_id: row["head_sort_key"] for family_id, row in zip(new_ids, family_rows)}
        family_ids = iter(new_ids)
        person_rows, words, events = [], [], []
        for (group, rows), members in zip(todo, people):
            family_id = group.existing_family_id or next(family_ids)
            for row, person in zip(rows, members):
                person_rows.append({
                    "family_id": family_id, "relation": person.relation, "surname": person.surname,
                    "given_name": person.given_name, "patronymic": person.patronymic,
                    "latin_name": person.latin_name, "birth_date": person.birth_date, "sex": person.sex,
                    "iin": person.iin, "citizenship_code": person.citizenship_code,
                    "search_key": person.search_key, "sort_key": person.sort_key, **stamp})
                words.append(person.search_words())
                if group.existing_family_id:
                    events.append(self._event(family_id, "imported_member", N_(
                        "Member added by import {batch} from {file} (row {row}): {name}."),
                        row=row.row, name=person.full_name))
            if not group.existing_family_id:
                events.append(self._event(family_id, "imported", Nn_(
                    "Family imported with {count} member by import {batch} from {file} (row {first}).",
                    "Family imported with {count} members by import {batch} from {file} (rows {first}–{last})."),
                    count=len(rows), first=rows[0].row, last=rows[-1].row))
        # the new families were written with their copies (new_family_copies); joined ones are refreshed
        person_ids = self.uow.imports.insert_persons(person_rows, summarised=set(head_keys))
        known = {pid: (row["family_id"], head_keys[row["family_id"]], row["iin"])
                 for pid, row in zip(person_ids, person_rows) if row["family_id"] in head_keys}
        self.tokens += self.uow.imports.token_rows([(pid, w[:100]) for pid, ws in zip(person_ids, words) for w in ws],
                                                   known)
        if len(self.tokens) >= TOKEN_RUN:
            self._write_tokens()
        self.uow.imports.insert_events(events)
        self.persons += len(person_rows)
        self.families += len(family_rows)
        self.joined += len(todo) - len(new)

    @staticmethod
    def _person(row: ParsedRow) -> "_NewPerson":
        return _NewPerson(row.values, row.keys)

    def _event(self, family_id: int, kind: str, message: str, **params: Any) -> dict[str, Any]:
        return {"family_id": family_id, "occurred_at": self.now, "actor_login": self.login, "kind": kind,
                "message": message, "params": {"batch_id": self.batch_id, "file": self.file_name,
                                               "batch": self.batch_id, **params}}

    def _write_tokens(self) -> None:
        tokens, self.tokens = self.tokens, []
        self.uow.imports.insert_token_rows(tokens)

    def finish(self) -> int:
        if self.batch_id is None:  # _write created it with the first family or move
            raise RuntimeError("an import batch is finished before anything was written")
        self._write_tokens()
        self.uow.imports.finish_batch(self.batch_id, self.persons)
        self.uow.audit("import", "import_batch", self.batch_id, None, {
            "file": self.file_name, "sha256": self.sha256, "sheet": self.sheet, "persons": self.persons,
            "families": self.families, "families_joined": self.joined, "moves": self.moves})
        return self.batch_id
