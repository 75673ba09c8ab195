"""A person's basis of processing: consent or a legal obligation, and its withdrawal (Law No. 94-V).

Every change is one transaction with an audit entry and a timeline event on the family; the
scanned signed consent form is kept as an attachment of the family in the same transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from domain.families import Family, Person
from domain.errors import ConflictError, NotFound, RuleViolation, ValidationError
from domain.messages import N_
from domain.permissions import Action
from domain.processing_basis import (BasisKind, BasisPeriod, check_consent, check_ground_code, check_legal_basis,
                                     check_withdrawal, has_basis)
from services.attachments import store_attachment
from services.changes import Changes
from services.context import ServiceContext
from services.dto import WriteResult
from services.privacy_dto import (BasisInput, BasisRow, ConsentInput, FamilyBasis, LegalBasisInput,
                                  LegalGroundRow, PersonBasis)

if TYPE_CHECKING:
    from storage.unit_of_work import SqlAlchemyUnitOfWork

BASIS_CHANGED = Changes(persons=True)
# Stored with the file, shown as typed: in both working languages, not a msgid.
CONSENT_SCAN_DESCRIPTION = "Дербес деректерге келісім / Согласие на обработку персональных данных"


def _period(r: dict[str, Any]) -> BasisPeriod:
    return BasisPeriod(r["valid_from"], r["withdrawn_on"])


def basis_row(r: dict[str, Any], today: dt.date) -> BasisRow:
    return BasisRow(r["id"], r["person_id"], r["kind"], r["legal_ground_code"], r["valid_from"], r["consent_form"],
                    r["attachment_id"], r["note"], r["withdrawn_on"], r["withdrawal_note"], r["created_at"],
                    r["created_by"], r["version"], _period(r).in_force(today))


def family_basis_in(uow: SqlAlchemyUnitOfWork, family: Family, today: dt.date) -> FamilyBasis:
    rows = uow.privacy.bases_for_persons(p.id for p in family.members)
    persons = []
    for member in sorted(family.members, key=lambda p: p.id):
        own = [basis_row(r, today) for r in rows if r["person_id"] == member.id]
        persons.append(PersonBasis(member.id, member.full_name, tuple(own),
                                   has_basis(map(_period, (r for r in rows if r["person_id"] == member.id)), today)))
    return FamilyBasis(family.id, tuple(persons))


def record_basis_in(uow: SqlAlchemyUnitOfWork, ctx: ServiceContext, person: Person, data: BasisInput) -> int:
    """Check and write one basis for ``person`` inside an open unit of work (registration uses it too)."""
    today = ctx.today()
    if data.kind == BasisKind.CONSENT and data.consent is not None:
        consent = data.consent
        valid_from = check_consent(consent.consent_date, consent.form, today)
        attachment_id = consent.attachment_id
        if attachment_id is not None:
            found = uow.attachments.get(attachment_id)
            if found is None or found["family_id"] != person.family_id:
                raise ValidationError("attachment", N_("The scanned form must be a file attached to this family."))
        elif consent.scan_content:
            attachment_id = store_attachment(uow, ctx, person.family_id, consent.scan_name or "consent.pdf",
                                             consent.scan_content, CONSENT_SCAN_DESCRIPTION, person.id)
        values: dict[str, Any] = {"kind": BasisKind.CONSENT, "valid_from": valid_from,
                                  "consent_form": consent.form, "attachment_id": attachment_id,
                                  "note": consent.note.strip()[:500], "legal_ground_code": None}
    elif data.kind == BasisKind.LEGAL_OBLIGATION and data.legal is not None:
        legal = data.legal
        active = [g["code"] for g in uow.privacy.legal_grounds()]
        valid_from = check_legal_basis(legal.ground_code, active, legal.valid_from, today)
        values = {"kind": BasisKind.LEGAL_OBLIGATION, "valid_from": valid_from, "consent_form": None,
                  "attachment_id": None, "note": legal.note.strip()[:500], "legal_ground_code": legal.ground_code}
    else:
        raise ValidationError("basis", N_("Choose the basis of processing: consent or a legal obligation."))
    now, login = ctx.now(), ctx.actor.login
    basis_id = uow.privacy.insert_basis({**values, "person_id": person.id, "withdrawn_on": None,
                                         "withdrawal_note": "", "created_at": now, "created_by": login,
                                         "updated_at": now, "updated_by": login, "version": 1})
    uow.audit("insert", "processing_basis", basis_id, None,
              {"person_id": person.id, "kind": values["kind"], "valid_from": valid_from.isoformat(),
               "consent_form": values["consent_form"], "legal_ground_code": values["legal_ground_code"],
               "attachment_id": values["attachment_id"]})
    uow.families.add_event(person.family_id, "basis", N_("Basis of processing recorded for {name}: {kind}."),
                           {"name": person.full_name, "kind": values["kind"]}, login, now)
    return basis_id


def scan_kept_once(uow: SqlAlchemyUnitOfWork, data: BasisInput, basis_id: int) -> BasisInput:
    """After the first member's consent stored the scanned form, the others point at that file."""
    if data.consent is None or not data.consent.scan_content:
        return data
    stored = uow.privacy.basis(basis_id)
    if stored is None:
        raise NotFound("processing_basis", basis_id)
    attachment_id = stored["attachment_id"]
    return BasisInput(data.kind, consent=replace(data.consent, scan_name="", scan_content=b"",
                                                 attachment_id=attachment_id))


class PrivacyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _person(self, uow: SqlAlchemyUnitOfWork, person_id: int, lock: bool = False) -> Person:
        person = uow.families.get_person(person_id, lock=lock)
        if person is None:
            raise NotFound("person", person_id)
        return person

    def family_basis(self, family_id: int) -> FamilyBasis:
        """Each member's bases and whether one is in force today (what the card's warning shows)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            family = uow.families.get(family_id)
            if family is None:
                raise NotFound("family", family_id)
            return family_basis_in(uow, family, self.ctx.today())

    def my_families_without_basis(self, limit: int = 50) -> list[tuple[int, str, str]]:
        """(id, case number, head) of the families the signed-in worker is responsible for that lack
        a basis for a member today: what *My work* lists. Empty for an account that is not a user."""
        self.ctx.actor.require(Action.VIEW_CASES)
        if self.ctx.actor.user_id is None:
            return []
        with self.ctx.reading() as uow:
            rows = uow.privacy.responsible_families_without_basis(self.ctx.actor.user_id, self.ctx.today(), limit)
            return [(r["id"], r["case_number"], r["head_name"]) for r in rows]

    def record_consent(self, person_id: int, data: ConsentInput) -> WriteResult:
        return self._record(person_id, BasisInput(BasisKind.CONSENT, consent=data))

    def record_legal_basis(self, person_id: int, data: LegalBasisInput) -> WriteResult:
        return self._record(person_id, BasisInput(BasisKind.LEGAL_OBLIGATION, legal=data))

    def _record(self, person_id: int, data: BasisInput) -> WriteResult:
        self.ctx.actor.require(Action.RECORD_CONSENT)
        with self.ctx.uow() as uow:
            # the row lock orders this against a removal running now: it either waits for this basis
            # (and removes it with the rest) or has committed, and the check below sees it
            person = self._person(uow, person_id, lock=True)
            removed = uow.retention.person(person_id)
            if removed is not None and removed["anonymised_at"] is not None:
                # retention removed this person's data (perhaps while the form was open): a consent
                # and its scanned form would bring personal data back
                raise RuleViolation("anonymised", N_("This person's data were removed; no basis of processing "
                                                     "can be recorded for them."))
            basis_id = record_basis_in(uow, self.ctx, person, data)
            uow.commit()
            changes = BASIS_CHANGED | (Changes(documents=True) if data.consent and data.consent.scan_content
                                       else Changes())
            return WriteResult(basis_id, changes)

    def withdraw(self, basis_id: int, expected_version: int | None, withdrawn_on: dt.date | None,
                 note: str = "") -> WriteResult:
        """End a basis (the person withdrew consent, or the legal duty ended); the record stays."""
        self.ctx.actor.require(Action.RECORD_CONSENT)
        with self.ctx.uow() as uow:
            row = uow.privacy.basis(basis_id)
            if row is None:
                raise NotFound("processing_basis", basis_id)
            if expected_version is not None and row["version"] != expected_version:
                raise ConflictError("processing_basis", changed_by=uow.reference.user_name(row["updated_by"]),
                                    changed_at=row["updated_at"])
            withdrawn_on = check_withdrawal(_period(row), withdrawn_on, self.ctx.today())
            now, login = self.ctx.now(), self.ctx.actor.login
            if not uow.privacy.withdraw(basis_id, row["version"], {
                    "withdrawn_on": withdrawn_on, "withdrawal_note": note.strip()[:500],
                    "updated_at": now, "updated_by": login}):
                raise ConflictError("processing_basis", changed_by=uow.reference.user_name(row["updated_by"]),
                                    changed_at=row["updated_at"])
            uow.audit("update", "processing_basis", basis_id, {"withdrawn_on": None},
                      {"withdrawn_on": withdrawn_on.isoformat(), "person_id": row["person_id"]})
            person = self._person(uow, row["person_id"])
            uow.families.add_event(person.family_id, "basis", N_("Basis of processing withdrawn for {name} on {date}."),
                                   {"name": person.full_name, "date": withdrawn_on.isoformat()}, login, now)
            uow.commit()
            return WriteResult(basis_id, BASIS_CHANGED, version=row["version"] + 1)

    # --- the legal grounds list (reference data the administrator keeps) ------------------
    def legal_grounds(self, include_inactive: bool = False) -> list[LegalGroundRow]:
        with self.ctx.reading() as uow:
            return [LegalGroundRow(g["code"], g["name_kk"], g["name_ru"], g["name_en"], bool(g["active"]))
                    for g in uow.privacy.legal_grounds(include_inactive)]

    def save_legal_ground(self, code: str, name_kk: str, name_ru: str, name_en: str,
                          active: bool = True) -> Changes:
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        code = check_ground_code(code)
        names = {"name_kk": name_kk.strip(), "name_ru": name_ru.strip(), "name_en": name_en.strip()}
        missing = [key for key, value in names.items() if not value]
        if missing:
            raise ValidationError(missing[0], N_("Enter the name of the law in each language."))
        with self.ctx.uow() as uow:
            before = uow.privacy.legal_ground(code)
            values = {"code": code, **{k: v[:300] for k, v in names.items()}, "active": active,
                      "updated_at": self.ctx.now(), "updated_by": self.ctx.actor.login}
            uow.privacy.save_legal_ground(values)
            uow.audit("insert" if before is None else "update", "legal_ground", code,
                      None if before is None else {k: before[k] for k in ("name_kk", "name_ru", "name_en", "active")},
                      {k: values[k] for k in ("name_kk", "name_ru", "name_en", "active")})
            uow.commit()
        return Changes(reference=True)
