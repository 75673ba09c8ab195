"""Demonstration records of the quota area for the current and the previous year.

Built through the same rules as the services (``include_in``, ``record_payment_in``), so
demo data never holds an inclusion that the program itself would refuse.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from domain.adaptation import ServiceKind
from domain.education import ApplicationResult, EducationLevel, check_applicant, line_places
from domain.employer_subsidy import inclusion_for_claim
from domain.employment import MeasureKind
from domain.errors import DomainError
from domain.iin import check_digit
from domain.messages import N_
from domain.quotas import head_status_valid
from domain.stages import Stage
from services.context import ServiceContext
from services.employer_subsidy import sync_claim_in
from services.payments import record_payment_in
from services.progress import Progress
from services.quota_dto import InclusionInput
from services.case_closing import citizenship_date, close_for_citizenship
from services.demo import names
from services.quotas import cancel_in, include_in, inclusion_or_not_found
from storage.unit_of_work import SqlAlchemyUnitOfWork

from typing import Any, TYPE_CHECKING

if TYPE_CHECKING:
    from domain.families import Family

EMPLOYERS = ("«Павлодар мұнай-химия зауыты» ЖШС", "«ҚазАгро Солтүстік» ЖШС", "«Семей етті комбинаты» АҚ",
             "«Көкшетау жылу» МКК", "Аудандық аурухана", "№3 жалпы білім беретін мектеп", "«Ертіс Агро» ШҚ",
             "«Қостанай құрылыс» ЖШС", "«Атырау Энерго» АҚ", "Ауыл әкімдігі")
POSITIONS = ("мұғалім", "мейірбике", "тракторшы", "жүргізуші", "аспазшы", "электрик", "бухгалтер",
             "дәрігер", "құрылысшы", "агроном")
PROVIDERS = ("Мансап орталығы", "«Enbek» жобасы", "«Даму» қоры", "Колледж жанындағы оқу орталығы")
INSTITUTIONS = ((EducationLevel.UNIVERSITY, "Торайғыров университеті", ("Педагогика", "Инженерия", "Ауыл шаруашылығы")),
                (EducationLevel.UNIVERSITY, "Шәкәрім университеті", ("Денсаулық сақтау", "Ветеринария")),
                (EducationLevel.UNIVERSITY, "Көкшетау университеті", ("Педагогика", "Бизнес")),
                (EducationLevel.COLLEGE, "Павлодар жоғары медициналық колледжі", ("Мейіргер ісі",)),
                (EducationLevel.COLLEGE, "Петропавл құрылыс колледжі", ("Құрылыс", "Электр жабдықтары")))
QUOTA_STAGES = (Stage.QUOTA_INCLUDED, Stage.SETTLED, Stage.CITIZENSHIP, Stage.STATUS_GRANTED)


def _bin(rng: random.Random) -> str:
    while True:
        first = f"{rng.randrange(0, 25):02d}{rng.randrange(1, 13):02d}4{rng.randrange(0, 10**6):06d}"
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(0, max(1, (end - start).days + 1)))


def _stamps(ctx: ServiceContext) -> dict[str, Any]:
    now, login = ctx.now(), ctx.actor.login
    return {"created_at": now, "created_by": login, "updated_at": now, "updated_by": login}


def _insert(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, table: str, values: dict[str, Any]) -> int:
    row_id = uow.programmes.insert(table, {**values, **_stamps(ctx)})
    uow.audit("insert", table, row_id, None, values)
    return row_id


# Why a centre cancels an inclusion (the clerk's words, in Kazakh like the rest of the demo).
CANCEL_REASONS = ("Отбасы квотадан бас тартты", "Отбасы басқа өңірге көшті", "Отбасы елден кетті",
                  "Шешім қайта қаралды: құжаттар толық емес")


def _include(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, family: Family, years: tuple[int, ...],
             serial: list[int]) -> None:
    """Include the family while its head's status is in force; most families then move to the
    region (rent runs from that month), a few are cancelled with a reason; payments follow the
    ledger with some late and some partial; citizenship stops the support due after it."""
    head = family.head
    status = head.current_status() if head else None
    if head is None or status is None or status.valid_until is None:
        return
    today = ctx.today()
    first_grant = min(s.granted_on for s in head.statuses if s.granted_on is not None)
    latest = min(status.valid_until, today,
                 (status.ended_on - dt.timedelta(days=1)) if status.ended_on else status.valid_until)
    decision = _between(rng, first_grant + dt.timedelta(days=5), latest)
    if decision.year not in years or not head_status_valid(head.statuses, decision):
        return
    receiving = sorted(uow.reference.receiving_regions(decision.year))
    region = family.region_code if family.region_code in receiving else rng.choice(receiving)
    serial[0] += 1
    settlement = family.address.split(",")[0]
    move_day = decision + dt.timedelta(days=rng.randrange(7, 90))
    citizenship = citizenship_date(family)
    moved: dt.date | None = move_day
    if move_day > today or rng.random() < 0.12 or (citizenship and move_day >= citizenship) or \
            uow.closed_months.is_closed(move_day):
        moved = None  # not moved yet: no rent items yet
    data = InclusionInput(family.id, decision.year, region, decision, f"КВ-{decision.year}-{serial[0]:04d}",
                          Decimal(rng.choice(("15", "15", "20", "30"))), settlement=settlement,
                          arrived_on=moved,
                          arrived_address=f"{settlement}, {rng.choice(names.STREETS)}, {rng.randrange(1, 90)}"
                          if moved else "")
    try:
        inclusion_id, _ = include_in(ctx, uow, data)
    except DomainError:
        return
    cancelled = None
    if citizenship is None and rng.random() < 0.07:
        cancelled = _between(rng, (moved or decision) + dt.timedelta(days=20), today)
        if cancelled > today:
            cancelled = None
    paid_until = min(d for d in (today, cancelled, citizenship) if d is not None)
    for item in uow.quotas.items(inclusion_id):
        # A working centre's arrears are recent: what fell due in the last two months may still be
        # owed (in full or in part); anything older was paid, part-payments topped up later.
        recent = item["due_date"] > today - dt.timedelta(days=60)
        if item["due_date"] > paid_until or (recent and rng.random() < 0.12):
            continue  # not due yet, or recently overdue: the unpaid list shows these
        paid_on = min(max(decision, item["due_date"] - dt.timedelta(days=rng.randrange(0, 12))), today)
        amount = Decimal(item["amount_due"])
        if rng.random() < 0.1:  # a partial payment
            part = (amount * Decimal(rng.choice(("0.3", "0.5", "0.7")))).quantize(Decimal("0.01"))
            _pay(ctx, uow, item["id"], paid_on, part, f"ПП-{rng.randrange(10**5, 10**6)}")
            if recent:
                continue  # the rest is still owed
            paid_on, amount = min(paid_on + dt.timedelta(days=rng.randrange(15, 45)), today), amount - part
        _pay(ctx, uow, item["id"], paid_on, amount, f"ПП-{rng.randrange(10**5, 10**6)}")
    if cancelled is not None and not uow.closed_months.is_closed(cancelled):
        cancel_in(ctx, uow, inclusion_or_not_found(uow, inclusion_id), cancelled, rng.choice(CANCEL_REASONS))
    elif citizenship is not None and family.stage == Stage.CITIZENSHIP and not uow.closed_months.is_closed(citizenship):
        close_for_citizenship(ctx, uow, family, citizenship)


def _employment(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, family: Family,
                years: tuple[int, ...]) -> None:
    today = ctx.today()
    start = max(family.arrival_date or today, dt.date(min(years), 1, 1))
    for person in family.members:
        age = person.age_on(today)
        if age is None or not 18 <= age <= 62:
            continue
        if rng.random() < 0.35:
            started = _between(rng, start, today)
            ended = started + dt.timedelta(days=rng.randrange(60, 500)) if rng.random() < 0.2 else None
            claimed = rng.random() < 0.4 and _claimable(uow, family.id, started)
            values = {"person_id": person.id, "employer_name": rng.choice(EMPLOYERS), "employer_bin": _bin(rng),
                      "position": rng.choice(POSITIONS), "started_on": started,
                      "ended_on": ended if ended and ended <= today else None, "employer_subsidy": claimed}
            placement_id = _insert(ctx, uow, "job_placement", values)
            if claimed:
                _claim_and_pay(ctx, uow, rng, {"id": placement_id, **values}, family.id)
        if rng.random() < 0.25:
            started = _between(rng, start, today)
            _insert(ctx, uow, "employment_measure", {
                "person_id": person.id, "kind": rng.choice(MeasureKind.ALL), "provider": rng.choice(PROVIDERS),
                "started_on": started, "ended_on": None, "note": ""})


def _claimable(uow: SqlAlchemyUnitOfWork, family_id: int, started: dt.date) -> bool:
    """Only jobs the program would accept a claim for (family in the quota before the job started)."""
    try:
        inclusion_for_claim(uow.employer_subsidies.inclusions(family_id), started)
    except DomainError:
        return False
    return True


def _claim_and_pay(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, placement: dict[str, Any],
                   family_id: int) -> None:
    """The employer subsidy through the service's own rule; most of those due are paid, a few are late."""
    sync_claim_in(ctx, uow, placement, family_id)
    item = uow.employer_subsidies.item_for_placement(placement["id"])
    if item is None:  # the family's inclusion did not allow a claim
        return
    recent = item["due_date"] > ctx.today() - dt.timedelta(days=60)  # older claims were settled
    if item["due_date"] <= ctx.today() and (not recent or rng.random() < 0.7):
        paid_on = min(item["due_date"] + dt.timedelta(days=rng.randrange(0, 20)), ctx.today())
        _pay(ctx, uow, item["id"], paid_on, Decimal(item["amount_due"]),
                          f"ПП-{rng.randrange(10**5, 10**6)}")


def _education_lines(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random,
                     years: tuple[int, ...]) -> dict[int, list[dict[str, Any]]]:
    lines: dict[int, list[dict[str, Any]]] = {}
    percent = Decimal(uow.reference.setting("education_quota_percent", "4"))
    for year in years:
        for level, institution, groups in INSTITUTIONS:
            for group in groups:
                if uow.programmes.education_line_id(year, level, institution, group) is None:
                    state_order = rng.randrange(50, 220)  # the kandas places are its 4 % share
                    _insert(ctx, uow, "education_quota", {"year": year, "level": level, "institution": institution,
                                                          "specialty_group": group, "state_order_places": state_order,
                                                          "places": line_places(state_order, percent, None, "")})
        lines[year] = uow.programmes.education_lines(year)
    return lines


def _education(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, family: Family,
               lines: dict[int, list[dict[str, Any]]]) -> None:
    today = ctx.today()
    for person in family.members:
        age = person.age_on(today)
        if age is None or not 16 <= age <= 24 or rng.random() < 0.4:
            continue
        year = rng.choice(sorted(lines))
        line = rng.choice(lines[year])
        applied = min(dt.date(year, 6, 20) + dt.timedelta(days=rng.randrange(0, 30)), today)
        try:  # the quota is for non-citizens with a valid status on the application date
            check_applicant(person.statuses, applied)
        except DomainError:
            continue
        decided = applied + dt.timedelta(days=rng.randrange(20, 50))
        result, decided_on = ApplicationResult.PENDING, None
        if decided <= today:
            decided_on = decided
            full = uow.programmes.admitted_on_line(line["id"]) >= line["places"]
            result = rng.choices((ApplicationResult.ADMITTED, ApplicationResult.NOT_ADMITTED,
                                  ApplicationResult.WITHDREW), (6, 3, 1))[0]
            if result == ApplicationResult.ADMITTED and full:
                result = ApplicationResult.NOT_ADMITTED
        _insert(ctx, uow, "education_application", {
            "person_id": person.id, "education_quota_id": line["id"], "year": year, "applied_on": applied,
            "result": result, "decided_on": decided_on})


def _adaptation(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, family: Family) -> None:
    today = ctx.today()
    arrival = family.arrival_date or today
    for _ in range(rng.randrange(0, 7)):
        person = rng.choice(family.members)
        _insert(ctx, uow, "adaptation_service", {
            "family_id": family.id, "person_id": person.id, "kind": rng.choice(ServiceKind.ALL),
            "delivered_on": _between(rng, arrival, today), "note": ""})
    if rng.random() < 0.15:
        check_out = arrival + dt.timedelta(days=rng.randrange(20, 240))
        _insert(ctx, uow, "accommodation", {
            "family_id": family.id, "room": f"{rng.randrange(1, 4)}{rng.randrange(1, 20):02d}", "check_in": arrival,
            "check_out": check_out if check_out <= today else None,
            "leave_reason": "Тұрақты тұрғын үйге көшті" if check_out <= today else ""})


def quota_demo_step(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, rng: random.Random, family_ids: list[int],
                    progress: Progress) -> None:
    today = ctx.today()
    years = (today.year - 1, today.year)
    lines = _education_lines(ctx, uow, rng, years)
    serial = [len(uow.quotas.inclusions(limit=10**6))]
    for index, family_id in enumerate(family_ids):
        family = uow.families.existing(family_id)
        if family.stage in QUOTA_STAGES and rng.random() < (0.3 if family.stage == Stage.STATUS_GRANTED else 0.9):
            _include(ctx, uow, rng, family, years, serial)
        _employment(ctx, uow, rng, family, years)
        _education(ctx, uow, rng, family, lines)
        _adaptation(ctx, uow, rng, family)
        if index % 50 == 0:
            progress.step(index, len(family_ids), N_("Creating quota, employment and education records"))
    for year in years:  # a plan a little above what the centre achieves, as plans usually are
        if uow.programmes.employment_plan(year) is None:
            placements, measures = uow.programmes.placements_started(year), uow.programmes.measures_started(year)
            _insert(ctx, uow, "employment_plan", {
                "year": year, "placements_planned": max(10, round(placements * rng.uniform(1.05, 1.4) / 5) * 5),
                "measures_planned": max(5, round(measures * rng.uniform(1.0, 1.3) / 5) * 5)})


def _pay(ctx: ServiceContext, uow: SqlAlchemyUnitOfWork, item_id: int, paid_on: dt.date, amount: Decimal,
         document: str) -> None:
    """A demo payment, unless its date lies in an approved month (a second demo run into a database
    whose month is closed leaves that month as it was approved)."""
    if not uow.closed_months.is_closed(paid_on):
        record_payment_in(ctx, uow, item_id, paid_on, amount, document)
