"""The family card's other records: editing documents, extending or ending a kandas status,
recording contact with the family. Every edit checks the version the user opened."""
from __future__ import annotations

import datetime as dt

from domain.errors import NotFound, ValidationError
from domain.families import Family, IdentityDocument, Person, validate_document_fields
from domain.kandas_status import (Channel, Decision, EndReason, KandasStatus, StatusKind, check_decision,
                                  check_end, check_extension, close_extended, extended_period,
                                  validate_status_dates)
from domain.messages import N_
from domain.permissions import Action
from services.changes import Changes
from services.case_closing import close_for_citizenship
from services.closed_months import ensure_open
from services.context import ServiceContext, check_version, stamp
from services.dto import DocumentInput, WriteResult
from services.records_dto import DecisionInput, ExtensionInput, StatusEndInput
from services.tasks import close_obsolete_reminders
from storage.unit_of_work import SqlAlchemyUnitOfWork

from typing import Any


class FamilyRecordsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _family(self, uow: SqlAlchemyUnitOfWork, family_id: int) -> Family:
        family = uow.families.get(family_id)
        if family is None:
            raise NotFound("family", family_id)
        return family

    def _event(self, uow: SqlAlchemyUnitOfWork, family: Family, kind: str, message: str, **params: Any) -> None:
        stamp(family, self.ctx)
        uow.flush()
        uow.families.add_event(family.id, kind, message, params, self.ctx.actor.login, self.ctx.now())

    @staticmethod
    def _owner(uow: SqlAlchemyUnitOfWork, record: IdentityDocument | KandasStatus, what: str) -> Person:
        """The person a document or status belongs to."""
        person = uow.families.get_person(record.person_id)
        if person is None:
            raise NotFound(what, record.id)
        return person

    # --- identity documents -----------------------------------------------------------------
    def _document(self, uow: SqlAlchemyUnitOfWork, document_id: int) -> IdentityDocument:
        document = uow.records.document(document_id)
        if document is None:
            raise NotFound("document", document_id)
        return document

    def update_document(self, document_id: int, expected_version: int | None, data: DocumentInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        validate_document_fields(data.kind, data.number, data.issue_date, data.expiry_date, self.ctx.today())
        with self.ctx.uow() as uow:
            document = self._document(uow, document_id)
            check_version(document, expected_version, uow, "document")
            if data.country_code and data.country_code not in uow.reference.country_codes():
                raise ValidationError("country_code", N_("Unknown country: «{value}»."), value=data.country_code)
            document.kind, document.number = data.kind, data.number.strip()
            document.issued_by, document.issue_date = data.issued_by.strip(), data.issue_date
            document.expiry_date, document.country_code = data.expiry_date, data.country_code or None
            document.translation_notarised = data.translation_notarised
            stamp(document, self.ctx)
            person = self._owner(uow, document, "document")
            family = self._family(uow, person.family_id)
            self._event(uow, family, "document", N_("Document edited for {name}: {number}."),
                        name=person.full_name, number=document.number)
            close_obsolete_reminders(self.ctx, uow, uow.tasks.open_auto_tasks(family.id))
            uow.commit()
            return WriteResult(document.id, Changes(documents=True, tasks=True), (), family.case_number,
                               document.version)

    def remove_document(self, document_id: int, expected_version: int | None) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            document = self._document(uow, document_id)
            check_version(document, expected_version, uow, "document")
            person = self._owner(uow, document, "document")
            family = self._family(uow, person.family_id)
            number = document.number
            person.documents.remove(document)
            self._event(uow, family, "document", N_("Document removed for {name}: {number}."),
                        name=person.full_name, number=number)
            close_obsolete_reminders(self.ctx, uow, uow.tasks.open_auto_tasks(family.id))
            uow.commit()
            return WriteResult(document_id, Changes(documents=True, tasks=True), (), family.case_number, 0)

    # --- kandas status -------------------------------------------------------------------
    def _status(self, uow: SqlAlchemyUnitOfWork, status_id: int) -> KandasStatus:
        status = uow.records.status(status_id)
        if status is None:
            raise NotFound("status", status_id)
        return status

    def extend_status(self, status_id: int, expected_version: int | None, data: ExtensionInput) -> WriteResult:
        """Record an extension of a granted status: a new status period that continues it."""
        self.ctx.actor.require(Action.EDIT_CASES)
        if data.channel and data.channel not in Channel.ALL:
            raise ValidationError("channel", N_("Choose how the application was filed."))
        if data.decision not in Decision.ALL:
            raise ValidationError("decision", N_("Choose the decision."))
        today = self.ctx.today()
        with self.ctx.uow() as uow:
            current = self._status(uow, status_id)
            check_version(current, expected_version, uow, "status")
            valid_until = check_extension(current, data.applied_on, today)
            ensure_open(uow, data.decided_on, "decided_on")
            validate_status_dates(data.applied_on, data.decided_on, data.decided_on, today)
            extension = KandasStatus(StatusKind.EXTENSION, channel=data.channel, applied_on=data.applied_on,
                                     decision=data.decision, decided_on=data.decided_on)
            if data.decision == Decision.GRANTED:
                if data.decided_on is None:
                    raise ValidationError("decided_on", N_("Enter the date of the decision."))
                months = int(uow.reference.setting("status_validity_months", "12"))
                extension.grant_extension(data.decided_on, months, valid_until,
                                          data.certificate_number.strip())
                close_extended(current, extension)
                stamp(current, self.ctx)
            stamp(extension, self.ctx, created=True)
            person = self._owner(uow, current, "status")
            person.statuses.append(extension)
            family = self._family(uow, person.family_id)
            self._event(uow, family, "status", N_("Extension of the kandas status recorded for {name}: {decision}."),
                        name=person.full_name, decision=data.decision)
            uow.flush()
            close_obsolete_reminders(self.ctx, uow, uow.tasks.open_auto_tasks(family.id))
            uow.commit()
            return WriteResult(extension.id, Changes(statuses=True, families=True, tasks=True), (),
                               family.case_number, extension.version)

    def decide_status(self, status_id: int, expected_version: int | None, data: DecisionInput) -> WriteResult:
        """Record the decision on a pending application (a first status or an extension)."""
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            status = self._status(uow, status_id)
            check_version(status, expected_version, uow, "status")
            decided_on = check_decision(status, data.decision, data.decided_on, self.ctx.today())
            ensure_open(uow, data.decided_on, "decided_on")
            person = self._owner(uow, status, "status")
            status.decided_on = data.decided_on
            if data.decision == Decision.GRANTED:
                months = int(uow.reference.setting("status_validity_months", "12"))
                previous = extended_period(list(person.statuses), status) \
                    if status.kind == StatusKind.EXTENSION else None
                if previous is not None and previous.valid_until is not None:  # an extension of a granted period
                    status.grant_extension(decided_on, months, previous.valid_until,
                                           data.certificate_number.strip())
                    close_extended(previous, status)
                    stamp(previous, self.ctx)
                else:
                    status.grant(decided_on, months, data.certificate_number.strip())
            else:
                status.decision = Decision.REFUSED
            stamp(status, self.ctx)
            family = self._family(uow, person.family_id)
            self._event(uow, family, "status", N_("Kandas status recorded for {name}: {decision}."),
                        name=person.full_name, decision=data.decision)
            close_obsolete_reminders(self.ctx, uow, uow.tasks.open_auto_tasks(family.id))
            uow.commit()
            return WriteResult(status.id, Changes(statuses=True, families=True, tasks=True), (),
                               family.case_number, status.version)

    def end_status(self, status_id: int, expected_version: int | None, data: StatusEndInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            status = self._status(uow, status_id)
            check_version(status, expected_version, uow, "status")
            ended_on, reason = check_end(status, data.ended_on, data.reason, self.ctx.today())
            ensure_open(uow, data.ended_on, "ended_on")
            status.end(ended_on, reason)
            stamp(status, self.ctx)
            person = self._owner(uow, status, "status")
            family = self._family(uow, person.family_id)
            self._event(uow, family, "status", N_("Kandas status of {name} ended: {end_reason}."),
                        name=person.full_name, end_reason=data.reason)
            if data.close_case and data.reason == EndReason.CITIZENSHIP:
                close_for_citizenship(self.ctx, uow, family, ended_on)
            close_obsolete_reminders(self.ctx, uow, uow.tasks.open_auto_tasks(family.id))
            uow.commit()
            changes = Changes(statuses=True, families=True, tasks=True, quotas=data.close_case,
                              payments=data.close_case)
            return WriteResult(status.id, changes, (), family.case_number, status.version)

    # --- contact ---------------------------------------------------------------------------
    def record_contact(self, family_id: int, expected_version: int | None, day: dt.date | None = None) -> WriteResult:
        """The worker spoke with the family: the "no contact" reminder closes itself."""
        self.ctx.actor.require(Action.EDIT_CASES)
        day = day or self.ctx.today()
        if day > self.ctx.today():
            raise ValidationError("last_contact_date", N_("The date cannot be in the future."))
        with self.ctx.uow() as uow:
            family = self._family(uow, family_id)
            check_version(family, expected_version, uow, "family")
            if family.last_contact_date is None or day > family.last_contact_date:
                family.last_contact_date = day
            self._event(uow, family, "contact", N_("Contact with the family recorded on {date}."),
                        date=day.isoformat())
            close_obsolete_reminders(self.ctx, uow, uow.tasks.open_auto_tasks(family.id))
            uow.commit()
            return WriteResult(family.id, Changes(families=True, tasks=True), (), family.case_number, family.version)

