"""Letters for a family from templates the administrator edits, and the audit of every print.

Each kind of letter exists in Kazakh and Russian: the centre's own text when the administrator
saved one (table ``letter_template``), otherwise the shipped text (domain.letters.DEFAULTS).
Filling a letter in and printing the family card are both recorded in the audit log ("printed"),
with what was printed for whom.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from domain import letters
from domain.centre import CentreDetails
from domain.errors import NotFound, ValidationError
from domain.messages import N_
from domain.permissions import Action
from services.centre import read_centre
from services.changes import Changes
from services.context import ServiceContext

if TYPE_CHECKING:
    from domain.reference import Region
    from storage.unit_of_work import SqlAlchemyUnitOfWork


@dataclass(frozen=True)
class LetterTemplate:
    kind: str
    language: str
    title: str
    body: str
    version: int  # 0: the shipped text, never saved by this centre
    updated_by: str = ""

    @property
    def customised(self) -> bool:
        return self.version > 0


@dataclass(frozen=True)
class Letter:
    kind: str
    language: str
    title: str
    body: str
    centre: CentreDetails
    case_number: str
    person_name: str


class LetterService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def templates(self) -> list[LetterTemplate]:
        """Every kind of letter in every language, as it prints now."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            stored = {(row["kind"], row["language"]): row for row in uow.letters.all()}
        return [self._template(kind, language, stored.get((kind, language)))
                for kind in letters.KINDS for language in letters.LANGUAGES]

    def template(self, kind: str, language: str) -> LetterTemplate:
        _check_kind(kind, language)
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.reading() as uow:
            return self._template(kind, language, uow.letters.get(kind, language))

    @staticmethod
    def _template(kind: str, language: str, row: dict[str, Any] | None) -> LetterTemplate:
        if row is None:
            title, body = letters.DEFAULTS[(kind, language)]
            return LetterTemplate(kind, language, title, body, 0)
        return LetterTemplate(kind, language, row["title"], row["body"], row["version"], row["updated_by"])

    def save_template(self, kind: str, language: str, title: str, body: str,
                      expected_version: int | None) -> Changes:
        """The administrator's text; refused with the field named when a placeholder is unknown."""
        self.ctx.actor.require(Action.MANAGE_REFERENCE)
        _check_kind(kind, language)
        title, body = letters.check_template(title, body)
        with self.ctx.uow() as uow:
            before = self._template(kind, language, uow.letters.get(kind, language))
            if (before.title, before.body) == (title, body):
                return Changes()
            uow.letters.save(kind, language, title, body, expected_version, self.ctx.actor.login,
                             self.ctx.now())
            uow.audit("update", "letter_template", f"{kind}/{language}",
                      {"title": before.title, "body": before.body}, {"title": title, "body": body})
            uow.commit()
        return Changes(reference=True)

    def letter(self, kind: str, language: str, family_id: int, person_id: int | None = None,
               recipient: str = "") -> Letter:
        """The letter filled in for one person of a family (the head when none is named); the print
        is recorded in the audit log."""
        self.ctx.actor.require(Action.VIEW_CASES)
        _check_kind(kind, language)
        today = self.ctx.today()
        with self.ctx.uow() as uow:
            family = uow.families.get(family_id)
            if family is None:
                raise NotFound("family", family_id)
            members = list(family.members)
            person = next((m for m in members if m.id == person_id), None) if person_id else \
                next((m for m in members if m.relation == "head"), members[0] if members else None)
            if person is None:
                raise NotFound("person", person_id)
            template = self._template(kind, language, uow.letters.get(kind, language))
            centre = read_centre(uow)
            region = _region(uow, family.region_code)
            values = {
                "full_name": person.full_name, "birth_date": _date(person.birth_date), "iin": person.iin or "",
                "case_number": family.case_number, "arrival_date": _date(family.arrival_date),
                "region": region.name(language) if region is not None else "", "address": family.address,
                "members": str(len(members)), "registered_on": _date(family.created_at.date()),
                "recipient": recipient.strip(), "today": _date(today),
                "centre_name": centre.name(language), "centre_address": centre.address,
                "centre_phone": centre.phone, "director_name": centre.director_name,
                "director_position": centre.director_position,
            }
            uow.audit("print", "family", family.id, None,
                      {"letter": kind, "language": language, "person_id": person.id,
                       **({"recipient": recipient.strip()} if recipient.strip() else {})})
            uow.commit()
        return Letter(kind, language, letters.fill(template.title, values), letters.fill(template.body, values),
                      centre, family.case_number, person.full_name)

    def record_print(self, family_id: int, what: str = "family_card") -> None:
        """The family card was printed or saved as a PDF: who, when, which case."""
        self.ctx.actor.require(Action.VIEW_CASES)
        with self.ctx.uow() as uow:
            if uow.families.get(family_id) is None:
                raise NotFound("family", family_id)
            uow.audit("print", "family", family_id, None, {"document": what})
            uow.commit()

    def centre(self) -> CentreDetails:
        with self.ctx.reading() as uow:
            return read_centre(uow)


def _check_kind(kind: str, language: str) -> None:
    if kind not in letters.KINDS:
        raise ValidationError("kind", N_("Unknown kind of letter: {kind}"), kind=kind)
    if language not in letters.LANGUAGES:
        raise ValidationError("language", N_("Letters are written in Kazakh or Russian."))


def _region(uow: SqlAlchemyUnitOfWork, code: str | None) -> Region | None:
    if not code:
        return None
    try:
        return uow.reference.regions().get(code)
    except NotFound:
        return None


def _date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
