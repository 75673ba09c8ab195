"""Reading cases: search as you type, registry rows by page, the family card."""
from __future__ import annotations

from dataclasses import replace
import datetime as dt
from typing import Any, Sequence

from domain.case_due import CaseDue, StatusSpan, case_due
from domain.errors import NotFound
from domain.families import Person
from domain.permissions import Action
from services.context import ServiceContext
from services.dto import CaseRow, DocumentDetails, EventRow, FamilyDetails, PersonDetails, StatusDetails
from domain.search import FamilyFilter, filter_fields
from domain.workload import is_overdue
from services.search_page import SearchPage
from services.view_log import ViewKind, log_view

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

__all__ = ["CaseService", "FamilyFilter"]


class CaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _filter(self, flt: FamilyFilter | str | None) -> FamilyFilter:
        if flt is None:
            flt = FamilyFilter()
        elif isinstance(flt, str):
            flt = FamilyFilter(text=flt)
        if (flt.status or flt.due) and flt.today is None:
            flt = FamilyFilter(**{**flt.__dict__, "today": self.ctx.today()})
        return flt

    def search(self, flt: FamilyFilter | str | None = None, sort: str = "name", descending: bool = False,
               limit: int | None = None) -> list[int]:
        """Family ids matching the filter, ordered in SQL (name order is Kazakh alphabet order)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return uow.families.search_ids(self._filter(flt), sort, descending, limit)

    def count(self, flt: FamilyFilter | str | None = None) -> int:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return uow.families.count(self._filter(flt))

    def first_page(self, flt: FamilyFilter | str | None = None, sort: str = "name", descending: bool = False,
                   limit: int = 200) -> list[CaseRow]:
        """The first ``limit`` families of ``search`` with their registry rows, in one unit of work:
        what the registry shows at each keystroke (the rest of the ids follow from ``search``)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading(per_statement=True) as uow:
            return _case_rows(uow, uow.families.search_ids(self._filter(flt), sort, descending, limit),
                              self.ctx.today())

    def export_ids(self, flt: FamilyFilter | str | None = None, sort: str = "name",
                   descending: bool = False) -> list[int]:
        """The ids of ``search``, for an export: only for those who may export."""
        self.ctx.actor.require(Action.EXPORT)
        return self.search(flt, sort, descending)

    def record_export(self, file_name: str, rows: int, columns: Sequence[str], selection: bool) -> None:
        """The audit entry of a registry export (who, when, which file, how many rows)."""
        self.ctx.actor.require(Action.EXPORT)
        with self.ctx.uow() as uow:
            uow.audit("export", "registry", None, None, {"file": file_name, "rows": rows,
                                                         "columns": list(columns), "selection": selection})
            log_view(uow, self.ctx, ViewKind.EXPORT, detail=f"registry {file_name} ({rows})")
            uow.commit()

    def ranked_page(self, flt: FamilyFilter | str | None = None, sort: str = "name", descending: bool = False,
                    limit: int = 200) -> SearchPage:
        """``first_page`` with how each family matched (exact, prefix, another spelling), for the
        registry's marks."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading(per_statement=True) as uow:
            ranked = uow.families.ranked_ids(self._filter(flt), sort, descending, limit)
            rows = _case_rows(uow, [family_id for family_id, _kind in ranked], self.ctx.today())
        kinds = dict(ranked)
        return SearchPage(tuple(rows), tuple(kinds[row.family_id] for row in rows))

    def hiding_filters(self, flt: FamilyFilter) -> tuple[str, ...]:
        """The filter fields each of which, cleared alone, would let the search find families
        (what the registry names when it finds none); empty when clearing one is not enough."""
        self.ctx.actor.require(Action.VIEW_CASES)
        flt = self._filter(flt)
        hiding = []
        with self.ctx.reading() as uow:
            for name in filter_fields(flt):
                cleared: dict[str, Any] = {name: None}  # filter_fields never names the text
                if uow.families.count(replace(flt, **cleared)):
                    hiding.append(name)
        return tuple(hiding)

    def rows(self, ids: Sequence[int]) -> list[CaseRow]:
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading(per_statement=True) as uow:
            return _case_rows(uow, ids, self.ctx.today())

    def details(self, family_id: int, record_view: bool = False) -> FamilyDetails:
        """The family card's data; ``record_view``: the card is being opened, so the view log
        gets its row in the same unit of work (a reload after an edit is not a new view)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with (self.ctx.uow() if record_view else self.ctx.reading()) as uow:
            family = uow.families.get(family_id)
            if family is None:
                raise NotFound("family", family_id)
            members = tuple(_person_details(p) for p in family.members)
            events = tuple(EventRow(e["occurred_at"], e["actor_login"], e["kind"], e["message"], e["params"] or {})
                           for e in uow.families.events(family_id))
            if record_view:  # after the reads: the row and what was read are one transaction
                log_view(uow, self.ctx, ViewKind.CARD, family_id, detail=family.case_number)
                uow.commit()
            return FamilyDetails(
                id=family.id, case_number=family.case_number, stage=family.stage,
                closed_reason=family.closed_reason, arrival_date=family.arrival_date,
                origin_country_code=family.origin_country_code, region_code=family.region_code,
                address=family.address, phone=family.phone, notes=family.notes,
                responsible_user_id=family.responsible_user_id, created_at=family.created_at,
                created_by=family.created_by, updated_at=family.updated_at, updated_by=family.updated_by,
                version=family.version, members=members, events=events,
                last_contact_date=family.last_contact_date)

    def due(self, details: FamilyDetails, open_task_due_dates: Sequence[dt.date | None]) -> CaseDue:
        """What the card's header shows as due, from what the card has already read (no query):
        the same rules as the registry's due columns (domain.case_due)."""
        spans = [StatusSpan(person.id, status.decision, status.valid_until, status.ended_on)
                 for person in details.members for status in person.statuses]
        return case_due(spans, open_task_due_dates, self.ctx.today())

    def person_family_id(self, person_id: int) -> int:
        with self.ctx.reading() as uow:
            person = uow.families.get_person(person_id)
            if person is None:
                raise NotFound("person", person_id)
            return person.family_id


def _case_rows(uow: SqlAlchemyUnitOfWork, ids: Sequence[int], today: dt.date) -> list[CaseRow]:
    rows = uow.families.rows(list(ids))
    if uow.families.ROW_FIELDS == CaseRow._fields[:-1]:  # the storage row is the DTO's tuple less "overdue"
        return [CaseRow._make(row + (is_overdue(row[-1], today),)) for row in rows]
    return [CaseRow(**dict(zip(uow.families.ROW_FIELDS, row))) for row in rows]


def _person_details(p: Person) -> PersonDetails:
    return PersonDetails(
        id=p.id, family_id=p.family_id, relation=p.relation, surname=p.surname, given_name=p.given_name,
        patronymic=p.patronymic, full_name=p.full_name, latin_name=p.latin_name, birth_date=p.birth_date,
        sex=p.sex, iin=p.iin, citizenship_code=p.citizenship_code, education_level=p.education_level,
        profession=p.profession, version=p.version, updated_at=p.updated_at, updated_by=p.updated_by,
        documents=tuple(DocumentDetails(d.id, d.kind, d.number, d.issued_by, d.issue_date, d.expiry_date,
                                        d.country_code, d.translation_notarised, d.version) for d in p.documents),
        statuses=tuple(StatusDetails(s.id, s.kind, s.channel, s.applied_on, s.decision, s.decided_on,
                                     s.certificate_number, s.granted_on, s.valid_until, s.ended_on,
                                     s.end_reason, s.version) for s in p.statuses))
