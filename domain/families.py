"""Families (cases) and their members, identity documents and kandas statuses.

Entities are plain classes with explicit ``__init__`` so that ``storage`` can map them
imperatively; they compare by identity.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterable

from domain.errors import FieldProblem, ValidationError
from domain.iin import Iin, Sex
from domain.messages import N_
from domain.required import missing_fields
from domain.names import full_name, name_problem, normalize_name, search_key, sort_key
from domain.search import name_tokens

if TYPE_CHECKING:  # only for the annotations
    from domain.kandas_status import KandasStatus


class Relation:
    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDCHILD = "grandchild"
    OTHER = "other"
    ALL = (HEAD, SPOUSE, CHILD, PARENT, SIBLING, GRANDCHILD, OTHER)
    LABELS = {
        HEAD: N_("Head of family"), SPOUSE: N_("Spouse"), CHILD: N_("Child"),
        PARENT: N_("Parent"), SIBLING: N_("Brother or sister"),
        GRANDCHILD: N_("Grandchild"), OTHER: N_("Other relative"),
    }


class EducationLevel:
    HIGHER = "higher"
    SPECIALISED_SECONDARY = "specialised_secondary"
    GENERAL_SECONDARY = "general_secondary"
    NONE = "none"
    ALL = (HIGHER, SPECIALISED_SECONDARY, GENERAL_SECONDARY, NONE)
    LABELS = {HIGHER: N_("Higher"), SPECIALISED_SECONDARY: N_("Specialised secondary"),
              GENERAL_SECONDARY: N_("General secondary"), NONE: N_("No education")}


class DocumentKind:
    PASSPORT = "passport"
    BIRTH_CERTIFICATE = "birth_certificate"
    STATELESS_CERTIFICATE = "stateless_certificate"
    RESIDENCE_PERMIT = "residence_permit"
    KANDAS_CERTIFICATE = "kandas_certificate"
    OTHER = "other"
    ALL = (PASSPORT, BIRTH_CERTIFICATE, STATELESS_CERTIFICATE, RESIDENCE_PERMIT, KANDAS_CERTIFICATE, OTHER)
    LABELS = {PASSPORT: N_("Foreign passport"), BIRTH_CERTIFICATE: N_("Birth certificate"),
              STATELESS_CERTIFICATE: N_("Stateless person's certificate"),
              RESIDENCE_PERMIT: N_("Residence permit"), KANDAS_CERTIFICATE: N_("Kandas certificate"),
              OTHER: N_("Other document")}


class Person:
    # Columns storage adds when the person is saved (storage/mapping.py); declared for the type checker.
    id: int
    family_id: int
    version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str

    def __init__(self, surname: str, given_name: str, patronymic: str = "", *,
                 relation: str = Relation.HEAD, birth_date: dt.date | None = None,
                 sex: str | None = None, iin: str | None = None, latin_name: str = "",
                 citizenship_code: str | None = None, education_level: str | None = None,
                 profession: str = "") -> None:
        self.surname = surname
        self.given_name = given_name
        self.patronymic = patronymic
        self.relation = relation
        self.birth_date = birth_date
        self.sex = sex
        self.iin = iin
        self.latin_name = latin_name
        self.citizenship_code = citizenship_code
        self.education_level = education_level
        self.profession = profession
        self.documents: list[IdentityDocument] = []
        self.statuses: list[KandasStatus] = []
        self.refresh_keys()

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.given_name, self.patronymic)

    def refresh_keys(self) -> None:
        self.search_key = search_key(self.full_name)
        self.sort_key = sort_key(self.full_name)

    def search_words(self) -> list[str]:
        """Every token a search may meet (``domain.search.name_tokens``)."""
        return name_tokens(self.full_name, self.latin_name)

    def age_on(self, day: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    def current_status(self) -> "KandasStatus | None":
        granted = [s for s in self.statuses if s.granted_on is not None]
        return max(granted, key=lambda s: s.granted_on or dt.date.min) if granted else None


class Family:
    """A case: one family that came to the centre, with its members."""

    # Columns storage adds when the family is saved (storage/mapping.py); declared for the type checker.
    id: int
    version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    last_contact_date: dt.date | None
    head_sort_key: str

    def __init__(self, case_number: str, *, arrival_date: dt.date | None = None,
                 origin_country_code: str | None = None, region_code: str | None = None,
                 address: str = "", phone: str = "", notes: str = "",
                 stage: str = "arrived", responsible_user_id: int | None = None) -> None:
        self.case_number = case_number
        self.arrival_date = arrival_date
        self.origin_country_code = origin_country_code
        self.region_code = region_code
        self.address = address
        self.phone = phone
        self.notes = notes
        self.stage = stage
        self.closed_reason: str | None = None
        self.responsible_user_id = responsible_user_id
        self.members: list[Person] = []

    @property
    def head(self) -> Person | None:
        for person in self.members:
            if person.relation == Relation.HEAD:
                return person
        return self.members[0] if self.members else None

    def add_member(self, person: Person) -> None:
        if person.relation == Relation.HEAD and any(m.relation == Relation.HEAD for m in self.members):
            raise ValidationError("relation", N_("The family already has a head."))
        self.members.append(person)


class IdentityDocument:
    # Columns storage adds when the document is saved (storage/mapping.py).
    id: int
    person_id: int
    version: int
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str

    def __init__(self, kind: str, number: str, *, issued_by: str = "",
                 issue_date: dt.date | None = None, expiry_date: dt.date | None = None,
                 country_code: str | None = None, translation_notarised: bool = False) -> None:
        self.kind = kind
        self.number = number
        self.issued_by = issued_by
        self.issue_date = issue_date
        self.expiry_date = expiry_date
        self.country_code = country_code
        self.translation_notarised = translation_notarised

    def expires_within(self, today: dt.date, days: int) -> bool:
        return self.expiry_date is not None and today <= self.expiry_date <= today + dt.timedelta(days=days)


def validate_document_fields(kind: str, number: str, issue_date: dt.date | None, expiry_date: dt.date | None,
                             today: dt.date) -> None:
    """An identity document's own rules, for adding and editing alike."""
    problems = []
    if kind not in DocumentKind.ALL:
        problems.append(FieldProblem("kind", N_("Choose the kind of document.")))
    if not number.strip():
        problems.append(FieldProblem("number", N_("The document number is required.")))
    if issue_date and issue_date > today:
        problems.append(FieldProblem("issue_date", N_("The date cannot be in the future.")))
    if issue_date and expiry_date and expiry_date < issue_date:
        problems.append(FieldProblem("expiry_date", N_("The document cannot expire before it was issued.")))
    if problems:
        raise ValidationError(problems)


def validate_person_fields(*, surname: str, given_name: str, birth_date: dt.date | None,
                           sex: str | None, iin: str | None, relation: str, today: dt.date,
                           prefix: str = "") -> tuple[str | None, list[FieldProblem]]:
    """Check one member's fields; returns (clean IIN, warnings) or raises ValidationError
    listing every refused field. ``prefix`` scopes field names (``members.2.iin``)."""
    problems: list[FieldProblem] = []
    warnings: list[FieldProblem] = []
    for name, value, required in (("surname", surname, N_("The surname is required.")),
                                  ("given_name", given_name, N_("The given name is required."))):
        text = normalize_name(value)
        if not text:
            problems.append(FieldProblem(prefix + name, required))
            continue
        refused = name_problem(text)  # digits, emoji, a leading «=» …; the import removed invisible ones
        if refused is not None:
            problems.append(FieldProblem(prefix + name, refused[0], refused[1]))
    if birth_date is not None and birth_date > today:
        problems.append(FieldProblem(prefix + "birth_date", N_("The birth date cannot be in the future.")))
    if birth_date is not None and birth_date.year < 1900:
        problems.append(FieldProblem(prefix + "birth_date", N_("The birth date is too far in the past.")))
    if sex is not None and sex not in Sex.ALL:
        problems.append(FieldProblem(prefix + "sex", N_("Choose the sex.")))
    if relation not in Relation.ALL:
        problems.append(FieldProblem(prefix + "relation", N_("Choose the relation to the head of family.")))
    clean_iin = None
    try:
        parsed = Iin.parse(iin, field=prefix + "iin")
    except ValidationError as error:
        problems.extend(error.problems)
    else:
        if parsed is not None:
            clean_iin = parsed.value
            warnings.extend(parsed.mismatches(birth_date, sex, field=prefix + "iin"))
    if problems:
        raise ValidationError(problems)
    return clean_iin, warnings


def check_family_members(relations: Iterable[str], iins: Iterable[str | None]) -> list[FieldProblem]:
    """Family-level rules: at least one member, exactly one head, no IIN twice."""
    relations = list(relations)
    problems: list[FieldProblem] = []
    if not relations:
        problems.append(FieldProblem("members", N_("A family needs at least one member.")))
    elif relations.count(Relation.HEAD) != 1:
        problems.append(FieldProblem("members", N_("A family must have exactly one head.")))
    seen: set[str] = set()
    for index, iin in enumerate(iins):
        if iin and iin in seen:
            problems.append(FieldProblem(f"members.{index}.iin", N_("This IIN is entered twice in the family.")))
        if iin:
            seen.add(iin)
    return problems


# What the new-family form cannot be saved without (issue 17): where the family came from, where
# it settles and when it arrived decide its quota and reports. A register import may lack them.
NEW_FAMILY_REQUIRED = {
    "arrival_date": N_("Enter the arrival date."),
    "origin_country_code": N_("Choose the country of origin."),
    "region_code": N_("Choose the region."),
}


def new_family_problems(*, arrival_date: dt.date | None, origin_country_code: str | None,
                        region_code: str | None) -> list[FieldProblem]:
    """The required family fields left empty, in the form's reading order."""
    values = {"arrival_date": arrival_date, "origin_country_code": origin_country_code, "region_code": region_code}
    return missing_fields(values, NEW_FAMILY_REQUIRED, NEW_FAMILY_REQUIRED)
