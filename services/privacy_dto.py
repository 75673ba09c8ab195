"""What the personal-data services take and return: frozen, plain values."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentInput:
    consent_date: dt.date | None
    form: str | None  # domain.processing_basis.ConsentForm
    note: str = ""
    scan_name: str = ""  # the scanned signed form, kept as an attachment of the family
    scan_content: bytes = b""
    attachment_id: int | None = None  # or a file already attached to the family


@dataclass(frozen=True)
class LegalBasisInput:
    ground_code: str | None
    valid_from: dt.date | None
    note: str = ""


@dataclass(frozen=True)
class BasisInput:
    """The basis the new-family form records for every member it registers."""

    kind: str  # domain.processing_basis.BasisKind
    consent: ConsentInput | None = None
    legal: LegalBasisInput | None = None


@dataclass(frozen=True)
class BasisRow:
    id: int
    person_id: int
    kind: str
    legal_ground_code: str | None
    valid_from: dt.date
    consent_form: str | None
    attachment_id: int | None
    note: str
    withdrawn_on: dt.date | None
    withdrawal_note: str
    created_at: dt.datetime
    created_by: str
    version: int
    in_force: bool


@dataclass(frozen=True)
class PersonBasis:
    person_id: int
    full_name: str
    bases: tuple[BasisRow, ...]
    has_basis: bool


@dataclass(frozen=True)
class FamilyBasis:
    family_id: int
    persons: tuple[PersonBasis, ...]

    @property
    def without_basis(self) -> tuple[PersonBasis, ...]:
        return tuple(p for p in self.persons if not p.has_basis)


@dataclass(frozen=True)
class LegalGroundRow:
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    active: bool

    def name(self, language: str) -> str:
        return {"kk": self.name_kk, "ru": self.name_ru}.get(language, self.name_en)


@dataclass(frozen=True)
class ViewRow:
    id: int
    occurred_at: dt.datetime
    actor_login: str
    kind: str  # card, export, print, subject_access
    family_id: int | None
    person_id: int | None
    detail: str


@dataclass(frozen=True)
class AccessSection:
    """One part of a person's file: ``columns`` are keys (reports/subject_access_labels.py names
    them), ``rows`` plain values (dates, Decimals, numbers, text) in that order."""

    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class SubjectAccessFile:
    person_id: int
    family_id: int
    full_name: str
    case_number: str
    produced_at: dt.datetime
    produced_by: str
    sections: tuple[AccessSection, ...]

    def section(self, key: str) -> AccessSection:
        return next(s for s in self.sections if s.key == key)
