"""Demonstration families: Kazakh names, valid IINs, origins, arrival dates, statuses, documents."""
from __future__ import annotations

import datetime as dt
import random

from domain.families import DocumentKind, EducationLevel, Family, IdentityDocument, Person, Relation
from domain.iin import Iin, Sex
from domain.messages import N_
from domain.stages import Stage
from services.context import ServiceContext, stamp
from services.demo import names
from services.demo.staff import Staff
from services.demo.worklog import Worklog, assign_and_date
from services.demo.statuses import plan_timeline, statuses_for
from services.progress import Progress
from storage.unit_of_work import SqlAlchemyUnitOfWork

# Shares of origin countries in 2025 arrivals (shared/domain.md §6).
ORIGINS = (("UZ", 44.5), ("CN", 44.1), ("TM", 4.0), ("MN", 3.0), ("RU", 2.5), ("KG", 1.0), ("AF", 0.5),
           ("TR", 0.4))
STAGE_WEIGHTS = ((Stage.ARRIVED, 10), (Stage.STATUS_PENDING, 12), (Stage.STATUS_GRANTED, 30),
                 (Stage.QUOTA_INCLUDED, 15), (Stage.SETTLED, 20), (Stage.CITIZENSHIP, 8), (Stage.CLOSED, 5))


class _Serials:
    def __init__(self, rng: random.Random, used: set[str]) -> None:
        self.rng = rng
        self.used = used

    def iin(self, birth: dt.date, sex: str) -> str | None:
        for _ in range(50):
            iin = Iin.build(birth, sex, self.rng.randrange(10000))
            if iin is not None and iin.value not in self.used:
                self.used.add(iin.value)
                return iin.value
        return None


def _birth(rng: random.Random, today: dt.date, min_age: int, max_age: int) -> dt.date:
    days = rng.randrange(min_age * 365, max_age * 365 + 1)
    return today - dt.timedelta(days=days)


def _person(ctx: ServiceContext, rng: random.Random, serials: _Serials, surname_root: str, sex: str,
            relation: str, birth: dt.date, father: str, citizenship: str, with_iin: bool) -> Person:
    given = rng.choice(names.MALE_NAMES if sex == Sex.MALE else names.FEMALE_NAMES)
    surname = names.male_surname(surname_root) if sex == Sex.MALE else names.female_surname(surname_root)
    patronymic = father + ("ұлы" if sex == Sex.MALE else "қызы")
    adult = (ctx.today() - birth).days >= 18 * 365
    person = Person(surname, given, patronymic, relation=relation, birth_date=birth, sex=sex,
                    iin=serials.iin(birth, sex) if with_iin else None, latin_name=names.passport_latin(surname, given),
                    citizenship_code=citizenship,
                    education_level=rng.choice(EducationLevel.ALL) if adult else None,
                    profession=rng.choice(("", "мұғалім", "дәрігер", "жүргізуші", "агроном", "мейірбике",
                                           "құрылысшы", "бухгалтер")) if adult else "")
    stamp(person, ctx, created=True)
    kind = DocumentKind.PASSPORT if adult else DocumentKind.BIRTH_CERTIFICATE
    issued = birth + dt.timedelta(days=rng.randrange(1, 365)) if not adult else \
        ctx.today() - dt.timedelta(days=rng.randrange(200, 3000))
    document = IdentityDocument(kind, f"{citizenship}{rng.randrange(10**6, 10**7)}", issue_date=issued,
                                expiry_date=issued + dt.timedelta(days=3652) if adult else None,
                                country_code=citizenship, translation_notarised=rng.random() < 0.8)
    stamp(document, ctx, created=True)
    person.documents.append(document)
    return person


def _last_contact(rng: random.Random, arrival: dt.date, stage: str, today: dt.date) -> dt.date:
    """A worker sees an open case every few weeks, so most were contacted within the last two months
    and a few are just past the 90-day reminder; a closed case was last seen before it closed."""
    if stage in (Stage.CLOSED, Stage.CITIZENSHIP):
        days_ago = rng.randrange(60, 400)
    elif rng.random() < 0.05:
        days_ago = rng.randrange(91, 110)
    else:
        days_ago = rng.randrange(0, 60)
    return max(arrival, today - dt.timedelta(days=days_ago))


def make_family(ctx: ServiceContext, rng: random.Random, serials: _Serials, case_number: str,
                receiving: list[str], validity_months: int) -> Family:
    today = ctx.today()
    origin = rng.choices([c for c, _ in ORIGINS], [w for _, w in ORIGINS])[0]
    arrival = today - dt.timedelta(days=rng.randrange(0, 700))
    stage = rng.choices([s for s, _ in STAGE_WEIGHTS], [w for _, w in STAGE_WEIGHTS])[0]
    region = rng.choice(receiving) if receiving and rng.random() < 0.8 else rng.choice(
        ("ALMATY_REGION", "MANGYSTAU", "ASTANA", "ALMATY", "SHYMKENT", "TURKESTAN"))
    settlement = rng.choice(names.SETTLEMENTS.get(region, ("",)))
    family = Family(case_number, arrival_date=arrival, origin_country_code=origin, region_code=region,
                    address=f"{settlement}, {rng.choice(names.STREETS)}, {rng.randrange(1, 120)}".strip(", "),
                    phone=f"+7 7{rng.randrange(0, 8)}{rng.randrange(0, 10)} {rng.randrange(100, 1000)} "
                          f"{rng.randrange(10, 100)} {rng.randrange(10, 100)}",
                    stage=stage)
    if stage == Stage.CLOSED:
        family.closed_reason = rng.choice(("citizenship", "left", "moved_elsewhere"))
    stamp(family, ctx, created=True)
    root = rng.choice(names.SURNAME_ROOTS)
    father = rng.choice(names.FATHER_NAMES)
    with_iins = rng.random() > 0.1
    head_sex = Sex.MALE if rng.random() < 0.8 else Sex.FEMALE
    head = _person(ctx, rng, serials, root, head_sex, Relation.HEAD, _birth(rng, today, 24, 62), father, origin,
                   with_iins)
    family.add_member(head)
    if rng.random() < 0.8:
        spouse_sex = Sex.FEMALE if head_sex == Sex.MALE else Sex.MALE
        family.add_member(_person(ctx, rng, serials, root, spouse_sex, Relation.SPOUSE,
                                  _birth(rng, today, 22, 60), rng.choice(names.FATHER_NAMES), origin, with_iins))
    child_father = head.given_name if head_sex == Sex.MALE else father
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
        family.add_member(_person(ctx, rng, serials, root, rng.choice(Sex.ALL), Relation.CHILD,
                                  _birth(rng, today, 0, 20), child_father, origin, with_iins and rng.random() > 0.1))
    if rng.random() < 0.1:
        family.add_member(_person(ctx, rng, serials, root, rng.choice(Sex.ALL), Relation.PARENT,
                                  _birth(rng, today, 60, 85), rng.choice(names.FATHER_NAMES), origin, with_iins))
    timeline, family.stage = plan_timeline(rng, today, arrival, stage, validity_months, family.closed_reason)
    for person in family.members:
        person.statuses.extend(statuses_for(ctx, rng, timeline, validity_months))
    # after the timeline: it may keep a family open that was drawn closed, and an open case is seen often
    family.last_contact_date = _last_contact(rng, arrival, family.stage, today)
    family.head_sort_key = family.head.sort_key if family.head else ""
    return family


def _fix_clashes(uow: SqlAlchemyUnitOfWork, serials: _Serials, batch: list[Family]) -> None:
    """A second demo run must not reuse an IIN already in the database."""
    people = [p for f in batch for p in f.members if p.iin]
    taken = uow.families.persons_by_iins([p.iin for p in people if p.iin])
    for person in people:
        while person.iin in taken and person.birth_date is not None and person.sex is not None:
            person.iin = serials.iin(person.birth_date, person.sex)


def generate_families(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, count: int,
                      progress: Progress, staff: Staff | None = None, with_tasks: bool = True) -> list[int]:
    today = ctx.today()
    receiving = sorted(uow.reference.receiving_regions(today.year))
    months = int(uow.reference.setting("status_validity_months", "12"))
    serials = _Serials(rng, set())
    numbers = uow.families.take_case_numbers(today.year, count)  # taken under lock, like a registration
    created: list[Family] = []
    batch: list[Family] = []
    for index in range(count):
        family = make_family(ctx, rng, serials, numbers[index], receiving, months)
        assign_and_date(family, staff, index)
        batch.append(family)
        if len(batch) == 200 or index == count - 1:
            _fix_clashes(uow, serials, batch)
            for item in batch:
                uow.families.add(item)
            uow.flush()
            worklog = Worklog()
            for item in batch:
                for person in item.members:
                    uow.families.sync_search_tokens(person)
                worklog.registered(item)
                if with_tasks:
                    worklog.add_tasks(item, today)
            worklog.write(uow)
            created.extend(batch)
            batch = []
            progress.step(index + 1, count, N_("Creating families"))
    return [family.id for family in created]
