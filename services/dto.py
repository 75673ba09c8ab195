"""Plain frozen values that cross the service boundary (in: *Input, out: *Row/*Details)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from domain.errors import FieldProblem
from services.changes import Changes


@dataclass(frozen=True)
class PersonInput:
    surname: str
    given_name: str
    patronymic: str = ""
    relation: str = "head"
    birth_date: dt.date | None = None
    sex: str | None = None
    iin: str | None = None
    latin_name: str = ""
    citizenship_code: str | None = None
    education_level: str | None = None
    profession: str = ""


@dataclass(frozen=True)
class FamilyInput:
    members: tuple[PersonInput, ...]
    arrival_date: dt.date | None = None
    origin_country_code: str | None = None
    region_code: str | None = None
    address: str = ""
    phone: str = ""
    notes: str = ""
    responsible_user_id: int | None = None
    # the basis of processing recorded for every member (services.privacy_dto.BasisInput), or None
    basis: Any = None


@dataclass(frozen=True)
class FamilyFieldsInput:
    arrival_date: dt.date | None = None
    origin_country_code: str | None = None
    region_code: str | None = None
    address: str = ""
    phone: str = ""
    notes: str = ""
    responsible_user_id: int | None = None


@dataclass(frozen=True)
class StatusInput:
    kind: str = "initial"
    channel: str | None = None
    applied_on: dt.date | None = None
    decision: str = "pending"
    decided_on: dt.date | None = None
    granted_on: dt.date | None = None
    certificate_number: str = ""


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    number: str
    issued_by: str = ""
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    country_code: str | None = None
    translation_notarised: bool = False


@dataclass(frozen=True)
class DuplicateHint:
    person_id: int
    family_id: int
    case_number: str
    full_name: str
    birth_date: dt.date | None
    iin: str | None
    reason: str  # "same_iin", "same_name_and_birth_date" or "scored" (domain.duplicate_scoring)
    member_index: int = 0


@dataclass(frozen=True)
class WriteResult:
    id: int
    changes: Changes
    warnings: tuple[FieldProblem, ...] = ()
    case_number: str = ""
    version: int = 1


class CaseRow(NamedTuple):
    """A registry row. A named tuple, not a dataclass: 200 are built at every keystroke, and a
    frozen dataclass's ``__init__`` costs more per row than the engine's work for it."""
    family_id: int
    case_number: str
    head_name: str
    head_iin: str | None
    head_birth_date: dt.date | None
    members: int
    stage: str
    region_code: str | None
    origin_country_code: str | None
    arrival_date: dt.date | None
    responsible_user_id: int | None
    version: int
    status_valid_until: dt.date | None = None  # the earliest end of the members' current statuses
    next_due_date: dt.date | None = None  # the family's earliest open task (reminders included)
    overdue: bool = False  # that task is past due


@dataclass(frozen=True)
class DocumentDetails:
    id: int
    kind: str
    number: str
    issued_by: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    country_code: str | None
    translation_notarised: bool
    version: int


@dataclass(frozen=True)
class StatusDetails:
    id: int
    kind: str
    channel: str | None
    applied_on: dt.date | None
    decision: str
    decided_on: dt.date | None
    certificate_number: str
    granted_on: dt.date | None
    valid_until: dt.date | None
    ended_on: dt.date | None
    end_reason: str | None
    version: int


@dataclass(frozen=True)
class PersonDetails:
    id: int
    family_id: int
    relation: str
    surname: str
    given_name: str
    patronymic: str
    full_name: str
    latin_name: str
    birth_date: dt.date | None
    sex: str | None
    iin: str | None
    citizenship_code: str | None
    education_level: str | None
    profession: str
    version: int
    updated_at: dt.datetime
    updated_by: str
    documents: tuple[DocumentDetails, ...] = ()
    statuses: tuple[StatusDetails, ...] = ()


@dataclass(frozen=True)
class EventRow:
    occurred_at: dt.datetime
    actor_login: str
    kind: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FamilyDetails:
    id: int
    case_number: str
    stage: str
    closed_reason: str | None
    arrival_date: dt.date | None
    origin_country_code: str | None
    region_code: str | None
    address: str
    phone: str
    notes: str
    responsible_user_id: int | None
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    version: int
    members: tuple[PersonDetails, ...]
    events: tuple[EventRow, ...]
    last_contact_date: dt.date | None = None


@dataclass(frozen=True)
class RegionRow:
    code: str
    kind: str
    name_kk: str
    name_ru: str
    name_en: str

    def name(self, language: str) -> str:
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)


@dataclass(frozen=True)
class CountryRow:
    code: str
    name_kk: str
    name_ru: str
    name_en: str

    def name(self, language: str) -> str:
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)
