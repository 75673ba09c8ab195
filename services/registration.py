"""Registering families and their members, editing them, moving cases between stages."""
from __future__ import annotations

import datetime as dt

from domain.duplicate_scoring import STRONG, PersonFacts, score
from domain.workload import default_responsible, may_reassign
from domain.errors import FieldProblem, NotFound, PermissionDenied, RuleViolation, ValidationError
from domain.families import (EducationLevel, Family, IdentityDocument, Person, Relation, check_family_members,
                             validate_document_fields, validate_person_fields)
from domain.kandas_status import (Channel, Decision, KandasStatus, StatusKind, close_extended, extended_period,
                                  validate_status_dates)
from domain.messages import N_, Nn_
from domain.names import normalize_name, search_key
from domain.permissions import Action
from domain.stages import Stage, check_transition
from services.case_closing import citizenship_date, close_for_citizenship
from services.changes import Changes
from services.closed_months import ensure_open
from services.context import ServiceContext, check_version, stamp
from services.dto import (DocumentInput, DuplicateHint, FamilyFieldsInput, FamilyInput, PersonInput,
                          StatusInput, WriteResult)
from storage.unit_of_work import SqlAlchemyUnitOfWork

from typing import Any, Sequence

FAMILY_CHANGED = Changes(families=True, persons=True)


class PossibleDuplicateError(RuleViolation):
    """Someone with the same name and birth date is already registered; the user must confirm."""

    def __init__(self, hints: list[DuplicateHint]) -> None:
        super().__init__("possible_duplicate", N_(
            "A person with the same name and birth date is already registered (case {case_number})."),
            case_number=hints[0].case_number)
        self.hints = hints


def _refuse_registered_iin(uow: SqlAlchemyUnitOfWork, iin: str | None, year: int,
                           person_id: int | None = None) -> None:
    """An IIN belongs to one person: refuse it when someone else already has it.

    The look-up runs while holding the case-number row, as registrations and imports do, so a
    seat writing the same IIN at the same moment is seen here instead of failing on the unique key."""
    if not iin:
        return
    uow.families.lock_new_cases(year)
    other = uow.families.person_by_iin(iin)
    if other is not None and other.id != person_id:
        raise ValidationError("iin", N_("This IIN is already registered in case {case_number}."),
                              case_number=uow.families.existing(other.family_id).case_number)


class RegistrationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- validation ---------------------------------------------------------------
    def _validate_member(self, uow: SqlAlchemyUnitOfWork, data: PersonInput, prefix: str,
                         countries: set[str]) -> tuple[str | None, list[FieldProblem]]:
        problems: list[FieldProblem] = []
        try:
            iin, warnings = validate_person_fields(
                surname=data.surname, given_name=data.given_name, birth_date=data.birth_date, sex=data.sex,
                iin=data.iin, relation=data.relation, today=self.ctx.today(), prefix=prefix)
        except ValidationError as error:
            problems.extend(error.problems)
            iin, warnings = None, []
        if data.citizenship_code and data.citizenship_code not in countries:
            problems.append(FieldProblem(prefix + "citizenship_code", N_("Unknown country: «{value}»."),
                                         {"value": data.citizenship_code}))
        if data.education_level and data.education_level not in EducationLevel.ALL:
            problems.append(FieldProblem(prefix + "education_level", N_("Choose the education level.")))
        if problems:
            raise ValidationError(problems)
        return iin, warnings

    def _validate_family_fields(self, uow: SqlAlchemyUnitOfWork, data: FamilyInput | FamilyFieldsInput,
                                ) -> tuple[str | None, list[FieldProblem]]:
        problems: list[FieldProblem] = []
        region = None
        try:
            region = uow.reference.regions().require(data.region_code, "region_code")
        except ValidationError as error:
            problems.extend(error.problems)
        if data.origin_country_code and data.origin_country_code not in uow.reference.country_codes():
            problems.append(FieldProblem("origin_country_code", N_("Unknown country: «{value}»."),
                                         {"value": data.origin_country_code}))
        if data.arrival_date and data.arrival_date > self.ctx.today():
            problems.append(FieldProblem("arrival_date", N_("The arrival date cannot be in the future.")))
        return region, problems

    def validate_family(self, data: FamilyInput) -> list[FieldProblem]:
        """Every refusal at once as a ValidationError; returns the warnings otherwise."""
        with self.ctx.reading() as uow:
            _, _, warnings = self._checked(uow, data)
            return warnings

    def _checked(self, uow: SqlAlchemyUnitOfWork, data: FamilyInput,
                 ) -> tuple[str | None, list[str | None], list[FieldProblem]]:
        region, problems = self._validate_family_fields(uow, data)
        countries = uow.reference.country_codes()
        iins: list[str | None] = []
        warnings: list[FieldProblem] = []
        for index, member in enumerate(data.members):
            try:
                iin, member_warnings = self._validate_member(uow, member, f"members.{index}.", countries)
                warnings.extend(member_warnings)
            except ValidationError as error:
                problems.extend(error.problems)
                iin = None
            iins.append(iin)
        problems.extend(check_family_members([m.relation for m in data.members], iins))
        existing = uow.families.persons_by_iins([i for i in iins if i])
        for index, iin in enumerate(iins):
            if iin and iin in existing:
                person = uow.families.existing_person(existing[iin])
                family = uow.families.existing(person.family_id)
                problems.append(FieldProblem(f"members.{index}.iin", N_(
                    "This IIN is already registered in case {case_number}."), {"case_number": family.case_number}))
        if problems:
            raise ValidationError(problems)
        return region, iins, warnings

    def find_duplicates(self, data: FamilyInput) -> list[DuplicateHint]:
        """Registered persons that look like members of ``data`` (same IIN, or name and birth date)."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return self._duplicates(uow, data.members)

    def _duplicates(self, uow: SqlAlchemyUnitOfWork, members: Sequence[PersonInput],
                    exclude_family: int | None = None) -> list[DuplicateHint]:
        hints: list[DuplicateHint] = []
        for index, member in enumerate(members):
            found: list[tuple[int, str]] = []
            iin = "".join(ch for ch in (member.iin or "") if ch.isdigit())
            if len(iin) == 12:
                by_iin = uow.families.person_by_iin(iin)
                if by_iin is not None:
                    found.append((by_iin.id, "same_iin"))
            found.extend(_similar_by_score(uow, member))
            seen: set[int] = set()
            for person_id, reason in found:
                if person_id in seen:
                    continue
                seen.add(person_id)
                person = uow.families.existing_person(person_id)
                if exclude_family is not None and person.family_id == exclude_family:
                    continue
                family = uow.families.existing(person.family_id)
                hints.append(DuplicateHint(person.id, family.id, family.case_number, person.full_name,
                                           person.birth_date, person.iin, reason, index))
        return hints

    # --- writes ---------------------------------------------------------------------
    def _new_person(self, data: PersonInput, iin: str | None) -> Person:
        person = Person(normalize_name(data.surname), normalize_name(data.given_name),
                        normalize_name(data.patronymic), relation=data.relation, birth_date=data.birth_date,
                        sex=data.sex, iin=iin, latin_name=normalize_name(data.latin_name),
                        citizenship_code=data.citizenship_code or None,
                        education_level=data.education_level or None, profession=data.profession.strip())
        stamp(person, self.ctx, created=True)
        return person

    def register_family(self, data: FamilyInput, confirm_duplicates: bool = False) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        if data.basis is not None:
            self.ctx.actor.require(Action.RECORD_CONSENT)
        today = self.ctx.today()
        with self.ctx.uow() as uow:
            # Held until commit: another seat's registration or import of the same person waits,
            # then its checks below see this family (and this one theirs).
            uow.families.lock_new_cases(today.year)
            region, iins, warnings = self._checked(uow, data)
            hints = [h for h in self._duplicates(uow, data.members) if h.reason != "same_iin"]
            if hints and not confirm_duplicates:
                raise PossibleDuplicateError(hints)
            family = Family(uow.families.next_case_number(today.year), arrival_date=data.arrival_date,
                            origin_country_code=data.origin_country_code or None, region_code=region,
                            address=data.address.strip(), phone=data.phone.strip(), notes=data.notes.strip(),
                            stage=Stage.ARRIVED,
                            responsible_user_id=default_responsible(data.responsible_user_id,
                                                                    self.ctx.actor.user_id))
            family.last_contact_date = today
            stamp(family, self.ctx, created=True)
            for member, iin in zip(data.members, iins):
                family.add_member(self._new_person(member, iin))
            family.head_sort_key = family.head.sort_key if family.head else ""
            uow.families.add(family)
            uow.flush()
            for person in family.members:
                uow.families.sync_search_tokens(person)
            uow.families.add_event(family.id, "registered", Nn_("Family registered with {count} member.",
                                                                "Family registered with {count} members."),
                                   {"count": len(family.members)}, self.ctx.actor.login, self.ctx.now())
            if hints:
                self._record_duplicates(uow, family, hints)
            if data.basis is not None:  # the form's basis of processing, for every member registered
                from services.privacy import record_basis_in, scan_kept_once
                basis = data.basis
                for person in family.members:
                    basis = scan_kept_once(uow, basis, record_basis_in(uow, self.ctx, person, basis))
            uow.commit()
            return WriteResult(family.id, FAMILY_CHANGED, tuple(warnings), family.case_number, family.version)

    def _record_duplicates(self, uow: SqlAlchemyUnitOfWork, family: Family, hints: list[DuplicateHint]) -> None:
        for hint in hints:
            uow.duplicates.record(family.members[hint.member_index].id, hint.person_id, hint.reason, self.ctx.now())

    def _family(self, uow: SqlAlchemyUnitOfWork, family_id: int) -> Family:
        family = uow.families.existing(family_id)
        if family is None:
            raise NotFound("family", family_id)
        return family

    def _person(self, uow: SqlAlchemyUnitOfWork, person_id: int) -> Person:
        """The person to write, locked: a retention run now either waits for this write (and removes
        it with the rest) or has committed, and then the write sees its new version or its removal."""
        person = uow.families.get_person(person_id, lock=True)
        if person is None:
            raise NotFound("person", person_id)
        return person

    @staticmethod
    def _refuse_removed(uow: SqlAlchemyUnitOfWork, person_id: int) -> None:
        """Personal data written to a person whose data retention removed would bring them back."""
        row = uow.retention.person(person_id)
        if row is not None and row["anonymised_at"] is not None:
            raise RuleViolation("anonymised", N_("This person's data were removed; nothing can be recorded "
                                                 "for them any more."))

    def _touch(self, uow: SqlAlchemyUnitOfWork, family: Family, kind: str, message: str, **params: Any) -> None:
        stamp(family, self.ctx)
        family.head_sort_key = family.head.sort_key if family.head else ""
        uow.flush()
        uow.families.add_event(family.id, kind, message, params, self.ctx.actor.login, self.ctx.now())

    def update_family(self, family_id: int, expected_version: int | None, data: FamilyFieldsInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            family = self._family(uow, family_id)
            check_version(family, expected_version, uow, "family")
            region, problems = self._validate_family_fields(uow, data)
            if problems:
                raise ValidationError(problems)
            family.arrival_date = data.arrival_date
            family.origin_country_code = data.origin_country_code or None
            family.region_code = region
            family.address, family.phone, family.notes = data.address.strip(), data.phone.strip(), data.notes.strip()
            if data.responsible_user_id != family.responsible_user_id and not may_reassign(self.ctx.actor.role):
                raise PermissionDenied(Action.EDIT_CASES, self.ctx.actor.role)  # supervisors hand families over
            family.responsible_user_id = data.responsible_user_id
            self._touch(uow, family, "edited", N_("Family details edited."))
            uow.commit()
            return WriteResult(family.id, Changes(families=True), (), family.case_number, family.version)

    def add_member(self, family_id: int, data: PersonInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            family = self._family(uow, family_id)
            iin, warnings = self._validate_member(uow, data, "", uow.reference.country_codes())
            _refuse_registered_iin(uow, iin, self.ctx.today().year)
            person = self._new_person(data, iin)
            family.add_member(person)
            uow.flush()
            uow.families.sync_search_tokens(person)
            self._touch(uow, family, "member_added", N_("Member added: {name}."), name=person.full_name)
            uow.commit()
            return WriteResult(person.id, FAMILY_CHANGED, tuple(warnings), family.case_number, person.version)

    def update_member(self, person_id: int, expected_version: int | None, data: PersonInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            person = self._person(uow, person_id)
            check_version(person, expected_version, uow, "person")
            self._refuse_removed(uow, person_id)
            iin, warnings = self._validate_member(uow, data, "", uow.reference.country_codes())
            if iin != person.iin:  # only a new IIN needs the check (and the lock it takes)
                _refuse_registered_iin(uow, iin, self.ctx.today().year, person.id)
            family = self._family(uow, person.family_id)
            if data.relation == Relation.HEAD and person.relation != Relation.HEAD and family.head \
                    and family.head.relation == Relation.HEAD:
                raise ValidationError("relation", N_("The family already has a head."))
            person.surname, person.given_name = normalize_name(data.surname), normalize_name(data.given_name)
            person.patronymic, person.latin_name = normalize_name(data.patronymic), normalize_name(data.latin_name)
            person.relation, person.birth_date, person.sex, person.iin = data.relation, data.birth_date, data.sex, iin
            person.citizenship_code = data.citizenship_code or None
            person.education_level = data.education_level or None
            person.profession = data.profession.strip()
            person.refresh_keys()
            stamp(person, self.ctx)
            uow.flush()
            uow.families.sync_search_tokens(person)
            self._touch(uow, family, "member_edited", N_("Member edited: {name}."), name=person.full_name)
            uow.commit()
            return WriteResult(person.id, FAMILY_CHANGED, tuple(warnings), family.case_number, person.version)

    def remove_member(self, person_id: int, expected_version: int | None) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            person = self._person(uow, person_id)
            check_version(person, expected_version, uow, "person")
            family = self._family(uow, person.family_id)
            if person.relation == Relation.HEAD:
                raise RuleViolation("remove_head", N_("Make another member the head before removing this one."))
            name = person.full_name
            family.members.remove(person)
            self._touch(uow, family, "member_removed", N_("Member removed: {name}."), name=name)
            uow.commit()
            return WriteResult(family.id, FAMILY_CHANGED, (), family.case_number, family.version)

    def change_stage(self, family_id: int, expected_version: int | None, stage: str,
                     reason: str | None = None) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        with self.ctx.uow() as uow:
            family = self._family(uow, family_id)
            check_version(family, expected_version, uow, "family")
            check_transition(family.stage, stage, reason)
            if stage == Stage.CITIZENSHIP:  # closes the case: support due after the date stops
                close_for_citizenship(self.ctx, uow, family, citizenship_date(family) or self.ctx.today())
                uow.commit()
                return WriteResult(family.id, Changes(families=True, quotas=True, payments=True), (),
                                   family.case_number, family.version)
            previous = family.stage
            family.stage = stage
            family.closed_reason = reason if stage == Stage.CLOSED else None
            if stage == Stage.CLOSED:
                self._touch(uow, family, "stage", N_("Stage changed from «{old}» to «{new}», reason: {reason}."),
                            old=previous, new=stage, reason=reason)
            else:
                self._touch(uow, family, "stage", N_("Stage changed from «{old}» to «{new}»."), old=previous, new=stage)
            uow.commit()
            return WriteResult(family.id, Changes(families=True), (), family.case_number, family.version)

    def add_status(self, person_id: int, data: StatusInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        if data.kind not in StatusKind.ALL:
            raise ValidationError("kind", N_("Choose whether this is a first status or an extension."))
        if data.channel and data.channel not in Channel.ALL:
            raise ValidationError("channel", N_("Choose how the application was filed."))
        if data.decision not in Decision.ALL:
            raise ValidationError("decision", N_("Choose the decision."))
        validate_status_dates(data.applied_on, data.decided_on, data.granted_on, self.ctx.today())
        with self.ctx.uow() as uow:
            for field in ("decided_on", "granted_on"):
                ensure_open(uow, getattr(data, field), field)
            person = self._person(uow, person_id)
            self._refuse_removed(uow, person_id)
            status = KandasStatus(data.kind, channel=data.channel, applied_on=data.applied_on,
                                  decision=data.decision, decided_on=data.decided_on)
            if data.decision == Decision.GRANTED:
                if data.granted_on is None:
                    raise ValidationError("granted_on", N_("Enter the date the status was granted."))
                months = int(uow.reference.setting("status_validity_months", "12"))
                status.grant(data.granted_on, months, data.certificate_number.strip())
                previous = extended_period(list(person.statuses), status) \
                    if data.kind == StatusKind.EXTENSION else None
                if previous is not None and previous.valid_until is not None:  # continues the period, closes it
                    status.grant_extension(data.granted_on, months, previous.valid_until,
                                           data.certificate_number.strip())
                    close_extended(previous, status)
                    stamp(previous, self.ctx)
            stamp(status, self.ctx, created=True)
            person.statuses.append(status)
            family = self._family(uow, person.family_id)
            self._touch(uow, family, "status", N_("Kandas status recorded for {name}: {decision}."),
                        name=person.full_name, decision=data.decision)
            uow.commit()
            return WriteResult(status.id, Changes(statuses=True, families=True), (), family.case_number, status.version)

    def add_document(self, person_id: int, data: DocumentInput) -> WriteResult:
        self.ctx.actor.require(Action.EDIT_CASES)
        validate_document_fields(data.kind, data.number, data.issue_date, data.expiry_date, self.ctx.today())
        with self.ctx.uow() as uow:
            person = self._person(uow, person_id)
            self._refuse_removed(uow, person_id)
            document = IdentityDocument(data.kind, data.number.strip(), issued_by=data.issued_by.strip(),
                                        issue_date=data.issue_date, expiry_date=data.expiry_date,
                                        country_code=data.country_code or None,
                                        translation_notarised=data.translation_notarised)
            stamp(document, self.ctx, created=True)
            person.documents.append(document)
            family = self._family(uow, person.family_id)
            self._touch(uow, family, "document", N_("Document added for {name}."), name=person.full_name)
            uow.commit()
            return WriteResult(document.id, Changes(documents=True), (), family.case_number, document.version)


def _similar_by_score(uow: SqlAlchemyUnitOfWork, member: Person | PersonInput) -> list[tuple[int, str]]:
    """Registered persons born the same day (or with day and month swapped) whose duplicate score
    against ``member`` is strong: another country's spelling of the name, a missing or Russian-form
    patronymic (``domain.duplicate_scoring``)."""
    born = member.birth_date
    if born is None or not (member.surname or member.given_name):
        return []
    days = [born]
    if born.day <= 12 and born.day != born.month:
        days.append(dt.date(born.year, born.day, born.month))
    facts = PersonFacts(member.surname, member.given_name, member.patronymic, born)
    exact = search_key(" ".join((member.surname, member.given_name, member.patronymic)))
    found = []
    for row in uow.families.persons_born_on(days):
        other = PersonFacts(row["surname"], row["given_name"], row["patronymic"], row["birth_date"])
        if score(facts, other).value >= STRONG:
            same = search_key(" ".join((row["surname"], row["given_name"], row["patronymic"]))) == exact
            found.append((row["id"], "same_name_and_birth_date" if same and row["birth_date"] == born else "scored"))
    return found
